// SPDX-License-Identifier: Apache-2.0
#include "idt/chart_evidence.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "color/chromaticity.h"
#include "idt/chart_reference.h"
#include "idt/spectral.h"

namespace aceslab::idt {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kNeutrals = 6;
constexpr int kColours = kChartPatches - kNeutrals;

// A step of the ramp must be darker by this much (stops) to count: sampling noise is far smaller.
constexpr double kMinStep = 0.005;

// Position on the neutral ramp (0 = white .. 5 = black, extrapolated beyond) of a log2 code of one
// channel, from the ramp's six values of that channel (forced to decrease).
double ramp_position(const std::array<double, kNeutrals>& ramp, double v) {
  std::array<double, kNeutrals> r = ramp;
  for (int k = 1; k < kNeutrals; ++k) r[k] = std::min(r[k], r[k - 1] - 1e-3);
  if (v >= r[0]) return -(v - r[0]) / (r[0] - r[1]);
  for (int k = 0; k + 1 < kNeutrals; ++k) {
    if (v >= r[k + 1]) return k + (r[k] - v) / (r[k] - r[k + 1]);
  }
  return (kNeutrals - 1) + (r[kNeutrals - 1] - v) / (r[kNeutrals - 2] - r[kNeutrals - 1]);
}

struct HueFeatures {
  std::array<double, kColours> hue{};        // radians
  std::array<double, kColours> chroma{};     // ramp steps
  std::array<double, kColours> lightness{};  // minus mean ramp position
};

HueFeatures hue_features(const std::array<Eigen::Vector3d, kChartPatches>& v) {
  std::array<std::array<double, kNeutrals>, 3> ramp;
  for (int c = 0; c < 3; ++c)
    for (int k = 0; k < kNeutrals; ++k) ramp[c][k] = v[kColorCheckerFirstNeutral + k][c];
  HueFeatures f;
  for (int p = 0; p < kColours; ++p) {
    double b[3];
    for (int c = 0; c < 3; ++c) b[c] = -ramp_position(ramp[c], v[p][c]);  // brighter = larger
    const double alpha = b[0] - 0.5 * (b[1] + b[2]);
    const double beta = 0.5 * std::sqrt(3.0) * (b[1] - b[2]);
    f.hue[p] = std::atan2(beta, alpha);
    f.chroma[p] = std::hypot(alpha, beta);
    f.lightness[p] = (b[0] + b[1] + b[2]) / 3;
  }
  return f;
}

// The reference chart: Ohta reflectances under D65 (ISO 17321-1 via chart_reference.h, adapted
// to the ACES white and back to D65 in linear Rec.709), in log2.
const HueFeatures& reference_features() {
  static const HueFeatures features = [] {
    const auto& ill = cie_standard_illuminants();
    const Spectrum* d65 = &ill.front();
    for (const auto& s : ill) {
      if (s.name.find("D65") != std::string::npos) d65 = &s;
    }
    const auto aces = colorchecker_reference_aces(*d65, aces::Adaptation::cat02);
    const aces::Mat3 to709 = aces::rgb_to_rgb_matrix(aces::primaries::kAP0, aces::primaries::kRec709, aces::Adaptation::cat02);
    std::array<Eigen::Vector3d, kChartPatches> v;
    for (int p = 0; p < kChartPatches; ++p) {
      const Eigen::Vector3d lin = to709 * aces[p];
      for (int c = 0; c < 3; ++c) v[p][c] = std::log2(std::max(lin[c], 1e-4));
    }
    return hue_features(v);
  }();
  return features;
}

std::array<double, kColours> ranks(const std::array<double, kColours>& x) {
  std::array<int, kColours> order;
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return x[a] < x[b]; });
  std::array<double, kColours> r{};
  for (int i = 0; i < kColours; ++i) r[order[i]] = i;
  return r;
}

double clamp01(double x) { return std::clamp(x, 0.0, 1.0); }

}  // namespace

