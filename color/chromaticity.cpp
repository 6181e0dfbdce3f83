// SPDX-License-Identifier: Apache-2.0
#include "color/chromaticity.h"

#include <Eigen/Dense>
#include <string>

#include "color/error.h"

namespace aceslab::aces {

Vec3 xy_to_XYZ(xy c) { return Vec3(c.x / c.y, 1.0, (1.0 - c.x - c.y) / c.y); }

xy XYZ_to_xy(const Vec3& XYZ) {
  const double sum = XYZ.sum();
  if (sum == 0.0) return {0.0, 0.0};
  return {XYZ.x() / sum, XYZ.y() / sum};
}

Mat3 rgb_to_XYZ_matrix(const Chromaticities& c) {
  // Columns point along the primaries' XYZ and are scaled so that RGB (1,1,1) lands on the white.
  // (x, y, 1 - x - y) is such a direction for any primary, including y = 0 (CIE XYZ's own X and Z
  // primaries), where the Y = 1 form would divide by zero.
  auto direction = [](xy p) { return Vec3(p.x, p.y, 1.0 - p.x - p.y); };
  Mat3 P;
  P.col(0) = direction(c.red);
  P.col(1) = direction(c.green);
  P.col(2) = direction(c.blue);
  const Vec3 scale = P.partialPivLu().solve(xy_to_XYZ(c.white));
  return P * scale.asDiagonal();
}

Mat3 XYZ_to_rgb_matrix(const Chromaticities& c) { return rgb_to_XYZ_matrix(c).inverse(); }

std::string_view adaptation_id(Adaptation a) {
  switch (a) {
    case Adaptation::none: return "none";
    case Adaptation::xyz_scaling: return "xyz-scaling";
    case Adaptation::bradford: return "bradford";
    case Adaptation::cat02: return "cat02";
    case Adaptation::cat16: return "cat16";
  }
  return "none";
}

Adaptation parse_adaptation(std::string_view id) {
  for (Adaptation a : {Adaptation::none, Adaptation::xyz_scaling, Adaptation::bradford,
                       Adaptation::cat02, Adaptation::cat16}) {
    if (adaptation_id(a) == id) return a;
  }
  throw Error(ErrorKind::usage, "unknown chromatic adaptation \"" + std::string(id) +
                                    "\" (valid: none, xyz-scaling, bradford, cat02, cat16)");
}

Mat3 cone_response_matrix(Adaptation a) {
  Mat3 m;
  switch (a) {
    case Adaptation::bradford:  // Lam (1985), as tabulated by Hunt and ICC.1 Annex E
      m << 0.8951, 0.2664, -0.1614,
          -0.7502, 1.7135, 0.0367,
           0.0389, -0.0685, 1.0296;
      return m;
    case Adaptation::cat02:  // CIE 159:2004 (CIECAM02) M_CAT02
      m << 0.7328, 0.4296, -0.1624,
          -0.7036, 1.6975, 0.0061,
           0.0030, 0.0136, 0.9834;
      return m;
    case Adaptation::cat16:  // Li et al. 2017, "Comprehensive color solutions: CAM16, CAT16 and CAM16-UCS"
      m << 0.401288, 0.650173, -0.051461,
          -0.250268, 1.204414, 0.045854,
          -0.002079, 0.048952, 0.953127;
      return m;
    case Adaptation::none:
    case Adaptation::xyz_scaling:
      return Mat3::Identity();
  }
  return Mat3::Identity();
}

Mat3 adaptation_matrix(const Vec3& src_white_XYZ, const Vec3& dst_white_XYZ, Adaptation a) {
  if (a == Adaptation::none) return Mat3::Identity();
  const Mat3 cone = cone_response_matrix(a);
  const Vec3 src = cone * src_white_XYZ;
  const Vec3 dst = cone * dst_white_XYZ;
  const Vec3 gain = dst.cwiseQuotient(src);
  return cone.inverse() * gain.asDiagonal() * cone;
}

Mat3 rgb_to_rgb_matrix(const Chromaticities& src, const Chromaticities& dst, Adaptation a) {
  const Mat3 cat = adaptation_matrix(xy_to_XYZ(src.white), xy_to_XYZ(dst.white), a);
  return XYZ_to_rgb_matrix(dst) * cat * rgb_to_XYZ_matrix(src);
}

namespace primaries {
const xy kWhiteD65{0.3127, 0.3290};
const xy kWhiteACES{0.32168, 0.33767};  // SMPTE ST 2065-1:2012 section 4.1
const xy kWhiteDCI{0.314, 0.351};
const xy kWhiteD50{0.3457, 0.3585};

// SMPTE ST 2065-1 (AP0) and S-2014-004 (AP1).
const Chromaticities kAP0{{0.7347, 0.2653}, {0.0, 1.0}, {0.0001, -0.0770}, kWhiteACES};
const Chromaticities kAP1{{0.713, 0.293}, {0.165, 0.830}, {0.128, 0.044}, kWhiteACES};
// ITU-R BT.709-6, SMPTE EG 432-1 (P3), ITU-R BT.2020-2.
const Chromaticities kRec709{{0.64, 0.33}, {0.30, 0.60}, {0.15, 0.06}, kWhiteD65};
const Chromaticities kP3D65{{0.680, 0.320}, {0.265, 0.690}, {0.150, 0.060}, kWhiteD65};
const Chromaticities kP3DCI{{0.680, 0.320}, {0.265, 0.690}, {0.150, 0.060}, kWhiteDCI};
const Chromaticities kP3D60{{0.680, 0.320}, {0.265, 0.690}, {0.150, 0.060}, kWhiteACES};
const Chromaticities kRec2020{{0.708, 0.292}, {0.170, 0.797}, {0.131, 0.046}, kWhiteD65};
const Chromaticities kXYZ_E{{1.0, 0.0}, {0.0, 1.0}, {0.0, 0.0}, {1.0 / 3.0, 1.0 / 3.0}};
// ARRI "ALEXA LogC Curve - Usage in VFX" (2017) and "ARRI LogC4 Specification" (2022).
const Chromaticities kARRIWideGamut3{{0.6840, 0.3130}, {0.2210, 0.8480}, {0.0861, -0.1020}, kWhiteD65};
const Chromaticities kARRIWideGamut4{{0.7347, 0.2653}, {0.1424, 0.8576}, {0.0991, -0.0308}, kWhiteD65};
// Sony "Technical Summary for S-Gamut3.Cine/S-Log3 and S-Gamut3/S-Log3".
const Chromaticities kSGamut3{{0.730, 0.280}, {0.140, 0.855}, {0.100, -0.050}, kWhiteD65};
const Chromaticities kSGamut3Cine{{0.766, 0.275}, {0.225, 0.800}, {0.089, -0.087}, kWhiteD65};
// RED "White paper on REDWideGamutRGB and Log3G10" (2017).
const Chromaticities kREDWideGamutRGB{{0.780308, 0.304253}, {0.121595, 1.493994}, {0.095612, -0.084589}, kWhiteD65};
// Canon "Cinema Gamut" (Canon Log white paper), D65 white.
const Chromaticities kCanonCinemaGamut{{0.740, 0.270}, {0.170, 1.140}, {0.080, -0.100}, kWhiteD65};
// Panasonic "V-Log/V-Gamut Reference manual" (2014).
const Chromaticities kVGamut{{0.730, 0.280}, {0.165, 0.840}, {0.100, -0.030}, kWhiteD65};
// Blackmagic "Blackmagic Generation 5 Color Science" (2021); its white is given to 7 digits.
const Chromaticities kBMDWideGamutGen5{{0.7177215, 0.3171181}, {0.2280410, 0.8615690}, {0.1005841, -0.0820452}, {0.3127170, 0.3290312}};
// Blackmagic "DaVinci Resolve 17 Wide Gamut Intermediate" (2020).
const Chromaticities kDaVinciWideGamut{{0.8000, 0.3130}, {0.1682, 0.9877}, {0.0790, -0.1155}, {0.3127, 0.3290}};
// Sony "S-Log2 Technical Summary" (2012) and "Technical Summary for S-Gamut3.Cine/S-Log3 and
// S-Gamut3/S-Log3" (2016) section 1: S-Gamut3 has S-Gamut's primaries.
const Chromaticities kSGamut{{0.730, 0.280}, {0.140, 0.855}, {0.100, -0.050}, kWhiteD65};
// Sony's VENICE primaries, to 15 digits as in its ACES CSCs (aces-input-and-colorspaces
// sony/CSC.Sony.Venice_SLog3_SGamut3*_to_ACES.ctl, SONY_VENICE_SGAMUT3*_PRI).
const Chromaticities kVeniceSGamut3{{0.740464264304292, 0.279364374750660},
                                    {0.089241145423286, 0.893809528608105},
                                    {0.110488236673827, -0.052579333080476}, kWhiteD65};
const Chromaticities kVeniceSGamut3Cine{{0.775901871567345, 0.274502392854799},
                                        {0.188682902773355, 0.828684937020288},
                                        {0.101337382499301, -0.089187517306263}, kWhiteD65};
// Fujifilm "F-Log Data Sheet" Ver.1.1 (2022) section 1: F-Gamut is ITU-R BT.2020; Fujifilm
// "F-Log2 C Data Sheet" Ver.1.0 (2024) section 1: F-Gamut C.
const Chromaticities kFGamut = kRec2020;
const Chromaticities kFGamutC{{0.7347, 0.2653}, {0.0263, 0.9737}, {0.1173, -0.0224}, kWhiteD65};
// DJI "White Paper on D-Log and D-Gamut of DJI Cinema Color System" (2017), as in DJI's ACES CSC
// (aces-input-and-colorspaces dji/CSC.DJI.DLog_DGamut_to_ACES.ctl, DJI_DGAMUT_PRI).
const Chromaticities kDGamut{{0.71, 0.31}, {0.21, 0.88}, {0.09, -0.08}, kWhiteD65};
// GoPro's Protune Native primaries as GoPro contributed them to the ACES 1.0.3 OCIO config
// (hpd/OpenColorIO-Configs aces_1.0.3/python/aces_ocio/colorspaces/gopro.py).
const Chromaticities kProtuneNative{{0.698480461493841, 0.193026445370121},
                                    {0.329555378387345, 1.024596624134644},
                                    {0.108442631407675, -0.034678569754016}, kWhiteD65};
// ACES 2.0 Output Transform (Lib.Academy.OutputTransform.ctl): CAM16 primaries with an equal-energy white.
const Chromaticities kCAM16{{0.8336, 0.1735}, {2.3854, -1.4659}, {0.087, -0.125}, {0.333, 0.333}};
}  // namespace primaries

}  // namespace aceslab::aces
