// SPDX-License-Identifier: Apache-2.0
#include "clf/ocio_bridge.h"

#include "clf/writer.h"
#include "color/error.h"

namespace aceslab::aces {
namespace {

void set3(double (&out)[3], double r, double g, double b) {
  out[0] = r;
  out[1] = g;
  out[2] = b;
}

OCIO::TransformRcPtr to_ocio(const MatrixStep& s) {
  auto t = OCIO::MatrixTransform::Create();
  double m44[16] = {0};
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) m44[4 * r + c] = s.m(r, c);
  }
  m44[15] = 1.0;
  const double offset[4] = {s.offset[0], s.offset[1], s.offset[2], 0.0};
  t->setMatrix(m44);
  t->setOffset(offset);
  return t;
}

OCIO::TransformRcPtr to_ocio(const RangeStep& s) {
  range_coefficients(s);  // validates
  auto t = OCIO::RangeTransform::Create();
  t->setStyle(s.clamp ? OCIO::RANGE_CLAMP : OCIO::RANGE_NO_CLAMP);
  if (s.min_in) t->setMinInValue(*s.min_in);
  if (s.max_in) t->setMaxInValue(*s.max_in);
  if (s.min_out) t->setMinOutValue(*s.min_out);
  if (s.max_out) t->setMaxOutValue(*s.max_out);
  return t;
}

template <typename T>
void set_affine(T& t, const LogStep& s) {
  const auto& p = s.params;
  double v[3];
  t->setBase(p[0].base);
  set3(v, p[0].log_side_slope, p[1].log_side_slope, p[2].log_side_slope);
  t->setLogSideSlopeValue(v);
  set3(v, p[0].log_side_offset, p[1].log_side_offset, p[2].log_side_offset);
  t->setLogSideOffsetValue(v);
  set3(v, p[0].lin_side_slope, p[1].lin_side_slope, p[2].lin_side_slope);
  t->setLinSideSlopeValue(v);
  set3(v, p[0].lin_side_offset, p[1].lin_side_offset, p[2].lin_side_offset);
  t->setLinSideOffsetValue(v);
}

OCIO::TransformRcPtr to_ocio(const LogStep& s) {
  const bool forward = s.style == LogStyle::log10 || s.style == LogStyle::log2 || s.style == LogStyle::linToLog ||
                       s.style == LogStyle::cameraLinToLog;
  const auto direction = forward ? OCIO::TRANSFORM_DIR_FORWARD : OCIO::TRANSFORM_DIR_INVERSE;
  switch (s.style) {
    case LogStyle::log10:
    case LogStyle::antiLog10:
    case LogStyle::log2:
    case LogStyle::antiLog2: {
      const bool ten = s.style == LogStyle::log10 || s.style == LogStyle::antiLog10;
      auto t = OCIO::LogTransform::Create();
      t->setBase(ten ? 10.0 : 2.0);
      t->setDirection(direction);
      return t;
    }
    case LogStyle::linToLog:
    case LogStyle::logToLin: {
      auto t = OCIO::LogAffineTransform::Create();
      set_affine(t, s);
      t->setDirection(direction);
      return t;
    }
    case LogStyle::cameraLinToLog:
    case LogStyle::cameraLogToLin: {
      const auto& p = s.params;
      for (const LogParams& c : p) {
        if (!c.lin_side_break) throw Error(ErrorKind::invalid_input, "camera Log step without linSideBreak");
      }
      double breaks[3];
      set3(breaks, *p[0].lin_side_break, *p[1].lin_side_break, *p[2].lin_side_break);
      auto t = OCIO::LogCameraTransform::Create(breaks);
      set_affine(t, s);
      // OCIO holds one optional linearSlope for all channels: when any channel gives one, give
      // every channel its own (derived where absent) so the result is the same.
      if (p[0].linear_slope || p[1].linear_slope || p[2].linear_slope) {
        double slopes[3];
        for (int c = 0; c < 3; ++c) slopes[c] = camera_log_segments(p[c]).linear_slope;
        t->setLinearSlopeValue(slopes);
      }
      t->setDirection(direction);
      return t;
    }
  }
  throw Error(ErrorKind::internal, "unknown Log style");
}

OCIO::TransformRcPtr to_ocio(const ExponentStep& s) {
  using ES = ExponentStyle;
  const bool forward = s.style == ES::basicFwd || s.style == ES::basicMirrorFwd || s.style == ES::basicPassThruFwd ||
                       s.style == ES::monCurveFwd || s.style == ES::monCurveMirrorFwd;
  const auto direction = forward ? OCIO::TRANSFORM_DIR_FORWARD : OCIO::TRANSFORM_DIR_INVERSE;
  const double gamma[4] = {s.exponent[0], s.exponent[1], s.exponent[2], 1.0};
  if (s.style == ES::monCurveFwd || s.style == ES::monCurveRev || s.style == ES::monCurveMirrorFwd ||
      s.style == ES::monCurveMirrorRev) {
    auto t = OCIO::ExponentWithLinearTransform::Create();
    const double offset[4] = {s.offset[0], s.offset[1], s.offset[2], 0.0};
    t->setGamma(gamma);
    t->setOffset(offset);
    const bool mirror = s.style == ES::monCurveMirrorFwd || s.style == ES::monCurveMirrorRev;
    t->setNegativeStyle(mirror ? OCIO::NEGATIVE_MIRROR : OCIO::NEGATIVE_LINEAR);
    t->setDirection(direction);
    return t;
  }
  auto t = OCIO::ExponentTransform::Create();
  t->setValue(gamma);
  if (s.style == ES::basicMirrorFwd || s.style == ES::basicMirrorRev) {
    t->setNegativeStyle(OCIO::NEGATIVE_MIRROR);
  } else if (s.style == ES::basicPassThruFwd || s.style == ES::basicPassThruRev) {
    t->setNegativeStyle(OCIO::NEGATIVE_PASS_THRU);
  } else {
    t->setNegativeStyle(OCIO::NEGATIVE_CLAMP);
  }
  t->setDirection(direction);
  return t;
}