void colour_evidence(const std::array<Eigen::Vector3d, kChartPatches>& v, double clip_log2, ChartEvidence& e) {
  e.neutral_steps_failed = 15;
  e.neutral_spread = 1;
  e.hue_matches = 0;
  e.lightness_order = 0;
  for (const auto& x : v) {
    if (!x.allFinite()) return;
  }
  // Neutral ramp, channel by channel.
  int failed = 0;
  for (int c = 0; c < 3; ++c) {
    for (int k = 0; k + 1 < kNeutrals; ++k) {
      const double a = v[kColorCheckerFirstNeutral + k][c], b = v[kColorCheckerFirstNeutral + k + 1][c];
      const bool darker = a - b > kMinStep;
      const bool both_clipped = a >= clip_log2 && b >= clip_log2;
      failed += (darker || both_clipped) ? 0 : 1;
    }
  }
  e.neutral_steps_failed = failed;

  // Neutrality: channel differences against level, a straight trend through the neutrals.
  Eigen::Matrix<double, kNeutrals, 2> a;
  Eigen::Matrix<double, kNeutrals, 2> q;
  for (int k = 0; k < kNeutrals; ++k) {
    const Eigen::Vector3d& n = v[kColorCheckerFirstNeutral + k];
    a.row(k) << 1.0, n[1];
    q.row(k) << n[0] - n[1], n[2] - n[1];
  }
  const Eigen::Matrix2d trend = a.colPivHouseholderQr().solve(q);
  const double neutral_rms = std::sqrt((a * trend - q).squaredNorm() / kNeutrals);
  std::array<double, kColours> off{};
  for (int p = 0; p < kColours; ++p) {
    const Eigen::RowVector2d level(1.0, v[p][1]);
    const Eigen::RowVector2d d = Eigen::RowVector2d(v[p][0] - v[p][1], v[p][2] - v[p][1]) - level * trend;
    off[p] = d.norm();
  }
  std::nth_element(off.begin(), off.begin() + kColours / 2, off.end());
  e.neutral_spread = neutral_rms / std::max(off[kColours / 2], 1e-6);

  // Hue and lightness order against the reference.
  const HueFeatures f = hue_features(v);
  const HueFeatures& ref = reference_features();
  int matches = 0;
  for (int p = 0; p < kColours; ++p) {
    double d = std::abs(f.hue[p] - ref.hue[p]) * 180.0 / kPi;
    d = std::min(d, 360.0 - d);
    matches += d <= kHueToleranceDegrees ? 1 : 0;
  }
  e.hue_matches = matches;
  const auto r1 = ranks(f.lightness), r2 = ranks(ref.lightness);
  double d2 = 0;
  for (int p = 0; p < kColours; ++p) d2 += (r1[p] - r2[p]) * (r1[p] - r2[p]);
  e.lightness_order = 1.0 - 6.0 * d2 / (kColours * (kColours * kColours - 1.0));
}

void score_evidence(ChartEvidence& e) {
  const double grid = clamp01((0.2 - e.grid_residual) / 0.1);        // <= 0.1 pitch: 1, >= 0.2: 0
  const double ramp = e.neutral_steps_failed == 0 ? 1.0 : (e.neutral_steps_failed == 1 ? 0.7 : 0.0);
  const double neutral = clamp01((0.6 - e.neutral_spread) / 0.3);    // <= 0.3: 1, >= 0.6: 0
  const double hue = clamp01((e.hue_matches - 10.0) / 5.0);          // >= 15 of 18: 1, <= 10: 0
  const double lightness = clamp01((e.lightness_order - 0.3) / 0.4);  // >= 0.7: 1, <= 0.3: 0
  const double matched = clamp01((e.patches_matched - 3.0) / 3.0);   // >= 6 segmented patches
  e.confidence = grid * ramp * neutral * hue * lightness * matched * (e.centres_inside ? 1.0 : 0.0);
}

std::string ChartEvidence::describe() const {
  std::ostringstream s;
  s.precision(2);
  s << patches_matched << " patches on the grid (residual " << grid_residual << " pitch), neutral ramp "
    << (neutral_steps_failed == 0 ? std::string("monotonic") : std::to_string(neutral_steps_failed) + " of 15 steps not darker")
    << ", neutral spread " << neutral_spread << ", hue order " << hue_matches << "/18, lightness order " << lightness_order
    << ", " << (centres_inside ? "all patches inside the image" : "patches outside the image") << "; confidence " << confidence;
  return s.str();
}

}  // namespace aceslab::idt
