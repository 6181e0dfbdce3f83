// SPDX-License-Identifier: Apache-2.0
// Acceptance against the Academy's idt-calculator on its synthetic_001 and synthetic_003 captures:
// aceslab's IDT must reach a mean CIEDE2000 over the 24 patches no worse than the calculator's
// expected result (golden_vectors.json: M, RGB_w, k; and for synthetic_001 its 1024-entry decoding
// LUT; for synthetic_003 the LUT is rebuilt with the calculator's method, checked against the golden
// LUT of synthetic_001 and the golden RGB_w of both), evaluated the same way on the same samples.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <span>
#include <variant>

#include "idt/chart_reference.h"
#include "idt/idt_maker.h"

namespace fs = std::filesystem;
using namespace aceslab;
using namespace aceslab::idt;

namespace {

const fs::path kShared(ACESLAB_SHARED_DIR);
const fs::path kSamples = kShared / "reference/idt/idt-calculator-samples";
const fs::path kGolden = kShared / "reference/idt/golden";
// Neutral 5 (0.70 D), the patch the calculator balances and normalises on (training_data[21]).
constexpr int kNeutral5 = 21;

nlohmann::json golden() {
  std::ifstream in(kGolden / "golden_vectors.json");
  return nlohmann::json::parse(in)["idt_calculator"];
}

Eigen::Matrix3d matrix_of(const nlohmann::json& j) {
  Eigen::Matrix3d m;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) m(r, c) = j[r][c].get<double>();
  return m;
}

std::vector<double> read_lut(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::vector<double> lut;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    lut.push_back(std::stod(line));
  }
  return lut;
}

// Linear interpolation on a LUT over [0,1] (colour's LUT1D.apply with its default interpolator).
double apply_lut(const std::vector<double>& lut, double x) {
  const double pos = std::clamp(x, 0.0, 1.0) * static_cast<double>(lut.size() - 1);
  const std::size_t i = std::min(static_cast<std::size_t>(pos), lut.size() - 2);
  const double t = pos - static_cast<double>(i);
  return lut[i] * (1 - t) + lut[i + 1] * t;
}

// --- The idt-calculator's decoding LUT, rebuilt (aces/idt/generators/log_camera.py and
// base_generator.py `sort`, ampas/idt-calculator), so that synthetic_003, for which the golden
// vectors give M, RGB_w and k but not the LUT, can be evaluated as the calculator would decode it.
// Validated against the golden synthetic_001 LUT below. Steps: the neutral patches of every EV and
// their per-channel references x 2^EV, sorted by the median code; per channel a piecewise-linear
// interpolation (linear extrapolation at the ends) blended towards an exponential fitted on the
// middle codes; a Gaussian smoothing of sigma 16 entries; the median of the three channels.

// Piecewise-linear through (xs, ys) with xs increasing; linear extrapolation from the end segments.
double interpolate(const std::vector<double>& xs, const std::vector<double>& ys, double x) {
  const std::size_t n = xs.size();
  std::size_t j = 0;
  if (x >= xs[n - 1]) j = n - 2;
  else if (x > xs[0]) j = static_cast<std::size_t>(std::upper_bound(xs.begin(), xs.end(), x) - xs.begin()) - 1;
  j = std::min(j, n - 2);
  const double t = (x - xs[j]) / (xs[j + 1] - xs[j]);
  return ys[j] + t * (ys[j + 1] - ys[j]);
}

// scipy.ndimage.gaussian_filter1d (truncate 4, mode "reflect": the edge sample repeated).
std::vector<double> gaussian_filter(const std::vector<double>& y, double sigma) {
  const int radius = static_cast<int>(4.0 * sigma + 0.5);
  std::vector<double> w(static_cast<std::size_t>(2 * radius + 1));
  double sum = 0;
  for (int k = -radius; k <= radius; ++k) sum += w[static_cast<std::size_t>(k + radius)] = std::exp(-0.5 * k * k / (sigma * sigma));
  const int n = static_cast<int>(y.size());
  std::vector<double> out(y.size());
  for (int i = 0; i < n; ++i) {
    double acc = 0;
    for (int k = -radius; k <= radius; ++k) {
      int j = i + k;
      while (j < 0 || j >= n) j = j < 0 ? -j - 1 : 2 * n - j - 1;
      acc += w[static_cast<std::size_t>(k + radius)] * y[static_cast<std::size_t>(j)];
    }
    out[static_cast<std::size_t>(i)] = acc / sum;
  }
  return out;
}

