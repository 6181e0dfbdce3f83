// SPDX-License-Identifier: Apache-2.0
// Linearisation fit: recover known encodings from synthetic neutral series shot at several
// exposures by a camera that is not white-balanced.
#include "solver/curve_fit.h"

#include <gtest/gtest.h>

#include <array>

#include <cmath>
#include <functional>
#include <random>

namespace {

using namespace aceslab::solver;

// Neutral reflectances of the ColorChecker (white 9.5 .. black 2), roughly as the chart reads.
const double kNeutrals[6] = {0.87, 0.57, 0.35, 0.20, 0.094, 0.037};

// Sony S-Log3 (Sony, "Technical Summary for S-Gamut3.Cine/S-Log3 and S-Gamut3/S-Log3", 2014):
// scene-linear reflectance -> code value in [0, 1].
double slog3(double x) {
  if (x >= 0.01125) return (420.0 + std::log10((x + 0.01) / (0.18 + 0.01)) * 261.5) / 1023.0;
  return (x * (171.2102946929 - 95.0) / 0.01125 + 95.0) / 1023.0;
}
double slog3_inverse(double y) {
  const double cv = y * 1023.0;
  if (cv >= 171.2102946929) return std::pow(10.0, (cv - 420.0) / 261.5) * (0.18 + 0.01) - 0.01;
  return (cv - 95.0) * 0.01125 / (171.2102946929 - 95.0);
}
// A pure gamma 2.4 camera with its white at linear 16.
double gamma24(double x) { return std::pow(std::max(x, 0.0) / 16.0, 1.0 / 2.4); }
double gamma24_inverse(double y) { return 16.0 * std::pow(y, 2.4); }

// Camera channel gains before encoding: strongly non-neutral (tungsten-balanced sensor in daylight).
const Eigen::Vector3d kCameraGains(0.55, 1.0, 1.9);

// With `with_sigma`, each code carries its standard error (noise_stops through the encoding's slope),
// as the IDT maker gives it from the spread of a patch's pixels.
std::vector<NeutralSeries> synthesise(const std::function<double(double)>& encode, double noise_stops,
                                      unsigned seed, bool with_sigma = false) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, noise_stops);
  std::vector<NeutralSeries> out;
  for (int ev = -3; ev <= 3; ++ev) {
    NeutralSeries s;
    s.ev = ev;
    for (double r : kNeutrals) {
      const double exposure = r * std::exp2(ev);
      Eigen::Vector3d code;
      Eigen::Vector3d sigma;
      for (int c = 0; c < 3; ++c) {
        const double x = kCameraGains[c] * exposure;
        code[c] = std::min(1.0, encode(x * std::exp2(noise(rng))));
        constexpr double h = 1e-6;  // stops
        sigma[c] = noise_stops * (encode(x * std::exp2(h)) - encode(x * std::exp2(-h))) / (2 * h);
      }
      s.camera_codes.push_back(code);
      if (with_sigma) s.code_sigma.push_back(sigma);
      s.reference_linear.push_back(exposure);
    }
    out.push_back(s);
  }
  return out;
}

// Worst relative error (in stops) of the LUT against the true inverse over the code range the data
// covered, per channel, after the white balance the camera needs (1 / gain, relative to G).
double worst_stops(const CurveFitResult& fit, const std::function<double(double)>& decode,
                   const std::function<double(double)>& encode) {
  double worst = 0.0;
  for (int c = 0; c < 3; ++c) {
    // Span of this channel's codes in the synthetic data.
    const double lo = encode(kCameraGains[c] * kNeutrals[5] * std::exp2(-3));
    const double hi = std::min(0.99, encode(kCameraGains[c] * kNeutrals[0] * std::exp2(3)));
    for (int i = 0; i <= 200; ++i) {
      const double code = lo + (hi - lo) * i / 200.0;
      const double truth = decode(code) / kCameraGains[c];
      const double got = apply_lut_channel(fit, code, c);
      if (truth <= 0.0 || got <= 0.0) return 99.0;
      worst = std::max(worst, std::abs(std::log2(got / truth)));
    }
  }
  return worst;
}

// Noiseless data of a smooth encoding: the curve passes within 0.01 stop (0.7 %) of the truth
// everywhere between the darkest and brightest patch, for every channel. A 4096-entry LUT with
// linear interpolation alone costs < 1e-4 stop on these curves.
constexpr double kNoiselessStops = 0.01;
// S-Log3 is not C1: its derivative jumps by ~25 % where the linear toe meets the log segment
// (code 171.2/1023), which a C1 curve can only round off: 0.02 stop (1.4 %) there.
constexpr double kSLog3Stops = 0.02;
// White balance recovered to 0.2 %.
constexpr double kWhiteBalanceTolerance = 2e-3;

