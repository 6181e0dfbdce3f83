// SPDX-License-Identifier: Apache-2.0
#include "lmt/display_container.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <Eigen/LU>

#include "clf/writer.h"
#include "color/error.h"
#include "color/half_bits.h"
#include "color/parallel.h"

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
  // HLG: not a per-channel curve (see hlg_pq_twin).
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

std::unique_ptr<aces::OutputTransform> hlg_pq_twin(const aces::OutputTransform& ot) {
  const aces::OutputTransformParams& p = ot.params();
  if (p.eotf != aces::Eotf::hlg) return nullptr;
  aces::OutputTransformParams twin = p;
  twin.eotf = aces::Eotf::pq;
  twin.hlg_peak_luminance = 0.0;
  return std::make_unique<aces::OutputTransform>(twin);
}

double hlg_max_code(const aces::OutputTransform& hlg, const aces::OutputTransform& pq) {
  // The twin's peak light: its largest code value on a neutral (PQ's end would be 10000 cd/m^2).
  float white[3] = {65504.0f, 65504.0f, 65504.0f};
  pq.forward(white);
  pq.decode_display(white);
  const float peak = std::max({white[0], white[1], white[2]});
  std::vector<float> corners;
  for (int k = 1; k < 8; ++k) {
    for (int c = 0; c < 3; ++c) corners.push_back((k >> (2 - c)) & 1 ? peak : 0.0f);
  }
  hlg.encode_display(corners);
  float top = 0.0f;
  for (float v : corners) top = std::isfinite(v) ? std::max(top, v) : top;
  return top;
}

aces::Pipeline hlg_to_pq_steps(const aces::OutputTransform& hlg, const aces::OutputTransform& pq, double max_code,
                               int size, unsigned threads) {
  if (size < 2 || size > aces::kMaxClfLut3DSize) {
    throw Error(ErrorKind::usage, "HLG -> PQ conversion table size " + std::to_string(size) + " is out of range");
  }
  if (!(max_code > 0.0)) throw Error(ErrorKind::usage, "HLG -> PQ conversion: the largest code value must be positive");
  // The shaper: a code value on all three channels (a neutral: the OOTF's gain is its own light's)
  // -> the PQ code of that light.
  const auto neutral = [&](std::span<float> rgb) {
    hlg.decode_display(rgb);
    pq.encode_display(rgb);
  };
  const float limit = static_cast<float>(max_code);
  aces::Pipeline p;
  p.append(half_domain_curve(limit, neutral));
  float top[3] = {limit, limit, limit};
  neutral(top);
  aces::RangeStep range;
  range.min_in = 0.0;
  range.max_in = top[0];
  range.min_out = 0.0;
  range.max_out = 1.0;
  p.append(range);
  // The table: at each lattice level the HLG code value whose neutral gives that shaper value (the
  // shaper's inverse, once per level), the three channels' codes decoded together (the OOTF) and
  // encoded as the twin's PQ code values.
  std::vector<float> level(3 * static_cast<std::size_t>(size));
  for (int i = 0; i < size; ++i) {
    std::fill_n(level.begin() + 3 * i, 3, top[0] * static_cast<float>(i) / static_cast<float>(size - 1));
  }
  pq.decode_display(level);
  hlg.encode_display(level);
  aces::Lut3DStep table;
  table.size = size;
  table.interpolation = aces::Interpolation3D::tetrahedral;
  table.values.reserve(3 * static_cast<std::size_t>(size) * size * size);
  for (int r = 0; r < size; ++r)
    for (int g = 0; g < size; ++g)
      for (int b = 0; b < size; ++b) {
        table.values.insert(table.values.end(), {level[3 * r], level[3 * g], level[3 * b]});
      }
  aces::for_chunks(std::span<float>(table.values), threads, [&](std::span<float> chunk, std::size_t) {
    hlg.decode_display(chunk);
    pq.encode_display(chunk);
  });
  p.append(std::move(table));
  return p;
}

}  // namespace aceslab::lmt
