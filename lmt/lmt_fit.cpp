// SPDX-License-Identifier: Apache-2.0
#include "lmt/lmt_fit.h"

#include <algorithm>
#include <cmath>

#include "color/color_difference.h"
#include "color/color_space.h"
#include "color/error.h"
#include "lmt/verify.h"
#include "pipeline/color_space_pipeline.h"

namespace aceslab::lmt {
namespace {

double smoothstep(double e0, double e1, double x) {
  const double t = std::clamp((x - e0) / (e1 - e0), 0.0, 1.0);
  return t * t * (3.0 - 2.0 * t);
}

// u'v' distance from the ACES white where natural surface colours end (see lmt_fit.h).
constexpr double kNaturalChromaFull = 0.15;
constexpr double kNaturalChromaNone = 0.30;
// u'v' distance within which a colour counts as nearly neutral (kNeutralWeight, lmt_fit.h).
constexpr double kNeutralChroma = 0.03;
// 25^7, CIEDE2000's chroma reference in G and R_C.
constexpr double kTwentyFiveToTheSeventh = 6103515625.0;
// Node-value step of the finite-difference Jacobian (~1/60 stop in ACEScct, ~1/1000 of the code range).
constexpr float kJacobianStep = 1e-3f;

// CIEDE2000's weighting functions at a CIELAB colour (CIE 142-2001): the local metric is
// (dL/S_L)^2 + (dC/S_C)^2 + (dH/S_H)^2 (without the rotation term).
struct De2000Scales {
  double sl, sc, sh;
};
De2000Scales de2000_scales(const double lab[3]) {
  const double l50 = (lab[0] - 50.0) * (lab[0] - 50.0);
  const double c = std::hypot(lab[1], lab[2]);
  return {1.0 + 0.015 * l50 / std::sqrt(20.0 + l50), 1.0 + 0.045 * c, 1.0 + 0.015 * c};
}

}  // namespace

std::string_view fit_mode_id(FitMode m) {
  switch (m) {
    case FitMode::automatic:
      return "auto";
    case FitMode::least_squares:
      return "least-squares";
    case FitMode::none:
      return "none";
  }
  return "auto";
}

FitMode parse_fit_mode(std::string_view id) {
  for (FitMode m : {FitMode::automatic, FitMode::least_squares, FitMode::none}) {
    if (id == fit_mode_id(m)) return m;
  }
  throw Error(ErrorKind::usage, "unknown fit \"" + std::string(id) + "\" (valid: auto, least-squares, none)");
}

void natural_weight(std::span<const float> aces, std::span<float> out, double neutral_weight) {
  static const aces::Mat3 to_XYZ = aces::rgb_to_XYZ_matrix(aces::primaries::kAP0);
  const aces::Vec3 w = aces::xy_to_XYZ(aces::primaries::kWhiteACES);
  const double dw = w[0] + 15.0 * w[1] + 3.0 * w[2];
  const double uw = 4.0 * w[0] / dw, vw = 9.0 * w[1] / dw;
  for (std::size_t i = 0; i < out.size() && 3 * i + 2 < aces.size(); ++i) {
    const aces::Vec3 X = to_XYZ * aces::Vec3(aces[3 * i], aces[3 * i + 1], aces[3 * i + 2]);
    const double d = X[0] + 15.0 * X[1] + 3.0 * X[2];
    double natural = 0.0, neutral = 0.0;
    if (X[1] > 0.0 && d > 0.0) {
      const double dist = std::hypot(4.0 * X[0] / d - uw, 9.0 * X[1] / d - vw);
      natural = 1.0 - smoothstep(kNaturalChromaFull, kNaturalChromaNone, dist);
      neutral = 1.0 - smoothstep(0.0, kNeutralChroma, dist);
    }
    out[i] = static_cast<float>(1.0 + kNaturalWeight * natural + neutral_weight * neutral);
  }
}

void display_to_nodes(const aces::OutputTransform& ot, const NodeEncoding& nodes, std::span<float> display) {
  ot.inverse(display);
  nodes.from_aces(display);
}

LatticeFitReport fit_lmt_lattice(const LmtLattice& lattice, const aces::OutputTransform& ot, const NodeEncoding& nodes,
                                 std::vector<float>& values, unsigned threads, const LatticeFitOptions& options) {
  const aces::Mat3 to_XYZ = ot.encoding_to_XYZ();
  const aces::Vec3 white_v = lab_white(ot);
  const double white[3] = {white_v[0], white_v[1], white_v[2]};

  // Per node: how much a step in each channel of the node value moves the displayed colour, in a
  // CIEDE2000-like metric (squared, per unit step).
  auto sensitivity = [&](std::span<const float> node, std::span<float> out) {
    const std::size_t n = node.size() / 3;
    std::vector<float> probe(4 * node.size());
    for (int v = 0; v < 4; ++v) {
      std::copy(node.begin(), node.end(), probe.begin() + static_cast<std::ptrdiff_t>(v * node.size()));
      if (v > 0) {
        for (std::size_t i = 0; i < n; ++i) probe[v * node.size() + 3 * i + (v - 1)] += kJacobianStep;
      }
    }
    nodes.to_aces(probe);
    ot.forward(probe);
    ot.decode_display(probe);
    auto lab = [&](std::size_t at, double out_lab[3]) {
      const aces::Vec3 X = to_XYZ * aces::Vec3(probe[at], probe[at + 1], probe[at + 2]);
      const double xyz[3] = {X[0], X[1], X[2]};
      aces::XYZ_to_Lab(xyz, white, out_lab);
    };
    for (std::size_t i = 0; i < n; ++i) {
      double base[3];
      lab(3 * i, base);
      // CIEDE2000 first stretches a* near neutral: a' = (1 + G) a, G = (1 - sqrt(C^7 / (C^7 +
      // 25^7))) / 2, 0.5 at chroma 0 (CIE 142-2001).
      const double c_ab = std::hypot(base[1], base[2]);
      const double c7 = std::pow(c_ab, 7.0);
      const double stretch = 1.0 + 0.5 * (1.0 - std::sqrt(c7 / (c7 + kTwentyFiveToTheSeventh)));
      base[1] *= stretch;
      const De2000Scales s = de2000_scales(base);
      const double c = std::hypot(base[1], base[2]);
      // Unit vectors along chroma and hue at the base colour (any pair for a neutral).
      const double ca = c > 1e-9 ? base[1] / c : 1.0, cb = c > 1e-9 ? base[2] / c : 0.0;
      for (int ch = 0; ch < 3; ++ch) {
        double moved[3];
        lab((ch + 1) * node.size() + 3 * i, moved);
        const double dl = (moved[0] - base[0]) / s.sl;
        const double da = moved[1] * stretch - base[1], db = moved[2] - base[2];
        const double dc = (ca * da + cb * db) / s.sc;
        const double dh = (-cb * da + ca * db) / s.sh;
        const double g = (dl * dl + dc * dc + dh * dh) / (double(kJacobianStep) * kJacobianStep);
        out[3 * i + ch] = static_cast<float>(std::isfinite(g) ? g : 0.0);
      }
    }
  };

  LatticeFitProblem problem;
  problem.size = lattice.size;
  problem.fixed_stride = lattice.fixed_stride;
  problem.samples = [&](std::span<float> u, std::span<float> factor) {
    // The exact sandwich, and whether the output transform can produce the LUT's output at all.
    const std::size_t n = u.size() / 3;
    lattice.display(u);
    std::vector<float> display(u.begin(), u.end());
    ot.inverse(u);
    std::vector<float> round_trip(u.begin(), u.end());
    ot.forward(round_trip);
    nodes.from_aces(u);
    for (std::size_t i = 0; i < n; ++i) {
      float d = 0.0f;
      for (int c = 0; c < 3; ++c) d = std::max(d, std::fabs(round_trip[3 * i + c] - display[3 * i + c]));
      if (!(d <= kReachTolerance)) factor[3 * i] = factor[3 * i + 1] = factor[3 * i + 2] = 0.0f;
    }
  };
  problem.cell_weights = [&](std::span<const float> u, std::span<const float> node, std::span<float> out) {
    sensitivity(node, out);
    if (lattice.scene) {
      std::vector<float> scene(u.begin(), u.end());
      lattice.scene(scene);
      std::vector<float> natural(u.size() / 3);
      natural_weight(scene, natural, lattice.neutral_weight);
      for (std::size_t i = 0; i < natural.size(); ++i) {
        for (int c = 0; c < 3; ++c) out[3 * i + c] *= natural[i];
      }
    }
  };
  LatticeFitOptions o = options;
  o.threads = threads;

  return fit_lattice(problem, values, o);
}

}  // namespace aceslab::lmt
