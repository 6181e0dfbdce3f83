// SPDX-License-Identifier: Apache-2.0
// The immutable steps a colour pipeline is made of. Most map one-to-one onto CLF v3 process nodes
// (Matrix, Range, Log, Exponent, LUT1D, LUT3D, ASC_CDL); two are aceslab's own and are baked into
// CLF nodes on export: a named transfer function and an ACES 2.0 output transform.
// All values are RGB triplets; "forward" means the direction the step was defined in.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "color/chromaticity.h"

namespace aceslab::aces {

class TransferFunction;
class OutputTransform;

enum class Direction { forward, inverse };
inline Direction invert(Direction d) { return d == Direction::forward ? Direction::inverse : Direction::forward; }

// out = m * in + offset (CLF Matrix, 3x3 or 3x4).
struct MatrixStep {
  Mat3 m = Mat3::Identity();
  Vec3 offset = Vec3::Zero();
};

// CLF Range: scale/offset with optional clamping. A bound that is absent is NaN-free `std::nullopt`.
struct RangeStep {
  std::optional<double> min_in, max_in, min_out, max_out;
  bool clamp = true;  // style="Clamp" (default) or "noClamp"
};

// CLF Log op (spec section 7.5). Parameters per channel; defaults are the spec's.
enum class LogStyle { log10, antiLog10, log2, antiLog2, linToLog, logToLin, cameraLinToLog, cameraLogToLin };
struct LogParams {
  double base = 2.0;
  double log_side_slope = 1.0;
  double log_side_offset = 0.0;
  double lin_side_slope = 1.0;
  double lin_side_offset = 0.0;
  std::optional<double> lin_side_break;  // camera styles only
  std::optional<double> linear_slope;    // camera styles only; derived for continuity when absent
};
struct LogStep {
  LogStyle style = LogStyle::log10;
  std::array<LogParams, 3> params;  // R, G, B
};

// CLF Exponent op (spec section 7.6).
enum class ExponentStyle {
  basicFwd, basicRev, basicMirrorFwd, basicMirrorRev, basicPassThruFwd, basicPassThruRev,
  monCurveFwd, monCurveRev, monCurveMirrorFwd, monCurveMirrorRev,
};
struct ExponentStep {
  ExponentStyle style = ExponentStyle::basicFwd;
  std::array<double, 3> exponent{1.0, 1.0, 1.0};
  std::array<double, 3> offset{0.0, 0.0, 0.0};  // monCurve styles only
};

// CLF LUT1D: `values` holds n RGB entries (3n floats). The input domain is [0,1] sampled uniformly,
// or with `half_domain` all 65536 half-float codes in order (n must be 65536).
struct Lut1DStep {
  std::vector<float> values;
  bool half_domain = false;
  std::size_t size() const { return values.size() / 3; }
};

// CLF LUT3D: `values` holds size^3 RGB entries in CLF order (blue varies fastest, red slowest).
enum class Interpolation3D { trilinear, tetrahedral };
struct Lut3DStep {
  int size = 0;
  std::vector<float> values;
  Interpolation3D interpolation = Interpolation3D::tetrahedral;
};

// ASC CDL v1.2 (CLF ASC_CDL op).
enum class CdlStyle { Fwd, Rev, FwdNoClamp, RevNoClamp };
struct CdlStep {
  CdlStyle style = CdlStyle::Fwd;
  Vec3 slope = Vec3::Ones();
  Vec3 offset = Vec3::Zero();
  Vec3 power = Vec3::Ones();
  double saturation = 1.0;
};

// A named transfer function on all three channels: forward = code value -> linear (decode).
struct TransferStep {
  const TransferFunction* tf = nullptr;
  Direction direction = Direction::forward;
};

// An ACES 2.0 output transform: forward = ACES2065-1 -> display code values.
struct OutputTransformStep {
  std::shared_ptr<const OutputTransform> transform;
  Direction direction = Direction::forward;
};

using Step = std::variant<MatrixStep, RangeStep, LogStep, ExponentStep, Lut1DStep, Lut3DStep, CdlStep,
                          TransferStep, OutputTransformStep>;

// Range as `out = in * scale + offset` before clamping (CLF v3 section 7.4). With only one bound
// pair, scale is 1 and the offset is that pair's out - in (zero for a valid file). Throws
// aceslab::Error (invalid_input) for a lone bound, no pair at all, or maxIn <= minIn.
struct RangeCoefficients {
  double scale = 1.0;
  double offset = 0.0;
};
RangeCoefficients range_coefficients(const RangeStep& step);

// The derived constants of the camera log styles (CLF v3 section 7.5, "Solving for LogParams"):
// the break on the log axis, and the linear segment's slope (given or derived for continuity of
// slope) and offset. Throws aceslab::Error (invalid_input) when linSideBreak is absent.
struct CameraLogSegments {
  double log_side_break = 0.0;
  double linear_slope = 1.0;
  double linear_offset = 0.0;
};
CameraLogSegments camera_log_segments(const LogParams& params);

// CLF spellings of the style enums ("cameraLogToLin", "monCurveRev", "FwdNoClamp"...).
const char* to_string(LogStyle style);
const char* to_string(ExponentStyle style);
const char* to_string(CdlStyle style);

// A human-readable one-line summary ("Matrix", "Log cameraLogToLin", "LUT3D 65^3 tetrahedral"...).
std::string describe(const Step& step);

}  // namespace aceslab::aces