std::vector<double> calculator_lut(const IdtResult& r, int size = 1024, double sigma = 16) {
  struct Row {
    Eigen::Vector3d code, reference;
  };
  std::vector<Row> rows;
  for (const auto& x : r.exposures) {
    for (int i = kColorCheckerFirstNeutral; i < kChartPatches; ++i) {
      rows.push_back({x.sample.patches[i].value, r.reference_aces[i] * std::exp2(x.ev)});
    }
  }
  auto median_of = [](const Eigen::Vector3d& v) { return std::max(std::min(v[0], v[1]), std::min(std::max(v[0], v[1]), v[2])); };
  std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) { return median_of(a.code) < median_of(b.code); });
  double max_code = 0;
  for (const Row& row : rows) max_code = std::max(max_code, row.code.maxCoeff());
  const double step = 1.0 / (size - 1);
  const int pad = static_cast<int>(sigma * 2);
  std::vector<std::vector<double>> filtered(3);
  for (int c = 0; c < 3; ++c) {
    std::vector<double> xs, ys;
    for (const Row& row : rows) {
      xs.push_back(row.code[c] * (size - 1));
      ys.push_back(row.reference[c]);
    }
    std::vector<double> table(static_cast<std::size_t>(size));
    for (int i = 0; i < size; ++i) table[static_cast<std::size_t>(i)] = interpolate(xs, ys, i);
    // The log slope of the middle codes (searchsorted on samples / size, as the calculator does).
    auto search = [&](double v) {
      int i = 0;
      while (i < size && static_cast<double>(i) / size < v) ++i;
      return i;
    };
    const int middle = search(max_code / 2 * 1.25);
    const int half = middle / 2;
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    const int n = 2 * half;
    for (int i = middle - half; i < middle + half; ++i) {
      const double ly = std::log(table[static_cast<std::size_t>(i)]);
      sx += i, sy += ly, sxx += double(i) * i, sxy += i * ly;
    }
    const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    const double offset = (sy - slope * sx) / n;
    const int left = middle - half, right = search(max_code);
    for (int i = left; i < size; ++i) {
      double t = std::clamp(double(i - left) / double(right - left), 0.0, 1.0);
      t = t * t * (3 - 2 * t);
      const double constant = i >= xs.back() ? ys.back() : table[static_cast<std::size_t>(i)];
      table[static_cast<std::size_t>(i)] = std::exp(slope * i + offset) * t + constant * (1 - t);
    }
    // Smoothing on the table extended by 2 sigma: linearly at the dark end, in log at the bright end.
    std::vector<double> lin, lg;
    std::vector<double> grid(static_cast<std::size_t>(size)), logs(static_cast<std::size_t>(size));
    for (int i = 0; i < size; ++i) {
      grid[static_cast<std::size_t>(i)] = i * step;
      logs[static_cast<std::size_t>(i)] = std::log(table[static_cast<std::size_t>(i)]);
    }
    for (int i = -pad; i < size + pad; ++i) {
      const double x = i < 0 ? i * step : (i >= size ? 1.0 + (i - size + 1) * step : i * step);
      lin.push_back(interpolate(grid, table, x));
      lg.push_back(std::exp(interpolate(grid, logs, x)));
    }
    const std::vector<double> lin_f = gaussian_filter(lin, sigma), lg_f = gaussian_filter(lg, sigma);
    const int mid = static_cast<int>(lin.size()) / 2;
    for (int i = pad; i < mid; ++i) filtered[static_cast<std::size_t>(c)].push_back(lin_f[static_cast<std::size_t>(i)]);
    for (int i = mid; i < static_cast<int>(lin.size()) - pad; ++i) filtered[static_cast<std::size_t>(c)].push_back(lg_f[static_cast<std::size_t>(i)]);
  }
  std::vector<double> lut;
  for (int i = 0; i < size; ++i) {
    const auto k = static_cast<std::size_t>(i);
    lut.push_back(median_of(Eigen::Vector3d(filtered[0][k], filtered[1][k], filtered[2][k])));
  }
  return lut;
}

