// SPDX-License-Identifier: Apache-2.0
// The IDT matrix fit: recovery of a known matrix, derivatives, optimality against an independent
// search, robustness, and unusable input.
#include "solver/matrix_fit.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "color/chromaticity.h"
#include "color/error.h"
#include "solver/matrix_residual.h"
#include "chart_fixture.h"

namespace {

using namespace aceslab::solver;

using aceslab::solver::testing::kChart;
using aceslab::solver::testing::true_matrix;


std::vector<Observation> noiseless(const Eigen::Matrix3d& m) {
  std::vector<Observation> obs;
  const Eigen::Matrix3d inverse = m.inverse();
  for (size_t i = 0; i < kChart.size(); ++i) obs.push_back({inverse * kChart[i], kChart[i], 1.0, std::to_string(i)});
  return obs;
}

// The brief's acceptance figure: a noiseless fit returns the known matrix to 1e-6.
constexpr double kRecoveryTolerance = 1e-6;

TEST(MatrixFit, RecoversKnownMatrixInEverySpace) {
  for (auto space : {ErrorSpace::delta_E_2000, ErrorSpace::delta_E_76, ErrorSpace::oklab, ErrorSpace::jzazbz}) {
    MatrixFitOptions opts;
    opts.space = space;
    const auto fit = fit_idt_matrix(noiseless(true_matrix()), opts);
    ASSERT_TRUE(fit.usable) << fit.message;
    EXPECT_LT((fit.matrix - true_matrix()).cwiseAbs().maxCoeff(), kRecoveryTolerance)
        << error_space_id(space) << "\n" << fit.matrix << "\n" << fit.solver_summary;
    EXPECT_LT(fit.max_delta_E_2000, 1e-4) << error_space_id(space);
    EXPECT_EQ(fit.delta_E_2000.size(), kChart.size());
  }
}

TEST(MatrixFit, RecoversKnownMatrixFromIdentityStart) {
  // The default start (linear least squares) is already exact on noiseless data; start Ceres from
  // the identity, without restarts, so that the perceptual solve itself has to find the matrix.
  for (auto space : {ErrorSpace::delta_E_2000, ErrorSpace::delta_E_76, ErrorSpace::oklab, ErrorSpace::jzazbz}) {
    MatrixFitOptions opts;
    opts.space = space;
    opts.restarts = 0;
    opts.initial = Eigen::Matrix3d::Identity();
    const auto fit = fit_idt_matrix(noiseless(true_matrix()), opts);
    ASSERT_TRUE(fit.usable) << fit.message;
    EXPECT_LT((fit.matrix - true_matrix()).cwiseAbs().maxCoeff(), kRecoveryTolerance)
        << error_space_id(space) << "\n" << fit.matrix << "\n" << fit.solver_summary;
  }
}

TEST(MatrixFit, WhiteIsPreservedExactly) {
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0.0, 0.02);
  auto obs = noiseless(true_matrix());
  for (auto& o : obs) o.camera = o.camera.cwiseProduct(Eigen::Vector3d(1 + noise(rng), 1 + noise(rng), 1 + noise(rng)));
  const auto fit = fit_idt_matrix(obs);
  ASSERT_TRUE(fit.usable) << fit.message;
  const Eigen::Vector3d white = fit.matrix * Eigen::Vector3d::Ones();
  EXPECT_NEAR((white - Eigen::Vector3d::Ones()).cwiseAbs().maxCoeff(), 0.0, 1e-14);
}

