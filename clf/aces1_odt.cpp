// SPDX-License-Identifier: Apache-2.0
#include "clf/aces1_odt.h"

#include <Eigen/LU>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "color/error.h"
#include "color/parallel.h"

namespace aceslab::aces::aces1 {
namespace {

// ACESlib.ODT_Common: the cinema tone scale's white and black (cd/m^2). The CTL writes black as
// pow10(log10(0.02)) to match its float tone scale's black exactly; in double that is 0.02.
constexpr double kCinemaWhite = 48.0;
constexpr double kCinemaBlack = 0.02;
constexpr double kDimSurroundGamma = 0.9811;
constexpr double kOdtSatFactor = 0.93;
constexpr double kHalfMax = 65504.0;
// The HDR ODTs of ACES 1.0.1+ subtract pow10(-4.4550166483) cd/m^2 after the tone scale: the
// 1000/2000/4000-nit c9 splines' value at the RRT's black (0.0001 OCES), so ACES 0 gives code 0.
const double kHdrBlackOffset = std::pow(10.0, -4.4550166483);

// SMPTE ST 2084-2014 constants as ACESlib.Utilities_Color writes them.
constexpr double kPqM1 = 0.1593017578125;  // 2610 / 4096 / 4
constexpr double kPqM2 = 78.84375;         // 2523 / 4096 * 128
constexpr double kPqC1 = 0.8359375;        // 3424 / 4096
constexpr double kPqC2 = 18.8515625;       // 2413 / 4096 * 32
constexpr double kPqC3 = 18.6875;          // 2392 / 4096 * 32
constexpr double kPqPeak = 10000.0;

constexpr std::size_t kOdtCount = 8;

std::size_t index_of(Aces10Odt odt) {
  const auto i = static_cast<std::size_t>(odt);
  if (i >= kOdtCount) throw Error(ErrorKind::internal, "unknown ACES 1.0 ODT");
  return i;
}

const std::array<OdtDefinition, kOdtCount>& definitions() {
  using namespace primaries;
  static const std::array<OdtDefinition, kOdtCount> all = {{
      {"ODT.Academy.Rec709_100nits_dim.a1.0.3", OdtTonescale::cinema_48nits, true, 0.0, kRec709, true,
       OdtEncoding::bt1886},
      {"ODT.Academy.P3D60_PQ_1000nits.a1.0.0", OdtTonescale::hdr_1000nits_v1, false, 0.0, kP3D60, false,
       OdtEncoding::st2084},
      {"ODT.Academy.P3D60_PQ_2000nits.a1.0.0", OdtTonescale::hdr_2000nits_v1, false, 0.0, kP3D60, false,
       OdtEncoding::st2084},
      {"ODT.Academy.P3D60_PQ_4000nits.a1.0.0", OdtTonescale::hdr_4000nits_v1, false, 0.0, kP3D60, false,
       OdtEncoding::st2084},
      {"ODT.Academy.P3D60_ST2084_1000nits.a1.0.3", OdtTonescale::hdr_1000nits, false, kHdrBlackOffset, kP3D60,
       false, OdtEncoding::st2084},
      {"ODT.Academy.P3D60_ST2084_2000nits.a1.0.3", OdtTonescale::hdr_2000nits, false, kHdrBlackOffset, kP3D60,
       false, OdtEncoding::st2084},
      {"ODT.Academy.P3D60_ST2084_4000nits.a1.0.3", OdtTonescale::hdr_4000nits, false, kHdrBlackOffset, kP3D60,
       false, OdtEncoding::st2084},
      {"ODT.Academy.Rec2020_ST2084_1000nits.a1.0.3", OdtTonescale::hdr_1000nits, false, kHdrBlackOffset, kRec2020,
       true, OdtEncoding::st2084},
  }};
  return all;
}

// The matrices of one ODT, derived once from its definition.
struct OdtMatrices {
  Mat3 ap1_to_display;  // AP1_2_XYZ_MAT, D60_2_D65_CAT if any, XYZ_2_DISPLAY_PRI_MAT
  Mat3 display_to_ap1;
  Mat3 sat;             // ODT_SAT_MAT (SDR video)
  Mat3 sat_inverse;
};

OdtMatrices make_matrices(const OdtDefinition& d) {
  using namespace primaries;
  Mat3 to_xyz = AP1_to_XYZ();
  if (d.d60_to_d65) to_xyz = adaptation_matrix(xy_to_XYZ(kWhiteACES), xy_to_XYZ(kWhiteD65), Adaptation::bradford) * to_xyz;
  OdtMatrices m;
  m.ap1_to_display = XYZ_to_rgb_matrix(d.display) * to_xyz;
  m.display_to_ap1 = m.ap1_to_display.inverse();
  m.sat = saturation_matrix(kOdtSatFactor);
  m.sat_inverse = m.sat.inverse();
  return m;
}

const OdtMatrices& matrices(Aces10Odt odt) {
  static const std::array<OdtMatrices, kOdtCount> all = [] {
    std::array<OdtMatrices, kOdtCount> m;
    for (std::size_t i = 0; i < kOdtCount; ++i) m[i] = make_matrices(definitions()[i]);
    return m;
  }();
  return all[index_of(odt)];
}

// ACESlib.ODT_Common darkSurround_to_dimSurround (exponent 0.9811) and its inverse (1 / 0.9811):
// a power on Y in xyY of AP1 linear code values, chromaticity kept.
Vec3 surround(const Vec3& linear_cv, double exponent) {
  const Vec3 XYZ = AP1_to_XYZ() * linear_cv;
  double divisor = XYZ.sum();
  if (divisor == 0.0) divisor = 1e-10;
  const double x = XYZ[0] / divisor;
  const double y = XYZ[1] / divisor;
  const double Y = std::pow(std::clamp(XYZ[1], 0.0, std::numeric_limits<double>::infinity()), exponent);
  const double y_safe = std::max(y, 1e-10);
  return XYZ_to_AP1() * Vec3(x * Y / y_safe, Y, (1.0 - x - y) * Y / y_safe);
}

double sanitize(float v) {
  if (std::isnan(v)) return 0.0;
  return std::clamp(static_cast<double>(v), -kHalfMax, kHalfMax);
}

}  // namespace

double Y_to_ST2084(double nits) {
  const double Lm = std::pow(std::max(nits, 0.0) / kPqPeak, kPqM1);
  return std::pow((kPqC1 + kPqC2 * Lm) / (1.0 + kPqC3 * Lm), kPqM2);
}

double ST2084_to_Y(double code) {
  const double Np = std::pow(std::max(code, 0.0), 1.0 / kPqM2);
  const double L = std::max(Np - kPqC1, 0.0) / (kPqC2 - kPqC3 * Np);
  return std::pow(L, 1.0 / kPqM1) * kPqPeak;
}

const OdtDefinition& odt_definition(Aces10Odt odt) { return definitions()[index_of(odt)]; }

Vec3 odt_forward(Aces10Odt odt, const Vec3& oces) {
  const OdtDefinition& d = odt_definition(odt);
  const OdtMatrices& m = matrices(odt);
  const Tonescale<10>& tonescale = odt_curve(d.tonescale);
  Vec3 rgb = AP0_to_AP1() * oces;
  for (int c = 0; c < 3; ++c) rgb[c] = tonescale.forward(rgb[c]) - d.black_offset;
  if (d.sdr_video) {
    rgb = (rgb.array() - kCinemaBlack) / (kCinemaWhite - kCinemaBlack);  // Y_2_linCV
    rgb = m.sat * surround(rgb, kDimSurroundGamma);
  }
  Vec3 display = m.ap1_to_display * rgb;
  Vec3 code;
  switch (d.encoding) {
    case OdtEncoding::bt1886:  // clamp_f3(linearCV, 0, 1), bt1886_r(L, 2.4, 1, 0)
      for (int c = 0; c < 3; ++c) code[c] = std::pow(std::clamp(display[c], 0.0, 1.0), 1.0 / 2.4);
      break;
    case OdtEncoding::st2084:  // clamp_f3(rgb, 0, HALF_POS_INF), Y_2_ST2084_f3
      for (int c = 0; c < 3; ++c) code[c] = Y_to_ST2084(std::max(display[c], 0.0));
      break;
  }
  return code.cwiseMax(0.0).cwiseMin(1.0);
}

Vec3 odt_inverse(Aces10Odt odt, const Vec3& code_in) {
  const OdtDefinition& d = odt_definition(odt);
  const OdtMatrices& m = matrices(odt);
  const Tonescale<10>& tonescale = odt_curve(d.tonescale);
  const Vec3 code = code_in.cwiseMax(0.0).cwiseMin(1.0);
  Vec3 display;
  switch (d.encoding) {
    case OdtEncoding::bt1886:
      for (int c = 0; c < 3; ++c) display[c] = std::pow(code[c], 2.4);
      break;
    case OdtEncoding::st2084:
      for (int c = 0; c < 3; ++c) display[c] = ST2084_to_Y(code[c]);
      break;
  }
  Vec3 rgb = m.display_to_ap1 * display;
  if (d.sdr_video) {
    rgb = surround(m.sat_inverse * rgb, 1.0 / kDimSurroundGamma);
    rgb = rgb.array() * (kCinemaWhite - kCinemaBlack) + kCinemaBlack;  // linCV_2_Y
  }
  for (int c = 0; c < 3; ++c) rgb[c] = tonescale.inverse(rgb[c] + d.black_offset);
  return AP1_to_AP0() * rgb;
}

void apply_rrt_odt(Aces10Odt odt, Direction direction, std::span<float> rgb, unsigned threads) {
  index_of(odt);  // an unknown ODT throws here, not in a worker
  for_chunks(rgb, threads, [odt, direction](std::span<float> chunk, std::size_t) {
    for (std::size_t i = 0; i + 2 < chunk.size(); i += 3) {
      const Vec3 in(sanitize(chunk[i]), sanitize(chunk[i + 1]), sanitize(chunk[i + 2]));
      const Vec3 out = direction == Direction::forward ? odt_forward(odt, rrt_forward(in))
                                                       : rrt_inverse(odt_inverse(odt, in));
      for (int c = 0; c < 3; ++c) chunk[i + c] = static_cast<float>(out[c]);
    }
  });
}

}  // namespace aceslab::aces::aces1
