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
// The warp: t = c / peak, t = s(x) = x - a sin(2 pi x) / (2 pi) - b sin(4 pi x) / (4 pi), so the
// lattice planes' spacing in t is s'(x) = 1 - a cos(2 pi x) - b cos(4 pi x) of a uniform lattice's:
// 1 - a - b = 0.05 at black and the peak (20x denser), 1 + b = 1.25 at a quarter and 1 + a - b =
// 1.45 in the middle. Measured on the SDR classes against the one-harmonic warp a = 0.95 (0.05 at
// the ends, 1.95 in the middle, where mid-tones and near-neutral colours live): natural p99 0.192
// -> 0.167 (IPP2-like low contrast), 0.185 -> 0.164 (D-Log), 0.149 -> 0.131 (IPP2-like).
// In the CLF it is a Range (clamp [0, peak] -> [0,1]) and a LUT1D of kWarpEntries entries holding
// x = s^-1(t) sampled uniformly in t. to_display() inverts that piecewise-linear table exactly, so
// the baker's lattice coordinates are the ones a CLF consumer looks up.
#pragma once

#include <span>
#include <vector>

#include "pipeline/pipeline.h"

namespace aceslab::lmt {

constexpr int kWarpEntries = 4096;
constexpr double kWarpFirstHarmonic = 0.70;   // a
constexpr double kWarpSecondHarmonic = 0.25;  // b

class DisplayWarp {
 public:
  // `peak`: the largest display code value the output transform produces (> 0); `first`, `second`:
  // a and b above (s must increase: 1 - a cos - b cos > 0 everywhere). Throws aceslab::Error.
  explicit DisplayWarp(double peak, double first = kWarpFirstHarmonic, double second = kWarpSecondHarmonic,
                       int entries = kWarpEntries);

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
