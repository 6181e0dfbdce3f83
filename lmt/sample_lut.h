// SPDX-License-Identifier: Apache-2.0
// A generator of realistic show LUTs (camera log -> display) in the style of the camera makers'
// looks, for the shipped samples, the tests, the benchmark and the generated test library
// (lut_classes.h). The look, per lattice point:
//   camera log decode -> scene-linear camera gamut -> warm highlights / teal shadows split toning
//   (a few hundredths of a stop per channel, weighted by the exposure relative to grey) -> a filmic
//   S-curve per channel (a power-law toe and a soft shoulder; 18% grey -> 10% display light on SDR
//   displays, 15 cd/m^2 on HDR ones, the shoulder reaching the display's peak) -> saturation
//   compressed towards the highlights -> matrix to the display's limiting gamut (CAT02 to its white)
//   -> gamut compression of out-of-gamut colours (distance-to-achromatic, as the ACES 1.3 reference
//   gamut compressor) -> clipped to [0, peak] -> matrix to the display's encoding primaries -> the
//   display's inverse EOTF.
// Variants: LookStyle::print adds what a film-print emulation does and a CDL cannot (different
// contrast and grey point per channel, so hues cross over with exposure, and dye cross-talk
// between the channels' densities); `clamp = false` keeps outputs above 1 and below 0 (no gamut
// compression, no clip, a shoulder that overshoots white by 12%), as unclamped show LUTs do.
// The LMT maker is never tuned to it: tests use many inputs, displays, styles and formats.
#pragma once

#include <string>
#include <vector>

#include "aces2/display_encoding.h"
#include "color/chromaticity.h"
#include "lmt/cube_reader.h"

namespace aceslab::lmt {

// A display a generated LUT renders for.
struct SampleDisplay {
  std::string id;                  // "rec709-bt1886", "p3dci-gamma2.6", "rec2100-pq-1000nit-p3"...
  aces::Chromaticities encoding;   // primaries + white of the code values
  aces::Chromaticities limiting;   // gamut the look is compressed into (its white is the look's white)
  aces::Eotf eotf = aces::Eotf::bt1886;
  double peak_nits = 100.0;        // 100 for SDR and cinema (relative: code 1 = peak), 1000 for HDR
  double linear_scale = 1.0;       // encoding light per limiting light (DCDM: 48 / 52.37)
};
// Rec.709 BT.1886 / sRGB, P3-D65 and DCI-P3 gamma 2.6 (cinema), DCDM XYZ gamma 2.6 (P3-D65
// limited), P3-D65 PQ, Rec.2100 PQ and HLG (P3-limited), all at 1000 nit for HDR.
const std::vector<SampleDisplay>& sample_displays();
const SampleDisplay& find_sample_display(const std::string& id);  // throws aceslab::Error (usage)

enum class LookStyle { filmic, print };

struct SampleLutOptions {
  std::string input = "logc3-ei800-awg3";  // colour space id of the LUT's input
  std::string display_eotf = "bt1886";     // with an empty `display`: Rec.709 with this EOTF
  std::string display;                     // a sample_displays() id; overrides display_eotf
  int size = 33;                           // 3D entries per axis
  int shaper_size = 0;                     // > 0: a Resolve 1D shaper (x^0.8) of this many entries
  double contrast = 1.4;                   // toe power of the S-curve
  LookStyle style = LookStyle::filmic;
  bool clamp = true;                       // false: outputs above 1 and below 0 are kept
  bool legal_input = false;                // the table is indexed by legal-range (64-940) camera codes
  bool legal_output = false;               // the table holds legal-range display codes
  std::string title = "aceslab sample show LUT: LogC3 AWG3 to Rec.709 BT.1886";
};

// Builds the tables (Resolve dialect; red varies fastest).
CubeFile make_sample_lut(const SampleLutOptions& options = {});

// A 1D-only LUT (one curve per channel, `size` entries): the filmic S-curve of the look on each
// channel's decoded camera value, without the colour steps, encoded for `display_eotf`.
CubeFile make_sample_lut_1d(const std::string& input, const std::string& display_eotf, int size,
                            double contrast = 1.4);

// The file text of a CubeFile in Resolve dialect (TITLE, LUT_1D_SIZE/LUT_3D_SIZE, input ranges).
std::string write_cube(const CubeFile& cube, const std::string& comment = {});

}  // namespace aceslab::lmt
