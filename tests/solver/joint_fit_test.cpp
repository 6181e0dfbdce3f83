// SPDX-License-Identifier: Apache-2.0
// Joint curve + matrix refinement: derivatives of its residual (ceres::GradientChecker), recovery of a
// known camera (pure log encoding, non-neutral channel gains, known matrix) from a perturbed start,
// determinism, and unusable input.
#include "solver/joint_fit.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <random>

#include "solver/curve_model.h"
#include "solver/joint_residual.h"
#include "chart_fixture.h"

namespace {

using namespace aceslab::solver;

using aceslab::solver::testing::kChart;
using aceslab::solver::testing::true_matrix;
using aceslab::solver::testing::kFirstNeutral;

// Raw channel gains of the camera before encoding (not white-balanced).
const Eigen::Vector3d kCameraGains(0.6, 1.0, 1.7);

// A pure log encoding: log2 of linear is affine in the code, so the curve model (ln L' piecewise
// linear) represents it exactly, everywhere, with no smoothness penalty.
double encode(double x) { return 0.5 + 0.07 * std::log2(x / 0.18); }
double decode(double u) { return 0.18 * std::exp2((u - 0.5) / 0.07); }

struct Shoot {
  std::vector<NeutralSeries> neutrals;
  std::vector<ChartObservation> chart;
  Eigen::Vector3d neutral5_codes;
};

// The chart with exactly neutral neutrals: the neutral-ramp term takes a neutral's ACES value as
// the camera's linear value, which is exact only when the neutral is neutral (M 1 = 1); the real
// chart's slight tints are what the joint refinement is for, but here the truth must be exact.
std::vector<Eigen::Vector3d> chart() {
  std::vector<Eigen::Vector3d> c = kChart;
  for (size_t i = kFirstNeutral; i < c.size(); ++i) c[i] = Eigen::Vector3d::Constant(c[i].mean());
  return c;
}

Shoot shoot() {
  Shoot s;
  const std::vector<Eigen::Vector3d> patches = chart();
  const Eigen::Matrix3d to_camera = true_matrix().inverse();
  auto codes_of = [&](const Eigen::Vector3d& aces, double ev) {
    const Eigen::Vector3d lin = to_camera * aces * std::exp2(ev);
    Eigen::Vector3d u;
    for (int c = 0; c < 3; ++c) u[c] = encode(kCameraGains[c] * lin[c]);
    return u;
  };
  for (int ev = -2; ev <= 2; ++ev) {
    NeutralSeries n;
    n.ev = ev;
    for (int i = kFirstNeutral; i < 24; ++i) {
      n.camera_codes.push_back(codes_of(patches[size_t(i)], ev));
      n.reference_linear.push_back(patches[size_t(i)].mean() * std::exp2(ev));
      n.reference_linear_rgb.push_back(patches[size_t(i)] * std::exp2(ev));
    }
    if (ev == 0) s.neutral5_codes = n.camera_codes[3];
    s.neutrals.push_back(n);
  }
  // Chart observations whose codes stay inside the span of the neutral ramp: below it the curve
  // model continues linearly (not as a log), so only there is the truth exactly representable.
  double lo = 1, hi = 0;
  for (const auto& n : s.neutrals)
    for (const auto& u : n.camera_codes) lo = std::min(lo, u.minCoeff()), hi = std::max(hi, u.maxCoeff());
  for (int ev = -2; ev <= 2; ++ev) {
    for (size_t p = 0; p < patches.size(); ++p) {
      ChartObservation o;
      o.codes = codes_of(patches[p], ev);
      if (o.codes.minCoeff() < lo || o.codes.maxCoeff() > hi) continue;
      o.ev = ev;
      o.reference_aces = patches[p];
      o.label = std::to_string(p);
      s.chart.push_back(o);
    }
  }
  return s;
}

// A first-stage curve disturbed away from the truth: level, slope and bends of ln L'.
CurveFitResult disturbed_curve(const Shoot& s) {
  CurveFitResult c = fit_linearisation(s.neutrals);
  EXPECT_TRUE(c.usable) << c.message;
  std::mt19937 rng(7);
  std::normal_distribution<double> jitter(0.0, 0.05);
  for (double& v : c.model.parameters) v += jitter(rng);
  return c;
}

Eigen::Matrix3d disturbed_matrix() {
  Eigen::Matrix3d m = true_matrix();
  m(0, 0) += 0.05, m(0, 2) -= 0.05;
  m(2, 1) -= 0.04, m(2, 2) += 0.04;
  return m;
}

// The recovered decode of channel c against the truth, in stops, over the ramp's codes.
double worst_curve_stops(const JointFitResult& r, const Eigen::Vector3d& gain) {
  double worst = 0;
  for (double u = 0.25; u <= 0.75; u += 0.01) {
    for (int c = 0; c < 3; ++c) {
      const double got = apply_lut_channel(r.curve, u, c) * gain[c];
      const double truth = decode(u) / kCameraGains[c];
      worst = std::max(worst, std::abs(std::log2(got / truth)));
    }
  }
  return worst;
}

// The acceptance figure for a noiseless fit: the known matrix back to 1e-6.
constexpr double kRecoveryTolerance = 1e-6;
// The LUT (4096 entries, linear interpolation, float) of an exponential with 1/0.07 stops per code
// unit: interpolation error ~ (h ln2 / 0.07)^2 / 8 = 4e-6 relative, plus float rounding.
constexpr double kLutStops = 2e-5;

}  // namespace

