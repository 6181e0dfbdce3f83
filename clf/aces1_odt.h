// SPDX-License-Identifier: Apache-2.0
// The ACES 1.0.x Output Device Transforms aceslab evaluates itself, from the Academy's CTL
// (ampas/aces-dev v1.0 ... v1.0.3), because OpenColorIO 2.1 has no builtin for them: the HDR ODTs
// of ACES 1.0-1.0.3, which put the RRT's output (OCES) through a c9 segmented spline at 1000, 2000
// or 4000 cd/m^2 (aces1_rrt.h) and SMPTE ST 2084 (PQ), superseded in ACES 1.1 by the RRTODTs.
// Their ids, and what differs between versions:
//   ODT.Academy.P3D60_PQ_{1000,2000,4000}nits.a1.0.0       (ACES 1.0)   black at 0.005 cd/m^2, no offset
//   ODT.Academy.P3D60_ST2048_{…}nits.a1.0.1                (ACES 1.0.1) 0.0001 cd/m^2 black, offset so
//   ODT.Academy.P3D60_ST2084_{…}nits.a1.0.1 / .a1.0.3      (1.0.2-1.0.3) that ACES 0 gives code 0;
//   ODT.Academy.Rec2020_ST2048_1000nits.a1.0.1, Rec2020_ST2084_1000nits.a1.0.1 / .a1.0.3
//                                                           the same, D60 -> D65 (Bradford), Rec.2020
// ("ST2048" in ACES 1.0.1 was a misnumbering of ST 2084: the same PQ curve.) The inverses follow
// InvODT.Academy.*.ctl. One exception: InvODT.Academy.Rec2020_ST2048_1000nits.a1.0.1 omits the
// inverse of the D60 -> D65 adaptation its forward ODT applies, a defect ACES 1.0.2 fixed
// (InvODT...Rec2020_ST2084_1000nits.a1.0.2, which the registry lists as its equivalent): aceslab
// applies the corrected inverse for it. The Rec.709 video ODT is here too, as the reference check
// of this code against OpenColorIO's ACES 1.0 builtin (aceslab renders Rec.709 through OCIO).
//
// Forward: ACES2065-1 -> RRT -> ODT -> display code values, clamped to [0, 1] (the CTL clamps
// display light to >= 0; a PQ code above 1 would be above 10000 cd/m^2). Inverse: code values,
// clamped to [0, 1], -> InvODT -> InvRRT -> ACES2065-1. Non-finite inputs are taken as 0 (NaN) or
// +/-HALF_MAX (infinities).
//
//   namespace aces1 = aceslab::aces::aces1;
//   aces1::apply_rrt_odt(aces1::Aces10Odt::p3d60_st2084_1000nits, aces::Direction::forward, rgb);
#pragma once

#include <span>
#include <string_view>

#include "clf/aces1_rrt.h"
#include "color/steps.h"

namespace aceslab::aces::aces1 {

enum class Aces10Odt {
  rec709_100nits_dim,       // ODT.Academy.Rec709_100nits_dim.a1.0.3
  p3d60_pq_1000nits,        // ODT.Academy.P3D60_PQ_1000nits.a1.0.0
  p3d60_pq_2000nits,        // ODT.Academy.P3D60_PQ_2000nits.a1.0.0
  p3d60_pq_4000nits,        // ODT.Academy.P3D60_PQ_4000nits.a1.0.0
  p3d60_st2084_1000nits,    // ODT.Academy.P3D60_ST2084_1000nits.a1.0.3 (= ST2048 a1.0.1, ST2084 a1.0.1)
  p3d60_st2084_2000nits,    // ODT.Academy.P3D60_ST2084_2000nits.a1.0.3
  p3d60_st2084_4000nits,    // ODT.Academy.P3D60_ST2084_4000nits.a1.0.3
  rec2020_st2084_1000nits,  // ODT.Academy.Rec2020_ST2084_1000nits.a1.0.3 (= ST2048 a1.0.1, ST2084 a1.0.1)
};

enum class OdtEncoding {
  bt1886,  // bt1886_r with gamma 2.4, L_W = 1, L_B = 0: code = L^(1/2.4)
  st2084,  // Y_2_ST2084: absolute cd/m^2 -> PQ code value (10000 cd/m^2 = 1)
};

struct OdtDefinition {
  std::string_view ctl;          // the CTL the definition follows, e.g. "ODT.Academy.Rec709_100nits_dim.a1.0.3"
  OdtTonescale tonescale;
  bool sdr_video = false;        // Y_2_linCV(CINEMA_WHITE, CINEMA_BLACK), dark -> dim surround, 0.93 desaturation
  double black_offset = 0.0;     // cd/m^2 subtracted after the tone scale (HDR ODTs of 1.0.1+)
  Chromaticities display;        // display primaries and white
  bool d60_to_d65 = false;       // D60_2_D65_CAT (Bradford) before the display matrix
  OdtEncoding encoding = OdtEncoding::bt1886;
};

const OdtDefinition& odt_definition(Aces10Odt odt);

// ODT alone: OCES (AP0) -> display code values, and back.
Vec3 odt_forward(Aces10Odt odt, const Vec3& oces);
Vec3 odt_inverse(Aces10Odt odt, const Vec3& code);

// RRT + ODT on interleaved RGB triplets, in place, over `threads` threads (0: all cores):
// ACES2065-1 -> code values (forward) or code values -> ACES2065-1 (inverse).
void apply_rrt_odt(Aces10Odt odt, Direction direction, std::span<float> rgb, unsigned threads = 0);

// SMPTE ST 2084 as the CTL writes it (Y_2_ST2084 / ST2084_2_Y): cd/m^2 <-> code value.
double Y_to_ST2084(double nits);
double ST2084_to_Y(double code);

}  // namespace aceslab::aces::aces1
