// SPDX-License-Identifier: Apache-2.0
// The ACES 1 look in ACES 2: an ACES 1.x Output Transform (RRT + ODT, by registry id or alias,
// clf/aces1_output.h) taken as the show LUT, straight from OpenColorIO 2.1's builtins with no LUT
// file: ACEScct code values -> ACES2065-1 -> the ACES 1.x output -> display code values. The LMT
// maker turns it into an LMT that makes the ACES 2.0 Output Transform of the same display show what
// ACES 1.x showed, for shows moving from ACES 1.3 to 2.0.
//
//   const aces::Aces1Output& out = aces::find_aces1_output("ODT.Academy.Rec709_100nits_dim.a1.0.3");
//   const lmt::ShowLut lut = lmt::aces1_output_lut(out);
//   lmt::LmtSettings s = lmt::aces1_look_settings(out);   // lut_in acescct, lut_out its ACES 2.0 twin
//   lmt::make_lmt(lut, s, "aces1_look.clf", Overwrite::refuse);
#pragma once

#include <string>

#include "clf/aces1_output.h"
#include "lmt/lmt_maker.h"
#include "lmt/show_lut.h"

namespace aceslab::lmt {

// A function has no lattice of its own to nest, so the fit does not apply automatically; 129^3 point
// samples meet the targets with room (Rec.709: natural dE2000 mean 0.022, p99 0.20), where 65^3
// needs --fit least-squares (0.063 / 0.42) and loses the exact 33^3 grid of the verification's cube.
constexpr int kAces1LookCubeSize = 129;

// The output as a show LUT over ACEScct [0,1] (ACES2065-1 -0.0057 ... 222), evaluated by OpenColorIO.
ShowLut aces1_output_lut(const aces::Aces1Output& output);

// lut_in "acescct", lut_out the ACES 2.0 preset with the same display encoding (or `lut_out` when
// given), cube size kAces1LookCubeSize, the look named after the output. Throws aceslab::Error (usage) when ACES 2.0 has no such
// display and none was given.
LmtSettings aces1_look_settings(const aces::Aces1Output& output, const std::string& lut_out = {});

}  // namespace aceslab::lmt