TEST(JointFit, RecoversKnownCameraFromDisturbedStart) {
  const Shoot s = shoot();
  ASSERT_GT(s.chart.size(), 60u);  // most patches of the 5 exposures are usable
  const CurveFitResult start = disturbed_curve(s);
  const Eigen::Vector3d start_gain(1.1, 0.9, 0.7);
  const JointFitResult r = refine_curve_and_matrix(start, start_gain, disturbed_matrix(), s.neutrals, s.chart, s.neutral5_codes);
  ASSERT_TRUE(r.usable) << r.message;
  EXPECT_LT((r.matrix - true_matrix()).cwiseAbs().maxCoeff(), kRecoveryTolerance) << r.matrix << "\n" << r.solver_summary;
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(r.matrix.row(i).sum(), 1.0, 1e-12);
  EXPECT_LT(worst_curve_stops(r, r.channel_gain), kLutStops);
  EXPECT_LT(r.final_cost, 1e-12 * r.initial_cost) << r.solver_summary;
  EXPECT_LT(r.curve.rms_log_error, 1e-6);
  // The LUT keeps its contract: strictly increasing, neutral 5 at EV 0 balanced.
  for (int c = 0; c < 3; ++c)
    for (size_t i = 1; i < r.curve.lut.size() / 3; ++i) ASSERT_GT(r.curve.lut[i * 3 + size_t(c)], r.curve.lut[(i - 1) * 3 + size_t(c)]);
  const double g = apply_lut_channel(r.curve, s.neutral5_codes[1], 1);
  EXPECT_NEAR(apply_lut_channel(r.curve, s.neutral5_codes[0], 0) / g, 1.0, 1e-4);
  EXPECT_NEAR(apply_lut_channel(r.curve, s.neutral5_codes[2], 2) / g, 1.0, 1e-4);
}

// The noise the first stage measured sets the smoothness here too (smoothness + noise_smoothness x
// noise_stops^2); the penalty is zero on a log encoding's curve, so the recovery is as exact.
TEST(JointFit, MeasuredNoiseStiffensTheCurve) {
  const Shoot s = shoot();
  CurveFitResult start = disturbed_curve(s);
  start.noise_stops = 0.005;
  const JointFitOptions opts;
  const JointFitResult r = refine_curve_and_matrix(start, Eigen::Vector3d(1.1, 0.9, 0.7), disturbed_matrix(), s.neutrals,
                                                   s.chart, s.neutral5_codes, opts);
  ASSERT_TRUE(r.usable) << r.message;
  EXPECT_DOUBLE_EQ(r.smoothness, opts.curve.smoothness + opts.curve.noise_smoothness * 0.005 * 0.005);
  EXPECT_GT(r.smoothness, 1000.0 * opts.curve.smoothness);
  EXPECT_EQ(r.curve.smoothness, r.smoothness);
  EXPECT_LT((r.matrix - true_matrix()).cwiseAbs().maxCoeff(), kRecoveryTolerance) << r.matrix;
  EXPECT_LT(worst_curve_stops(r, r.channel_gain), kLutStops);
}

TEST(JointFit, SameInputGivesBitIdenticalResult) {
  const Shoot s = shoot();
  const CurveFitResult start = disturbed_curve(s);
  const Eigen::Vector3d gain(1.1, 0.9, 0.7);
  const JointFitResult a = refine_curve_and_matrix(start, gain, disturbed_matrix(), s.neutrals, s.chart, s.neutral5_codes);
  const JointFitResult b = refine_curve_and_matrix(start, gain, disturbed_matrix(), s.neutrals, s.chart, s.neutral5_codes);
  ASSERT_TRUE(a.usable && b.usable);
  EXPECT_TRUE(a.matrix == b.matrix);
  EXPECT_TRUE(a.curve.lut == b.curve.lut);
  EXPECT_TRUE(a.channel_gain == b.channel_gain);
}

// GradientChecker's own verdict is entry by entry relative: a code next to a knot has a derivative
// of 1e-7 against that knot's slope where its neighbours' are 0.3, and no finite difference resolves
// 1e-7 of a residual of 10 to 1e-5 relative. So every entry is held to the precision relative to
// the largest derivative of its residual row within the same parameter block (same units).
bool agree(const ceres::GradientChecker::ProbeResults& r, double precision) {
  for (std::size_t b = 0; b < r.jacobians.size(); ++b) {
    const auto& user = r.jacobians[b];
    const auto& numeric = r.numeric_jacobians[b];
    for (Eigen::Index i = 0; i < user.rows(); ++i) {
      const double scale = std::max(numeric.row(i).cwiseAbs().maxCoeff(), 1e-12);
      for (Eigen::Index j = 0; j < user.cols(); ++j) {
        if (!(std::abs(user(i, j) - numeric(i, j)) <= precision * scale)) return false;
      }
    }
  }
  return true;
}

