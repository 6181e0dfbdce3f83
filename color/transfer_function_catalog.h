// SPDX-License-Identifier: Apache-2.0
// Internal: the files that define transfer functions hand their instances to the registry in
// transfer_function.cpp through these functions. Not part of the public API.
#pragma once

#include <span>
#include <vector>

#include "color/transfer_function.h"

namespace aceslab::aces::detail {

// Base for curves defined point by point: `Derived` provides non-virtual decode(double) and
// encode(double); the span loops call them directly (no virtual call per value, inlinable).
template <class Derived>
class PointwiseCurve : public TransferFunction {
 public:
  double to_linear(double code) const final { return self().decode(code); }
  double to_code(double linear) const final { return self().encode(linear); }
  void to_linear(std::span<float> values) const final {
    for (float& v : values) v = static_cast<float>(self().decode(static_cast<double>(v)));
  }
  void to_code(std::span<float> values) const final {
    for (float& v : values) v = static_cast<float>(self().encode(static_cast<double>(v)));
  }

 private:
  const Derived& self() const { return static_cast<const Derived&>(*this); }
};

// Camera vendors' log curves (transfer_functions_camera.cpp).
std::vector<const TransferFunction*> camera_transfer_functions();
// ACEScct, ACEScc, ACESproxy, sRGB, BT.1886 and linear (transfer_functions_standard.cpp).
std::vector<const TransferFunction*> standard_transfer_functions();
// Fujifilm, Nikon, DJI, Leica, GoPro, RED Log3G12 (transfer_functions_secondary.cpp).
std::vector<const TransferFunction*> secondary_camera_transfer_functions();
// Cineon and the ADX density table (transfer_functions_film.cpp).
std::vector<const TransferFunction*> film_transfer_functions();

}  // namespace aceslab::aces::detail