OCIO::TransformRcPtr to_ocio(const Lut1DStep& s) {
  auto t = OCIO::Lut1DTransform::Create(static_cast<unsigned long>(s.size()), s.half_domain);
  t->setFileOutputBitDepth(OCIO::BIT_DEPTH_F32);
  t->setInterpolation(OCIO::INTERP_LINEAR);
  for (std::size_t i = 0; i < s.size(); ++i) {
    t->setValue(static_cast<unsigned long>(i), s.values[3 * i], s.values[3 * i + 1], s.values[3 * i + 2]);
  }
  return t;
}

OCIO::TransformRcPtr to_ocio(const Lut3DStep& s) {
  auto t = OCIO::Lut3DTransform::Create(static_cast<unsigned long>(s.size));
  t->setFileOutputBitDepth(OCIO::BIT_DEPTH_F32);
  t->setInterpolation(s.interpolation == Interpolation3D::tetrahedral ? OCIO::INTERP_TETRAHEDRAL
                                                                      : OCIO::INTERP_LINEAR);
  const auto n = static_cast<unsigned long>(s.size);
  for (unsigned long r = 0; r < n; ++r) {
    for (unsigned long g = 0; g < n; ++g) {
      for (unsigned long b = 0; b < n; ++b) {
        const float* v = s.values.data() + 3 * ((r * n + g) * n + b);
        t->setValue(r, g, b, v[0], v[1], v[2]);
      }
    }
  }
  return t;
}

OCIO::TransformRcPtr to_ocio(const CdlStep& s) {
  auto t = OCIO::CDLTransform::Create();
  const double slope[3] = {s.slope[0], s.slope[1], s.slope[2]};
  const double offset[3] = {s.offset[0], s.offset[1], s.offset[2]};
  const double power[3] = {s.power[0], s.power[1], s.power[2]};
  t->setSlope(slope);
  t->setOffset(offset);
  t->setPower(power);
  t->setSat(s.saturation);
  const bool clamp = s.style == CdlStyle::Fwd || s.style == CdlStyle::Rev;
  t->setStyle(clamp ? OCIO::CDL_ASC : OCIO::CDL_NO_CLAMP);
  const bool forward = s.style == CdlStyle::Fwd || s.style == CdlStyle::FwdNoClamp;
  t->setDirection(forward ? OCIO::TRANSFORM_DIR_FORWARD : OCIO::TRANSFORM_DIR_INVERSE);
  return t;
}

}  // namespace

OCIO::GroupTransformRcPtr pipeline_to_ocio(const Pipeline& pipeline) {
  const Pipeline p = clf_exportable(pipeline);
  auto group = OCIO::GroupTransform::Create();
  try {
    for (const Step& step : p.steps) {
      std::visit(
          [&](const auto& s) {
            using T = std::decay_t<decltype(s)>;
            if constexpr (std::is_same_v<T, TransferStep> || std::is_same_v<T, OutputTransformStep>) {
              throw Error(ErrorKind::internal, "clf_exportable left a non-CLF step");
            } else {
              group->appendTransform(to_ocio(s));
            }
          },
          step);
    }
  } catch (const OCIO::Exception& e) {
    std::string msg = "OpenColorIO rejected the pipeline: ";
    msg += e.what();
    throw Error(ErrorKind::invalid_input, msg);
  }
  return group;
}

OCIO::ConstCPUProcessorRcPtr ocio_cpu_processor(const OCIO::ConstTransformRcPtr& transform,
                                                OcioOptimization optimization, const std::string& context) {
  try {
    OCIO::ConstConfigRcPtr config = OCIO::Config::CreateRaw();
    OCIO::ConstProcessorRcPtr processor = config->getProcessor(transform);
    const auto flags = optimization == OcioOptimization::none ? OCIO::OPTIMIZATION_NONE : OCIO::OPTIMIZATION_LOSSLESS;
    return processor->getOptimizedCPUProcessor(OCIO::BIT_DEPTH_F32, OCIO::BIT_DEPTH_F32, flags);
  } catch (const OCIO::Exception& e) {
    throw Error(ErrorKind::invalid_input, e.what(), Location(context));
  }
}

void ocio_apply(const OCIO::ConstCPUProcessorRcPtr& processor, std::span<float> rgb) {
  if (rgb.size() % 3 != 0) throw Error(ErrorKind::internal, "ocio_apply: buffer size is not a multiple of 3");
  if (rgb.empty()) return;
  try {
    OCIO::PackedImageDesc desc(rgb.data(), static_cast<long>(rgb.size() / 3), 1, 3);
    processor->apply(desc);
  } catch (const OCIO::Exception& e) {
    throw Error(ErrorKind::internal, e.what());
  }
}

}  // namespace aceslab::aces