TEST(JointFit, GradientCheckerAcceptsAutoDiffJacobians) {
  const Shoot s = shoot();
  const CurveFitResult start = disturbed_curve(s);
  const detail::Curve curve(start.model.knots);
  const auto frame = detail::ErrorSpaceFrame::make(MatrixFitOptions{}.lab_white_XYZ);
  std::vector<double> p = start.model.parameters;
  double gain_r = -0.3, gain_b = 0.4;
  std::vector<double> m = detail::matrix_to_parameters(disturbed_matrix(), true);
  const std::vector<const double*> blocks = {p.data(), &gain_r, &gain_b, m.data()};
  constexpr double kRelativePrecision = 1e-5;
  int probes = 0;
  for (auto space : {ErrorSpace::delta_E_2000, ErrorSpace::delta_E_76, ErrorSpace::oklab, ErrorSpace::jzazbz}) {
    // Jz az bz raises the PQ curve to the power 134 (p = 1.7 x 2523/32), which costs the numeric
    // side about an extra digit (as in the matrix fit's check).
    const double precision = space == ErrorSpace::jzazbz ? 5e-4 : kRelativePrecision;
    for (size_t i = 0; i < s.chart.size(); i += 7) {  // patches of every exposure, spread over the codes
      std::unique_ptr<ceres::CostFunction> cost(detail::make_chart_cost(&curve, s.chart[i], space, frame));
      // Ridders' method from a small first step: the CIELAB cube root / linear seam and the curve's
      // clamped extrapolation are closer than the default 1 % step.
      ceres::NumericDiffOptions numeric;
      numeric.ridders_relative_initial_step_size = 1e-5;
      const std::vector<const ceres::Manifold*>* no_manifolds = nullptr;
      ceres::GradientChecker checker(cost.get(), no_manifolds, numeric);
      ceres::GradientChecker::ProbeResults results;
      checker.Probe(blocks.data(), precision, &results);
      ASSERT_EQ(results.jacobians.size(), 4u);
      EXPECT_TRUE(agree(results, precision)) << error_space_id(space) << " observation " << i << "\n"
                                                      << results.error_log;
      // The check can fail: a derivative off by 0.1 % (the largest one of the matrix block) is caught.
      ceres::GradientChecker::ProbeResults wrong = results;
      Eigen::Index row = 0, col = 0;
      wrong.jacobians[3].cwiseAbs().maxCoeff(&row, &col);
      wrong.jacobians[3](row, col) *= 1.001;
      EXPECT_FALSE(agree(wrong, precision));
      ++probes;
    }
  }
  EXPECT_GT(probes, 30);
  // The neutral-ramp residual with its gain block, as the refinement uses it (scaled to colour units).
  for (int c : {0, 2}) {
    auto* functor = new detail::ObservationResidual{&curve, 0.45, std::log2(0.2), true, 10.0};
    ceres::DynamicAutoDiffCostFunction<detail::ObservationResidual, 8> cost(functor);
    cost.AddParameterBlock(curve.knots() + 1);
    cost.AddParameterBlock(1);
    cost.SetNumResiduals(1);
    const std::vector<const double*> nb = {p.data(), c == 0 ? &gain_r : &gain_b};
    const std::vector<const ceres::Manifold*>* none = nullptr;
    ceres::GradientChecker checker(&cost, none, ceres::NumericDiffOptions{});
    ceres::GradientChecker::ProbeResults results;
    checker.Probe(nb.data(), kRelativePrecision, &results);
    EXPECT_TRUE(agree(results, kRelativePrecision)) << results.error_log;
  }
}

TEST(JointFit, UnusableInputIsReportedNotThrown) {
  const Shoot s = shoot();
  const CurveFitResult start = fit_linearisation(s.neutrals);
  const std::vector<ChartObservation> two(s.chart.begin(), s.chart.begin() + 2);
  const JointFitResult a = refine_curve_and_matrix(start, Eigen::Vector3d::Ones(), true_matrix(), s.neutrals, two, s.neutral5_codes);
  EXPECT_FALSE(a.usable);
  EXPECT_NE(a.message.find("at least 3 chart observations"), std::string::npos) << a.message;
  std::vector<ChartObservation> bad = s.chart;
  bad[4].codes[1] = std::nan("");
  const JointFitResult b = refine_curve_and_matrix(start, Eigen::Vector3d::Ones(), true_matrix(), s.neutrals, bad, s.neutral5_codes);
  EXPECT_FALSE(b.usable);
  EXPECT_NE(b.message.find("observation 4"), std::string::npos) << b.message;
  const JointFitResult c = refine_curve_and_matrix(CurveFitResult{}, Eigen::Vector3d::Ones(), true_matrix(), s.neutrals, s.chart,
                                                   s.neutral5_codes);
  EXPECT_FALSE(c.usable);
  EXPECT_NE(c.message.find("no usable first-stage curve"), std::string::npos) << c.message;
}