TEST(CurveFit, RecoversSLog3WithNonNeutralWhiteBalance) {
  const auto fit = fit_linearisation(synthesise(slog3, 0.0, 1));
  ASSERT_TRUE(fit.usable) << fit.message;
  EXPECT_LT(fit.rms_log_error, 3e-3) << fit.solver_summary;
  EXPECT_LT(worst_stops(fit, slog3_inverse, slog3), kSLog3Stops);
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(fit.white_balance[c], kCameraGains[1] / kCameraGains[c], kWhiteBalanceTolerance * fit.white_balance[c]);
  EXPECT_EQ(fit.lut.size(), 4096u * 3u);
}

TEST(CurveFit, RecoversGamma24) {
  const auto fit = fit_linearisation(synthesise(gamma24, 0.0, 2));
  ASSERT_TRUE(fit.usable) << fit.message;
  EXPECT_LT(worst_stops(fit, gamma24_inverse, gamma24), kNoiselessStops) << fit.solver_summary;
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(fit.white_balance[c], kCameraGains[1] / kCameraGains[c], kWhiteBalanceTolerance * fit.white_balance[c]);
}

TEST(CurveFit, SeededNoise) {
  // 0.02 stop of noise on every patch reading: the curve stays within 0.06 stop of the truth
  // (worst point, usually at the ends of the data range where fewer samples constrain it).
  constexpr double kNoisyStops = 0.06;
  const auto fit = fit_linearisation(synthesise(slog3, 0.02, 3));
  ASSERT_TRUE(fit.usable) << fit.message;
  EXPECT_GT(fit.rms_log_error, 0.005);  // the noise is seen ...
  EXPECT_LT(fit.rms_log_error, 0.03);   // ... and not over-fitted into wiggles
  EXPECT_LT(worst_stops(fit, slog3_inverse, slog3), kNoisyStops);
}

TEST(CurveFit, LutIsMonotonicAndNeutral5Balanced) {
  const auto series = synthesise(slog3, 0.0, 4);
  const auto fit = fit_linearisation(series);
  ASSERT_TRUE(fit.usable) << fit.message;
  for (int c = 0; c < 3; ++c)
    for (size_t i = 1; i < fit.lut.size() / 3; ++i) ASSERT_GT(fit.lut[i * 3 + size_t(c)], fit.lut[(i - 1) * 3 + size_t(c)]);
  const auto& ev0 = series[3];  // EV 0
  ASSERT_EQ(ev0.ev, 0.0);
  const double g = apply_lut_channel(fit, ev0.camera_codes[3][1], 1);
  // Exact by construction up to LUT interpolation and float storage.
  EXPECT_NEAR(apply_lut_channel(fit, ev0.camera_codes[3][0], 0) / g, 1.0, 1e-4);
  EXPECT_NEAR(apply_lut_channel(fit, ev0.camera_codes[3][2], 2) / g, 1.0, 1e-4);
  EXPECT_NEAR(g, kNeutrals[3], 0.01 * kNeutrals[3]);
}

TEST(CurveFit, ClippedHighlightsAreIgnored) {
  // Push exposure so the brightest patches clip at 1.0: those samples must not bend the curve.
  auto series = synthesise([](double x) { return slog3(4.0 * x); }, 0.0, 5);
  const auto fit = fit_linearisation(series);
  ASSERT_TRUE(fit.usable) << fit.message;
  EXPECT_LT(fit.rms_log_error, 3e-3);
  EXPECT_LT(fit.code_max, 0.995);
}

TEST(CurveFit, PerChannelReferenceOfTintedNeutrals) {
  // A real chart's neutrals are slightly tinted (the ColorChecker black is ~4 % bluer than its white
  // in ACES). Given per-channel references, the fit sees consistent data and recovers the curve as
  // from perfect neutrals; handed only the channel mean, the tint shows up as residual.
  const std::array<Eigen::Vector3d, 6> kTint = {Eigen::Vector3d(1.00, 1.0, 0.99), Eigen::Vector3d(0.99, 1.0, 1.00),
                                                Eigen::Vector3d(1.00, 1.0, 1.01), Eigen::Vector3d(0.99, 1.0, 1.01),
                                                Eigen::Vector3d(0.98, 1.0, 1.03), Eigen::Vector3d(0.97, 1.0, 1.04)};
  auto tinted = synthesise(slog3, 0.0, 8);
  auto mean_only = tinted;
  for (std::size_t e = 0; e < tinted.size(); ++e) {
    for (std::size_t i = 0; i < 6; ++i) {
      const Eigen::Vector3d ref = tinted[e].reference_linear[i] * kTint[i];
      for (int c = 0; c < 3; ++c) tinted[e].camera_codes[i][c] = std::min(1.0, slog3(kCameraGains[c] * ref[c]));
      tinted[e].reference_linear_rgb.push_back(ref);
      mean_only[e].camera_codes[i] = tinted[e].camera_codes[i];
      mean_only[e].reference_linear[i] = ref.mean();
    }
  }
  const auto fit = fit_linearisation(tinted);
  ASSERT_TRUE(fit.usable) << fit.message;
  EXPECT_LT(fit.rms_log_error, 3e-3) << fit.solver_summary;
  // worst_stops spans the untinted code range; the bluer black leaves B's darkest ~0.06 stop of it
  // to extrapolation through S-Log3's toe corner, which costs a little more than kSLog3Stops.
  constexpr double kTintedStops = 0.035;
  EXPECT_LT(worst_stops(fit, slog3_inverse, slog3), kTintedStops);
  const auto blind = fit_linearisation(mean_only);
  ASSERT_TRUE(blind.usable) << blind.message;
  EXPECT_GT(blind.rms_log_error, 2.0 * fit.rms_log_error);
  // A per-channel list of the wrong length is reported with its exposure.
  tinted[1].reference_linear_rgb.pop_back();
  const auto bad = fit_linearisation(tinted);
  EXPECT_FALSE(bad.usable);
  EXPECT_NE(bad.message.find("EV -2"), std::string::npos) << bad.message;
}

