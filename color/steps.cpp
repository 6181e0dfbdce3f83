// SPDX-License-Identifier: Apache-2.0
#include "color/steps.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <sstream>

#include "color/error.h"
#include "color/transfer_function.h"

namespace aceslab::aces {
namespace {

// The smallest positive normal float: where CLF's Log op clamps its argument (spec section 7.5).
constexpr double kFltMin = FLT_MIN;

}  // namespace

RangeCoefficients range_coefficients(const RangeStep& s) {
  if (s.min_in.has_value() != s.min_out.has_value() || s.max_in.has_value() != s.max_out.has_value()) {
    throw Error(ErrorKind::invalid_input,
                "Range needs minInValue and minOutValue together, and maxInValue and maxOutValue together");
  }
  RangeCoefficients c;
  if (s.min_in && s.max_in) {
    if (!(*s.max_in > *s.min_in)) {
      throw Error(ErrorKind::invalid_input, "Range maxInValue must be greater than minInValue");
    }
    c.scale = (*s.max_out - *s.min_out) / (*s.max_in - *s.min_in);
    c.offset = *s.min_out - *s.min_in * c.scale;
  } else if (s.min_in) {
    c.offset = *s.min_out - *s.min_in;  // zero for a valid one-sided Range (spec: minOut = minIn)
  } else if (s.max_in) {
    c.offset = *s.max_out - *s.max_in;
  } else {
    throw Error(ErrorKind::invalid_input, "Range needs a min pair, a max pair, or both");
  }
  return c;
}

CameraLogSegments camera_log_segments(const LogParams& p) {
  if (!p.lin_side_break) {
    throw Error(ErrorKind::invalid_input, "camera log styles need linSideBreak");
  }
  const double ln_base = std::log(p.base);
  const double at_break = p.lin_side_slope * *p.lin_side_break + p.lin_side_offset;
  CameraLogSegments seg;
  // CLF v3 section 7.5, "Solving for LogParams".
  seg.log_side_break = p.log_side_slope * (std::log(std::max(at_break, kFltMin)) / ln_base) + p.log_side_offset;
  seg.linear_slope =
      p.linear_slope ? *p.linear_slope : p.log_side_slope * p.lin_side_slope / (at_break * ln_base);
  seg.linear_offset = seg.log_side_break - seg.linear_slope * *p.lin_side_break;
  return seg;
}


const char* to_string(LogStyle style) {
  switch (style) {
    case LogStyle::log10: return "log10";
    case LogStyle::antiLog10: return "antiLog10";
    case LogStyle::log2: return "log2";
    case LogStyle::antiLog2: return "antiLog2";
    case LogStyle::linToLog: return "linToLog";
    case LogStyle::logToLin: return "logToLin";
    case LogStyle::cameraLinToLog: return "cameraLinToLog";
    case LogStyle::cameraLogToLin: return "cameraLogToLin";
  }
  return "?";
}

const char* to_string(ExponentStyle style) {
  switch (style) {
    case ExponentStyle::basicFwd: return "basicFwd";
    case ExponentStyle::basicRev: return "basicRev";
    case ExponentStyle::basicMirrorFwd: return "basicMirrorFwd";
    case ExponentStyle::basicMirrorRev: return "basicMirrorRev";
    case ExponentStyle::basicPassThruFwd: return "basicPassThruFwd";
    case ExponentStyle::basicPassThruRev: return "basicPassThruRev";
    case ExponentStyle::monCurveFwd: return "monCurveFwd";
    case ExponentStyle::monCurveRev: return "monCurveRev";
    case ExponentStyle::monCurveMirrorFwd: return "monCurveMirrorFwd";
    case ExponentStyle::monCurveMirrorRev: return "monCurveMirrorRev";
  }
  return "?";
}

const char* to_string(CdlStyle style) {
  switch (style) {
    case CdlStyle::Fwd: return "Fwd";
    case CdlStyle::Rev: return "Rev";
    case CdlStyle::FwdNoClamp: return "FwdNoClamp";
    case CdlStyle::RevNoClamp: return "RevNoClamp";
  }
  return "?";
}

namespace {

const char* direction_name(Direction d) { return d == Direction::forward ? "forward" : "inverse"; }

}  // namespace

std::string describe(const Step& step) {
  std::ostringstream out;
  std::visit(
      [&](const auto& s) {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, MatrixStep>) {
          out << (s.offset.isZero() ? "Matrix 3x3" : "Matrix 3x4");
        } else if constexpr (std::is_same_v<T, RangeStep>) {
          out << "Range " << (s.clamp ? "Clamp" : "noClamp");
        } else if constexpr (std::is_same_v<T, LogStep>) {
          out << "Log " << to_string(s.style);
        } else if constexpr (std::is_same_v<T, ExponentStep>) {
          out << "Exponent " << to_string(s.style);
        } else if constexpr (std::is_same_v<T, Lut1DStep>) {
          out << "LUT1D " << s.size() << (s.half_domain ? " halfDomain" : "");
        } else if constexpr (std::is_same_v<T, Lut3DStep>) {
          out << "LUT3D " << s.size << '^' << 3 << ' '
              << (s.interpolation == Interpolation3D::tetrahedral ? "tetrahedral" : "trilinear");
        } else if constexpr (std::is_same_v<T, CdlStep>) {
          out << "ASC_CDL " << to_string(s.style);
        } else if constexpr (std::is_same_v<T, TransferStep>) {
          out << "Transfer " << (s.tf ? std::string(s.tf->id()) : std::string("(none)")) << ' '
              << (s.direction == Direction::forward ? "to linear" : "to code");
        } else {
          out << "OutputTransform " << direction_name(s.direction);
        }
      },
      step);
  return out.str();
}

}  // namespace aceslab::aces
