// SPDX-License-Identifier: Apache-2.0
// Checks that keep a wrong IDT from leaving silently:
//  - the encoding check: the neutral patches of every exposure, decoded with the encoding the
//    manifest names, must lie on a straight line of slope 1 against their reference exposure in
//    log2 (each stop of reflectance or exposure is one stop of decoded value); when they do not,
//    every known encoding is tried the same way and those that fit are named ("looks like linear,
//    not srgb");
//  - the plausibility check: a ColorChecker 24 fitted with a white-preserving 3x3 leaves a mean
//    CIEDE2000 of about 1-4 on any real camera; far more (> 10), or neutral patches that come out
//    coloured after the matrix, means the chart, its orientation or the encoding is wrong.
#pragma once

#include <Eigen/Core>
#include <array>
#include <functional>
#include <string>
#include <vector>

#include "idt/chart_geometry.h"

namespace aceslab::idt {

struct NeutralPoint {      // one neutral patch of one exposure
  Eigen::Vector3d codes;   // camera code values
  double reference = 0;    // reference relative linear exposure (reflectance x 2^ev, flare model)
};

struct EncodingFit {
  std::string encoding;    // transfer-function id or "linear"
  double slope = 0;        // of log2(decoded) against log2(reference); 1 when the encoding is right
  double rms_stops = 0;    // residual about that line
  int points = 0;
  bool consistent = false; // slope within kSlopeTolerance of 1 and rms within kRmsTolerance
};

struct EncodingCheck {
  EncodingFit given;                 // the manifest's encoding
  std::vector<EncodingFit> better;   // other encodings that are consistent, best first
  bool flagged = false;              // the given encoding is not consistent
  std::string message;               // the warning text when flagged
};

// |slope - 1| and rms (stops) allowed for a right encoding: real neutrals are not spectrally flat and
// a camera's flare differs from the reference model, which bends the darkest patches by ~0.1 stop.
constexpr double kSlopeTolerance = 0.12;
constexpr double kRmsTolerance = 0.15;

// `given` is a transfer-function id or "linear". Points with a code at or above `clip` in any
// channel, or decoding to <= 0, are left out. `distinct_evs` (the capture's usable exposures at
// different EVs) decides the advice when no known encoding fits: "encoding": "fit" needs three.
EncodingCheck check_encoding(const std::vector<NeutralPoint>& neutrals, const std::string& given, double clip = 0.995,
                             int distinct_evs = 3);

struct PlausibilityCheck {
  bool plausible = true;
  double mean_delta_E_2000 = 0;
  double worst_neutral_chroma = 0;   // largest C*ab excess of a fitted neutral over its reference
  std::string worst_neutral;         // its name
  std::string message;               // what is implausible and the likely causes, when not plausible
};

constexpr double kMaxPlausibleMeanDeltaE = 10.0;
// A neutral whose fitted C*ab exceeds its reference's by more than this is "not neutral". The ramp
// is white-balanced on neutral 5, but the darkest neutrals of real sensors drift: the Sony ILCE-7M3's
// black 2 comes out C*ab 4.5 too colourful after its best 3x3 (tests/idt/idt_maker_test.cpp).
constexpr double kMaxNeutralChroma = 10.0;

// `fitted` and `reference` are ACES2065-1; `used` says which patches the fit used.
PlausibilityCheck check_plausibility(const std::array<Eigen::Vector3d, kChartPatches>& fitted,
                                     const std::array<Eigen::Vector3d, kChartPatches>& reference,
                                     const std::array<bool, kChartPatches>& used, double mean_delta_E_2000,
                                     const EncodingCheck* encoding);

}  // namespace aceslab::idt
