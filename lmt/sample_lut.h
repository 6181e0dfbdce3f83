// SPDX-License-Identifier: Apache-2.0
// A generator of realistic show LUTs (camera log -> display) in the style of the camera makers'
// looks, for the shipped sample, the tests and the benchmark. The look, per lattice point:
//   camera log decode -> scene-linear camera gamut -> warm highlights / teal shadows split toning
//   (a few hundredths of a stop per channel, weighted by the exposure relative to grey) -> a filmic
//   S-curve per channel (a power-law toe and a soft shoulder, 18% grey -> 10% display light) ->
//   saturation compressed towards the highlights -> matrix to the display gamut (Rec.709) -> gamut
//   compression of out-of-gamut colours (distance-to-achromatic, as the ACES 1.3 reference gamut
//   compressor) -> clipped to [0,1] -> the display's inverse EOTF.
// The LMT maker is never tuned to it: tests also use a different input encoding, display and a
// LUT with a 1D shaper.
#pragma once

#include <string>

#include "lmt/cube_reader.h"

namespace aceslab::lmt {

struct SampleLutOptions {
  std::string input = "logc3-ei800-awg3";  // colour space id of the LUT's input
  std::string display_eotf = "bt1886";     // "bt1886" (2.4 power) or "srgb"
  int size = 33;                           // 3D entries per axis
  int shaper_size = 0;                     // > 0: a Resolve 1D shaper (x^0.8) of this many entries
  double contrast = 1.4;                   // toe power of the S-curve
  std::string title = "aceslab sample show LUT: LogC3 AWG3 to Rec.709 BT.1886";
};

// Builds the tables (Resolve dialect; red varies fastest).
CubeFile make_sample_lut(const SampleLutOptions& options = {});

// The file text of a CubeFile in Resolve dialect (TITLE, LUT_1D_SIZE/LUT_3D_SIZE, input ranges).
std::string write_cube(const CubeFile& cube, const std::string& comment = {});

}  // namespace aceslab::lmt
