// SPDX-License-Identifier: Apache-2.0
// The per-channel warp in front of the split layout's inverse-output-transform table (lmt_maker.h,
// Layout::split): display code values c in [0, peak] -> lattice coordinates x in [0,1], with the
// lattice planes close together near black and near the display's peak and wider in between.
//
// Why: the inverse output transform, as a function of display code values, is steepest where a
// channel approaches 0 or the peak (the faces of the display cube are the display's gamut
// boundary and its white: the tonescale's and the gamut compression's inverses expand there). A
// uniform 65^3 lattice over display code values misses the natural-colour targets by a factor of
// three; with this warp (strength 0.95: planes 20x closer at the faces than a uniform lattice, 1.95x
// wider in the middle) point samples alone reach natural p99 ~0.2 dE2000 on the IPP2-like class.
//
// The warp: t = c / peak, t = s(x) = x - a sin(2 pi x) / (2 pi) (a = strength, s'(0) = s'(1) = 1 - a).
// In the CLF it is a Range (clamp [0, peak] -> [0,1]) and a LUT1D of kWarpEntries entries holding
// x = s^-1(t) sampled uniformly in t. to_display() inverts that piecewise-linear table exactly, so
// the baker's lattice coordinates are the ones a CLF consumer looks up.
#pragma once

#include <span>
#include <vector>

#include "pipeline/pipeline.h"

namespace aceslab::lmt {

constexpr int kWarpEntries = 4096;
constexpr double kWarpStrength = 0.95;

class DisplayWarp {
 public:
  // `peak`: the largest display code value the output transform produces (> 0).
  explicit DisplayWarp(double peak, double strength = kWarpStrength, int entries = kWarpEntries);

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
