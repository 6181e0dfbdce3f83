// SPDX-License-Identifier: Apache-2.0
#include "lmt/display_warp.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "color/error.h"

namespace aceslab::lmt {
namespace {

double warp_forward(double x, double a, double b) {
  const double tau = 2.0 * std::numbers::pi;
  return x - a * std::sin(tau * x) / tau - b * std::sin(2.0 * tau * x) / (2.0 * tau);
}
double warp_slope(double x, double a, double b) {
  const double tau = 2.0 * std::numbers::pi;
  return 1.0 - a * std::cos(tau * x) - b * std::cos(2.0 * tau * x);
}

// x with s(x) = t: s is increasing (checked by the constructor), so bisection converges.
double warp_inverse(double t, double a, double b) {
  double lo = 0.0, hi = 1.0;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (warp_forward(mid, a, b) < t ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

DisplayWarp::DisplayWarp(double peak, double first, double second, int entries) : m_peak(peak) {
  bool increasing = std::isfinite(first) && std::isfinite(second);
  for (int i = 0; i <= 1000 && increasing; ++i) increasing = warp_slope(i / 1000.0, first, second) > 0.0;
  if (!(peak > 0.0) || !increasing || entries < 2) {
    throw Error(ErrorKind::internal, "display warp: invalid peak, harmonics (the warp must increase) or size");
  }
  m_x.resize(static_cast<std::size_t>(entries));
  for (int i = 0; i < entries; ++i) m_x[static_cast<std::size_t>(i)] = warp_inverse(double(i) / (entries - 1), first, second);
  m_x.front() = 0.0;
  m_x.back() = 1.0;
  aces::RangeStep range;
  range.min_in = 0.0;
  range.max_in = peak;
  range.min_out = 0.0;
  range.max_out = 1.0;
  m_steps.append(range);
  aces::Lut1DStep lut;
  lut.values.reserve(3 * m_x.size());
  for (double x : m_x) lut.values.insert(lut.values.end(), 3, static_cast<float>(x));
  // The table as written (float) is the one inverted below.
  for (std::size_t i = 0; i < m_x.size(); ++i) m_x[i] = lut.values[3 * i];
  m_steps.append(std::move(lut));
}

void DisplayWarp::to_display(std::span<float> x) const {
  const double last = static_cast<double>(m_x.size() - 1);
  for (float& v : x) {
    const double xv = std::clamp(static_cast<double>(v), 0.0, 1.0);
    // The segment [m_x[i], m_x[i+1]] that holds xv.
    auto it = std::upper_bound(m_x.begin(), m_x.end(), xv);
    std::size_t i = it == m_x.begin() ? 0 : static_cast<std::size_t>(it - m_x.begin()) - 1;
    i = std::min(i, m_x.size() - 2);
    const double span = m_x[i + 1] - m_x[i];
    const double f = span > 0.0 ? (xv - m_x[i]) / span : 0.0;
    v = static_cast<float>((static_cast<double>(i) + f) / last * m_peak);
  }
}

void DisplayWarp::to_lattice(std::span<float> c) const {
  const double last = static_cast<double>(m_x.size() - 1);
  for (float& v : c) {
    const double t = std::clamp(static_cast<double>(v) / m_peak, 0.0, 1.0) * last;
    const std::size_t i = std::min(static_cast<std::size_t>(t), m_x.size() - 2);
    const double f = t - static_cast<double>(i);
    v = static_cast<float>(m_x[i] + f * (m_x[i + 1] - m_x[i]));
  }
}

}  // namespace aceslab::lmt
