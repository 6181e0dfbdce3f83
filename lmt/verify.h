// SPDX-License-Identifier: Apache-2.0
// Verification of an LMT against the show LUT it was made from: does viewing ACES through
// `OT(LMT(ACES(c)))` reproduce `LUT(c)`? Measured on two sets of LUT input code values c:
//  - the whole input cube: the LUT's lattice points plus random code values (seeded);
//  - natural colours (natural_colours.h) encoded by the LUT's camera encoding, clamped to its domain.
// ACES(c) is the camera encoding's decode to ACES2065-1 (the IDT), OT is aceslab's forward output
// transform, and the LMT is any function on RGB buffers (the maker passes the WRITTEN CLF evaluated
// by OpenColorIO, so the file itself is verified).
//
// Metrics: CIEDE2000 between the two display colours (each decoded by the display's EOTF to XYZ,
// CIELAB white = the display's white at its peak, capped at 100 cd/m^2: HDR displays are measured
// on display light with a 100 cd/m^2 diffuse white, so highlights above it have L* > 100) and 10-bit code-value error on channels whose
// reference is >= 0.02. LUT outputs the output transform cannot produce (inverse then forward does
// not return them within kReachTolerance) are counted separately and left out of the figures: no
// LMT can reproduce them.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "lmt/lut_encoding.h"
#include "lmt/show_lut.h"

namespace aceslab::lmt {

// Round-trip tolerance (display code values) for "the output transform can produce this output".
constexpr float kReachTolerance = 1e-3f;
// "ACES2065-1 in float carries this LUT input": a code value outside [0,1] that the camera
// encoding's decode to ACES and encode back (float) moves by more than this is not carried. A LUT
// whose input domain reaches far beyond its camera's code range (e.g. LogC3 codes up to 3.0, ~1e10
// linear) has inputs whose small channels vanish beside the large one in any float matrix; no LMT
// can see them. Ordinary domains have a few too: ACEScct code 1.24 0 0 (R ~ 2000 linear, G and B
// slightly negative) comes back with G and B 4e-3 off (T-ARRI_Tone_ACEScct.cube: 7.6k of 60k). Codes inside [0,1] always count: there a cube-root toe such as N-Log's moves code 0
// by 3.5e-4 in float while the LUT's output does not change.
constexpr float kCarryTolerance = 1e-4f;
// Channels darker than this (display code) are left out of the code-value error: pure power
// EOTFs make the inverse ill-conditioned there and the error is invisible.
constexpr float kCodeErrorMinReference = 0.02f;
// CIELAB white of HDR displays (cd/m^2): a diffuse white, not the 1000 or 10000 nit peak, which
// would compress every difference below it.
constexpr double kLabWhiteNits = 100.0;

// The CIELAB white of a display (XYZ, Y = 1 at 100 cd/m^2) and its luminance in cd/m^2.
aces::Vec3 lab_white(const aces::OutputTransform& ot);
double lab_white_nits(const aces::OutputTransform& ot);

struct ErrorStats {
  std::size_t count = 0;
  double mean = 0.0, p50 = 0.0, p95 = 0.0, p99 = 0.0, max = 0.0;
};
ErrorStats summarize(std::vector<double> values);

struct SetFigures {
  std::string name;               // "cube", "natural"
  std::size_t samples = 0;        // all samples
  std::size_t unreachable = 0;    // LUT outputs the output transform cannot produce (excluded)
  // LUT inputs outside [0,1] the camera encoding cannot carry through ACES2065-1 in float
  // (kCarryTolerance; excluded, counted apart from `unreachable`).
  std::size_t uncarried = 0;
  std::array<float, 3> uncarried_example{0, 0, 0};
  ErrorStats delta_E_2000;        // over reachable samples
  ErrorStats code_10bit;          // over channels >= kCodeErrorMinReference of reachable samples
  std::array<float, 3> worst_code{0, 0, 0};  // LUT input code value of the largest delta E
  std::string worst_label;        // natural set: which colour
};

// Targets from the issue, for a realistic show LUT (LogC3/AWG3 -> Rec.709).
struct VerificationTargets {
  double natural_delta_E_mean = 0.10, natural_delta_E_p99 = 0.5;
  double natural_code_mean = 1.0, natural_code_p99 = 12.0;
  double cube_delta_E_mean = 0.05, cube_delta_E_p99 = 0.5;
};

struct Verification {
  SetFigures cube, natural;
  double lab_white_nits = 100.0;  // luminance of the CIELAB white (display light)
  VerificationTargets targets;
  bool meets_targets = false;
  std::vector<std::string> misses;  // one line per missed target
  double seconds = 0.0;
};

struct VerifyOptions {
  std::size_t random_samples = 24000;  // random code values added to the lattice points (>= 20k)
  unsigned seed = 20250401;
  int lattice = 0;  // lattice points per axis of the cube set; 0 = the LUT's own (33 if unknown)
  unsigned threads = 0;  // 0 = all cores
  VerificationTargets targets;
};

using RgbFunction = std::function<void(std::span<float>)>;

// `lmt`: ACES2065-1 -> ACES2065-1, in place; must be callable from several threads at once.
Verification verify_lmt(const ShowLut& lut, const LutEncoding& encoding, const RgbFunction& lmt,
                        const VerifyOptions& options = {});

// Figures of one set of LUT input code values (exposed for tests and the report).
SetFigures measure_set(const std::string& name, const ShowLut& lut, const LutEncoding& encoding,
                       const RgbFunction& lmt, std::vector<float> codes, unsigned threads,
                       const std::vector<std::string>* labels = nullptr);

// "mean 0.012, p99 0.10, max 0.41".
std::string format_stats(const ErrorStats& s, int precision = 3);

}  // namespace aceslab::lmt
