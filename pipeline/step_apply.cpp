// SPDX-License-Identifier: Apache-2.0
// The per-step kernels of `apply`: each works in place on a buffer of RGB triplets, following the
// CLF v3 specification (Academy S-2014-006, "Common LUT Format", section 7 for the process nodes
// and Appendix A for interpolation). Arithmetic is in double and stored as float, so results agree
// with OpenColorIO's CPU renderers to float rounding.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstddef>

#include "aces2/output_transform.h"
#include "color/error.h"
#include "color/half_bits.h"
#include "color/transfer_function.h"
#include "pipeline/pipeline.h"

namespace aceslab::aces {
namespace {

// CLF v3 section 7.5: the log styles clamp their argument to FLT_MIN before taking the logarithm.
constexpr double kFltMin = FLT_MIN;

void apply_matrix(const MatrixStep& s, std::span<float> rgb) {
  const Mat3& m = s.m;
  for (std::size_t i = 0; i + 2 < rgb.size(); i += 3) {
    const double r = rgb[i], g = rgb[i + 1], b = rgb[i + 2];
    rgb[i] = static_cast<float>(m(0, 0) * r + m(0, 1) * g + m(0, 2) * b + s.offset[0]);
    rgb[i + 1] = static_cast<float>(m(1, 0) * r + m(1, 1) * g + m(1, 2) * b + s.offset[1]);
    rgb[i + 2] = static_cast<float>(m(2, 0) * r + m(2, 1) * g + m(2, 2) * b + s.offset[2]);
  }
}

void apply_range(const RangeStep& s, std::span<float> rgb) {
  const RangeCoefficients c = range_coefficients(s);
  for (float& v : rgb) {
    double out = v * c.scale + c.offset;
    if (s.clamp) {
      if (s.min_out) out = std::max(out, *s.min_out);
      if (s.max_out) out = std::min(out, *s.max_out);
    }
    v = static_cast<float>(out);
  }
}

// Precomputed per-channel constants of a Log step.
struct LogChannel {
  LogParams p;
  double ln_base = 0.0;
  double lin_break = 0.0;
  double log_break = 0.0;
  double linear_slope = 1.0;
  double linear_offset = 0.0;
};

LogChannel log_channel(const LogParams& p, bool camera) {
  LogChannel c;
  c.p = p;
  c.ln_base = std::log(p.base);
  if (camera) {
    const CameraLogSegments seg = camera_log_segments(p);
    c.lin_break = *p.lin_side_break;
    c.log_break = seg.log_side_break;
    c.linear_slope = seg.linear_slope;
    c.linear_offset = seg.linear_offset;
  }
  return c;
}

double lin_to_log(const LogChannel& c, double x) {
  const double arg = std::max(c.p.lin_side_slope * x + c.p.lin_side_offset, kFltMin);
  return c.p.log_side_slope * (std::log(arg) / c.ln_base) + c.p.log_side_offset;
}

double log_to_lin(const LogChannel& c, double y) {
  return (std::exp((y - c.p.log_side_offset) / c.p.log_side_slope * c.ln_base) - c.p.lin_side_offset) /
         c.p.lin_side_slope;
}

void apply_log(const LogStep& s, std::span<float> rgb) {
  const bool camera = s.style == LogStyle::cameraLinToLog || s.style == LogStyle::cameraLogToLin;
  const std::array<LogChannel, 3> ch{log_channel(s.params[0], camera), log_channel(s.params[1], camera),
                                     log_channel(s.params[2], camera)};
  for (std::size_t i = 0; i < rgb.size(); ++i) {
    const LogChannel& c = ch[i % 3];
    const double x = rgb[i];
    double y = x;
    switch (s.style) {
      case LogStyle::log10: y = std::log10(std::max(x, kFltMin)); break;
      case LogStyle::antiLog10: y = std::pow(10.0, x); break;
      case LogStyle::log2: y = std::log2(std::max(x, kFltMin)); break;
      case LogStyle::antiLog2: y = std::exp2(x); break;
      case LogStyle::linToLog: y = lin_to_log(c, x); break;
      case LogStyle::logToLin: y = log_to_lin(c, x); break;
      case LogStyle::cameraLinToLog:
        y = x <= c.lin_break ? c.linear_slope * x + c.linear_offset : lin_to_log(c, x);
        break;
      case LogStyle::cameraLogToLin:
        y = x <= c.log_break ? (x - c.linear_offset) / c.linear_slope : log_to_lin(c, x);
        break;
    }
    rgb[i] = static_cast<float>(y);
  }
}

// CLF v3 section 7.6, monCurve styles. xBreak = k / (g - 1), yBreak = (k g / ((g - 1)(1 + k)))^g,
// s = ((g - 1) / k) (k g / ((g - 1)(1 + k)))^g. g = 1 is the straight line (x + k) / (1 + k);
// k = 0 is the pure power (the linear segment shrinks to the origin).
struct MonCurve {
  double g = 1.0, k = 0.0, x_break = 0.0, y_break = 0.0, s = 1.0;
  bool linear = false, pure_power = false;
};

MonCurve mon_curve(double g, double k) {
  MonCurve m;
  m.g = g;
  m.k = k;
  m.linear = g == 1.0;
  m.pure_power = !m.linear && k == 0.0;
  if (!m.linear && !m.pure_power) {
    m.x_break = k / (g - 1.0);
    m.y_break = std::pow(k * g / ((g - 1.0) * (1.0 + k)), g);
    m.s = (g - 1.0) / k * m.y_break;
  }
  return m;
}

double mon_fwd(const MonCurve& m, double x) {
  if (m.linear) return (x + m.k) / (1.0 + m.k);
  if (m.pure_power) return x >= 0.0 ? std::pow(x, m.g) : 0.0;
  return x >= m.x_break ? std::pow((x + m.k) / (1.0 + m.k), m.g) : x * m.s;
}

double mon_rev(const MonCurve& m, double y) {
  if (m.linear) return (1.0 + m.k) * y - m.k;
  if (m.pure_power) return y >= 0.0 ? std::pow(y, 1.0 / m.g) : 0.0;
  return y >= m.y_break ? (1.0 + m.k) * std::pow(y, 1.0 / m.g) - m.k : y / m.s;
}

void apply_exponent(const ExponentStep& s, std::span<float> rgb) {
  std::array<MonCurve, 3> mc;
  for (int c = 0; c < 3; ++c) mc[c] = mon_curve(s.exponent[c], s.offset[c]);
  for (std::size_t i = 0; i < rgb.size(); ++i) {
    const std::size_t c = i % 3;
    const double x = rgb[i];
    const double g = s.exponent[c];
    double y = x;
    switch (s.style) {
      case ExponentStyle::basicFwd: y = std::pow(std::max(0.0, x), g); break;
      case ExponentStyle::basicRev: y = std::pow(std::max(0.0, x), 1.0 / g); break;
      case ExponentStyle::basicMirrorFwd: y = x >= 0.0 ? std::pow(x, g) : -std::pow(-x, g); break;
      case ExponentStyle::basicMirrorRev: y = x >= 0.0 ? std::pow(x, 1.0 / g) : -std::pow(-x, 1.0 / g); break;
      case ExponentStyle::basicPassThruFwd: y = x >= 0.0 ? std::pow(x, g) : x; break;
      case ExponentStyle::basicPassThruRev: y = x >= 0.0 ? std::pow(x, 1.0 / g) : x; break;
      case ExponentStyle::monCurveFwd: y = mon_fwd(mc[c], x); break;
      case ExponentStyle::monCurveRev: y = mon_rev(mc[c], x); break;
      case ExponentStyle::monCurveMirrorFwd: y = x >= 0.0 ? mon_fwd(mc[c], x) : -mon_fwd(mc[c], -x); break;
      case ExponentStyle::monCurveMirrorRev: y = x >= 0.0 ? mon_rev(mc[c], x) : -mon_rev(mc[c], -x); break;
    }
    rgb[i] = static_cast<float>(y);
  }
}

// CLF Appendix A, linear interpolation over a uniform [0,1] domain; inputs outside are clamped.
void apply_lut1d_uniform(const Lut1DStep& s, std::span<float> rgb) {
  const std::size_t n = s.size();
  const float* v = s.values.data();
  const double last = static_cast<double>(n - 1);
  for (std::size_t i = 0; i < rgb.size(); ++i) {
    const std::size_t c = i % 3;
    double x = rgb[i];
    if (!(x > 0.0)) x = 0.0;  // also maps NaN to the first entry
    if (x > 1.0) x = 1.0;
    const double pos = x * last;
    std::size_t lo = static_cast<std::size_t>(pos);
    if (lo >= n - 1) lo = n - 2;
    const double t = pos - static_cast<double>(lo);
    const double a = v[3 * lo + c], b = v[3 * (lo + 1) + c];
    rgb[i] = static_cast<float>(a + t * (b - a));
  }
}

// halfDomain: the input selects its two neighbouring half codes and is interpolated linearly
// between their entries (an input that is exactly a half value reads its entry unchanged).
void apply_lut1d_half(const Lut1DStep& s, std::span<float> rgb) {
  const float* v = s.values.data();
  for (std::size_t i = 0; i < rgb.size(); ++i) {
    const std::size_t c = i % 3;
    const HalfBracket b = half_bracket(rgb[i]);
    const double a = v[3 * static_cast<std::size_t>(b.code) + c];
    const double z = v[3 * static_cast<std::size_t>(b.next) + c];
    rgb[i] = b.t == 0.0f ? static_cast<float>(a) : static_cast<float>(a + b.t * (z - a));
  }
}

void apply_lut1d(const Lut1DStep& s, std::span<float> rgb) {
  if (s.values.size() % 3 != 0 || s.size() < 2) {
    throw Error(ErrorKind::invalid_input, "LUT1D needs at least 2 RGB entries");
  }
  if (s.half_domain) {
    if (s.size() != static_cast<std::size_t>(kHalfCodes)) {
      throw Error(ErrorKind::invalid_input, "halfDomain LUT1D needs 65536 entries");
    }
    apply_lut1d_half(s, rgb);
  } else {
    apply_lut1d_uniform(s, rgb);
  }
}

struct Cell {
  std::size_t i0, i1;  // lower and upper grid index along the axis
  double f;            // fraction towards i1
};

Cell cell(double x, int n) {
  if (!(x > 0.0)) x = 0.0;
  if (x > 1.0) x = 1.0;
  const double pos = x * (n - 1);
  auto lo = static_cast<std::size_t>(pos);
  if (lo >= static_cast<std::size_t>(n - 1)) lo = static_cast<std::size_t>(n - 2);
  return {lo, lo + 1, pos - static_cast<double>(lo)};
}

void apply_lut3d(const Lut3DStep& s, std::span<float> rgb) {
  const int n = s.size;
  const auto nn = static_cast<std::size_t>(n);
  if (n < 2 || s.values.size() != 3 * nn * nn * nn) {
    throw Error(ErrorKind::invalid_input, "LUT3D needs size >= 2 and size^3 RGB entries");
  }
  const float* v = s.values.data();
  // CLF order: blue varies fastest, red slowest.
  auto at = [&](std::size_t r, std::size_t g, std::size_t b) { return v + 3 * ((r * nn + g) * nn + b); };
  for (std::size_t i = 0; i + 2 < rgb.size(); i += 3) {
    const Cell r = cell(rgb[i], n), g = cell(rgb[i + 1], n), b = cell(rgb[i + 2], n);
    const float* c000 = at(r.i0, g.i0, b.i0);
    const float* c111 = at(r.i1, g.i1, b.i1);
    double out[3];
    if (s.interpolation == Interpolation3D::trilinear) {
      const float* c001 = at(r.i0, g.i0, b.i1);
      const float* c010 = at(r.i0, g.i1, b.i0);
      const float* c011 = at(r.i0, g.i1, b.i1);
      const float* c100 = at(r.i1, g.i0, b.i0);
      const float* c101 = at(r.i1, g.i0, b.i1);
      const float* c110 = at(r.i1, g.i1, b.i0);
      for (int k = 0; k < 3; ++k) {
        const double x00 = c000[k] + b.f * (c001[k] - c000[k]);
        const double x01 = c010[k] + b.f * (c011[k] - c010[k]);
        const double x10 = c100[k] + b.f * (c101[k] - c100[k]);
        const double x11 = c110[k] + b.f * (c111[k] - c110[k]);
        const double y0 = x00 + g.f * (x01 - x00);
        const double y1 = x10 + g.f * (x11 - x10);
        out[k] = y0 + r.f * (y1 - y0);
      }
    } else {
      // Appendix A, tetrahedral: the cube is split along its main diagonal; the fractions' order
      // selects the tetrahedron and the two intermediate corners it uses.
      const double fr = r.f, fg = g.f, fb = b.f;
      const float *p1, *p2;
      double w0, w1, w2, w3;  // weights of c000, p1, p2, c111
      if (fr > fg) {
        if (fg > fb) {  // r > g > b
          p1 = at(r.i1, g.i0, b.i0); p2 = at(r.i1, g.i1, b.i0);
          w0 = 1 - fr; w1 = fr - fg; w2 = fg - fb; w3 = fb;
        } else if (fr > fb) {  // r > b >= g
          p1 = at(r.i1, g.i0, b.i0); p2 = at(r.i1, g.i0, b.i1);
          w0 = 1 - fr; w1 = fr - fb; w2 = fb - fg; w3 = fg;
        } else {  // b >= r > g
          p1 = at(r.i0, g.i0, b.i1); p2 = at(r.i1, g.i0, b.i1);
          w0 = 1 - fb; w1 = fb - fr; w2 = fr - fg; w3 = fg;
        }
      } else {
        if (fb > fg) {  // b > g >= r
          p1 = at(r.i0, g.i0, b.i1); p2 = at(r.i0, g.i1, b.i1);
          w0 = 1 - fb; w1 = fb - fg; w2 = fg - fr; w3 = fr;
        } else if (fb > fr) {  // g >= b > r
          p1 = at(r.i0, g.i1, b.i0); p2 = at(r.i0, g.i1, b.i1);
          w0 = 1 - fg; w1 = fg - fb; w2 = fb - fr; w3 = fr;
        } else {  // g >= r >= b
          p1 = at(r.i0, g.i1, b.i0); p2 = at(r.i1, g.i1, b.i0);
          w0 = 1 - fg; w1 = fg - fr; w2 = fr - fb; w3 = fb;
        }
      }
      for (int k = 0; k < 3; ++k) out[k] = w0 * c000[k] + w1 * p1[k] + w2 * p2[k] + w3 * c111[k];
    }
    rgb[i] = static_cast<float>(out[0]);
    rgb[i + 1] = static_cast<float>(out[1]);
    rgb[i + 2] = static_cast<float>(out[2]);
  }
}

// ASC CDL v1.2 with Rec. 709 luma weights (CLF v3 section 7.7).
constexpr double kLumaR = 0.2126, kLumaG = 0.7152, kLumaB = 0.0722;

double clamp01(double x) { return std::min(1.0, std::max(0.0, x)); }

void apply_cdl(const CdlStep& s, std::span<float> rgb) {
  const bool clamp = s.style == CdlStyle::Fwd || s.style == CdlStyle::Rev;
  const bool forward = s.style == CdlStyle::Fwd || s.style == CdlStyle::FwdNoClamp;
  for (std::size_t i = 0; i + 2 < rgb.size(); i += 3) {
    double v[3] = {rgb[i], rgb[i + 1], rgb[i + 2]};
    if (forward) {
      for (int c = 0; c < 3; ++c) {
        double x = v[c] * s.slope[c] + s.offset[c];
        if (clamp) x = clamp01(x);
        v[c] = x >= 0.0 ? std::pow(x, s.power[c]) : x;  // NoClamp: no power below zero
      }
      const double luma = kLumaR * v[0] + kLumaG * v[1] + kLumaB * v[2];
      for (double& x : v) {
        x = luma + s.saturation * (x - luma);
        if (clamp) x = clamp01(x);
      }
    } else {
      if (clamp) for (double& x : v) x = clamp01(x);
      const double luma = kLumaR * v[0] + kLumaG * v[1] + kLumaB * v[2];
      for (int c = 0; c < 3; ++c) {
        double x = luma + (v[c] - luma) / s.saturation;
        if (clamp) x = clamp01(x);
        x = x >= 0.0 ? std::pow(x, 1.0 / s.power[c]) : x;  // NoClamp: no power below zero
        x = (x - s.offset[c]) / s.slope[c];
        if (clamp) x = clamp01(x);
        v[c] = x;
      }
    }
    rgb[i] = static_cast<float>(v[0]);
    rgb[i + 1] = static_cast<float>(v[1]);
    rgb[i + 2] = static_cast<float>(v[2]);
  }
}

void apply_transfer(const TransferStep& s, std::span<float> rgb) {
  if (s.tf == nullptr) throw Error(ErrorKind::internal, "transfer step without a transfer function");
  if (s.direction == Direction::forward) {
    s.tf->to_linear(rgb);
  } else {
    s.tf->to_code(rgb);
  }
}

void apply_output(const OutputTransformStep& s, std::span<float> rgb) {
  if (!s.transform) throw Error(ErrorKind::internal, "output transform step without a transform");
  if (s.direction == Direction::forward) {
    s.transform->forward(rgb);
  } else {
    s.transform->inverse(rgb);
  }
}

}  // namespace

void apply(const Step& step, std::span<float> rgb) {
  if (rgb.size() % 3 != 0) {
    throw Error(ErrorKind::internal, "apply: buffer size is not a multiple of 3");
  }
  std::visit(
      [&](const auto& s) {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, MatrixStep>) apply_matrix(s, rgb);
        else if constexpr (std::is_same_v<T, RangeStep>) apply_range(s, rgb);
        else if constexpr (std::is_same_v<T, LogStep>) apply_log(s, rgb);
        else if constexpr (std::is_same_v<T, ExponentStep>) apply_exponent(s, rgb);
        else if constexpr (std::is_same_v<T, Lut1DStep>) apply_lut1d(s, rgb);
        else if constexpr (std::is_same_v<T, Lut3DStep>) apply_lut3d(s, rgb);
        else if constexpr (std::is_same_v<T, CdlStep>) apply_cdl(s, rgb);
        else if constexpr (std::is_same_v<T, TransferStep>) apply_transfer(s, rgb);
        else apply_output(s, rgb);
      },
      step);
}

}  // namespace aceslab::aces
