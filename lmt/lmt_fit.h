// SPDX-License-Identifier: Apache-2.0
// The LMT's LUT3D fitted rather than point-sampled (lattice_fit.h applied to the LMT): the node
// values minimise the error of the tetrahedrally interpolated LMT against the exact sandwich
// `nodes(inverse_OT(display(LUT core(u))))` (node_encoding.h) over 12 samples per cell, measured where it is seen:
//  - reachable colours only: a sample whose LUT output the output transform cannot produce
//    (inverse then forward does not return it within kReachTolerance) is left out: no LMT can
//    reproduce it, and its clamped target would pull its neighbours;
//  - perceptual: each channel's error weighted by how much it moves the displayed colour in a
//    CIEDE2000-like metric (the CIELAB Jacobian of the forward output transform at the node, a*
//    stretched by CIEDE2000's 1 + G, its lightness, chroma and hue parts divided by S_L, S_C and S_H);
//  - natural colours first: a sample whose scene colour (the LUT's input code decoded by its
//    camera encoding) lies within the chromaticities of real surfaces counts kNaturalWeight times
//    more (CIE 1976 u'v' distance from the ACES white below 0.15, fading out by 0.30: real
//    reflectances under daylight and tungsten reach ~0.25), and in the split layout a nearly
//    neutral one (within 0.03) kNeutralWeight times more again: CIEDE2000 is most sensitive there, and the largest natural
//    errors of a 65^3 table are nearly neutral (measured with the split layout: natural p99 of the
//    IPP2-like low-contrast class 0.165 -> 0.159, cinema P3-D65 0.200 -> 0.196; the stretch of a*
//    took another 1-2%).
// The fit never sees the verification's colours; it is judged by the same independent verification
// as point sampling.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "lmt/lattice_fit.h"
#include "lmt/lut_encoding.h"
#include "lmt/node_encoding.h"
#include "lmt/show_lut.h"

namespace aceslab::lmt {

// automatic: least squares for the split layout's table (lmt_maker.h) up to kMaxAutoFitSize^3; in
// the merged layout when the LUT's lattice nests as every k-th LMT node with k >= 2 (those
// nodes stay exact, so the whole cube gets no worse) and the LMT has at most kMaxAutoFitSize^3
// nodes (the fit's time and memory grow with them, on two cores: ~1.5 s and 0.3 GB at 65^3, ~10 s
// and 0.7 GB at 97^3 (merged HDR), ~25 s and 1.4 GB at 129^3); point samples otherwise, except
// for unclamped LUTs (lmt_maker.h), which need the 129^3 fit to meet the targets. Measured gains
// at 97^3 (PQ 1000 nit class): natural p99 0.394 -> 0.283; at 129^3 (ACES 1.x Rec.709 look)
// 0.157 -> 0.138, left to --fit least-squares for its cost. Either way the maker keeps the fit only
// when it verifies no worse than point samples (judge_fit, lmt_maker.h).
enum class FitMode { automatic, least_squares, none };
std::string_view fit_mode_id(FitMode m);     // "auto", "least-squares", "none"
FitMode parse_fit_mode(std::string_view id);  // throws aceslab::Error (usage)
constexpr int kMaxAutoFitSize = 97;

// Extra weight of natural colours over the rest of the input domain.
constexpr double kNaturalWeight = 4.0;
// Extra weight of nearly neutral colours (see above), in the split layout only: in the merged
// layout it cost the PQ 1000 nit class 10% (natural p99 0.283 -> 0.312).
constexpr double kNeutralWeight = 12.0;

// How the LMT's LUT3D lattice coordinates u in [0,1]^3 relate to the LUT.
struct LmtLattice {
  int size = 0;
  int fixed_stride = 0;  // k when the LUT's lattice nests as every k-th node: those stay exact
  // u -> the LUT's full-range display code values there (in the output transform's encoding), in
  // place; thread-safe.
  std::function<void(std::span<float>)> display;
  // u -> ACES2065-1 scene colour the LUT sees there, in place (for the natural weight); empty = no
  // weighting.
  std::function<void(std::span<float>)> scene;
  // Extra weight of nearly neutral scene colours (0 = none; kNeutralWeight in the split layout).
  double neutral_weight = 0.0;
};

// The exact sandwich at display code values, as node values: nodes.from_aces(inverse_OT(display)),
// in place.
void display_to_nodes(const aces::OutputTransform& ot, const NodeEncoding& nodes, std::span<float> display);

// Fits `values` (point-sampled on input, CLF order, in `nodes`' encoding) in place.
LatticeFitReport fit_lmt_lattice(const LmtLattice& lattice, const aces::OutputTransform& ot,
                                 const NodeEncoding& nodes, std::vector<float>& values, unsigned threads,
                                 const LatticeFitOptions& options = {});

// The natural-colour weight of ACES2065-1 colours (1 ... 1 + kNaturalWeight + neutral), one per
// triplet; `neutral`: the extra weight of nearly neutral colours (kNeutralWeight for the split layout).
void natural_weight(std::span<const float> aces, std::span<float> out, double neutral = 0.0);

}  // namespace aceslab::lmt
