// SPDX-License-Identifier: Apache-2.0
#include "aces/steps.h"

#include <sstream>

#include "aces/transfer_function.h"

namespace aceslab::aces {

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
