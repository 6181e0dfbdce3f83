// SPDX-License-Identifier: Apache-2.0
// Telling the user what a show LUT is, before trusting what they said it is: the LUT's neutral axis
// and range are compared with what --lut-in / --lut-out / the ranges imply, and every contradiction
// becomes a finding with its evidence and the likely setting:
//  - output_log_like: the outputs look log-encoded (black lifted, no shoulder, the same code step
//    per stop over a wide range): a log-to-log or log-to-"709-like" LUT (Sony "SLog2-709"), not a
//    display LUT;
//  - output_legal_as_full / output_full_as_legal: black and white land on SMPTE legal-range levels
//    (64 and 940 of 1023) while full range was given, or the reverse;
//  - grey_mismatch: 18% grey renders more than kGreyMismatchStops away from where the output
//    transform renders it, and another input encoding fits the neutral axis much better;
//  - unreachable: the share of the LUT's outputs (at its lattice points) the output transform cannot
//    produce, and where they are (above the display's peak, below its black, outside its gamut by
//    hue).
// Thresholds are named below; each finding quotes the numbers it rests on.
#pragma once

#include <string>
#include <vector>

#include "lmt/lut_encoding.h"
#include "lmt/show_lut.h"

namespace aceslab::lmt {

// A grey more than this many stops (display light) from the output transform's grey is suspect:
// looks move grey by a stop or so, a wrong encoding by several.
constexpr double kGreyMismatchStops = 1.5;
// Share of unreachable LUT outputs worth reporting.
constexpr double kUnreachableReportShare = 0.01;
// An "unclamped" LUT: at least this share of its lattice outputs lies above the display's peak or
// below its black. Its reachable colours sit in lattice cells with unreachable corners, whose
// values no interpolation can use, so the LMT maker gives it a denser, fitted lattice
// (lmt_maker.h, kDefaultCubeSizeUnclamped).
constexpr double kUnclampedShare = 0.20;

struct LutFinding {
  std::string id;       // "output_log_like", "output_legal_as_full", ...
  std::string message;  // evidence and the likely setting
};

struct LutDiagnosis {
  // The LUT's output codes for scene greys (ACES 0.18 * 2^ev, ev = -8 ... +8) and for ACES black,
  // and the output transform's for the same greys (in the LUT's output range).
  std::vector<double> grey_out, ot_grey_out;
  double black_out = 0.0;
  double out_min = 0.0, out_max = 0.0;  // over the LUT's lattice (or a 33^3 grid)
  double unreachable_share = 0.0;
  double outside_range_share = 0.0;  // above the display's peak or below its black
  std::vector<LutFinding> findings;
};

// Thread-safe, a few hundred thousand evaluations at most.
LutDiagnosis diagnose_lut(const ShowLut& lut, const LutEncoding& encoding, unsigned threads = 0);

}  // namespace aceslab::lmt
