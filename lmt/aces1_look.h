// SPDX-License-Identifier: Apache-2.0
// The ACES 1 look in ACES 2: an ACES 1.x Output Transform (RRT + ODT, by registry id or alias,
// clf/aces1_output.h) taken as the show LUT, straight from OpenColorIO 2.1's builtins with no LUT
// file: ACEScct code values -> ACES2065-1 -> the ACES 1.x output -> display code values. The LMT
// maker turns it into an LMT that makes the ACES 2.0 Output Transform of the same display show what
// ACES 1.x showed, for shows moving from ACES 1.3 to 2.0.
//
// OpenColorIO's ACES 1.x builtins are not CLF v3 ops, so the LMT carries the output sampled at
// kAces1TableSize^3 over ACEScct (a LUT3D, tetrahedral) and, after it, the split layout's table of
// the inverse ACES 2.0 output transform (lmt_maker.h); it is verified against the exact builtin.
// Measured (natural dE2000 p99 against the builtin, Rec.709): 129^3 sample + 65^3 split 0.107
// (68 MB of CLF); the previous 129^3 merged table of the whole sandwich 0.156 (111 MB); a 65^3
// sample 0.263 (the sample's own interpolation of ACES 1.x dominates). On HDR displays the merged
// table stays (aces1_sampled).
//
//   const aces::Aces1Output& out = aces::find_aces1_output("ODT.Academy.Rec709_100nits_dim.a1.0.3");
//   const lmt::ShowLut table = lmt::aces1_output_table(out);   // what the LMT holds
//   const lmt::ShowLut exact = lmt::aces1_output_lut(out);     // what it is verified against
//   lmt::LmtSettings s = lmt::aces1_look_settings(out);   // lut_in acescct, lut_out its ACES 2.0 twin
//   lmt::make_lmt(table, s, "aces1_look.clf", Overwrite::refuse, &exact);
#pragma once

#include <string>

#include "clf/aces1_output.h"
#include "lmt/lmt_maker.h"
#include "lmt/show_lut.h"

namespace aceslab::lmt {

// The exact output taken as the LUT itself (a black box: the merged layout, made by bake_lmt at
// 129^3 when no size is given) has no lattice of its own to nest; see above.
constexpr int kAces1TableSize = 129;

// The output as a show LUT over ACEScct [0,1] (ACES2065-1 -0.0057 ... 222), evaluated by OpenColorIO.
ShowLut aces1_output_lut(const aces::Aces1Output& output);

// The same sampled at size^3 over ACEScct [0,1] into a LUT3D (tetrahedral): a show LUT with exact
// steps, for the split layout. Throws aceslab::Error (usage) for a size outside [2, 129].
ShowLut aces1_output_table(const aces::Aces1Output& output, int size = kAces1TableSize);

// Whether `aceslab lmt --aces1-output` samples the output into a table (SDR displays) or takes the
// builtin itself (HDR: PQ and HLG code values are too curved over ACEScct for a 129^3 sample;
// P3-D65 PQ 1000 nit: natural p99 0.145 sampled + split against 0.070 with the 129^3 merged table).
bool aces1_sampled(const LmtSettings& settings);

// lut_in "acescct", lut_out the ACES 2.0 preset with the same display encoding (or `lut_out` when
// given), the automatic cube size, the look named after the output. Throws aceslab::Error (usage) when ACES 2.0 has no such
// display and none was given.
LmtSettings aces1_look_settings(const aces::Aces1Output& output, const std::string& lut_out = {});

}  // namespace aceslab::lmt
