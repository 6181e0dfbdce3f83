// SPDX-License-Identifier: Apache-2.0
// The per-channel warp in front of the split layout's inverse-output-transform table (lmt_maker.h,
// Layout::split): display code values c in [0, peak] -> lattice coordinates x in [0,1], with the
// lattice planes close together near black and near the display's peak and wider in between.
//
// Why: the inverse output transform, as a function of display code values, is steepest where a
// channel approaches 0 or the peak (the faces of the display cube are the display's gamut
// boundary and its white: the tonescale's and the gamut compression's inverses expand there). A
// uniform 65^3 lattice over display code values misses the natural-colour targets by a factor of
// three (numerical model of the IPP2-like class, point samples: p99 1.57 uniform, 0.21 warped).
//
// The warp: t = c / peak, and the lattice planes are placed with a density rho(t) (planes per unit
// of t, relative): the lattice coordinate is x(t) = integral_0^t rho / integral_0^1 rho. rho is
// piecewise linear through the knots of default_warp_density() (exact integral, no quadrature),
// in three parts:
//  - the faces: 17x a uniform lattice's density at black and at the peak, falling to ~1 by 7.5%
//    and by 96% (the gamut boundary and the white, where the inverse expands);
//  - the shadows and mid-tones (t 0.15-0.6): 0.52-0.65 of uniform, the sparsest part;
//  - the upper mid-tones and highlights (t 0.7-0.96): 0.8-1.8 of uniform, rising towards the white
//    (21 of the 64 intervals of a 65^3 lattice lie in t 0.7-0.97). Measured there first: once the
//    faces were dense, the largest natural-colour errors were bright, nearly neutral colours
//    (display code 0.73-0.96, CIELAB chroma 2-12): ACES 2.0 desaturates highlights and compresses
//    chroma hardest towards white, so its inverse is most curved there.
// (Uniform = the mean density; the knots are relative.)
// It replaced a two-harmonic warp (spacing 0.05 of uniform at the ends, 1.45 in the middle, so
// only 15 of 64 lattice intervals in t 0.7-0.97): natural dE2000 p99 over the 17 SDR classes
// 0.113-0.201 -> 0.100-0.150 (`aceslab lmt --batch` on the test library; README).
// HDR displays: PQ and HLG code values crowd the highlights (PQ 0.69-0.75 is 600-1000 cd/m^2), so
// the same density is laid over t = (display light / neutral white's light)^(1/2.4) instead of
// c / peak: the PQ 1000 nit class at 97^3, natural p99 0.34 -> 0.22 (the merged layout, its
// previous default: 0.276), at 65^3 0.58 -> 0.39.
// In the CLF it is a Range (clamp [0, peak] -> [0,1]) and a LUT1D of kWarpEntries entries holding
// x(t(c)) at code values c uniform in [0, peak]. to_display() inverts that piecewise-linear table
// exactly, so the baker's lattice coordinates are the ones a CLF consumer looks up.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "pipeline/pipeline.h"

namespace aceslab::lmt {

constexpr int kWarpEntries = 4096;
// The gamma of the code the density is laid over on HDR displays (see the constructor).
constexpr double kWarpGamma = 2.4;

// One knot of the lattice-plane density: rho(t) = density, linear between knots.
struct WarpKnot {
  double t;
  double density;
};
// The density the split layout uses (see above).
std::span<const WarpKnot> default_warp_density();

class DisplayWarp {
 public:
  // `peak`: the largest display code value the output transform produces (> 0); `density`: knots
  // with t rising strictly from 0 to 1 and finite densities > 0. Throws aceslab::Error.
  // `light`: for HDR displays (PQ, HLG), display code value -> display light relative to the
  // neutral white's (increasing); the density then applies over t = light^(1/kWarpGamma), a
  // gamma-2.4 code of the display light relative to the white, as on an SDR display, instead of
  // t = c / peak. Codes above the white (t > 1: an HLG display's saturated highlights reach
  // 1.074 with its white at 1.0) get the density mirrored: dense at the white, sparse beyond.
  // (The LMT maker tabulates HLG displays through their PQ twin, whose white is its peak.)
  explicit DisplayWarp(double peak, std::span<const WarpKnot> density = default_warp_density(),
                       int entries = kWarpEntries, const std::function<double(double)>& light = {});
  double peak() const { return m_peak; }
  // Range + LUT1D: display code values -> lattice coordinates (what the CLF holds).
  const aces::Pipeline& steps() const { return m_steps; }
  // Lattice coordinates -> display code values, in place (the exact inverse of steps() on [0,1]).
  void to_display(std::span<float> x) const;
  // Display code values -> lattice coordinates as steps() computes them, in place (clamped).
  void to_lattice(std::span<float> c) const;

 private:
  double m_peak;
  std::vector<double> m_x;  // the LUT1D's entries: x at t = i / (entries - 1), increasing
  aces::Pipeline m_steps;
};

}  // namespace aceslab::lmt
