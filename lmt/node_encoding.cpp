// SPDX-License-Identifier: Apache-2.0
#include "lmt/node_encoding.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <Eigen/LU>

#include "aces2/tonescale.h"
#include "color/chromaticity.h"
#include "color/color_space.h"
#include "color/error.h"
#include "color/half_bits.h"
#include "pipeline/color_space_pipeline.h"

namespace aceslab::lmt {
namespace {

// Where the per-channel curve leaves the output transform's own shape (node_encoding.h).
constexpr double kToeDisplayLight = 1e-3;   // display-linear (0.1 cd/m^2): tangent line below
constexpr double kShoulderOfPeak = 0.97;    // share of the peak: logarithmic above
constexpr double kSlopeStep = 1e-3;         // relative step of the numerical slopes
constexpr double kLargestValue = 1e6;       // decoded values are kept within +-1e6

}  // namespace

std::string_view node_space_id(NodeSpace s) { return s == NodeSpace::acescct ? "acescct" : "display"; }

NodeSpace parse_node_space(std::string_view id) {
  if (id == "display") return NodeSpace::display;
  if (id == "acescct") return NodeSpace::acescct;
  throw Error(ErrorKind::usage, "unknown node space \"" + std::string(id) + "\" (valid: display, acescct)");
}

NodeEncoding::NodeEncoding(const aces::OutputTransform& ot, NodeSpace space) : m_space(space), m_ot(&ot) {
  if (space == NodeSpace::acescct) {
    const aces::ColorSpace& cct = aces::find_color_space("acescct");
    m_from_aces = aces::from_aces(cct);
    m_decode = aces::to_aces(cct);
    return;
  }
  const aces::OutputTransformParams& p = ot.params();
  // ACES2065-1 -> the display's encoding primaries, rows scaled so that ACES neutrals stay neutral
  // (the output transform renders the ACES white as the display's white).
  aces::Mat3 n = aces::rgb_to_rgb_matrix(aces::primaries::kAP0, aces::primaries::kAP1, aces::Adaptation::none);
  const aces::Vec3 grey = n * aces::Vec3::Ones();
  for (int r = 0; r < 3; ++r) n.row(r) /= grey[r];
  m_to_display = n;
  m_linear_scale = p.linear_scale;
  m_ts = std::make_shared<const aces::detail::ToneScaleParams>(aces::detail::make_tonescale_params(static_cast<float>(p.peak_luminance)));
  const auto& ts = *m_ts;
  m_peak_display = p.peak_luminance / 100.0 * m_linear_scale;
  auto scene_of = [&](double display) {
    return static_cast<double>(aces::detail::tonescale_Y_inv(static_cast<float>(100.0 * display / m_linear_scale), ts)) / 100.0;
  };
  m_v0 = scene_of(kToeDisplayLight);
  m_v1 = scene_of(kShoulderOfPeak * m_peak_display);
  auto slope = [&](double v) { return (core(v * (1 + kSlopeStep)) - core(v * (1 - kSlopeStep))) / (2 * v * kSlopeStep); };
  m_f0 = core(m_v0);
  m_s0 = slope(m_v0);
  m_f1 = core(m_v1);
  m_s1 = slope(m_v1);
  if (!(m_v0 > 0 && m_v1 > m_v0 && m_s0 > 0 && m_s1 > 0 && m_f1 > m_f0)) {
    throw Error(ErrorKind::internal, "node encoding: the output transform's curve is not increasing");
  }

  aces::Lut1DStep lut;
  lut.half_domain = true;
  lut.values.resize(3 * static_cast<std::size_t>(aces::kHalfCodes));
  for (int code = 0; code < aces::kHalfCodes; ++code) {
    const float y = aces::half_to_float(static_cast<std::uint16_t>(code));
    double v = 0.0;
    if (std::isinf(y)) {
      v = y > 0 ? kLargestValue : -kLargestValue;
    } else if (!std::isnan(y)) {
      v = curve_inverse(y);
    }
    for (int c = 0; c < 3; ++c) lut.values[3 * static_cast<std::size_t>(code) + c] = static_cast<float>(v);
  }
  // Strictly increasing in the order of the half codes' values (float rounding near the shoulder,
  // where the curve is flat, could leave equal or swapped neighbours): from_aces searches it.
  {
    float last = -std::numeric_limits<float>::infinity();
    auto fix = [&](int code) {
      float* v = &lut.values[3 * static_cast<std::size_t>(code)];
      if (!(v[0] > last)) {
        if (!std::isfinite(last)) return;
        v[0] = std::nextafter(last, std::numeric_limits<float>::infinity());
        v[1] = v[2] = v[0];
        ++m_monotone_fixes;
      }
      last = v[0];
    };
    for (int code = 0xFBFF; code > 0x8000; --code) fix(code);
    for (int code = 0; code <= aces::kHalfMaxCode; ++code) fix(code);
  }
  auto add = [&](int code) {
    m_codes.push_back(aces::half_to_float(static_cast<std::uint16_t>(code)));
    m_values.push_back(lut.values[3 * static_cast<std::size_t>(code)]);
  };
  for (int code = 0xFBFF; code > 0x8000; --code) add(code);
  for (int code = 0; code <= aces::kHalfMaxCode; ++code) add(code);
  m_decode.append(std::move(lut));
  aces::MatrixStep back;
  back.m = m_to_display.inverse();
  m_decode.append(back);
}

double NodeEncoding::core(double v) const {
  const double display = aces::detail::tonescale_Y_fwd(static_cast<float>(100.0 * v), *m_ts) / 100.0 * m_linear_scale;
  float rgb[3] = {static_cast<float>(display), static_cast<float>(display), static_cast<float>(display)};
  m_ot->encode_display(rgb);
  return rgb[1];
}

double NodeEncoding::core_inverse(double code) const {
  float rgb[3] = {static_cast<float>(code), static_cast<float>(code), static_cast<float>(code)};
  m_ot->decode_display(rgb);
  return aces::detail::tonescale_Y_inv(static_cast<float>(100.0 * rgb[1] / m_linear_scale), *m_ts) / 100.0;
}

double NodeEncoding::curve(double v) const {
  if (m_space == NodeSpace::acescct) throw Error(ErrorKind::usage, "node encoding: acescct has no display curve");
  if (v < m_v0) return m_f0 + m_s0 * (v - m_v0);
  if (v > m_v1) return m_f1 + m_s1 * m_v1 * std::log(v / m_v1);
  return core(v);
}

double NodeEncoding::curve_inverse(double code) const {
  if (m_space == NodeSpace::acescct) throw Error(ErrorKind::usage, "node encoding: acescct has no display curve");
  double v;
  if (code < m_f0) {
    v = m_v0 + (code - m_f0) / m_s0;
  } else if (code > m_f1) {
    v = m_v1 * std::exp(std::min((code - m_f1) / (m_s1 * m_v1), 700.0));
  } else {
    v = core_inverse(code);
  }
  return std::clamp(v, -kLargestValue, kLargestValue);
}

void NodeEncoding::to_aces(std::span<float> rgb) const { aces::apply(m_decode, rgb); }

void NodeEncoding::from_aces(std::span<float> rgb) const {
  if (m_space == NodeSpace::acescct) {
    aces::apply(m_from_aces, rgb);
    return;
  }
  // The exact inverse of the decode LUT1D (piecewise linear between half codes, increasing): so
  // that to_aces(from_aces(x)) == x, the fit's targets are what the CLF reproduces.
  const std::size_t n = rgb.size() / 3 * 3;
  for (std::size_t i = 0; i < n; i += 3) {
    const aces::Vec3 d = m_to_display * aces::Vec3(rgb[i], rgb[i + 1], rgb[i + 2]);
    for (int c = 0; c < 3; ++c) {
      const float x = std::isfinite(d[c]) ? static_cast<float>(d[c]) : 0.0f;
      const auto it = std::upper_bound(m_values.begin(), m_values.end(), x);
      float out;
      if (it == m_values.begin()) {
        out = m_codes.front();
      } else if (it == m_values.end()) {
        out = m_codes.back();
      } else {
        const std::size_t k = static_cast<std::size_t>(it - m_values.begin()) - 1;
        const float a = m_values[k], b = m_values[k + 1];
        const float t = b > a ? (x - a) / (b - a) : 0.0f;
        out = m_codes[k] + t * (m_codes[k + 1] - m_codes[k]);
      }
      rgb[i + c] = out;
    }
  }
}

}  // namespace aceslab::lmt
