// SPDX-License-Identifier: Apache-2.0
// Pipeline evaluation over threads, tracing, and inversion. The per-step kernels are in
// step_apply.cpp.
#include "pipeline/pipeline.h"

#include <algorithm>
#include <cmath>

#include <Eigen/LU>

#include "color/error.h"
#include "color/half_bits.h"
#include "color/parallel.h"

namespace aceslab::aces {
namespace {

// Pixels per block: every step runs over one block before the next block is touched, so the
// block stays in cache (4096 pixels = 48 KiB of floats).
constexpr std::size_t kBlockPixels = 4096;
// Below this many pixels per thread, starting threads costs more than it saves.
constexpr std::size_t kMinPixelsPerThread = 16384;

void apply_range_of_blocks(const Pipeline& p, std::span<float> rgb) {
  for (std::size_t start = 0; start < rgb.size(); start += 3 * kBlockPixels) {
    const std::size_t count = std::min(3 * kBlockPixels, rgb.size() - start);
    const std::span<float> block = rgb.subspan(start, count);
    for (const Step& step : p.steps) apply(step, block);
  }
}

// --- inversion -------------------------------------------------------------------------------

Step invert_matrix(const MatrixStep& s) {
  const double det = s.m.determinant();
  // A matrix this close to singular has no useful inverse in float pipelines.
  constexpr double kMinAbsDeterminant = 1e-12;
  if (!(std::abs(det) > kMinAbsDeterminant)) {
    throw Error(ErrorKind::unsupported, "Matrix is singular and cannot be inverted");
  }
  MatrixStep inv;
  inv.m = s.m.inverse();
  inv.offset = -(inv.m * s.offset);
  return inv;
}

Step invert_range(const RangeStep& s) {
  const RangeCoefficients c = range_coefficients(s);  // validates
  if (s.min_in && s.max_in && c.scale == 0.0) {
    throw Error(ErrorKind::unsupported, "Range maps everything to one value and cannot be inverted");
  }
  RangeStep inv;
  inv.min_in = s.min_out;
  inv.min_out = s.min_in;
  inv.max_in = s.max_out;
  inv.max_out = s.max_in;
  inv.clamp = s.clamp;
  return inv;
}

LogStyle inverse_style(LogStyle s) {
  switch (s) {
    case LogStyle::log10: return LogStyle::antiLog10;
    case LogStyle::antiLog10: return LogStyle::log10;
    case LogStyle::log2: return LogStyle::antiLog2;
    case LogStyle::antiLog2: return LogStyle::log2;
    case LogStyle::linToLog: return LogStyle::logToLin;
    case LogStyle::logToLin: return LogStyle::linToLog;
    case LogStyle::cameraLinToLog: return LogStyle::cameraLogToLin;
    case LogStyle::cameraLogToLin: return LogStyle::cameraLinToLog;
  }
  return s;
}

ExponentStyle inverse_style(ExponentStyle s) {
  switch (s) {
    case ExponentStyle::basicFwd: return ExponentStyle::basicRev;
    case ExponentStyle::basicRev: return ExponentStyle::basicFwd;
    case ExponentStyle::basicMirrorFwd: return ExponentStyle::basicMirrorRev;
    case ExponentStyle::basicMirrorRev: return ExponentStyle::basicMirrorFwd;
    case ExponentStyle::basicPassThruFwd: return ExponentStyle::basicPassThruRev;
    case ExponentStyle::basicPassThruRev: return ExponentStyle::basicPassThruFwd;
    case ExponentStyle::monCurveFwd: return ExponentStyle::monCurveRev;
    case ExponentStyle::monCurveRev: return ExponentStyle::monCurveFwd;
    case ExponentStyle::monCurveMirrorFwd: return ExponentStyle::monCurveMirrorRev;
    case ExponentStyle::monCurveMirrorRev: return ExponentStyle::monCurveMirrorFwd;
  }
  return s;
}

CdlStyle inverse_style(CdlStyle s) {
  switch (s) {
    case CdlStyle::Fwd: return CdlStyle::Rev;
    case CdlStyle::Rev: return CdlStyle::Fwd;
    case CdlStyle::FwdNoClamp: return CdlStyle::RevNoClamp;
    case CdlStyle::RevNoClamp: return CdlStyle::FwdNoClamp;
  }
  return s;
}

// A monotonic piecewise-linear function given by its knots (x ascending).
struct Knots {
  std::vector<double> x, y;
};

// The sign of the function's slope: +1 non-decreasing, -1 non-increasing; throws if it is
// neither or constant.
int monotonic_direction(const Knots& k, int channel) {
  bool up = false, down = false;
  for (std::size_t i = 1; i < k.y.size(); ++i) {
    if (k.y[i] > k.y[i - 1]) up = true;
    if (k.y[i] < k.y[i - 1]) down = true;
  }
  if (up == down) {
    std::string msg = "LUT1D channel ";
    msg += "RGB"[channel];
    msg += up ? " is not monotonic" : " is constant";
    msg += " and cannot be inverted";
    throw Error(ErrorKind::unsupported, msg);
  }
  return up ? 1 : -1;
}

// x with f(x) = y on the knots; y outside the function's range gives the nearest end. Flat
// stretches resolve to their first knot.
double invert_knots(const Knots& k, int dir, double y) {
  const std::size_t n = k.y.size();
  // First knot whose value has reached y (in the direction of travel).
  std::size_t lo = 0, hi = n;
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (dir * k.y[mid] < dir * y) lo = mid + 1; else hi = mid;
  }
  if (lo == 0) return k.x.front();
  if (lo == n) return k.x.back();
  const double y0 = k.y[lo - 1], y1 = k.y[lo];
  const double t = (y - y0) / (y1 - y0);
  return k.x[lo - 1] + t * (k.x[lo] - k.x[lo - 1]);
}

// Entries of an inverse LUT1D over a uniform [0,1] domain: enough to follow the forward LUT's
// knots closely (4 per forward interval), at least 4096 and at most the 65536 CLF recommends.
constexpr std::size_t kMinInverseEntries = 4096;
constexpr std::size_t kMaxInverseEntries = 65536;

// Inverse of a uniform-domain LUT1D: its output range [y(0), y(1)] per channel is mapped onto
// [0,1] by a diagonal Matrix, then a dense LUT1D holds the inverse curve. Input outside the
// forward LUT's range clamps to its ends, as the forward LUT clamps its input.
Pipeline invert_lut1d_uniform(const Lut1DStep& s) {
  const std::size_t n = s.size();
  const std::size_t m = std::clamp(4 * n, kMinInverseEntries, kMaxInverseEntries);
  MatrixStep normalise;
  normalise.m = Mat3::Zero();
  Lut1DStep inv;
  inv.values.resize(3 * m);
  for (int c = 0; c < 3; ++c) {
    Knots k;
    for (std::size_t i = 0; i < n; ++i) {
      k.x.push_back(static_cast<double>(i) / static_cast<double>(n - 1));
      k.y.push_back(s.values[3 * i + c]);
    }
    const int dir = monotonic_direction(k, c);
    const double y0 = k.y.front(), y1 = k.y.back();
    normalise.m(c, c) = 1.0 / (y1 - y0);
    normalise.offset[c] = -y0 / (y1 - y0);
    for (std::size_t j = 0; j < m; ++j) {
      const double y = y0 + (y1 - y0) * static_cast<double>(j) / static_cast<double>(m - 1);
      inv.values[3 * j + c] = static_cast<float>(invert_knots(k, dir, y));
    }
  }
  Pipeline out;
  out.append(normalise).append(std::move(inv));
  return out;
}

// Inverse of a halfDomain LUT1D as another halfDomain LUT1D: for every half code, the input
// whose forward output it is (the forward function being piecewise linear between half values).
Lut1DStep invert_lut1d_half(const Lut1DStep& s) {
  // Finite half codes in ascending order of value: -65504 ... -0 then +0 ... 65504 (-0 skipped).
  std::vector<std::uint16_t> order;
  for (int code = 0xFBFF; code > 0x8000; --code) order.push_back(static_cast<std::uint16_t>(code));
  for (int code = 0; code <= kHalfMaxCode; ++code) order.push_back(static_cast<std::uint16_t>(code));
  Lut1DStep inv;
  inv.half_domain = true;
  inv.values.resize(3 * kHalfCodes);
  for (int c = 0; c < 3; ++c) {
    Knots k;
    for (std::uint16_t code : order) {
      k.x.push_back(half_to_float(code));
      k.y.push_back(s.values[3 * static_cast<std::size_t>(code) + c]);
    }
    const int dir = monotonic_direction(k, c);
    for (int code = 0; code < kHalfCodes; ++code) {
      const float y = half_to_float(static_cast<std::uint16_t>(code));
      float x;
      if (std::isnan(y)) {
        x = 0.0f;
      } else {
        x = static_cast<float>(invert_knots(k, dir, y));
      }
      inv.values[3 * static_cast<std::size_t>(code) + c] = x;
    }
  }
  return inv;
}

Pipeline invert_step(const Step& step) {
  Pipeline out;
  std::visit(
      [&](const auto& s) {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, MatrixStep>) {
          out.append(invert_matrix(s));
        } else if constexpr (std::is_same_v<T, RangeStep>) {
          out.append(invert_range(s));
        } else if constexpr (std::is_same_v<T, LogStep>) {
          LogStep inv = s;
          inv.style = inverse_style(s.style);
          out.append(inv);
        } else if constexpr (std::is_same_v<T, ExponentStep>) {
          ExponentStep inv = s;
          inv.style = inverse_style(s.style);
          out.append(inv);
        } else if constexpr (std::is_same_v<T, Lut1DStep>) {
          if (s.half_domain) {
            out.append(invert_lut1d_half(s));
          } else {
            out.append(invert_lut1d_uniform(s));
          }
        } else if constexpr (std::is_same_v<T, Lut3DStep>) {
          throw Error(ErrorKind::unsupported, "LUT3D has no exact inverse; invert the pipeline before baking it");
        } else if constexpr (std::is_same_v<T, CdlStep>) {
          CdlStep inv = s;
          inv.style = inverse_style(s.style);
          out.append(inv);
        } else {
          T inv = s;  // TransferStep, OutputTransformStep
          inv.direction = invert(s.direction);
          out.append(inv);
        }
      },
      step);
  return out;
}

}  // namespace

