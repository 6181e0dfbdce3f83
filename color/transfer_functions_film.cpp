// SPDX-License-Identifier: Apache-2.0
// Film density curves: Kodak Cineon printing density and the Academy's ADX density-to-exposure
// table (see film_density.h).
#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <vector>

#include "color/camera_log_curve.h"
#include "color/film_density.h"
#include "color/transfer_function_catalog.h"

namespace aceslab::aces {
namespace {

// Kodak Cineon (Kodak "Conversion of 10-bit Log Film Data to 8-bit Linear or Video Data", 1995):
// 0.002 density per 10-bit code and a 0.6 negative gamma (300 codes per decade of exposure), 685 =
// 90% white, 95 = film base (black), black offset 10^((95 - 685) / 300):
//   y = (685 + 300 log10(x (1 - bo) + bo)) / 1023.
// As a CLF camera log with its break at linear 0 (code 95): below the film base the curve continues
// along its tangent, so noise under the base stays invertible and the CLF form is exact.
LogParams cineon() {
  const double bo = std::pow(10.0, (95.0 - 685.0) / 300.0);
  LogParams p;
  p.base = 10.0;
  p.log_side_slope = 300.0 / 1023.0;
  p.log_side_offset = 685.0 / 1023.0;
  p.lin_side_slope = 1.0 - bo;
  p.lin_side_offset = bo;
  p.lin_side_break = 0.0;
  return p;
}

// ADX: channel-independent density -> log10 relative exposure. The Academy CTL's 11-point table
// (linear interpolation; below its first density the first exposure, -6) and, above density 0.6,
// the straight line of slope 100 / 55 through the ADX16 reference point (7120 - 1520) / 8000
// density = 18% grey.
constexpr std::array<std::array<double, 2>, 11> kAdxTable = {{
    {-0.190000000000000, -6.000000000000000},
    {0.010000000000000, -2.721718645000000},
    {0.028000000000000, -2.521718645000000},
    {0.054000000000000, -2.321718645000000},
    {0.095000000000000, -2.121718645000000},
    {0.145000000000000, -1.921718645000000},
    {0.220000000000000, -1.721718645000000},
    {0.300000000000000, -1.521718645000000},
    {0.400000000000000, -1.321718645000000},
    {0.500000000000000, -1.121718645000000},
    {0.600000000000000, -0.926545676714876},
}};
const double kAdxRefPoint = (7120.0 - 1520.0) / 8000.0 * (100.0 / 55.0) - std::log10(0.18);

// Piecewise-linear interpolation in the table, from column `in` to column `out` (both increase),
// holding the first row's value below the table (the CTL's interpolate1D).
double adx_table(double x, int in, int out) {
  if (x <= kAdxTable.front()[in]) return kAdxTable.front()[out];
  for (std::size_t i = 1; i < kAdxTable.size(); ++i) {
    const auto& a = kAdxTable[i - 1];
    const auto& b = kAdxTable[i];
    if (x <= b[in]) return a[out] + (x - a[in]) * (b[out] - a[out]) / (b[in] - a[in]);
  }
  return kAdxTable.back()[out];
}

class AdxDensity final : public detail::PointwiseCurve<AdxDensity> {
 public:
  std::string_view id() const override { return "adx-density"; }
  std::string_view name() const override { return "ADX channel-independent density to relative exposure"; }
  double decode(double cid) const {
    const double log_e = cid > kAdxTable.back()[0] ? (100.0 / 55.0) * cid - kAdxRefPoint : adx_table(cid, 0, 1);
    return std::pow(10.0, log_e);
  }
  double encode(double exposure) const {
    if (!(exposure > 0.0)) return kAdxTable.front()[0];
    const double log_e = std::log10(exposure);
    return log_e > kAdxTable.back()[1] ? (log_e + kAdxRefPoint) * 55.0 / 100.0 : adx_table(log_e, 1, 0);
  }
  std::pair<double, double> code_domain() const override { return {kAdxTable.front()[0], 2.0}; }
};

}  // namespace

// The CTL stores its matrices for row vectors (mult_f3_f33); these are the column-vector forms.
MatrixStep adx_code_to_cid(AdxBits bits) {
  Mat3 cdd_to_cid;
  cdd_to_cid << 0.75573, 0.22197, 0.02230,
                0.05901, 0.96928, -0.02829,
                0.16134, 0.07406, 0.76460;
  const double scale = bits == AdxBits::adx10 ? 1023.0 / 500.0 : 65535.0 / 8000.0;
  const double offset = bits == AdxBits::adx10 ? -95.0 / 500.0 : -1520.0 / 8000.0;
  MatrixStep step;
  step.m = cdd_to_cid * scale;
  step.offset = cdd_to_cid * Vec3::Constant(offset);
  return step;
}

Mat3 adx_exposure_to_aces() {
  Mat3 m;
  m << 0.72286, 0.12630, 0.15084,
       0.11923, 0.76418, 0.11659,
       0.01427, 0.08213, 0.90359;
  return m;
}

namespace detail {

std::vector<const TransferFunction*> film_transfer_functions() {
  static const CameraLogCurve kCineon("cineon", "Kodak Cineon printing density (95 / 685)", cineon());
  static const AdxDensity kAdx;
  return {&kCineon, &kAdx};
}

}  // namespace detail
}  // namespace aceslab::aces