// The calculator's evaluation: per patch, the decoded samples of EVs -1, 0, +1 divided by 2^EV,
// median over the EVs (its default "EV range"), then the IDT maps them to ACES2065-1.
template <typename Decode>
std::vector<solver::Observation> evaluated(const IdtResult& r, Decode decode) {
  std::vector<solver::Observation> obs;
  for (int p = 0; p < kChartPatches; ++p) {
    std::vector<Eigen::Vector3d> values;
    for (const auto& x : r.exposures) {
      if (std::abs(x.ev) > 1.0 + 1e-9) continue;
      values.push_back(decode(x.sample.patches[p].value) / std::exp2(x.ev));
    }
    Eigen::Vector3d med;
    for (int c = 0; c < 3; ++c) {
      std::vector<double> v;
      for (const auto& x : values) v.push_back(x[c]);
      std::sort(v.begin(), v.end());
      med[c] = v[v.size() / 2];
    }
    solver::Observation o;
    o.camera = med;
    o.reference_aces = r.reference_aces[p];
    obs.push_back(o);
  }
  return obs;
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

const Eigen::Vector3d kAcesWhiteXYZ(0.952646074569846, 1.0, 1.00882518435159);  // SMPTE ST 2065-1 white, Y = 1

IdtResult run(const char* set, bool joint_refinement = true) {
  const Capture capture = load_capture(kSamples / set);  // the Academy folder: chart found automatically
  IdtOptions options;
  options.joint_refinement = joint_refinement;
  IdtResult r = make_idt(capture, options);
  EXPECT_TRUE(r.usable) << r.message;
  EXPECT_TRUE(r.chart_detected);
  return r;
}

// The calculator's white balance and exposure factor on its decoded samples (log_camera.py
// `optimise`): neutral 5 of the EV-range median to its reference, balance normalised on G.
void calculator_balance(const std::vector<solver::Observation>& decoded, const IdtResult& r, Eigen::Vector3d& rgb_w, double& k) {
  rgb_w = r.reference_aces[kNeutral5].cwiseQuotient(decoded[kNeutral5].camera);
  rgb_w /= rgb_w[1];
  k = r.reference_aces[kNeutral5].mean() / decoded[kNeutral5].camera.cwiseProduct(rgb_w).mean();
}

std::vector<solver::Observation> scaled(std::vector<solver::Observation> obs, const Eigen::Vector3d& rgb_w, double k) {
  for (auto& o : obs) o.camera = o.camera.cwiseProduct(rgb_w) * k;
  return obs;
}

// CIEDE2000 of the whole aceslab IDT on the calculator's evaluation samples, evaluated as the
// calculator's is: its pipeline's first step (the LUT1D, in float as a CLF processor runs it) on each
// exposure, the median over the EVs, then its matrix (balance and exposure folded in).
std::vector<double> ours_whole(const IdtResult& r) {
  if (r.pipeline.steps.size() != 2 || !std::holds_alternative<aces::Lut1DStep>(r.pipeline.steps[0])) {
    ADD_FAILURE() << "expected LUT1D + matrix, got " << r.pipeline.steps.size() << " steps";
    return std::vector<double>(kChartPatches, 99.0);
  }
  const aces::Step lut(r.pipeline.steps[0]);
  const auto obs = evaluated(r, [&](const Eigen::Vector3d& code) {
    std::array<float, 3> rgb{static_cast<float>(code[0]), static_cast<float>(code[1]), static_cast<float>(code[2])};
    aces::apply(lut, std::span<float>(rgb));
    return Eigen::Vector3d(rgb[0], rgb[1], rgb[2]);
  });
  return solver::delta_E_2000_per_observation(r.clf_matrix, obs, kAcesWhiteXYZ);
}

double max_of(const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); }

}  // namespace

TEST(IdtCalculator, ReferenceChartMatchesGolden) {
  const IdtResult r = run("synthetic_001");
  const nlohmann::json g = golden();
  const nlohmann::json& values = g["reference_colorchecker_aces2065_1"]["values"];
  for (int p = 0; p < kChartPatches; ++p) {
    for (int c = 0; c < 3; ++c) {
      // colour-science's spectral pipeline vs IDT-maths' (tested to tighter bounds in its own tests).
      constexpr double kReferenceTolerance = 1e-4;
      EXPECT_NEAR(r.reference_aces[p][c], values[p][c].get<double>(), kReferenceTolerance) << "patch " << p;
    }
  }
}

