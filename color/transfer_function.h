// SPDX-License-Identifier: Apache-2.0
// Transfer functions: the 1D curves that turn camera and ACES code values into scene-linear values
// and back (ARRI LogC3/LogC4, Sony S-Log1/S-Log2/S-Log3, RED Log3G10/Log3G12, Canon Log/Log 2/Log 3,
// Panasonic V-Log, Blackmagic Film Gen5, DaVinci Intermediate, Apple Log, Fujifilm F-Log/F-Log2,
// Nikon N-Log, DJI D-Log, Leica L-Log, GoPro Protune, Cineon, ADX density, ACEScct, ACEScc,
// ACESproxy, sRGB, BT.1886, linear).
// Each curve has an exact forward and inverse in double precision, a float span version for hot
// loops, and, where CLF can express it exactly, the CLF Log or Exponent op of its decode so that
// CLF writers need not bake a LUT. Curves are looked up by a stable kebab-case id.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "color/steps.h"

namespace aceslab::aces {

class TransferFunction {
 public:
  virtual ~TransferFunction() = default;

  virtual std::string_view id() const = 0;    // "logc3-ei800"
  virtual std::string_view name() const = 0;  // "ARRI LogC3 (EI 800)"

  virtual double to_linear(double code) const = 0;  // decode: code value -> scene-linear
  virtual double to_code(double linear) const = 0;  // encode: scene-linear -> code value

  // In place on every float of the span (all channels alike). The defaults loop over the scalar
  // functions; curves override them with loops free of virtual calls.
  virtual void to_linear(std::span<float> values) const;
  virtual void to_code(std::span<float> values) const;

  // The exact CLF representation of the decode (code -> linear), if CLF can express the curve:
  // a Log op (cameraLogToLin) or an Exponent op. std::nullopt otherwise; writers then bake a LUT1D
  // over code_domain().
  virtual std::optional<LogStep> clf_log_decode() const { return std::nullopt; }
  virtual std::optional<ExponentStep> clf_exponent_decode() const { return std::nullopt; }

  // The code values the curve is meant for (for LUT baking and sampling).
  virtual std::pair<double, double> code_domain() const { return {0.0, 1.0}; }

  // True only for the identity ("linear"): pipelines leave it out.
  virtual bool is_identity() const { return false; }
};

// Every registered curve, in a stable order.
const std::vector<const TransferFunction*>& transfer_functions();

// Unknown id -> aceslab::Error(ErrorKind::usage) listing the valid ids.
const TransferFunction& find_transfer_function(std::string_view id);

}  // namespace aceslab::aces
