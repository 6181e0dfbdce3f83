// SPDX-License-Identifier: Apache-2.0
// Pipeline evaluation: every step kind against published or hand-derived reference numbers, then
// against OpenColorIO 2.1 (the steps converted by pipeline_to_ocio) on a dense grid, inversion
// round trips, threading and tracing.
#include <gtest/gtest.h>

#include <cmath>

#include "aces2/output_transform.h"
#include "color/error.h"
#include "color/half_bits.h"
#include "color/transfer_function.h"
#include "pipeline/pipeline.h"
#include "../clf/clf_test_support.h"

namespace aceslab::aces {
namespace {

using testing::acescct_params;
using testing::dense_grid;
using testing::half_domain_lut;
using testing::max_scaled_error;
using testing::ocio_eval;
using testing::aceslab_eval;

// Float32 arithmetic on values near 1 (ulp 1.2e-7) with a few operations: a reference number
// computed in double must match to a few ulps.
constexpr double kFloatTol = 1e-6;
// OCIO evaluates in float32 with its own operation order (and fast pow/log approximations are
// not used on the CPU path with OPTIMIZATION_NONE): agreement to 1e-5, scaled by max(1, |value|).
constexpr double kOcioTol = 1e-5;
// Forward then inverse in float32 through log/power curves (which amplify rounding near 0 and at
// HDR values): 1e-5 scaled.
constexpr double kRoundTripTol = 1e-5;

std::array<float, 3> run(const Step& step, std::array<float, 3> rgb) {
  apply(step, std::span<float>(rgb));
  return rgb;
}

TEST(PipelineApply, MatrixWithOffset) {
  MatrixStep m;
  m.m << 1, 2, 3, 0, 1, 0, -1, 0, 0.5;
  m.offset = Vec3(0.1, -0.2, 0.3);
  const auto out = run(m, {1.0f, 2.0f, 4.0f});
  EXPECT_NEAR(out[0], 1 + 4 + 12 + 0.1, kFloatTol);
  EXPECT_NEAR(out[1], 2 - 0.2, kFloatTol);
  EXPECT_NEAR(out[2], -1 + 2 + 0.3, kFloatTol);
}

TEST(PipelineApply, RangeScalesAndClamps) {
  // CLF v3 section 7.4 example 5 (10-bit full to SMPTE range) in normalised float.
  RangeStep r;
  r.min_in = 0.0;
  r.max_in = 1.0;
  r.min_out = 64.0 / 1023.0;
  r.max_out = 940.0 / 1023.0;
  auto out = run(r, {0.5f, -0.5f, 2.0f});
  EXPECT_NEAR(out[0], 502.0 / 1023.0, kFloatTol);
  EXPECT_NEAR(out[1], 64.0 / 1023.0, kFloatTol);  // clamped low
  EXPECT_NEAR(out[2], 940.0 / 1023.0, kFloatTol);  // clamped high
  r.clamp = false;
  out = run(r, {0.5f, -0.5f, 2.0f});
  EXPECT_NEAR(out[1], (64.0 - 0.5 * 876.0) / 1023.0, kFloatTol);
  EXPECT_NEAR(out[2], (64.0 + 2.0 * 876.0) / 1023.0, kFloatTol);
}

TEST(PipelineApply, RangeOneSided) {
  RangeStep low;
  low.min_in = 0.0;
  low.min_out = 0.0;
  auto out = run(low, {-0.25f, 0.5f, 7.0f});
  EXPECT_EQ(out[0], 0.0f);
  EXPECT_EQ(out[1], 0.5f);
  EXPECT_EQ(out[2], 7.0f);
  RangeStep high;
  high.max_in = 1.0;
  high.max_out = 1.0;
  out = run(high, {-0.25f, 0.5f, 7.0f});
  EXPECT_EQ(out[0], -0.25f);
  EXPECT_EQ(out[2], 1.0f);
  RangeStep lone;
  lone.min_in = 0.0;
  EXPECT_THROW(run(lone, {0, 0, 0}), Error);
}

TEST(PipelineApply, LogBasicStyles) {
  EXPECT_NEAR(run(LogStep{LogStyle::log10, {}}, {100.0f, 0.001f, 0.0f})[0], 2.0, kFloatTol);
  EXPECT_NEAR(run(LogStep{LogStyle::log10, {}}, {100.0f, 0.001f, 0.0f})[1], -3.0, kFloatTol);
  // log of 0 is clamped at FLT_MIN (CLF v3 section 7.5): log10(1.175494e-38).
  EXPECT_NEAR(run(LogStep{LogStyle::log10, {}}, {100.0f, 0.001f, 0.0f})[2], -37.9297, 1e-4);
  EXPECT_NEAR(run(LogStep{LogStyle::antiLog2, {}}, {3.0f, -1.0f, 0.0f})[0], 8.0, kFloatTol);
  EXPECT_NEAR(run(LogStep{LogStyle::log2, {}}, {0.25f, 1.0f, 8.0f})[0], -2.0, kFloatTol);
  EXPECT_NEAR(run(LogStep{LogStyle::antiLog10, {}}, {-1.0f, 0.0f, 1.0f})[2], 10.0, 1e-5);
}

TEST(PipelineApply, LogCameraStyleIsACEScct) {
  LogStep step{LogStyle::cameraLinToLog, {acescct_params(), acescct_params(), acescct_params()}};
  // Academy S-2016-001: ACEScct(0.18) = 0.4135884, ACEScct(0) = B = 0.0729055341958355 (the
  // derived linear segment: A = 10.5402377416545), ACEScct(1) = 9.72 / 17.52.
  const auto out = run(step, {0.18f, 0.0f, 1.0f});
  EXPECT_NEAR(out[0], 0.4135884024924423, kFloatTol);
  EXPECT_NEAR(out[1], 0.0729055341958355, kFloatTol);
  EXPECT_NEAR(out[2], 9.72 / 17.52, kFloatTol);
  const CameraLogSegments seg = camera_log_segments(acescct_params());
  EXPECT_NEAR(seg.linear_slope, 10.5402377416545, 1e-12);
  EXPECT_NEAR(seg.linear_offset, 0.0729055341958355, 1e-12);
  step.style = LogStyle::cameraLogToLin;
  const auto back = run(step, out);
  EXPECT_NEAR(back[0], 0.18, kFloatTol);
  EXPECT_NEAR(back[1], 0.0, kFloatTol);
  EXPECT_NEAR(back[2], 1.0, kFloatTol);
}

TEST(PipelineApply, ExponentStyles) {
  ExponentStep srgb{ExponentStyle::monCurveFwd, {2.4, 2.4, 2.4}, {0.055, 0.055, 0.055}};
  EXPECT_NEAR(run(srgb, {0.5f, 0.5f, 0.5f})[0], 0.21404114048223255, kFloatTol);  // ((0.5+0.055)/1.055)^2.4
  ExponentStep rec709{ExponentStyle::monCurveRev, {1 / 0.45, 1 / 0.45, 1 / 0.45}, {0.099, 0.099, 0.099}};
  // Rec. ITU-R BT.709 OETF of 0.18: 1.099 * 0.18^0.45 - 0.099.
  EXPECT_NEAR(run(rec709, {0.18f, 0.18f, 0.18f})[0], 0.4090077288641504, kFloatTol);
  ExponentStep basic{ExponentStyle::basicFwd, {2.0, 2.0, 2.0}, {}};
  auto out = run(basic, {-0.5f, 0.5f, 3.0f});
  EXPECT_EQ(out[0], 0.0f);  // clamped
  EXPECT_NEAR(out[1], 0.25, kFloatTol);
  basic.style = ExponentStyle::basicMirrorFwd;
  EXPECT_NEAR(run(basic, {-0.5f, 0.5f, 3.0f})[0], -0.25, kFloatTol);
  basic.style = ExponentStyle::basicPassThruFwd;
  EXPECT_EQ(run(basic, {-0.5f, 0.5f, 3.0f})[0], -0.5f);
  basic.style = ExponentStyle::basicRev;
  EXPECT_NEAR(run(basic, {-0.5f, 0.25f, 9.0f})[2], 3.0, kFloatTol);
  srgb.style = ExponentStyle::monCurveMirrorFwd;
  EXPECT_NEAR(run(srgb, {-0.5f, 0.5f, 0.5f})[0], -0.21404114048223255, kFloatTol);
}

TEST(PipelineApply, Lut1DInterpolatesLinearly) {
  Lut1DStep lut;
  for (float v : {0.0f, 0.25f, 1.0f, 4.0f}) lut.values.insert(lut.values.end(), {v, v, 2 * v});
  const auto out = run(lut, {0.5f, 2.0f, -1.0f});
  EXPECT_NEAR(out[0], 0.625, kFloatTol);  // halfway between entries 1 and 2
  EXPECT_NEAR(out[1], 4.0, kFloatTol);    // clamped to the last entry
  EXPECT_NEAR(out[2], 0.0, kFloatTol);    // clamped to the first entry
}

TEST(PipelineApply, Lut1DHalfDomain) {
  Lut1DStep lut;
  lut.half_domain = true;
  lut.values.resize(3 * kHalfCodes);
  for (int code = 0; code < kHalfCodes; ++code) {
    const float x = half_to_float(static_cast<std::uint16_t>(code));
    lut.values[3 * code] = lut.values[3 * code + 1] = lut.values[3 * code + 2] = x * x;
  }
  // Entry 15360 is 1.0 (CLF v3 section 7.2 note); between half codes the output is interpolated.
  const auto out = run(lut, {1.0f, 1.0f + 0x1p-11f, -2.0f});
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_NEAR(out[1], (1.0 + std::pow(1.0 + 0x1p-10, 2)) / 2, kFloatTol);
  EXPECT_NEAR(out[2], 4.0, kFloatTol);
  EXPECT_EQ(float_to_half(1.0f), 15360);
  EXPECT_EQ(float_to_half(-2.0f), 0xC000);
  EXPECT_EQ(half_to_float(0x7BFF), 65504.0f);
}

TEST(PipelineApply, Lut3DInterpolation) {
  // A 2^3 LUT whose only non-zero corner is (1,1,1) = 1: at the cube centre trilinear gives
  // 1/8, tetrahedral the smallest fraction (the weight of the far corner), 1/2.
  Lut3DStep lut;
  lut.size = 2;
  lut.values.assign(3 * 8, 0.0f);
  lut.values[3 * 7] = lut.values[3 * 7 + 1] = lut.values[3 * 7 + 2] = 1.0f;
  lut.interpolation = Interpolation3D::trilinear;
  EXPECT_NEAR(run(lut, {0.5f, 0.5f, 0.5f})[0], 0.125, kFloatTol);
  lut.interpolation = Interpolation3D::tetrahedral;
  EXPECT_NEAR(run(lut, {0.5f, 0.5f, 0.5f})[0], 0.5, kFloatTol);
  EXPECT_NEAR(run(lut, {0.9f, 0.2f, 0.6f})[0], 0.2, kFloatTol);
  // Blue varies fastest in CLF order: entry 1 is (r,g,b) = (0,0,1).
  Lut3DStep blue;
  blue.size = 2;
  blue.values.assign(3 * 8, 0.0f);
  blue.values[3 * 1 + 2] = 1.0f;
  EXPECT_NEAR(run(blue, {0.0f, 0.0f, 1.0f})[2], 1.0, kFloatTol);
  EXPECT_NEAR(run(blue, {1.0f, 0.0f, 0.0f})[2], 0.0, kFloatTol);
}

TEST(PipelineApply, CdlSpecExample) {
  // CLF v3 section 7.7 example 12, evaluated by hand with the ASC CDL v1.2 equations.
  CdlStep cdl;
  cdl.slope = Vec3(1.0, 1.0, 0.9);
  cdl.offset = Vec3(-0.03, -0.02, 0.0);
  cdl.power = Vec3(1.25, 1.0, 1.0);
  cdl.saturation = 1.7;
  const auto out = run(cdl, {0.5f, 0.4f, 0.3f});
  EXPECT_NEAR(out[0], 0.3997600465207559, kFloatTol);
  EXPECT_NEAR(out[1], 0.38419699188796985, kFloatTol);
  EXPECT_NEAR(out[2], 0.1971969918879699, kFloatTol);
  cdl.style = CdlStyle::Rev;
  const auto back = run(cdl, out);
  EXPECT_NEAR(back[0], 0.5, 1e-5);
  EXPECT_NEAR(back[1], 0.4, 1e-5);
  EXPECT_NEAR(back[2], 0.3, 1e-5);
}

// --- against OpenColorIO ------------------------------------------------------------------------

std::vector<Step> every_step_kind() {
  std::vector<Step> steps;
  MatrixStep m;
  m.m << 0.9, 0.05, 0.05, 0.1, 0.8, 0.1, 0.0, 0.2, 0.8;
  m.offset = Vec3(0.01, -0.02, 0.03);
  steps.push_back(m);
  RangeStep r;
  r.min_in = 0.1;
  r.max_in = 0.9;
  r.min_out = -0.05;
  r.max_out = 1.1;
  steps.push_back(r);
  r.clamp = false;
  steps.push_back(r);
  RangeStep low;
  low.min_in = low.min_out = 0.05;
  steps.push_back(low);
  RangeStep high;
  high.max_in = high.max_out = 0.95;
  steps.push_back(high);
  LogParams affine;
  affine.base = 10.0;
  affine.log_side_slope = 0.25;
  affine.log_side_offset = 0.6;
  affine.lin_side_slope = 1.2;
  affine.lin_side_offset = 0.05;
  for (LogStyle s : {LogStyle::log10, LogStyle::antiLog10, LogStyle::log2, LogStyle::antiLog2, LogStyle::linToLog,
                     LogStyle::logToLin}) {
    steps.push_back(LogStep{s, {affine, affine, affine}});
  }
  LogParams camera = acescct_params();
  LogParams camera_slope = camera;
  camera_slope.linear_slope = 9.0;  // an explicit (discontinuous-slope) linear segment
  for (LogStyle s : {LogStyle::cameraLinToLog, LogStyle::cameraLogToLin}) {
    steps.push_back(LogStep{s, {camera, camera, camera}});
    steps.push_back(LogStep{s, {camera_slope, camera_slope, camera_slope}});
  }
  for (ExponentStyle s : {ExponentStyle::basicFwd, ExponentStyle::basicRev, ExponentStyle::basicMirrorFwd,
                          ExponentStyle::basicMirrorRev, ExponentStyle::basicPassThruFwd,
                          ExponentStyle::basicPassThruRev}) {
    steps.push_back(ExponentStep{s, {2.2, 2.4, 2.6}, {0, 0, 0}});
  }
  for (ExponentStyle s : {ExponentStyle::monCurveFwd, ExponentStyle::monCurveRev, ExponentStyle::monCurveMirrorFwd,
                          ExponentStyle::monCurveMirrorRev}) {
    steps.push_back(ExponentStep{s, {2.4, 2.2, 3.0}, {0.055, 0.099, 0.16}});
  }
  Lut1DStep lut1d;
  for (int i = 0; i < 33; ++i) {
    const float x = static_cast<float>(i) / 32.0f;
    lut1d.values.insert(lut1d.values.end(), {x * x, std::sqrt(x), 0.2f + 0.5f * x});
  }
  steps.push_back(lut1d);
  const Lut1DStep half = half_domain_lut([](float x) { return std::cbrt(x); }, {1.0f, 0.5f, -1.0f});
  steps.push_back(half);
  Lut3DStep lut3d;
  lut3d.size = 9;
  for (int ri = 0; ri < 9; ++ri) {
    for (int gi = 0; gi < 9; ++gi) {
      for (int bi = 0; bi < 9; ++bi) {
        const float r = ri / 8.0f, g = gi / 8.0f, b = bi / 8.0f;
        lut3d.values.insert(lut3d.values.end(), {r * g + 0.1f * b, std::sqrt(g) * (1 - b), r * r * b + g});
      }
    }
  }
  steps.push_back(lut3d);
  lut3d.interpolation = Interpolation3D::trilinear;
  steps.push_back(lut3d);
  CdlStep cdl;
  cdl.slope = Vec3(1.1, 0.9, 1.05);
  cdl.offset = Vec3(-0.02, 0.03, 0.0);
  cdl.power = Vec3(1.2, 0.9, 1.0);
  cdl.saturation = 1.3;
  for (CdlStyle s : {CdlStyle::Fwd, CdlStyle::Rev, CdlStyle::FwdNoClamp, CdlStyle::RevNoClamp}) {
    cdl.style = s;
    steps.push_back(cdl);
  }
  return steps;
}

TEST(PipelineVsOcio, EveryStepKindOnDenseGrid) {
  const std::vector<float> grid = dense_grid();
  for (const Step& step : every_step_kind()) {
    Pipeline p;
    p.append(step);
    const std::vector<float> ours = aceslab_eval(p, grid);
    const std::vector<float> theirs = ocio_eval(p, grid);
    std::size_t where = 0;
    const double err = max_scaled_error(ours, theirs, &where);
    EXPECT_LE(err, kOcioTol) << describe(step) << " at input " << grid[where] << " (index " << where
                             << "): aceslab " << ours[where] << " OCIO " << theirs[where];
  }
}

TEST(PipelineVsOcio, TransferFunctionsExactOrBaked) {
  // Code values over each curve's domain (decode) and scene-linear values (encode). Exact CLF
  // forms match to float precision; baked LUTs are held to kBakedTol (see clf_writer_test).
  for (const TransferFunction* tf : transfer_functions()) {
    for (Direction d : {Direction::forward, Direction::inverse}) {
      Pipeline p;
      p.append(TransferStep{tf, d});
      std::vector<float> in;
      const auto [lo, hi] = tf->code_domain();
      for (int i = 0; i <= 200; ++i) {
        const double t = i / 200.0;
        const float v = d == Direction::forward ? static_cast<float>(lo + (hi - lo) * t)
                                                : static_cast<float>(std::pow(2.0, -12.0 + 18.0 * t) - 0.001);
        in.insert(in.end(), {v, v, v});
      }
      const std::vector<float> ours = aceslab_eval(p, in);
      const std::vector<float> theirs = ocio_eval(p, in);
      // Baked decodes interpolate 16384 samples and encodes 65536 half-float samples; the measured
      // worst case over all registered curves is 2e-6 (scaled; ACEScc/LogC4 decode), see
      // clf_writer_test.
      constexpr double kBakedTol = 1e-5;
      const bool exact = tf->clf_log_decode() || tf->clf_exponent_decode() || tf->is_identity();
      std::size_t where = 0;
      EXPECT_LE(max_scaled_error(ours, theirs, &where), exact ? kOcioTol : kBakedTol)
          << tf->id() << (d == Direction::forward ? " decode" : " encode") << " at " << in[where] << ": " << ours[where]
          << " vs " << theirs[where];
    }
  }
}

// --- inversion, threads, trace -------------------------------------------------------------------

TEST(PipelineInverse, RoundTripsEveryInvertibleStep) {
  // Inputs inside every step's invertible domain ([0.1, 0.9], inside the test Range's input
  // range): clamping steps are only invertible where they do not clamp.
  const std::vector<float> grid = dense_grid(9, 0.1f, 0.9f, false);
  for (const Step& step : every_step_kind()) {
    if (std::holds_alternative<Lut3DStep>(step)) {
      Pipeline p;
      p.append(step);
      EXPECT_THROW(inverse(p), Error);
      continue;
    }
    if (const auto* log = std::get_if<LogStep>(&step); log && (log->style == LogStyle::antiLog10 ||
                                                             log->style == LogStyle::antiLog2 ||
                                                             log->style == LogStyle::logToLin)) {
      continue;  // their inverses take logs of the HDR outputs: covered by the forward styles
    }
    if (std::holds_alternative<CdlStep>(step) || std::holds_alternative<Lut1DStep>(step)) continue;  // below
    Pipeline p;
    p.append(step);
    const std::vector<float>& in = grid;
    std::vector<float> out = aceslab_eval(inverse(p), aceslab_eval(p, in));
    std::size_t where = 0;
    EXPECT_LE(max_scaled_error(out, in, &where), kRoundTripTol) << describe(step) << " at " << in[where];
  }
}

TEST(PipelineInverse, MatrixInverseIsExact) {
  MatrixStep m;
  m.m << 2, 0, 0, 0, 4, 0, 0, 0, 0.5;
  m.offset = Vec3(1, 2, 3);
  const Pipeline inv = inverse(Pipeline{}.append(m));
  const auto& im = std::get<MatrixStep>(inv.steps.at(0));
  EXPECT_DOUBLE_EQ(im.m(1, 1), 0.25);
  EXPECT_DOUBLE_EQ(im.offset[2], -6.0);
  MatrixStep singular;
  singular.m = Mat3::Zero();
  EXPECT_THROW(inverse(Pipeline{}.append(singular)), Error);
}

TEST(PipelineInverse, Lut1DNumericInverse) {
  // A monotonic 1D LUT (increasing in R and G, decreasing in B) inverts to within the error of
  // re-sampling a piecewise-linear curve at 4096+ points.
  Lut1DStep lut;
  for (int i = 0; i < 65; ++i) {
    const float x = i / 64.0f;
    lut.values.insert(lut.values.end(), {std::pow(x, 2.2f), 0.1f + 2.0f * x, 1.0f - x * x});
  }
  Pipeline p;
  p.append(lut);
  const Pipeline inv = inverse(p);
  std::vector<float> in = testing::unit_grid(9);
  const std::vector<float> back = aceslab_eval(inv, aceslab_eval(p, in));
  std::size_t where = 0;
  // Worst near x = 0 of x^2.2 (slope ~0): the inverse is steep there, so a 1/4095 sampling of
  // the output axis moves x by up to ~2e-3; elsewhere the error is ~1e-6.
  constexpr double kLut1DInverseTol = 3e-3;
  EXPECT_LE(max_scaled_error(back, in, &where), kLut1DInverseTol) << "at " << in[where];
  Lut1DStep bumpy;
  for (float v : {0.0f, 0.5f, 0.4f, 1.0f}) bumpy.values.insert(bumpy.values.end(), {v, v, v});
  EXPECT_THROW(inverse(Pipeline{}.append(bumpy)), Error);
}

TEST(PipelineInverse, HalfDomainLut1D) {
  const Lut1DStep lut = half_domain_lut([](float x) { return std::cbrt(x); });  // monotonic over all finite halves
  Pipeline p;
  p.append(lut);
  const Pipeline inv = inverse(p);
  ASSERT_TRUE(std::get<Lut1DStep>(inv.steps.at(0)).half_domain);
  std::vector<float> in = dense_grid(9, -2.0f, 30.0f);
  in.resize(3 * 9 * 9 * 9);
  const std::vector<float> back = aceslab_eval(inv, aceslab_eval(p, in));
  // Two interpolations on half-float spacing (relative 2^-11): ~1e-3 relative at worst.
  constexpr double kHalfInverseRelTol = 2e-3;
  for (std::size_t i = 0; i < in.size(); ++i) {
    EXPECT_NEAR(back[i], in[i], kHalfInverseRelTol * std::max(0.01f, std::abs(in[i]))) << i;
  }
}

TEST(PipelineInverse, CdlNoClampRoundTrip) {
  CdlStep cdl;
  cdl.slope = Vec3(1.1, 0.9, 1.05);
  cdl.offset = Vec3(-0.02, 0.03, 0.0);
  cdl.power = Vec3(1.2, 0.9, 1.0);
  cdl.saturation = 1.3;
  cdl.style = CdlStyle::FwdNoClamp;
  Pipeline p;
  p.append(cdl);
  std::vector<float> in = testing::unit_grid(9);
  in.resize(3 * 9 * 9 * 9);
  // Keep to inputs whose forward stays positive (NoClamp skips the power below zero, which is not
  // invertible after saturation mixes channels).
  std::vector<float> kept;
  std::vector<float> fwd = aceslab_eval(p, in);
  for (std::size_t i = 0; i < in.size(); i += 3) {
    const float pre[3] = {static_cast<float>(in[i] * 1.1 - 0.02), static_cast<float>(in[i + 1] * 0.9 + 0.03),
                          static_cast<float>(in[i + 2] * 1.05)};
    if (pre[0] > 0.01f && pre[1] > 0.01f && pre[2] > 0.01f && fwd[i] > 0 && fwd[i + 1] > 0 && fwd[i + 2] > 0) {
      kept.insert(kept.end(), {in[i], in[i + 1], in[i + 2]});
    }
  }
  ASSERT_GT(kept.size(), 300u);
  const std::vector<float> back = aceslab_eval(inverse(p), aceslab_eval(p, kept));
  EXPECT_LE(max_scaled_error(back, kept), kRoundTripTol);
}

TEST(PipelineInverse, TransferAndOrder) {
  const TransferFunction& tf = find_transfer_function("acescct");
  MatrixStep scale;
  scale.m = Mat3::Identity() * 2.0;
  Pipeline p;
  p.name = "test";
  p.append(TransferStep{&tf, Direction::forward}).append(scale);
  const Pipeline inv = inverse(p);
  ASSERT_EQ(inv.steps.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<MatrixStep>(inv.steps[0]));
  EXPECT_EQ(std::get<TransferStep>(inv.steps[1]).direction, Direction::inverse);
  std::vector<float> in = testing::unit_grid(9);
  EXPECT_LE(max_scaled_error(aceslab_eval(inv, aceslab_eval(p, in)), in), kRoundTripTol);
}

TEST(PipelineThreads, SameResultAsSingleThread) {
  // Large enough for several workers (the split starts at 16384 pixels per thread).
  std::vector<float> in;
  for (int i = 0; i < 3 * 200000; ++i) in.push_back(static_cast<float>((i * 7919LL) % 1000) / 800.0f - 0.1f);
  Pipeline p;
  for (const Step& s : every_step_kind()) {
    if (std::holds_alternative<MatrixStep>(s) || std::holds_alternative<Lut3DStep>(s) ||
        std::holds_alternative<CdlStep>(s)) {
      p.append(s);
    }
  }
  std::vector<float> one = in, many = in, all = in;
  aces::apply(p, std::span<float>(one), 1);
  aces::apply(p, std::span<float>(many), 4);
  aces::apply(p, std::span<float>(all), 0);
  EXPECT_EQ(testing::first_difference(one, many), static_cast<std::size_t>(-1));
  EXPECT_EQ(testing::first_difference(one, all), static_cast<std::size_t>(-1));
  std::vector<float> bad(4);
  EXPECT_THROW(aces::apply(p, std::span<float>(bad)), Error);
}

TEST(PipelineThreads, ErrorInWorkerIsRethrown) {
  Lut3DStep broken;  // size 0: invalid
  Pipeline p;
  p.append(broken);
  std::vector<float> big(3 * 100000, 0.5f);
  EXPECT_THROW(aces::apply(p, std::span<float>(big), 4), Error);
}

TEST(PipelineApply, OutputTransformStepCallsTheTransform) {
  auto ot = std::make_shared<const OutputTransform>(OutputTransformParams{});
  Pipeline p;
  p.append(OutputTransformStep{ot, Direction::forward});
  std::vector<float> in = {0.18f, 0.18f, 0.18f, 0.5f, 0.2f, 0.05f};
  std::vector<float> direct = in;
  ot->forward(direct);
  const std::vector<float> via_pipeline = aceslab_eval(p, in);
  EXPECT_EQ(testing::first_difference(via_pipeline, direct), static_cast<std::size_t>(-1));
  const Pipeline inv = inverse(p);
  EXPECT_EQ(std::get<OutputTransformStep>(inv.steps.at(0)).direction, Direction::inverse);
  // Mid-grey and a mild colour are inside the rendered volume: the inverse brings them back.
  constexpr double kOutputRoundTripTol = 1e-3;  // float32 through the CAM model and its inverse
  const std::vector<float> back = aceslab_eval(inv, via_pipeline);
  EXPECT_LE(max_scaled_error(back, in), kOutputRoundTripTol);
}

TEST(PipelineTrace, ValueAfterEachStep) {
  MatrixStep twice;
  twice.m = Mat3::Identity() * 2.0;
  Pipeline p;
  p.append(twice).append(ExponentStep{ExponentStyle::basicFwd, {2, 2, 2}, {}});
  const auto t = trace(p, {0.5f, 1.0f, 2.0f});
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0][0], 0.5f);
  EXPECT_EQ(t[1][2], 4.0f);
  EXPECT_EQ(t[2][1], 4.0f);
  EXPECT_EQ(describe(p.steps[1]), "Exponent basicFwd");
}

}  // namespace
}  // namespace aceslab::aces
