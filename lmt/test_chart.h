// SPDX-License-Identifier: Apache-2.0
// A synthetic test chart for judging a look: scene-linear ACES2065-1 pixels laid out in labelled
// rows — a continuous neutral exposure ramp, neutral exposure steps, hue sweeps at several
// saturations and exposures, skin-tone patches at three exposures and, when the LUT's camera
// encoding is given, a code-value ramp and a hue sweep along the camera gamut's own boundary (the
// colours outside AP1 that a camera log LUT covers). The chart is fully determined by its settings,
// so two runs give bit-identical images; the report module pushes it through the show LUT and
// through ACES + LMT + output transform and compares the two.
//
// Conventions: 18% grey at 0 EV is 0.18 in every channel; a perfect white diffuser at 0 EV is 1.0.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "color/color_space.h"
#include "image/image_io.h"

namespace aceslab::lmt {

// Scene-linear value of 18% grey at 0 EV (ACES2065-1 scaling, SMPTE ST 2065-1 / the ACES
// "mid grey" convention).
constexpr double kMidGrey = 0.18;

struct ChartSettings {
  int width = 1024;        // pixels; at least kMinChartWidth
  int row_height = 40;     // pixels per row; at least 4
  double min_ev = -8.0;    // exposure range of the neutral ramp and steps, relative to 18% grey
  double max_ev = 8.0;
  // When set, two extra rows are built in this camera encoding (code value ramp, camera-gamut hue
  // sweep) and converted to ACES2065-1 with its decode.
  const aces::ColorSpace* encoding = nullptr;
};

constexpr int kMinChartWidth = 256;

enum class ChartRowKind { ramp, hue_sweep, patches };

struct ChartRow {
  std::string name;  // human description, e.g. "Hue sweep, ACEScg saturation 0.60, +1 EV"
  ChartRowKind kind = ChartRowKind::ramp;
  int x = 0;         // first pixel column of the row's content (a dark gap surrounds it)
  int y = 0;         // first pixel row
  int width = 0;
  int height = 0;    // the content does not change down the row: every pixel row is the same
};

// A uniform patch: every pixel in [x, x+width) x [y, y+height) holds `aces`.
struct ChartPatch {
  std::string label;  // "grey +2 EV", "Monk 05 -2 EV"
  int x = 0, y = 0, width = 0, height = 0;
  std::array<float, 3> aces{};
};

struct TestChart {
  aces::Image image;  // ACES2065-1, scene-linear
  std::vector<ChartRow> rows;
  std::vector<ChartPatch> patches;
};

// Builds the chart. Throws aceslab::Error (usage) for a width, row height or EV range it cannot lay
// out.
TestChart make_test_chart(const ChartSettings& settings = {});

// The Monk Skin Tone Scale (Google, 2022; CC BY 4.0): ten sRGB colours from lightest (01) to darkest
// (10), 8-bit sRGB-encoded. Used as skin reflectances: sRGB-decoded, then Rec.709 (D65) -> ACES with
// Bradford adaptation.
constexpr int kMonkToneCount = 10;
std::array<std::array<int, 3>, kMonkToneCount> monk_skin_tones_srgb8();

// ACES2065-1 value of a skin tone (0-based index) at `ev` stops relative to its reflectance.
std::array<float, 3> skin_tone_aces(int index, double ev);

// ACES2065-1 value of a hue-sweep colour: ACEScg RGB = 0.18 * 2^ev * ((1 - s) + s * H(hue)), where
// H is the fully saturated HSV colour of `hue_degrees` (max channel 1, min channel 0), so every
// colour of a row has the same maximum channel as the neutral at that exposure.
std::array<float, 3> hue_sweep_aces(double hue_degrees, double saturation, double ev);

}  // namespace aceslab::lmt