void apply(const Pipeline& pipeline, std::span<float> rgb, unsigned threads) {
  if (rgb.size() % 3 != 0) {
    throw Error(ErrorKind::internal, "apply: buffer size is not a multiple of 3");
  }
  for_chunks(rgb, threads, [&pipeline](std::span<float> part, std::size_t) { apply_range_of_blocks(pipeline, part); },
             kMinPixelsPerThread);
}

Pipeline inverse(const Pipeline& pipeline) {
  Pipeline out;
  if (!pipeline.name.empty()) out.name.append("Inverse of ").append(pipeline.name);
  out.description = pipeline.description;
  out.input_descriptor = pipeline.output_descriptor;
  out.output_descriptor = pipeline.input_descriptor;
  for (auto it = pipeline.steps.rbegin(); it != pipeline.steps.rend(); ++it) {
    out.append(invert_step(*it));
  }
  return out;
}

std::vector<std::array<float, 3>> trace(const Pipeline& pipeline, std::array<float, 3> rgb) {
  std::vector<std::array<float, 3>> values;
  values.reserve(pipeline.steps.size() + 1);
  values.push_back(rgb);
  for (const Step& step : pipeline.steps) {
    apply(step, std::span<float>(rgb));
    values.push_back(rgb);
  }
  return values;
}

}  // namespace aceslab::aces
