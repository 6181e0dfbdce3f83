// SPDX-License-Identifier: Apache-2.0
#include "idt/fit_checks.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <sstream>

#include "color/chromaticity.h"
#include "color/color_difference.h"
#include "color/transfer_function.h"
#include "idt/chart_reference.h"

namespace aceslab::idt {

namespace {

EncodingFit fit_line(const std::vector<NeutralPoint>& neutrals, const aces::TransferFunction& tf, double clip) {
  EncodingFit f;
  f.encoding = std::string(tf.id());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  std::vector<std::pair<double, double>> pts;
  for (const NeutralPoint& n : neutrals) {
    if (n.codes.maxCoeff() >= clip || !(n.reference > 0)) continue;
    double lin = 0;
    for (int c = 0; c < 3; ++c) lin += tf.to_linear(n.codes[c]) / 3;
    if (!(lin > 0) || !std::isfinite(lin)) continue;
    const double x = std::log2(n.reference), y = std::log2(lin);
    pts.emplace_back(x, y);
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  f.points = static_cast<int>(pts.size());
  if (f.points < 3) return f;
  const double n = f.points;
  const double var = sxx - sx * sx / n;
  if (!(var > 1e-9)) return f;
  f.slope = (sxy - sx * sy / n) / var;
  const double intercept = (sy - f.slope * sx) / n;
  double sq = 0;
  for (const auto& [x, y] : pts) sq += std::pow(y - (intercept + f.slope * x), 2);
  f.rms_stops = std::sqrt(sq / n);
  f.consistent = std::abs(f.slope - 1) <= kSlopeTolerance && f.rms_stops <= kRmsTolerance;
  return f;
}

double badness(const EncodingFit& f) { return std::abs(f.slope - 1) + f.rms_stops; }

std::string fixed(double v, int digits = 2) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(digits);
  s << v;
  return s.str();
}

}  // namespace

EncodingCheck check_encoding(const std::vector<NeutralPoint>& neutrals, const std::string& given, double clip,
                             int distinct_evs) {
  EncodingCheck check;
  check.given = fit_line(neutrals, aces::find_transfer_function(given), clip);
  if (check.given.points < 3 || check.given.consistent) return check;
  check.flagged = true;
  for (const aces::TransferFunction* tf : aces::transfer_functions()) {
    if (tf->id() == given) continue;
    EncodingFit f = fit_line(neutrals, *tf, clip);
    if (f.consistent && badness(f) < badness(check.given)) check.better.push_back(f);
  }
  std::sort(check.better.begin(), check.better.end(), [](const auto& a, const auto& b) { return badness(a) < badness(b); });
  std::ostringstream m;
  m << "the neutral patches decoded as " << given << " do not lie on a straight line against their reference (log2): slope "
    << fixed(check.given.slope) << " (expected 1), rms " << fixed(check.given.rms_stops) << " stop over "
    << check.given.points << " patches of all exposures";
  if (check.better.empty()) {
    m << "; no known encoding fits better ("
      << (distinct_evs >= 3 ? "try \"encoding\": \"fit\""
                            : "\"encoding\": \"fit\" finds the camera's curve from 3 or more exposures at different EVs; "
                              "this capture has " + std::to_string(distinct_evs))
      << ")";
  } else {
    m << "; encodings that fit:";
    for (std::size_t i = 0; i < check.better.size() && i < 4; ++i) {
      m << (i ? "," : "") << " " << check.better[i].encoding << " (slope " << fixed(check.better[i].slope) << ", rms "
        << fixed(check.better[i].rms_stops) << ")";
    }
    m << " -- looks like " << check.better.front().encoding << ", not " << given;
  }
  check.message = m.str();
  return check;
}

PlausibilityCheck check_plausibility(const std::array<Eigen::Vector3d, kChartPatches>& fitted,
                                     const std::array<Eigen::Vector3d, kChartPatches>& reference,
                                     const std::array<bool, kChartPatches>& used, double mean_delta_E_2000,
                                     const EncodingCheck* encoding) {
  PlausibilityCheck p;
  p.mean_delta_E_2000 = mean_delta_E_2000;
  static const aces::Mat3 kToXYZ = aces::XYZ_to_rgb_matrix(aces::primaries::kAP0).inverse();
  const Eigen::Vector3d white = kToXYZ * Eigen::Vector3d::Ones();
  auto chroma = [&](const Eigen::Vector3d& rgb) {
    const Eigen::Vector3d lab = aces::XYZ_to_Lab(Eigen::Vector3d(kToXYZ * rgb), white);
    return std::hypot(lab[1], lab[2]);
  };
  for (int i = 0; i < 6; ++i) {
    const int k = kColorCheckerFirstNeutral + i;
    if (!used[k]) continue;
    const double excess = chroma(fitted[k]) - chroma(reference[k]);
    if (excess > p.worst_neutral_chroma) {
      p.worst_neutral_chroma = excess;
      p.worst_neutral = kColorCheckerPatchNames[k];
    }
  }
  std::vector<std::string> what;
  if (mean_delta_E_2000 > kMaxPlausibleMeanDeltaE) {
    what.push_back("mean delta E 2000 " + fixed(mean_delta_E_2000) + " (a ColorChecker fit of a real camera leaves 1-4; limit " +
                   fixed(kMaxPlausibleMeanDeltaE, 0) + ")");
  }
  if (p.worst_neutral_chroma > kMaxNeutralChroma) {
    what.push_back("the neutral patches are not neutral after the matrix (" + p.worst_neutral + " has C*ab " +
                   fixed(p.worst_neutral_chroma, 1) + " more than its reference; limit " + fixed(kMaxNeutralChroma, 0) + ")");
  }
  if (what.empty()) return p;
  p.plausible = false;
  std::ostringstream m;
  m << "implausible IDT for a ColorChecker 24: ";
  for (std::size_t i = 0; i < what.size(); ++i) m << (i ? "; " : "") << what[i];
  m << ". Likely causes: ";
  if (encoding && encoding->flagged) m << "wrong encoding (" << encoding->message << "); ";
  m << "wrong chart (not a ColorChecker Classic 24, or another chart sampled: check the overlay); wrong orientation "
       "(corners must run clockwise from the dark-skin corner); ";
  if (!(encoding && encoding->flagged)) m << "wrong encoding (check \"encoding\", or use \"fit\"); ";
  m << "--force-fit writes it anyway";
  p.message = m.str();
  return p;
}

}  // namespace aceslab::idt