TEST(MatrixFit, SeededNoiseStaysCloseToTruth) {
  // 1 % multiplicative noise per channel (a well-exposed chart read through patch averaging)
  // moves the matrix by a few 1e-3; 0.03 per entry is a bound that a wrong fit blows through.
  constexpr double kNoisyTolerance = 0.03;
  std::mt19937 rng(12345);
  std::normal_distribution<double> noise(0.0, 0.01);
  auto obs = noiseless(true_matrix());
  for (auto& o : obs) o.camera = o.camera.cwiseProduct(Eigen::Vector3d(1 + noise(rng), 1 + noise(rng), 1 + noise(rng)));
  const auto fit = fit_idt_matrix(obs);
  ASSERT_TRUE(fit.usable) << fit.message;
  EXPECT_LT((fit.matrix - true_matrix()).cwiseAbs().maxCoeff(), kNoisyTolerance) << fit.matrix;
  EXPECT_LT(fit.mean_delta_E_2000, 1.0);
  EXPECT_GT(fit.mean_delta_E_2000, 0.0);
  // worst is a permutation sorted by decreasing error
  ASSERT_EQ(fit.worst.size(), obs.size());
  EXPECT_DOUBLE_EQ(fit.delta_E_2000[size_t(fit.worst[0])], fit.max_delta_E_2000);
}

TEST(MatrixFit, SameInputGivesBitIdenticalMatrix) {
  // A professional tool must be reproducible: the restarts are seeded and the solver runs on one
  // thread, so the same observations give the same matrix to the last bit, also when the first fit
  // ran on other data in between (no state carried between calls).
  std::mt19937 rng(777);
  std::normal_distribution<double> noise(0.0, 0.02);
  auto obs = noiseless(true_matrix());
  for (auto& o : obs) o.camera = o.camera.cwiseProduct(Eigen::Vector3d(1 + noise(rng), 1 + noise(rng), 1 + noise(rng)));
  const auto first = fit_idt_matrix(obs);
  const auto other = fit_idt_matrix(noiseless(true_matrix()));
  const auto second = fit_idt_matrix(obs);
  ASSERT_TRUE(first.usable && other.usable && second.usable);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) EXPECT_EQ(first.matrix(i, j), second.matrix(i, j)) << i << "," << j;
  EXPECT_EQ(first.final_cost, second.final_cost);
  EXPECT_EQ(first.mean_delta_E_2000, second.mean_delta_E_2000);
}

TEST(MatrixFit, HuberResistsAnOutlier) {
  // One patch misread by 40 % in red: plain least squares bends the matrix towards it, the
  // Huber loss keeps the other 23 patches right.
  auto obs = noiseless(true_matrix());
  obs[6].camera[0] *= 1.4;
  MatrixFitOptions robust;
  robust.huber_scale = 1.0;
  MatrixFitOptions plain;
  plain.huber_scale = 0.0;
  const auto r = fit_idt_matrix(obs, robust);
  const auto p = fit_idt_matrix(obs, plain);
  ASSERT_TRUE(r.usable && p.usable);
  const double r_err = (r.matrix - true_matrix()).cwiseAbs().maxCoeff();
  const double p_err = (p.matrix - true_matrix()).cwiseAbs().maxCoeff();
  EXPECT_LT(r_err, 0.5 * p_err) << "robust " << r_err << " plain " << p_err;
  EXPECT_EQ(r.worst[0], 6);
}