// The rebuilt calculator LUT against its golden synthetic_001 LUT (up to the grey-card gain, a
// constant factor the calculator folds into its table and that RGB_w/k normalise away), and the
// white balance the calculator's procedure derives from it against the golden RGB_w of both sets.
TEST(IdtCalculator, RebuiltCalculatorLutMatchesGolden) {
  const IdtResult r1 = run("synthetic_001");
  const std::vector<double> golden_lut = read_lut(kGolden / "idt_calculator_synthetic_001_LUT_decoding_1024.txt");
  ASSERT_EQ(golden_lut.size(), 1024u);
  const std::vector<double> rebuilt = calculator_lut(r1);
  ASSERT_EQ(rebuilt.size(), 1024u);
  const double gain = golden_lut[512] / rebuilt[512];
  double worst = 0;
  for (int i = 120; i <= 800; ++i) {  // the codes the chart's neutrals span (0.11 .. 0.78)
    worst = std::max(worst, std::abs(std::log2(golden_lut[size_t(i)] / (gain * rebuilt[size_t(i)]))));
  }
  std::printf("rebuilt calculator LUT vs golden synthetic_001 LUT: worst %.2e stops (grey-card gain %.4f)\n", worst, gain);
  // Our patch sampler differs from colour-checker-detection's by ~1e-4 in code (0.1 % in linear);
  // a wrong step of the rebuild (no smoothing, no blend, wrong sort) costs > 0.02 stop.
  constexpr double kRebuildStops = 0.005;
  EXPECT_LT(worst, kRebuildStops);
  for (const char* set : {"synthetic_001", "synthetic_003"}) {
    const IdtResult r = std::string(set) == "synthetic_001" ? r1 : run(set);
    const std::vector<double> lut = calculator_lut(r);
    const auto decoded = evaluated(r, [&](const Eigen::Vector3d& code) {
      return Eigen::Vector3d(apply_lut(lut, code[0]), apply_lut(lut, code[1]), apply_lut(lut, code[2]));
    });
    Eigen::Vector3d rgb_w;
    double k = 0;
    calculator_balance(decoded, r, rgb_w, k);
    const nlohmann::json g = golden()[std::string(set) + "_log_camera"]["RGB_w"];
    for (int c = 0; c < 3; ++c) {
      constexpr double kBalanceTolerance = 2e-3;  // relative; same sampling difference as above
      EXPECT_NEAR(rgb_w[c], g[c].get<double>(), kBalanceTolerance * g[c].get<double>()) << set << " channel " << c;
    }
  }
}

