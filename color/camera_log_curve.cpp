// SPDX-License-Identifier: Apache-2.0
#include "color/camera_log_curve.h"

#include <cmath>

#include "color/error.h"

namespace aceslab::aces {

CameraLogCurve::CameraLogCurve(std::string id, std::string name, const LogParams& params,
                               std::pair<double, double> code_domain)
    : m_id(std::move(id)), m_name(std::move(name)), m_params(params), m_domain(code_domain) {
  if (!params.lin_side_break) {
    throw Error(ErrorKind::internal, "camera log curve \"" + m_id + "\" has no linSideBreak");
  }
  m_ln_base = std::log(params.base);
  m_break = *params.lin_side_break;
  const double lin_at_break = params.lin_side_slope * m_break + params.lin_side_offset;
  if (!(lin_at_break > 0.0) || !(m_ln_base > 0.0) || params.log_side_slope == 0.0 ||
      params.lin_side_slope == 0.0) {
    throw Error(ErrorKind::internal, "camera log curve \"" + m_id + "\" has degenerate parameters");
  }
  // CLF v3 section 7.5: the log segment's value at the break, the linear slope (given, or the log
  // segment's slope there) and offset, derived where CLF readers and aces::apply derive them.
  const CameraLogSegments seg = camera_log_segments(params);
  m_log_break = seg.log_side_break;
  m_linear_slope = seg.linear_slope;
  m_linear_offset = seg.linear_offset;
}

double CameraLogCurve::to_code(double x) const {
  const LogParams& p = m_params;
  if (x <= m_break) return m_linear_slope * x + m_linear_offset;
  return p.log_side_slope * std::log(p.lin_side_slope * x + p.lin_side_offset) / m_ln_base + p.log_side_offset;
}

double CameraLogCurve::to_linear(double y) const {
  const LogParams& p = m_params;
  if (y <= m_log_break) return (y - m_linear_offset) / m_linear_slope;
  return (std::exp((y - p.log_side_offset) / p.log_side_slope * m_ln_base) - p.lin_side_offset) /
         p.lin_side_slope;
}

void CameraLogCurve::to_linear(std::span<float> values) const {
  for (float& v : values) v = static_cast<float>(CameraLogCurve::to_linear(static_cast<double>(v)));
}

void CameraLogCurve::to_code(std::span<float> values) const {
  for (float& v : values) v = static_cast<float>(CameraLogCurve::to_code(static_cast<double>(v)));
}

std::optional<LogStep> CameraLogCurve::clf_log_decode() const {
  LogStep step;
  step.style = LogStyle::cameraLogToLin;
  step.params = {m_params, m_params, m_params};
  return step;
}

}  // namespace aceslab::aces