TEST(MatrixFit, GradientCheckerAcceptsAutoDiffJacobians) {
  std::mt19937 rng(99);
  // Parameters near the solution (a fit is evaluated there): CIEDE2000 itself is discontinuous
  // where the two hues are 180 degrees apart (Sharma et al. 2005, section 3), so far-off matrices
  // could put a central difference across that seam.
  std::normal_distribution<double> jitter(0.0, 0.02);
  const auto frame = detail::ErrorSpaceFrame::make(MatrixFitOptions{}.lab_white_XYZ);
  for (auto space : {ErrorSpace::delta_E_2000, ErrorSpace::delta_E_76, ErrorSpace::oklab, ErrorSpace::jzazbz}) {
    for (bool preserve : {true, false}) {
      MatrixFitOptions opts;
      opts.space = space;
      opts.preserve_white = preserve;
      for (int trial = 0; trial < 12; ++trial) {  // every chart patch once per space
        const Eigen::Vector3d ref = kChart[size_t(trial) * 2 + (preserve ? 0 : 1)];
        Observation o{true_matrix().inverse() * ref, ref, 1.0, ""};
        std::unique_ptr<ceres::CostFunction> cost(detail::make_matrix_cost(o, opts, frame));
        Eigen::Matrix3d m = true_matrix();
        for (int i = 0; i < 9; ++i) m(i / 3, i % 3) += jitter(rng);
        std::vector<double> p = detail::matrix_to_parameters(m, preserve);
        std::vector<const double*> blocks = {p.data()};
        // GradientChecker differentiates with Ridders' method from a 1 % step by default; the
        // CIELAB cube root / linear seam and near-neutral hues are closer than that, so start small.
        ceres::NumericDiffOptions numeric;
        numeric.ridders_relative_initial_step_size = 1e-5;
        const std::vector<const ceres::Manifold*>* no_manifolds = nullptr;
        ceres::GradientChecker checker(cost.get(), no_manifolds, numeric);
        ceres::GradientChecker::ProbeResults results;
        // Relative agreement of the numeric derivative; Jz az bz raises the PQ curve to the power
        // 134 (p = 1.7 x 2523/32), which costs the numeric side about an extra digit.
        const double precision = space == ErrorSpace::jzazbz ? 5e-4 : 1e-5;
        EXPECT_TRUE(checker.Probe(blocks.data(), precision, &results))
            << error_space_id(space) << " preserve=" << preserve << "\n" << results.error_log;
      }
    }
  }
}

// Mean CIEDE2000 of a white-preserving matrix given by 6 parameters.
double mean_dE(const std::vector<Observation>& obs, const double* p) {
  const auto dE = delta_E_2000_per_observation(detail::parameters_to_matrix(p, true), obs,
                                               MatrixFitOptions{}.lab_white_XYZ);
  return std::accumulate(dE.begin(), dE.end(), 0.0) / double(dE.size());
}

// Plain Nelder-Mead (Lagarias et al. 1998 coefficients) on the mean CIEDE2000: a different
// solver on the figure the acceptance criterion measures.
std::vector<double> nelder_mead(const std::vector<Observation>& obs, std::vector<double> start, double step) {
  const int n = 6;
  std::vector<std::vector<double>> simplex(n + 1, start);
  for (int i = 0; i < n; ++i) simplex[size_t(i) + 1][size_t(i)] += step;
  std::vector<double> f(n + 1);
  for (int i = 0; i <= n; ++i) f[size_t(i)] = mean_dE(obs, simplex[size_t(i)].data());
  for (int iter = 0; iter < 6000; ++iter) {
    std::vector<int> order(n + 1);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return f[size_t(a)] < f[size_t(b)]; });
    auto s2 = simplex;
    auto f2 = f;
    for (int i = 0; i <= n; ++i) {
      simplex[size_t(i)] = s2[size_t(order[size_t(i)])];
      f[size_t(i)] = f2[size_t(order[size_t(i)])];
    }
    if (f[n] - f[0] < 1e-12) break;
    std::vector<double> centroid(n, 0.0);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) centroid[size_t(j)] += simplex[size_t(i)][size_t(j)] / n;
    auto along = [&](double t) {
      std::vector<double> x(n);
      for (int j = 0; j < n; ++j) x[size_t(j)] = centroid[size_t(j)] + t * (simplex[n][size_t(j)] - centroid[size_t(j)]);
      return x;
    };
    const auto xr = along(-1.0);
    const double fr = mean_dE(obs, xr.data());
    if (fr < f[0]) {
      const auto xe = along(-2.0);
      const double fe = mean_dE(obs, xe.data());
      if (fe < fr) simplex[n] = xe, f[n] = fe;
      else simplex[n] = xr, f[n] = fr;
    } else if (fr < f[n - 1]) {
      simplex[n] = xr, f[n] = fr;
    } else {
      const auto xc = fr < f[n] ? along(-0.5) : along(0.5);
      const double fc = mean_dE(obs, xc.data());
      if (fc < std::min(fr, f[n])) {
        simplex[n] = xc, f[n] = fc;
      } else {
        for (int i = 1; i <= n; ++i) {
          for (int j = 0; j < n; ++j)
            simplex[size_t(i)][size_t(j)] = simplex[0][size_t(j)] + 0.5 * (simplex[size_t(i)][size_t(j)] - simplex[0][size_t(j)]);
          f[size_t(i)] = mean_dE(obs, simplex[size_t(i)].data());
        }
      }
    }
  }
  return simplex[size_t(std::min_element(f.begin(), f.end()) - f.begin())];
}

