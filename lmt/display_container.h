// SPDX-License-Identifier: Apache-2.0
// The split layout's table for a display whose limiting primaries are narrower than its encoding
// container: Rec.2100 PQ limited to P3-D65, DCDM (XYZ-E) limited to P3-D65 (lmt_maker.h,
// Layout::split).
//
// Such a display renders exactly as its twin encoded in the limiting primaries (P3-D65, or P3-D60
// with D60 simulation; same tonescale, same limiting gamut, same light scale) and only encodes the
// result in wider primaries. Tabulated over the Rec.2020
// cube of code values, 75 % of the table's nodes are colours the output transform never produces
// (outside P3-D65), so the colours it does produce get about 0.6x the lattice planes per axis (in
// the XYZ cube, fewer still). The LMT instead converts the LUT's code values to the twin's (decode,
// a 3x3 matrix through XYZ, encode; the two curves as halfDomain LUT1Ds, exact at every half code
// and linear between: through OpenColorIO within 4e-5 code value of the exact conversion on PQ) and
// tabulates the twin's inverse over the P3-D65 cube. Code values outside P3-D65 leave [0, peak]
// and the table's Range clamps them: they are colours no ACES value renders anyway. The twin
// renders as the display to 1.6e-4 of the light at 1000 cd/m^2, 6.1e-4 at 4000 (float rounding of
// the same equations).
// Measured (lut_classes.h, natural dE2000 mean / p99, fitted): Rec.2100 PQ 1000 nit P3-limited
// class (LogC4, 97^3) 0.042 / 0.265 -> 0.028 / 0.211, whole cube 0.043 / 0.177 -> 0.010 / 0.086 (at
// 65^3 natural p99 0.465 -> 0.382), now as the P3-D65 PQ class (0.028 / 0.216); DCDM class (LogC4,
// 65^3): 0.174 / 0.908 -> 0.023 / 0.129, whole cube 0.174 / 0.852 -> 0.010 / 0.069: over the XYZ
// cube it missed the targets. The CLF grows by 1.2 MB.
// D60 simulation scales the light so that the D60 white fits the encoding primaries: the twin keeps
// that scale as its linear scale.
//
// HLG displays: the ACES 2.0 HLG output is the 1000 cd/m^2 rendering encoded with the HLG inverse
// OOTF and OETF, so it renders exactly as a PQ display of the same light (its PQ twin, same
// primaries). Its code values make a poor table coordinate: the OOTF's gain depends on all three
// channels, so the display's gamut boundary (a channel's light at the peak) is a curved surface
// through the cube of HLG code values (saturated highlights reach code 1.074 with the white at
// 1.0) instead of its faces, and cells straddle it where the inverse expands most. The LMT
// converts the LUT's HLG code values to the PQ twin's (hlg_to_pq_steps) and tabulates the PQ
// display's inverse, limited to P3-D65 as above when the HLG display is. The conversion clamps HLG
// code values at the largest the display shows (hlg_max_code). The conversion is not per
// channel (the OOTF), so it is a LUT3D, looked up through a per-channel shaper that makes it the
// identity on the neutral axis: a halfDomain LUT1D (HLG code -> PQ code of the neutral light
// decoded from it), a Range, then the LUT3D holding the PQ code of the real (OOTF) decode.
// Measured (HLG class, BMD Film Gen5 -> Rec.2100 HLG 1000 nit P3-limited, lut_classes.h, 65^3,
// fitted, with the neutral-axis table): natural dE2000 p99 0.295 over HLG code values -> 0.130
// through the PQ twin; whole cube 0.102 / 1.398 -> 0.015 / 0.084 with the clamp at hlg_max_code
// instead of 1.058. With the conversion's LUT3D at 33^3 (kHlgToPqSize): 0.132, whole cube 0.015 /
// 0.086, and 0.5 s and 10 MB of CLF less than at 65^3. The CLF grows by that LUT3D and a halfDomain
// LUT1D.
#pragma once

#include <memory>

#include "aces2/output_transform.h"
#include "pipeline/pipeline.h"

namespace aceslab::lmt {

// What the LMT's CLF Info says about its table when it was built for the twin.
constexpr const char* kTwinTableNote =
    "the twin of the output transform encoded in its limiting primaries (code values converted to it first)";

// The output transform the split table is built for, when `ot`'s limiting primaries differ from
// its encoding primaries (not HLG): the same parameters, encoded in the limiting primaries (and a
// D60 simulation's white scale as a linear scale). nullptr otherwise.
std::unique_ptr<aces::OutputTransform> limited_twin(const aces::OutputTransform& ot);

// CLF steps: `ot`'s display code values -> `twin`'s (decode, matrix, encode).
aces::Pipeline container_to_twin_steps(const aces::OutputTransform& ot, const aces::OutputTransform& twin);

// What the LMT's CLF Info says about its table on an HLG display.
constexpr const char* kHlgTableNote =
    "the PQ display of the same light (HLG code values converted to its PQ code values first, OOTF included)";

// Entries per axis of the HLG -> PQ conversion's LUT3D.
constexpr int kHlgToPqSize = 33;

// The PQ twin of an HLG output transform (the same rendering, peak and primaries, encoded with
// PQ); nullptr when `ot` is not HLG.
std::unique_ptr<aces::OutputTransform> hlg_pq_twin(const aces::OutputTransform& ot);

// The largest code value `hlg` gives a colour its PQ twin `pq` can show: over the corners of the
// cube of the twin's light up to its peak (the OOTF's gain is largest where the luminance is
// smallest for the light: a pure blue at the peak, code 1.074 for P3-D65 blue at 1000 cd/m^2; the
// encoding primaries' corners bound the limiting primaries'). Not display_peak_code's probe of
// ACES colours, whose gamut compression never reaches the limiting gamut's corners.
double hlg_max_code(const aces::OutputTransform& hlg, const aces::OutputTransform& pq);

// CLF steps: `hlg`'s code values (clamped to [0, max_code], max_code > 0) -> `pq`'s (its PQ twin):
// halfDomain LUT1D shaper, Range, LUT3D of `size`^3 (tetrahedral). Throws aceslab::Error on a
// size out of [2, 129] or a max_code that is not positive.
aces::Pipeline hlg_to_pq_steps(const aces::OutputTransform& hlg, const aces::OutputTransform& pq, double max_code,
                               int size = kHlgToPqSize, unsigned threads = 0);

}  // namespace aceslab::lmt
