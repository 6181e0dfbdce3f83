// SPDX-License-Identifier: Apache-2.0
// RGB colour spaces as CIE xy chromaticities of their primaries and white point, and the matrices
// derived from them: RGB <-> XYZ (SMPTE RP 177) and RGB -> RGB with a chosen chromatic adaptation.
// Every matrix in aceslab is built here from published chromaticities; pasted matrices appear only
// as golden values in tests.
#pragma once

#include <Eigen/Core>
#include <string_view>

namespace aceslab::aces {

using Mat3 = Eigen::Matrix3d;
using Vec3 = Eigen::Vector3d;

struct xy {
  double x = 0.0;
  double y = 0.0;
};

struct Chromaticities {
  xy red, green, blue, white;
};

// xyY with Y = 1 -> XYZ.
Vec3 xy_to_XYZ(xy c);
xy XYZ_to_xy(const Vec3& XYZ);

// Normalised primary matrix: linear RGB -> XYZ with the white (1,1,1) at Y = 1 (SMPTE RP 177).
Mat3 rgb_to_XYZ_matrix(const Chromaticities& c);
Mat3 XYZ_to_rgb_matrix(const Chromaticities& c);

enum class Adaptation {
  none,         // no adaptation: XYZ is carried over unchanged (as ACES 2.0 output transforms do)
  xyz_scaling,  // von Kries in XYZ itself
  bradford,     // Lam 1985 / Hunt; used by ICC and many camera vendors
  cat02,        // CIECAM02; used by the Academy's IDT procedure and OCIO's camera builtins
  cat16,        // CAM16
};

std::string_view adaptation_id(Adaptation a);
// Accepts "none", "xyz-scaling", "bradford", "cat02", "cat16"; throws aceslab::Error (usage).
Adaptation parse_adaptation(std::string_view id);

// The cone-response matrix of a von Kries style method (identity for xyz_scaling and none).
Mat3 cone_response_matrix(Adaptation a);

// XYZ under `src_white` -> XYZ under `dst_white` (von Kries in the method's cone space).
Mat3 adaptation_matrix(const Vec3& src_white_XYZ, const Vec3& dst_white_XYZ, Adaptation a);

// Linear RGB in `src` -> linear RGB in `dst`, adapting src white to dst white with `a`.
Mat3 rgb_to_rgb_matrix(const Chromaticities& src, const Chromaticities& dst,
                       Adaptation a = Adaptation::cat02);

// Published chromaticities. Sources are cited next to each definition in chromaticity.cpp.
namespace primaries {
extern const xy kWhiteD65;    // CIE D65 as used by ITU-R BT.709 / BT.2020 / P3-D65 (0.3127, 0.3290)
extern const xy kWhiteACES;   // SMPTE ST 2065-1 ACES white (~D60) (0.32168, 0.33767)
extern const xy kWhiteDCI;    // SMPTE RP 431-2 DCI white (0.314, 0.351)
extern const xy kWhiteD50;    // (0.3457, 0.3585)

extern const Chromaticities kAP0;
extern const Chromaticities kAP1;
extern const Chromaticities kRec709;
extern const Chromaticities kP3D65;
extern const Chromaticities kP3DCI;
extern const Chromaticities kP3D60;
extern const Chromaticities kRec2020;
extern const Chromaticities kXYZ_E;  // CIE XYZ as an RGB space (illuminant E white)
extern const Chromaticities kARRIWideGamut3;
extern const Chromaticities kARRIWideGamut4;
extern const Chromaticities kSGamut3;
extern const Chromaticities kSGamut3Cine;
extern const Chromaticities kREDWideGamutRGB;
extern const Chromaticities kCanonCinemaGamut;
extern const Chromaticities kVGamut;
extern const Chromaticities kBMDWideGamutGen5;
extern const Chromaticities kDaVinciWideGamut;
extern const Chromaticities kSGamut;              // Sony S-Gamut (S-Log1 / S-Log2)
extern const Chromaticities kVeniceSGamut3;       // Sony VENICE S-Gamut3
extern const Chromaticities kVeniceSGamut3Cine;   // Sony VENICE S-Gamut3.Cine
extern const Chromaticities kFGamut;              // Fujifilm F-Gamut (= ITU-R BT.2020)
extern const Chromaticities kFGamutC;             // Fujifilm F-Gamut C
extern const Chromaticities kDGamut;              // DJI D-Gamut
extern const Chromaticities kProtuneNative;       // GoPro Protune Native
extern const Chromaticities kCAM16;  // the "CAM16 LMS" primaries the ACES 2.0 output transform uses
}  // namespace primaries

}  // namespace aceslab::aces
