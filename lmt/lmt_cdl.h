// SPDX-License-Identifier: Apache-2.0
// The ASC CDL closest to an LMT, for pipelines that take nothing but a CDL (on-set monitors,
// dailies systems): slope, offset, power and saturation in ACEScct (AMF's cdlWorkingSpace),
// fitted by solver/cdl_fit.h (Ceres, Huber loss) on the natural colours: inputs ACEScct(ACES),
// targets ACEScct(LMT(ACES)). Reported honestly: its CIEDE2000 against the full LMT (both through
// the output transform) and against the show LUT itself, on the same natural colours. A CDL is a
// per-channel slope/offset/power and one saturation: it carries an exposure, balance and contrast
// look, but not a film print's hue crossovers or a look's highlight roll-off.
//
// Written as .cdl (ColorDecisionList), .ccc (ColorCorrectionCollection) or .cc (ColorCorrection),
// ASC CDL XML namespace urn:ASC:CDL:v1.01. In the AMF recipe (lmt_amf.h), by CdlAmfMode: as an
// archived alternative pipeline (input, CDL, output) beside the active LMT pipeline, so nothing
// applies both; or as the active look with the LMT pipeline archived, for CDL-only systems.
#pragma once

#include <filesystem>
#include <string>

#include "color/atomic_file.h"
#include "lmt/lut_encoding.h"
#include "lmt/show_lut.h"
#include "lmt/verify.h"
#include "solver/cdl_fit.h"

namespace aceslab::lmt {

// Mean CIEDE2000 against the show LUT below which a CDL stands in for the look, and above which it
// does not (between: an approximation).
constexpr double kCdlGoodDeltaE = 1.0;
constexpr double kCdlPoorDeltaE = 3.0;

// Where the CDL goes in the --amf recipe: "alternative" (default: an aces:archivedPipeline with the
// CDL in place of the LMT; the active pipeline keeps the LMT), "instead" (the active pipeline's
// look is the CDL; the LMT pipeline is archived), "none".
enum class CdlAmfMode { alternative, instead, none };
CdlAmfMode parse_cdl_amf_mode(const std::string& id);  // throws aceslab::Error (usage)
const char* cdl_amf_mode_id(CdlAmfMode mode);

struct LmtCdl {
  solver::CdlFitResult fit;
  ErrorStats vs_lmt;   // natural colours: OT(CDL) against OT(LMT)
  SetFigures vs_lut;   // natural colours: OT(CDL) against the show LUT (what the monitor shows)
  std::string verdict; // "close", "approximate", "not good"
  std::string summary; // one line for tables and warnings
};

// `lmt`: ACES2065-1 -> ACES2065-1 (the written CLF evaluated by OpenColorIO, or the pipeline).
LmtCdl fit_lmt_cdl(const ShowLut& lut, const LutEncoding& encoding, const RgbFunction& lmt, unsigned threads = 0);

// The CDL as an ACES2065-1 -> ACES2065-1 function (ACEScct, the CDL, back), for measuring.
RgbFunction cdl_function(const solver::CdlParams& cdl);

// Throws aceslab::Error (usage) unless `path` ends in .cdl, .ccc or .cc (any case).
void check_cdl_path(const std::filesystem::path& path);

// Writes the CDL as .cdl, .ccc or .cc (by extension; anything else is a usage error). `id` is the
// ColorCorrection id, `description` its Description. Atomic; refuses to overwrite unless allowed.
void write_cdl_file(const std::filesystem::path& path, const solver::CdlParams& cdl, const std::string& id,
                    const std::string& description, Overwrite overwrite);

}  // namespace aceslab::lmt
