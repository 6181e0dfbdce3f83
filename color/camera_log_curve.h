// SPDX-License-Identifier: Apache-2.0
// A transfer function defined by the parameters of a CLF v3 camera log op (section 7.5,
// styles cameraLinToLog / cameraLogToLin): a log segment above a break point on the linear side and
// a straight line below it, joined continuously. Most camera log encodings (ARRI LogC3/LogC4,
// Sony S-Log2/S-Log3, RED Log3G10, Panasonic V-Log, Blackmagic Film Gen5, DaVinci Intermediate) and
// ACEScct are exactly this shape, so one implementation serves them all and their CLF form is exact.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "color/transfer_function.h"

namespace aceslab::aces {

// encode (lin -> code):  x >  lin_side_break: log_side_slope * log_base(lin_side_slope * x + lin_side_offset)
//                                             + log_side_offset
//                        x <= lin_side_break: linear_slope * x + linear_offset
// When `linear_slope` is absent it is the slope of the log segment at the break (CLF's rule); the
// linear offset always makes the two segments meet at the break.
class CameraLogCurve final : public TransferFunction {
 public:
  // `params.lin_side_break` is required; throws aceslab::Error (internal) if absent.
  CameraLogCurve(std::string id, std::string name, const LogParams& params,
                 std::pair<double, double> code_domain = {0.0, 1.0});

  std::string_view id() const override { return m_id; }
  std::string_view name() const override { return m_name; }

  double to_linear(double code) const override;
  double to_code(double linear) const override;
  void to_linear(std::span<float> values) const override;
  void to_code(std::span<float> values) const override;

  std::optional<LogStep> clf_log_decode() const override;
  std::pair<double, double> code_domain() const override { return m_domain; }

  const LogParams& params() const { return m_params; }
  double linear_slope() const { return m_linear_slope; }
  double linear_offset() const { return m_linear_offset; }
  // The code value at the break (where the log and linear segments meet).
  double log_side_break() const { return m_log_break; }

 private:
  std::string m_id;
  std::string m_name;
  LogParams m_params;
  std::pair<double, double> m_domain;
  double m_ln_base = 0.0;
  double m_break = 0.0;
  double m_linear_slope = 0.0;
  double m_linear_offset = 0.0;
  double m_log_break = 0.0;
};

}  // namespace aceslab::aces
