// SPDX-License-Identifier: Apache-2.0
#include "lmt/display_warp.h"

#include <algorithm>
#include <cmath>

#include "color/error.h"

namespace aceslab::lmt {
namespace {

// Knots of rho(t) (display_warp.h): the faces, the sparse shadows and mid-tones, the denser
// highlights.
constexpr WarpKnot kDensity[] = {
    {0.0, 20.0},   {0.002, 12.0}, {0.005, 6.3},  {0.01, 3.8},  {0.02, 2.4},   {0.035, 1.65}, {0.05, 1.33},
    {0.075, 1.06}, {0.1, 0.9},    {0.15, 0.75},  {0.2, 0.65},  {0.3, 0.6},    {0.4, 0.6},    {0.5, 0.62},
    {0.6, 0.7},    {0.7, 0.9},    {0.8, 1.2},    {0.85, 1.4},  {0.9, 1.6},    {0.925, 1.7},  {0.95, 1.9},
    {0.965, 2.1},  {0.98, 2.8},   {0.99, 4.2},   {0.995, 7.0}, {0.998, 12.0}, {1.0, 20.0}};

bool valid_density(std::span<const WarpKnot> k) {
  if (k.size() < 2 || k.front().t != 0.0 || k.back().t != 1.0) return false;
  for (std::size_t i = 0; i < k.size(); ++i) {
    if (!(std::isfinite(k[i].density) && k[i].density > 0.0)) return false;
    if (i > 0 && !(k[i].t > k[i - 1].t)) return false;
  }
  return true;
}

}  // namespace

std::span<const WarpKnot> default_warp_density() { return kDensity; }

DisplayWarp::DisplayWarp(double peak, std::span<const WarpKnot> density, int entries,
                         const std::function<double(double)>& light)
    : m_peak(peak) {
  if (!(peak > 0.0) || !valid_density(density) || entries < 2) {
    throw Error(ErrorKind::internal,
                "display warp: invalid peak, density (t must rise from 0 to 1, densities > 0) or size");
  }
  // The integral of the piecewise-linear density up to each knot (trapezoids are exact).
  std::vector<double> below(density.size(), 0.0);
  for (std::size_t k = 1; k < density.size(); ++k) {
    below[k] = below[k - 1] + 0.5 * (density[k].density + density[k - 1].density) * (density[k].t - density[k - 1].t);
  }
  auto integral = [&](double t) {
    std::size_t k = 0;
    while (k + 2 < density.size() && t > density[k + 1].t) ++k;
    const double h = t - density[k].t;
    const double slope = (density[k + 1].density - density[k].density) / (density[k + 1].t - density[k].t);
    return below[k] + density[k].density * h + 0.5 * slope * h * h;
  };
  // Above the white (t > 1, an HDR display's codes above its neutral peak) the density mirrors
  // the approach to it.
  auto mirrored = [&](double t) { return t <= 1.0 ? integral(t) : 2.0 * below.back() - integral(2.0 - t); };
  m_x.resize(static_cast<std::size_t>(entries));
  double t_before = 0.0;
  for (int i = 0; i < entries; ++i) {
    const double u = double(i) / (entries - 1);
    double t = u;
    if (light) {
      const double l = light(u * peak);
      t = std::isfinite(l) ? std::min(std::pow(std::max(l, 0.0), 1.0 / kWarpGamma), 2.0) : t_before;
      t = std::max(t, t_before);  // a display whose light is not increasing gets flat steps, not folds
    }
    t_before = t;
    m_x[static_cast<std::size_t>(i)] = mirrored(t);
  }
  // Normalised by the integral at the peak (t = 1 without `light`).
  const double total = m_x.back();
  for (double& x : m_x) x /= total;
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