// RMS error (stops) of the LUT's shape against the truth over the channels' EV 0 code ranges, after
// removing the level at neutral 5 (the white balance and exposure the IDT sets there).
double shape_rms_stops(const CurveFitResult& fit) {
  double sum2 = 0.0;
  int n = 0;
  for (int c = 0; c < 3; ++c) {
    const double lo = slog3(kCameraGains[c] * kNeutrals[5] / 2), hi = slog3(kCameraGains[c] * kNeutrals[0] * 2);
    const double u5 = slog3(kCameraGains[c] * kNeutrals[3]);
    const double level = std::log2(apply_lut_channel(fit, u5, c) / slog3_inverse(u5));
    for (int i = 0; i <= 100; ++i) {
      const double u = lo + (hi - lo) * i / 100.0;
      const double e = std::log2(apply_lut_channel(fit, u, c) / slog3_inverse(u)) - level;
      sum2 += e * e;
      ++n;
    }
  }
  return std::sqrt(sum2 / n);
}

// The standard errors of the codes set the smoothness (curve_fit.h): measured back in stops, the
// weight raised by noise_smoothness x sigma^2, and noisy readings no longer bent into the curve.
TEST(CurveFit, NoiseOfTheReadingsSetsTheSmoothness) {
  constexpr double kNoise = 0.03;  // stops per reading
  const CurveFitOptions opts;
  double with_sigma = 0.0, without = 0.0;
  constexpr int kSeeds = 5;
  for (unsigned seed = 1; seed <= kSeeds; ++seed) {
    const auto blind = fit_linearisation(synthesise(slog3, kNoise, 20 + seed));
    const auto told = fit_linearisation(synthesise(slog3, kNoise, 20 + seed, true));
    ASSERT_TRUE(blind.usable && told.usable) << blind.message << told.message;
    EXPECT_EQ(blind.noise_stops, 0.0);
    EXPECT_EQ(blind.smoothness, opts.smoothness);
    // Through the fitted curve's slope: within 5 % of the noise put in.
    EXPECT_NEAR(told.noise_stops, kNoise, 0.05 * kNoise);
    EXPECT_DOUBLE_EQ(told.smoothness, opts.smoothness + opts.noise_smoothness * told.noise_stops * told.noise_stops);
    with_sigma += shape_rms_stops(told) / kSeeds;
    without += shape_rms_stops(blind) / kSeeds;
  }
  // Measured: 0.0072 against 0.0177 stop over 10 seeds.
  EXPECT_LT(with_sigma, 0.6 * without);
  // Noise-free readings keep the base weight, and the fit its accuracy.
  const auto clean = fit_linearisation(synthesise(slog3, 0.0, 30, true));
  ASSERT_TRUE(clean.usable) << clean.message;
  EXPECT_EQ(clean.noise_stops, 0.0);
  EXPECT_LT(worst_stops(clean, slog3_inverse, slog3), kSLog3Stops);
}

TEST(CurveFit, UnusableInput) {
  auto one = synthesise(slog3, 0.0, 6);
  one.resize(1);
  const auto a = fit_linearisation(one);
  EXPECT_FALSE(a.usable);
  EXPECT_NE(a.message.find("at least 2 exposures"), std::string::npos) << a.message;
  auto bad = synthesise(slog3, 0.0, 7);
  bad[2].reference_linear.pop_back();
  const auto b = fit_linearisation(bad);
  EXPECT_FALSE(b.usable);
  EXPECT_NE(b.message.find("EV -1"), std::string::npos) << b.message;
  auto sigma = synthesise(slog3, 0.01, 8, true);
  sigma[4].code_sigma.pop_back();
  const auto c = fit_linearisation(sigma);
  EXPECT_FALSE(c.usable);
  EXPECT_NE(c.message.find("EV 1): 6 code triplets but 5 standard errors"), std::string::npos) << c.message;
  CurveFitOptions negative;
  negative.noise_smoothness = -1.0;
  const auto d = fit_linearisation(synthesise(slog3, 0.0, 9), negative);
  EXPECT_FALSE(d.usable);
  EXPECT_NE(d.message.find("noise_smoothness"), std::string::npos) << d.message;
}

}  // namespace
