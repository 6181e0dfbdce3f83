// SPDX-License-Identifier: Apache-2.0
// aceslab's ACES 2.0 Output Transform library, in one include: ACES2065-1 -> display code values
// and back for any peak, limiting gamut, encoding gamut and EOTF (output_transform.h), every
// preset of the Academy registry by URN or alias (output_presets.h), and the display encodings
// (display_encoding.h: BT.1886, gamma, sRGB, PQ, HLG). Its internals follow the algorithm's stages,
// one file each: the colour appearance model (cam.h), tonescale (tonescale.h), chroma compression
// (chroma_compress.h), gamut compression and its per-hue tables (gamut_compress.h, tables.h), and
// the SIMD image paths (render.h, render_kernel.h, simd.h, fast_math.h). Depends on color/ only.
//
//   namespace aces = aceslab::aces;
//   auto ot = aces::output_transform(aces::find_output_preset("rec709-bt1886-100nit"));
//   std::vector<float> rgb = {0.18f, 0.18f, 0.18f};
//   ot->forward(rgb);   // ACES2065-1 -> Rec.709 BT.1886 code values, in place
#pragma once

#include "aces2/display_encoding.h"
#include "aces2/output_presets.h"
#include "aces2/output_transform.h"