TEST(MatrixFit, AsGoodAsAnIndependentMultiStartSearch) {
  // A camera that no 3x3 can make colorimetric: per-patch non-linear crosstalk plus noise, so the
  // best achievable mean dE00 is well above 0. The Ceres fit must come within 5 % of the best
  // mean dE00 found by Nelder-Mead restarted from 20 seeded random points.
  constexpr double kOptimalityRatio = 1.05;
  std::mt19937 rng(2024);
  std::normal_distribution<double> noise(0.0, 0.03);
  std::vector<Observation> obs;
  const Eigen::Matrix3d inverse = true_matrix().inverse();
  for (const auto& ref : kChart) {
    Eigen::Vector3d cam = inverse * ref;
    cam[0] += 0.15 * cam[1] * cam[2] / (cam.sum() + 1e-3);  // crosstalk no matrix can undo
    cam = cam.cwiseProduct(Eigen::Vector3d(1 + noise(rng), 1 + noise(rng), 1 + noise(rng)));
    obs.push_back({cam, ref, 1.0, ""});
  }
  const auto fit = fit_idt_matrix(obs);
  ASSERT_TRUE(fit.usable) << fit.message;
  std::uniform_real_distribution<double> u(-0.5, 0.5);
  double best = 1e9;
  for (int start = 0; start < 20; ++start) {
    std::vector<double> p = detail::matrix_to_parameters(Eigen::Matrix3d::Identity(), true);
    for (double& v : p) v += u(rng);
    for (int polish = 0; polish < 3; ++polish) p = nelder_mead(obs, p, polish == 0 ? 0.2 : 0.02);
    best = std::min(best, mean_dE(obs, p.data()));
  }
  EXPECT_GT(best, 0.3) << "the test data must not be exactly solvable";
  EXPECT_LE(fit.mean_delta_E_2000, kOptimalityRatio * best)
      << "ceres " << fit.mean_delta_E_2000 << " vs Nelder-Mead " << best;
  // The reported cost is the cost of the reported matrix.
  EXPECT_NEAR(matrix_fit_cost(fit.matrix, obs, MatrixFitOptions{}), fit.final_cost, 1e-9 * (1 + fit.final_cost));
}

TEST(MatrixFit, UnusableInputIsReportedNotThrown) {
  std::vector<Observation> two(2, Observation{{0.2, 0.2, 0.2}, {0.2, 0.2, 0.2}, 1.0, "grey"});
  const auto a = fit_idt_matrix(two);
  EXPECT_FALSE(a.usable);
  EXPECT_NE(a.message.find("at least 3"), std::string::npos) << a.message;
  auto obs = noiseless(true_matrix());
  obs[3].camera[1] = std::numeric_limits<double>::quiet_NaN();
  obs[3].label = "foliage";
  const auto b = fit_idt_matrix(obs);
  EXPECT_FALSE(b.usable);
  EXPECT_NE(b.message.find("foliage"), std::string::npos) << b.message;
  MatrixFitOptions bad;
  bad.huber_scale = -1;
  EXPECT_THROW(fit_idt_matrix(noiseless(true_matrix()), bad), aceslab::Error);
}

TEST(MatrixFit, ErrorSpaceIds) {
  for (auto s : {ErrorSpace::delta_E_2000, ErrorSpace::delta_E_76, ErrorSpace::oklab, ErrorSpace::jzazbz})
    EXPECT_EQ(parse_error_space(error_space_id(s)), s);
  EXPECT_THROW(parse_error_space("cie94"), aceslab::Error);
}

}  // namespace
