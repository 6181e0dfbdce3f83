// SPDX-License-Identifier: Apache-2.0
#include "lmt/display_container.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <Eigen/LU>

#include "color/half_bits.h"

namespace aceslab::lmt {
namespace {

// PQ code value 1.0 is 10000 cd/m^2, the end of the curve: larger codes decode as it (the table's
// Range clamps them to the display's peak anyway). Linear light is encoded over half's whole range.
constexpr float kPqCodeLimit = 1.0f;
constexpr float kLargestHalf = 65504.0f;

bool same(const aces::Chromaticities& a, const aces::Chromaticities& b) {
  auto eq = [](aces::xy p, aces::xy q) { return p.x == q.x && p.y == q.y; };
  return eq(a.red, b.red) && eq(a.green, b.green) && eq(a.blue, b.blue) && eq(a.white, b.white);
}

// A halfDomain LUT1D holding `curve` (applied per channel to a neutral triplet) at every half code,
// the codes first limited to [-limit, limit] (the curve's domain; infinities count as its ends).
template <typename Curve>
aces::Lut1DStep half_domain_curve(float limit, Curve&& curve) {
  aces::Lut1DStep lut;
  lut.half_domain = true;
  lut.values.resize(3 * static_cast<std::size_t>(aces::kHalfCodes));
  std::vector<float> rgb(3 * static_cast<std::size_t>(aces::kHalfCodes));
  for (int code = 0; code < aces::kHalfCodes; ++code) {
    float v = aces::half_to_float(static_cast<std::uint16_t>(code));
    v = std::isnan(v) ? 0.0f : std::clamp(v, -limit, limit);
    for (int c = 0; c < 3; ++c) rgb[3 * static_cast<std::size_t>(code) + c] = v;
  }
  curve(std::span<float>(rgb));
  for (std::size_t i = 0; i < rgb.size(); ++i) lut.values[i] = std::isfinite(rgb[i]) ? rgb[i] : 0.0f;
  return lut;
}

}  // namespace

std::unique_ptr<aces::OutputTransform> limited_twin(const aces::OutputTransform& ot) {
  const aces::OutputTransformParams& p = ot.params();
  // HLG: not a per-channel curve.
  if (p.eotf == aces::Eotf::hlg || same(p.limiting, p.encoding)) return nullptr;
  aces::OutputTransformParams twin = p;
  twin.encoding = p.limiting;
  // D60 simulation scales the light so that the D60 white just fits the *encoding* primaries; the
  // twin, encoded in the limiting primaries themselves, takes that scale as a plain linear scale.
  if (p.d60_simulation) {
    twin.d60_simulation = false;
    twin.linear_scale = p.linear_scale * ot.white_scale();
  }
  return std::make_unique<aces::OutputTransform>(twin);
}

aces::Pipeline container_to_twin_steps(const aces::OutputTransform& ot, const aces::OutputTransform& twin) {
  aces::Pipeline p;
  const float code_limit = ot.params().eotf == aces::Eotf::pq ? kPqCodeLimit : kLargestHalf;
  p.append(half_domain_curve(code_limit, [&](std::span<float> rgb) { ot.decode_display(rgb); }));
  aces::MatrixStep m;
  m.m = twin.encoding_to_XYZ().inverse() * ot.encoding_to_XYZ();
  p.append(m);
  p.append(half_domain_curve(kLargestHalf, [&](std::span<float> rgb) { twin.encode_display(rgb); }));
  return p;
}

}  // namespace aceslab::lmt
