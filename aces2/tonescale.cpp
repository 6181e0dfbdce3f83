// SPDX-License-Identifier: Apache-2.0
#include "aces2/tonescale.h"
#include "aces2/fast_math.h"

#include <algorithm>
#include <cmath>

namespace aceslab::aces::detail {

ToneScaleParams make_tonescale_params(float peak_luminance) {
  // User constants of the ACES 2.0 tonescale (ACES 2.0 Output Transform documentation, "Tonescale"):
  // grey 0.18 -> 10.013 nit at 100 nit peak, grey boost w_g = 0.14 per stop of peak, toe t_1 = 0.04,
  // the scene value that reaches peak ("r_hit") interpolated log-linearly from 128 (100 nit) to
  // 896 (10000 nit).
  constexpr float c = 0.18f;
  constexpr float c_d = 10.013f;
  constexpr float w_g = 0.14f;
  constexpr float r_hit_min = 128.0f;
  constexpr float r_hit_max = 896.0f;

  ToneScaleParams t;
  t.n = peak_luminance;
  const float n = t.n, n_r = t.n_r, g = t.g, t_1 = t.t_1;
  const float r_hit = r_hit_min + (r_hit_max - r_hit_min) * (std::log(n / n_r) / std::log(10000.0f / 100.0f));
  const float m_0 = n / n_r;
  const float m_1 = 0.5f * (m_0 + std::sqrt(m_0 * (m_0 + 4.0f * t_1)));
  const float u = std::pow((r_hit / m_1) / ((r_hit / m_1) + 1.0f), g);
  const float m = m_1 / u;
  const float w_i = std::log(n / 100.0f) / std::log(2.0f);
  t.c_t = c_d / n_r * (1.0f + w_i * w_g);
  const float g_ip = 0.5f * (t.c_t + std::sqrt(t.c_t * (t.c_t + 4.0f * t_1)));
  const float g_ipp2 = -(m_1 * std::pow(g_ip / m, 1.0f / g)) / (std::pow(g_ip / m, 1.0f / g) - 1.0f);
  const float w_2 = c / g_ipp2;
  t.s_2 = w_2 * m_1 * kReferenceLuminance;
  t.u_2 = std::pow((r_hit / m_1) / ((r_hit / m_1) + w_2), g);
  t.m_2 = m_1 / t.u_2;
  t.inverse_limit = n / (t.u_2 * n_r);
  t.forward_limit = 8.0f * r_hit;
  t.log_peak = std::log10(n / n_r);
  return t;
}

float tonescale_J_fwd(float J, const CamParams& p, const ToneScaleParams& t) {
  const float Y = J_to_Y(std::abs(J), p);
  return std::copysign(Y_to_J(tonescale_Y_fwd(Y, t), p), J);
}

float tonescale_J_inv(float J_ts, const CamParams& p, const ToneScaleParams& t) {
  const float Y = J_to_Y(std::abs(J_ts), p);
  return std::copysign(Y_to_J(tonescale_Y_inv(Y, t), p), J_ts);
}

}  // namespace aceslab::aces::detail
