// SPDX-License-Identifier: Apache-2.0
// Test helper: the detection test set -- seeded, varied photographs of ColorChecker 24 charts
// (positives) and of frames holding none (negatives), made with chart_photo.h. Each positive is
// one of twelve scenarios, so that every case the detector must handle is present in every run
// (small charts, 60 degree perspective, any rotation, 180 degree Passports, mirrored charts,
// shadows across patches, charts filling the frame, defocus, busy backgrounds with a Digital
// SG-like grid, tiled floors with a second chart, Mini proportions with a grey card, mixes), with
// the rest of its parameters drawn at random: frame size and aspect (portrait too), illuminant and
// white balance, exposure (white up to 30 % over, so clipped), JPEG quality, phone sharpening and
// denoise, sensor noise, grain, vignetting, light falloff, encoding (sRGB, S-Log3, LogC3, linear).
// Negatives: a Digital SG-like grid alone, grey cards and clutter, tiles, a chart mostly outside
// the frame, and a 6x4 chart of other colours whose bottom row is a grey ramp.
#pragma once

#include <string>

#include "chart_photo.h"

namespace aceslab::idt::testing::photo {

struct PhotoCase {
  PhotoSpec spec;
  bool positive = true;  // a whole ColorChecker 24 is in the frame
  std::string scenario;
};

inline const char* kScenarios[] = {"small",   "perspective", "rotation", "passport-180", "mirrored", "shadow",
                                   "fills-frame", "defocus", "busy+SG",   "tiles+second", "mini+card", "mix"};
inline const char* kNegativeScenarios[] = {"SG only", "cards+clutter", "tiles", "chart cut", "other 6x4 chart"};

namespace detail {

inline const Spectrum& illuminant_for(std::mt19937& rng) {
  const auto& ill = cie_standard_illuminants();  // A, D50, D55, D60, D65, D75
  return ill[std::uniform_int_distribution<std::size_t>(0, ill.size() - 1)(rng)];
}

}  // namespace detail

// Photograph number `index` of the set (positives first: 0 .. positives-1, then negatives).
inline PhotoCase make_photo_case(int index, int positives) {
  std::mt19937 rng(0x5eed0000u + static_cast<std::uint32_t>(index) * 7919u);
  std::uniform_real_distribution<double> U(0, 1);
  auto uni = [&](double a, double b) { return a + (b - a) * U(rng); };
  PhotoCase c;
  c.positive = index < positives;
  const int scenario = c.positive ? index % 12 : (index - positives) % 5;
  c.scenario = c.positive ? kScenarios[scenario] : kNegativeScenarios[scenario];
  PhotoSpec& s = c.spec;
  s.seed = rng();

  // Light and colour.
  const Spectrum& ill = detail::illuminant_for(rng);
  const bool balanced = U(rng) < 0.8;
  const Palette pal = rec709_palette(ill, balanced);
  s.background_colours = pal.others;
  const int bg = static_cast<int>(U(rng) * 3);
  s.background = bg == 0 ? Background::texture : (bg == 1 ? Background::clutter : Background::tiles);

  // Frame.
  const double aspect = U(rng) < 0.5 ? 0.75 : (U(rng) < 0.5 ? 0.5625 : 0.6667);
  s.width = std::array<int, 3>{640, 800, 1024}[static_cast<std::size_t>(U(rng) * 3) % 3];
  s.height = static_cast<int>(s.width * aspect);
  if (U(rng) < 0.15) std::swap(s.width, s.height);  // portrait

  // The chart.
  ChartObject chart;
  chart.patches = pal.chart;
  const double kind = U(rng);
  if (kind < 0.5) {  // Classic
    chart.gap = uni(0.10, 0.14);
    chart.border = uni(0.25, 0.45);
  } else if (kind < 0.75) {  // Mini
    chart.gap = uni(0.13, 0.18);
    chart.border = uni(0.2, 0.35);
  } else {  // Passport: narrow patches, a grey case
    chart.gap = uni(0.18, 0.24);
    chart.border = uni(0.4, 0.7);
    chart.border_rgb = Eigen::Vector3d::Constant(uni(0.03, 0.08));
  }
  Pose& p = chart.pose;
  p.cx = uni(0.35, 0.65);
  p.cy = uni(0.35, 0.65);
  p.width_fraction = uni(0.25, 0.6);
  p.roll_degrees = uni(-12, 12);
  p.tilt_degrees = uni(0, 25);
  p.tilt_axis_degrees = uni(0, 180);
  p.focal = uni(0.6, 1.6);

  // Capture.
  s.exposure = uni(0.55, 1.3) / pal.chart[18].maxCoeff();  // white at 0.55..1.3 (over 1 clips)
  s.falloff = uni(0.0, 0.35);
  s.falloff_angle = uni(0, 360);
  s.vignetting_stops = U(rng) < 0.5 ? uni(0.0, 1.2) : 0.0;
  s.full_well = uni(300, 6000);
  s.read_noise = uni(0.0005, 0.004);
  s.grain = U(rng) < 0.25 ? uni(0.005, 0.02) : 0.0;
  s.defocus_sigma = U(rng) < 0.4 ? uni(0.3, 1.2) : 0.0;
  const double out = U(rng);
  if (out < 0.6) {
    s.output = Output::jpeg;
    s.jpeg_quality = static_cast<int>(uni(55, 96));
    s.encoding = &aces::find_transfer_function("srgb");
    s.sharpen = U(rng) < 0.7 ? uni(0.3, 1.5) : 0.0;
    s.denoise = U(rng) < 0.6 ? uni(0.2, 0.8) : 0.0;
  } else if (out < 0.75) {
    s.output = Output::integer16;
    s.encoding = &aces::find_transfer_function(U(rng) < 0.5 ? "slog3" : "logc3-ei800");
  } else if (out < 0.87) {
    s.output = Output::float32;
  } else {
    s.output = Output::integer8;
    s.encoding = &aces::find_transfer_function("srgb");
  }

  auto sg_grid = [&](double width_fraction) {
    GridObject g;
    g.pose.cx = uni(0.2, 0.8);
    g.pose.cy = uni(0.2, 0.8);
    g.pose.width_fraction = width_fraction;
    g.pose.roll_degrees = uni(-20, 20);
    g.pose.tilt_degrees = uni(0, 30);
    g.pose.tilt_axis_degrees = uni(0, 180);
    for (int r = 0; r < g.rows; ++r) {
      for (int col = 0; col < g.columns; ++col) {
        Eigen::Vector3d v;
        if (r == 0 || r == g.rows - 1 || col == 0 || col == g.columns - 1) {
          const int k = (r + col) % 3;
          v = Eigen::Vector3d::Constant(k == 0 ? 0.88 : (k == 1 ? 0.2 : 0.03));
        } else if (r == 4 && col >= 4 && col < 10) {
          v = Eigen::Vector3d::Constant(0.9 * std::pow(0.55, col - 4));  // a grey ramp
        } else {
          v = pal.others[static_cast<std::size_t>(U(rng) * pal.others.size()) % pal.others.size()];
        }
        g.cells.push_back(v);
      }
    }
    return g;
  };
  auto card = [&](double width_fraction) {
    CardObject k;
    k.rgb = pal.chart[21] * uni(0.9, 1.1);
    k.pose.cx = uni(0.15, 0.85);
    k.pose.cy = uni(0.15, 0.85);
    k.pose.width_fraction = width_fraction;
    k.pose.roll_degrees = uni(-30, 30);
    k.pose.tilt_degrees = uni(0, 30);
    k.aspect = uni(0.7, 1.5);
    return k;
  };

  if (c.positive) {
    switch (scenario) {
      case 0:  // small: 8..15 % of the width, in a larger frame
        p.width_fraction = uni(0.08, 0.15);
        s.width = U(rng) < 0.5 ? 1280 : 1600;
        s.height = static_cast<int>(s.width * aspect);
        p.cx = uni(0.15, 0.85);
        p.cy = uni(0.2, 0.8);
        break;
      case 1:  // strong perspective
        p.tilt_degrees = uni(40, 60);
        p.width_fraction = uni(0.35, 0.7);
        break;
      case 2:  // any rotation
        p.roll_degrees = uni(0, 360);
        break;
      case 3:  // Passport upside down, open case with its grey card
        p.roll_degrees = 180 + uni(-10, 10);
        chart.gap = uni(0.18, 0.24);
        chart.border = uni(0.4, 0.7);
        p.width_fraction = uni(0.25, 0.45);
        s.cards.push_back(card(p.width_fraction * 0.7));
        s.cards.back().pose = p;
        s.cards.back().pose.cx = std::clamp(p.cx + (U(rng) < 0.5 ? -1 : 1) * p.width_fraction * 0.95, 0.1, 0.9);
        s.cards.back().aspect = 1.3;
        break;
      case 4:  // mirrored layout
        chart.mirrored = true;
        p.roll_degrees = U(rng) < 0.5 ? uni(-15, 15) : uni(165, 195);
        break;
      case 5: {  // a soft shadow across part of the chart
        s.shadow = true;
        s.shadow_centre = {p.cx + uni(-0.15, 0.15) * p.width_fraction, p.cy + uni(-0.2, 0.2) * p.width_fraction};
        s.shadow_radii = {p.width_fraction * uni(0.15, 0.35), p.width_fraction * uni(0.3, 0.7)};
        s.shadow_angle = uni(0, 180);
        s.shadow_depth = uni(0.35, 0.75);
        s.shadow_softness = p.width_fraction * uni(0.01, 0.06);
        break;
      }
      case 6:  // fills the frame, no border visible
        p.cx = 0.5 + uni(-0.01, 0.01);
        p.cy = 0.5 + uni(-0.02, 0.02);
        p.tilt_degrees = uni(0, 8);
        p.roll_degrees = uni(-2, 2) + (U(rng) < 0.3 ? 180 : 0);
        if (s.height > s.width) std::swap(s.width, s.height);
        s.height = static_cast<int>(s.width * 0.75);
        // The object width includes the border: make the patch grid 92..99 % of the frame width.
        p.width_fraction = uni(0.92, 0.99) * chart.object_width() / (kChartColumns - chart.gap);
        break;
      case 7:  // defocus
        s.defocus_sigma = uni(1.0, 2.5) * std::max(1.0, s.width / 800.0);
        break;
      case 8:  // busy background with a Digital SG-like grid beside the chart
        s.background = Background::clutter;
        p.cx = uni(0.25, 0.4);
        p.width_fraction = uni(0.2, 0.35);
        s.grids.push_back(sg_grid(uni(0.25, 0.4)));
        s.grids.back().pose.cx = uni(0.65, 0.8);
        break;
      case 9: {  // tiles and a second chart
        s.background = Background::tiles;
        p.cx = uni(0.25, 0.35);
        p.width_fraction = uni(0.2, 0.35);
        ChartObject second = chart;
        second.pose.cx = uni(0.65, 0.78);
        second.pose.cy = uni(0.3, 0.7);
        second.pose.width_fraction = uni(0.15, 0.3);
        second.pose.roll_degrees = uni(0, 360);
        s.charts.push_back(second);
        break;
      }
      case 10:  // Mini with a grey card
        chart.gap = uni(0.13, 0.18);
        chart.border = uni(0.2, 0.35);
        p.width_fraction = uni(0.15, 0.35);
        s.cards.push_back(card(uni(0.15, 0.3)));
        break;
      default:  // a mix of everything
        p.roll_degrees = uni(0, 360);
        p.tilt_degrees = uni(0, 50);
        p.width_fraction = uni(0.15, 0.6);
        if (U(rng) < 0.5) s.grids.push_back(sg_grid(uni(0.2, 0.35)));
        if (U(rng) < 0.5) s.cards.push_back(card(uni(0.1, 0.3)));
        break;
    }
    s.charts.insert(s.charts.begin(), chart);
  } else {
    switch (scenario) {
      case 0:
        s.grids.push_back(sg_grid(uni(0.35, 0.7)));
        s.grids.back().pose.cx = uni(0.4, 0.6);
        s.grids.back().pose.cy = uni(0.4, 0.6);
        break;
      case 1:
        s.background = Background::clutter;
        for (int k = 0; k < 3; ++k) s.cards.push_back(card(uni(0.1, 0.3)));
        break;
      case 2:
        s.background = Background::tiles;
        break;
      case 3:  // a chart with a third or more of it outside the frame
        p.cx = U(rng) < 0.5 ? uni(-0.05, 0.1) : uni(0.9, 1.05);
        p.width_fraction = uni(0.4, 0.6);
        s.charts.push_back(chart);
        break;
      default: {  // another 6x4 chart: random colours, a grey ramp on the bottom row
        for (int i = 0; i < 18; ++i) chart.patches[i] = pal.others[static_cast<std::size_t>(U(rng) * pal.others.size()) % pal.others.size()];
        p.width_fraction = uni(0.3, 0.6);
        s.charts.push_back(chart);
        break;
      }
    }
  }
  return c;
}

}  // namespace aceslab::idt::testing::photo
