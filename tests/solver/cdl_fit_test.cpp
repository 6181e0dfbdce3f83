// SPDX-License-Identifier: Apache-2.0
// The ASC CDL fit (solver/cdl_fit.h): the residual's Jacobian against Ceres' numeric one; a known
// CDL recovered from noiseless samples, then from seeded noise with outliers (the Huber loss keeps
// them from pulling the fit); too few samples and bad options refused.
#include <gtest/gtest.h>

#include <ceres/gradient_checker.h>

#include <random>

#include "color/error.h"
#include "solver/cdl_fit.h"
#include "solver/cdl_residual.h"

using namespace aceslab;
using namespace aceslab::solver;

namespace {

// A grade a colourist might set in ACEScct: warm, a little contrast, less saturation.
CdlParams known() {
  CdlParams p;
  p.slope = {1.08, 0.98, 0.92};
  p.offset = {0.012, -0.004, -0.018};
  p.power = {0.95, 1.02, 1.1};
  p.saturation = 0.85;
  return p;
}

std::vector<CdlSample> samples(const CdlParams& p, int n, double noise, double outliers, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.1, 0.8);
  std::normal_distribution<double> e(0.0, noise);
  std::uniform_real_distribution<double> o01(0.0, 1.0);
  std::vector<CdlSample> out;
  for (int i = 0; i < n; ++i) {
    CdlSample s;
    s.in = {u(rng), u(rng), u(rng)};
    s.target = apply_cdl(p, s.in);
    if (noise > 0.0) s.target += Eigen::Vector3d(e(rng), e(rng), e(rng));
    if (o01(rng) < outliers) s.target[i % 3] += 0.3;  // a colour no CDL reaches
    out.push_back(s);
  }
  return out;
}

// Recovered parameters: noiseless, to the solver's tolerance; with noise of 0.002 ACEScct (about two
// 10-bit code steps) over 400 samples and 5% outliers, within 0.01.
constexpr double kNoiselessTolerance = 1e-6;
constexpr double kNumericPrecision = 2e-4;
constexpr double kNoisyTolerance = 0.01;

void expect_near(const CdlParams& a, const CdlParams& b, double tol) {
  for (int c = 0; c < 3; ++c) {
    EXPECT_NEAR(a.slope[c], b.slope[c], tol) << "slope " << c;
    EXPECT_NEAR(a.offset[c], b.offset[c], tol) << "offset " << c;
    EXPECT_NEAR(a.power[c], b.power[c], tol) << "power " << c;
  }
  EXPECT_NEAR(a.saturation, b.saturation, tol);
}

}  // namespace

TEST(CdlFit, JacobianMatchesNumericDifferentiation) {
  const CdlSample s = samples(known(), 1, 0.0, 0.0, 1)[0];
  std::unique_ptr<ceres::CostFunction> cost(detail::CdlResidual::Create(s));
  const CdlParams p = known();
  std::vector<const double*> params = {p.slope.data(), p.offset.data(), p.power.data(), &p.saturation};
  ceres::NumericDiffOptions numeric;
  const std::vector<const ceres::Manifold*>* no_manifolds = nullptr;
  ceres::GradientChecker checker(cost.get(), no_manifolds, numeric);
  ceres::GradientChecker::ProbeResults results;
  // Ceres' numeric Jacobian is a forward difference (relative step 1e-6): on a parameter as small
  // as an offset of -0.018 its truncation error reaches ~5e-5 relative.
  EXPECT_TRUE(checker.Probe(params.data(), kNumericPrecision, &results)) << results.error_log;
}

TEST(CdlFit, RecoversAKnownCdl) {
  const CdlFitResult r = fit_cdl(samples(known(), 60, 0.0, 0.0, 7));
  ASSERT_TRUE(r.usable) << r.message;
  expect_near(r.cdl, known(), kNoiselessTolerance);
  EXPECT_LT(r.rms, 1e-8);
}

TEST(CdlFit, NoiseAndOutliers) {
  const CdlFitResult r = fit_cdl(samples(known(), 400, 0.002, 0.05, 11));
  ASSERT_TRUE(r.usable) << r.message;
  expect_near(r.cdl, known(), kNoisyTolerance);
  // Without the robust loss the outliers pull it off.
  CdlFitOptions plain;
  plain.huber_scale = 0.0;
  const CdlFitResult p = fit_cdl(samples(known(), 400, 0.002, 0.05, 11), plain);
  ASSERT_TRUE(p.usable);
  double off = 0.0;
  for (int c = 0; c < 3; ++c) off = std::max(off, std::fabs(p.cdl.offset[c] - known().offset[c]));
  EXPECT_GT(off, kNoisyTolerance);
}

TEST(CdlFit, RefusesTooLittleDataAndBadOptions) {
  const CdlFitResult r = fit_cdl(samples(known(), 3, 0.0, 0.0, 3));
  EXPECT_FALSE(r.usable);
  EXPECT_NE(r.message.find("at least 4"), std::string::npos);
  CdlFitOptions bad;
  bad.huber_scale = -1.0;
  EXPECT_THROW(fit_cdl(samples(known(), 10, 0.0, 0.0, 3), bad), Error);
}