// Point 6 of the issue: the whole aceslab IDT against the calculator's expected IDT (golden M,
// RGB_w, k and LUT for synthetic_001; golden M with the rebuilt LUT and the calculator's balance for
// synthetic_003), both evaluated on the same samples the calculator's way (EV -1..+1 median).
TEST(IdtCalculator, WholeIdtNoWorseThanCalculatorOnBothCaptures) {
  std::printf("mean / max CIEDE2000 over the 24 patches (EV -1..+1 median)\n");
  std::printf("%-14s %-19s %-19s %-19s %-19s %-19s\n", "capture", "calculator IDT", "aceslab IDT", "aceslab 2-stage",
              "calc M, our obs", "aceslab M, our obs");
  for (const char* set : {"synthetic_001", "synthetic_003"}) {
    const IdtResult r = run(set);
    const IdtResult two_stage = run(set, false);
    EXPECT_TRUE(r.joint_refined) << set;
    const nlohmann::json g = golden()[std::string(set) + "_log_camera"];
    const Eigen::Matrix3d calc_m = matrix_of(g["M"]);
    std::vector<double> calc;
    if (std::string(set) == "synthetic_001") {
      const std::vector<double> lut = read_lut(kGolden / "idt_calculator_synthetic_001_LUT_decoding_1024.txt");
      const Eigen::Vector3d rgb_w(g["RGB_w"][0].get<double>(), g["RGB_w"][1].get<double>(), g["RGB_w"][2].get<double>());
      const double k = g["k"].get<double>();
      const auto obs = evaluated(r, [&](const Eigen::Vector3d& code) {
        return Eigen::Vector3d(apply_lut(lut, code[0]), apply_lut(lut, code[1]), apply_lut(lut, code[2]));
      });
      calc = solver::delta_E_2000_per_observation(calc_m, scaled(obs, rgb_w, k), kAcesWhiteXYZ);
    } else {
      const std::vector<double> lut = calculator_lut(r);
      const auto obs = evaluated(r, [&](const Eigen::Vector3d& code) {
        return Eigen::Vector3d(apply_lut(lut, code[0]), apply_lut(lut, code[1]), apply_lut(lut, code[2]));
      });
      Eigen::Vector3d rgb_w;
      double k = 0;
      calculator_balance(obs, r, rgb_w, k);
      calc = solver::delta_E_2000_per_observation(calc_m, scaled(obs, rgb_w, k), kAcesWhiteXYZ);
    }
    const std::vector<double> ours = ours_whole(r);
    const std::vector<double> ours_two_stage = ours_whole(two_stage);
    // Matrix only: both matrices on aceslab's own decoded, balanced observations.
    std::vector<solver::Observation> same;
    for (int p = 0; p < kChartPatches; ++p) {
      solver::Observation o;
      o.camera = r.camera_linear[p].cwiseProduct(r.white_balance) * r.exposure_factor;
      o.reference_aces = r.reference_aces[p];
      same.push_back(o);
    }
    const std::vector<double> calc_same = solver::delta_E_2000_per_observation(calc_m, same, kAcesWhiteXYZ);
    const std::vector<double> ours_same = solver::delta_E_2000_per_observation(r.fit.matrix, same, kAcesWhiteXYZ);
    std::printf("%-14s %7.4f / %-9.4f %7.4f / %-9.4f %7.4f / %-9.4f %7.4f / %-9.4f %7.4f / %-9.4f\n", set, mean(calc),
                max_of(calc), mean(ours), max_of(ours), mean(ours_two_stage), max_of(ours_two_stage), mean(calc_same),
                max_of(calc_same), mean(ours_same), max_of(ours_same));
    // No allowance: the whole IDT must be at least as good as the calculator's.
    EXPECT_LE(mean(ours), mean(calc)) << set;
    EXPECT_LE(mean(ours_same), mean(calc_same)) << set;
    // The optimality bound: no worse than 1.05x the best white-preserving 3x3 on the same
    // observations (an independent fit with its default restarts).
    const solver::MatrixFitResult best = solver::fit_idt_matrix(same);
    ASSERT_TRUE(best.usable) << best.message;
    constexpr double kOptimalityRatio = 1.05;
    EXPECT_LE(mean(ours_same), kOptimalityRatio * best.mean_delta_E_2000) << set;
    // What the fit reports is what the pipeline does: the pipeline's float LUT1D against the fit's
    // double interpolation of the same table (float rounding, ~1e-7 relative in linear).
    constexpr double kReportTolerance = 1e-4;
    EXPECT_NEAR(r.fit.mean_delta_E_2000, mean(ours), kReportTolerance) << set;
    // The matrices themselves stay close: both fit the same synthetic camera.
    EXPECT_LT((r.fit.matrix - calc_m).cwiseAbs().maxCoeff(), 0.1) << set << "\n" << r.fit.matrix;
  }
}

// Determinism: the whole IDT maker on synthetic_001, twice in one process and with a different
// number of reading threads, gives bit-identical curves and matrices (the capture engineer once saw
// the mean vary between runs; any such variation is a defect).
TEST(IdtCalculator, MakeIdtIsDeterministic) {
  const Capture capture = load_capture(kSamples / "synthetic_001");
  IdtOptions one_thread;
  one_thread.threads = 1;
  IdtOptions two_threads;
  two_threads.threads = 2;
  const IdtResult a = make_idt(capture);
  const IdtResult b = make_idt(capture, one_thread);
  const IdtResult c = make_idt(capture, two_threads);
  ASSERT_TRUE(a.usable && b.usable && c.usable) << a.message << b.message << c.message;
  for (const IdtResult* r : {&b, &c}) {
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) EXPECT_EQ(a.clf_matrix(i, j), r->clf_matrix(i, j)) << i << "," << j;
    EXPECT_EQ(a.fit.mean_delta_E_2000, r->fit.mean_delta_E_2000);
    ASSERT_TRUE(a.curve && r->curve);
    EXPECT_TRUE(a.curve->lut == r->curve->lut);
    for (int p = 0; p < kChartPatches; ++p) EXPECT_EQ(a.camera_linear[p], r->camera_linear[p]) << "patch " << p;
  }
}
