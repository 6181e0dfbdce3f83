// SPDX-License-Identifier: Apache-2.0
#include "lmt/test_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>

#include "color/chromaticity.h"
#include "color/error.h"
#include "color/transfer_function.h"
#include "pipeline/pipeline.h"

namespace aceslab::lmt {
namespace {

// Layout: rows separated by a small gap, patches inside a row separated by a smaller one, both in a
// dark neutral so that the rows read as separate strips.
constexpr int kRowGap = 4;
constexpr int kPatchGap = 2;
constexpr double kBackgroundEv = -3.0;  // 0.18 * 2^-3 ~ 0.0225

// Exposures of the skin-tone rows: a stop either side of the "key" exposure would hide little;
// two stops show the shadows and highlights of a face.
constexpr std::array<double, 3> kSkinEvs{-2.0, 0.0, 2.0};

struct HueRowSpec {
  double saturation;
  double ev;
};
// Saturations: pastel, typical, and the AP1 boundary (s = 1 puts one ACEScg channel at 0); the
// +4 EV row shows how the look handles bright colours (highlights, HDR).
constexpr std::array<HueRowSpec, 4> kHueRows{{{0.25, 1.0}, {0.6, 1.0}, {1.0, 1.0}, {0.6, 4.0}}};

using Rgb = std::array<float, 3>;

Rgb to_rgb(const aces::Vec3& v) {
  return {static_cast<float>(v[0]), static_cast<float>(v[1]), static_cast<float>(v[2])};
}

// Fully saturated HSV hue (value 1, saturation 1): max channel 1, min channel 0.
aces::Vec3 saturated_hue(double hue_degrees) {
  double h = std::fmod(hue_degrees, 360.0);
  if (h < 0.0) h += 360.0;
  const double sector = h / 60.0;
  const int i = std::min(5, static_cast<int>(std::floor(sector)));
  const double f = sector - i;
  switch (i) {
    case 0: return {1.0, f, 0.0};
    case 1: return {1.0 - f, 1.0, 0.0};
    case 2: return {0.0, 1.0, f};
    case 3: return {0.0, 1.0 - f, 1.0};
    case 4: return {f, 0.0, 1.0};
    default: return {1.0, 0.0, 1.0 - f};
  }
}

aces::Vec3 hue_colour(double hue_degrees, double saturation, double ev) {
  const double gain = kMidGrey * std::exp2(ev);
  const aces::Vec3 h = saturated_hue(hue_degrees);
  return gain * ((1.0 - saturation) * aces::Vec3::Ones() + saturation * h);
}

std::string ev_label(double ev) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%+g EV", ev);
  return buf;
}

class ChartBuilder {
 public:
  ChartBuilder(int width, int row_height) : m_width(width), m_row_height(row_height) {}

  // Starts a row and returns its first pixel row.
  int begin_row(std::string name, ChartRowKind kind) {
    const int y = m_rows.empty() ? kRowGap : m_rows.back().y + m_rows.back().height + kRowGap;
    m_rows.push_back({std::move(name), kind, kRowGap, y, m_width - 2 * kRowGap, m_row_height});
    return y;
  }
  // A row whose every column has one colour, given by `column_colour(t)` with t in [0, 1] from the
  // left edge to the right edge of the usable width.
  template <typename F>
  void fill_columns(F column_colour) {
    const ChartRow& row = m_rows.back();
    m_columns.push_back({row.y, row.height, {}});
    auto& cols = m_columns.back().colours;
    const int usable = m_width - 2 * kRowGap;
    cols.resize(static_cast<std::size_t>(usable));
    for (int x = 0; x < usable; ++x) {
      const double t = usable == 1 ? 0.0 : static_cast<double>(x) / (usable - 1);
      cols[static_cast<std::size_t>(x)] = to_rgb(column_colour(t));
    }
  }
  // Equal-width patches across the row.
  void add_patches(const std::vector<std::pair<std::string, aces::Vec3>>& patches) {
    const ChartRow& row = m_rows.back();
    const int n = static_cast<int>(patches.size());
    const int usable = m_width - 2 * kRowGap;
    for (int i = 0; i < n; ++i) {
      const int x0 = kRowGap + (usable * i) / n;
      const int x1 = kRowGap + (usable * (i + 1)) / n - (i + 1 < n ? kPatchGap : 0);
      m_patches.push_back({patches[static_cast<std::size_t>(i)].first, x0, row.y, x1 - x0, row.height,
                           to_rgb(patches[static_cast<std::size_t>(i)].second)});
    }
  }

  TestChart finish() {
    TestChart chart;
    const int height = m_rows.empty() ? 2 * kRowGap : m_rows.back().y + m_rows.back().height + kRowGap;
    chart.image.width = m_width;
    chart.image.height = height;
    const float bg = static_cast<float>(kMidGrey * std::exp2(kBackgroundEv));
    chart.image.rgb.assign(chart.image.pixels() * 3, bg);
    for (const auto& c : m_columns) {
      for (int y = c.y; y < c.y + c.height; ++y) {
        for (std::size_t i = 0; i < c.colours.size(); ++i) {
          float* p = chart.image.pixel(kRowGap + static_cast<int>(i), y);
          std::copy(c.colours[i].begin(), c.colours[i].end(), p);
        }
      }
    }
    for (const auto& patch : m_patches) {
      for (int y = patch.y; y < patch.y + patch.height; ++y) {
        for (int x = patch.x; x < patch.x + patch.width; ++x) {
          std::copy(patch.aces.begin(), patch.aces.end(), chart.image.pixel(x, y));
        }
      }
    }
    chart.rows = std::move(m_rows);
    chart.patches = std::move(m_patches);
    return chart;
  }

 private:
  struct Columns {
    int y;
    int height;
    std::vector<Rgb> colours;
  };
  int m_width;
  int m_row_height;
  std::vector<ChartRow> m_rows;
  std::vector<Columns> m_columns;
  std::vector<ChartPatch> m_patches;
};

const aces::Mat3& ap1_to_ap0() {
  // ACEScg and ACES2065-1 share the ACES white: no adaptation (SMPTE ST 2065-1, S-2014-004).
  static const aces::Mat3 m =
      aces::rgb_to_rgb_matrix(aces::primaries::kAP1, aces::primaries::kAP0, aces::Adaptation::none);
  return m;
}

const aces::Mat3& rec709_to_ap0() {
  // Bradford D65 -> ACES white, as the Academy's and OCIO's "Linear Rec.709 (sRGB)" transforms do.
  static const aces::Mat3 m =
      aces::rgb_to_rgb_matrix(aces::primaries::kRec709, aces::primaries::kAP0, aces::Adaptation::bradford);
  return m;
}

}  // namespace

std::array<std::array<int, 3>, kMonkToneCount> monk_skin_tones_srgb8() {
  // Monk Skin Tone Scale hex colours #f6ede4 ... #292420 (skintone.google, CC BY 4.0).
  return {{{0xf6, 0xed, 0xe4},
           {0xf3, 0xe7, 0xdb},
           {0xf7, 0xea, 0xd0},
           {0xea, 0xda, 0xba},
           {0xd7, 0xbd, 0x96},
           {0xa0, 0x7e, 0x56},
           {0x82, 0x5c, 0x43},
           {0x60, 0x41, 0x34},
           {0x3a, 0x31, 0x2a},
           {0x29, 0x24, 0x20}}};
}

std::array<float, 3> skin_tone_aces(int index, double ev) {
  if (index < 0 || index >= kMonkToneCount) {
    throw Error(ErrorKind::usage, "skin tone index " + std::to_string(index) + " is outside 0..9");
  }
  const auto& srgb = aces::find_transfer_function("srgb");
  const auto tone = monk_skin_tones_srgb8()[static_cast<std::size_t>(index)];
  aces::Vec3 linear;
  for (int c = 0; c < 3; ++c) linear[c] = srgb.to_linear(tone[static_cast<std::size_t>(c)] / 255.0);
  return to_rgb(rec709_to_ap0() * (linear * std::exp2(ev)));
}

std::array<float, 3> hue_sweep_aces(double hue_degrees, double saturation, double ev) {
  return to_rgb(ap1_to_ap0() * hue_colour(hue_degrees, saturation, ev));
}

TestChart make_test_chart(const ChartSettings& s) {
  if (s.width < kMinChartWidth || s.width > 16384) {
    throw Error(ErrorKind::usage, "chart width " + std::to_string(s.width) + " is outside " +
                                      std::to_string(kMinChartWidth) + "..16384");
  }
  if (s.row_height < 4 || s.row_height > 1024) {
    throw Error(ErrorKind::usage, "chart row height " + std::to_string(s.row_height) + " is outside 4..1024");
  }
  if (!(s.max_ev > s.min_ev) || s.max_ev - s.min_ev > 40.0 || !std::isfinite(s.min_ev)) {
    throw Error(ErrorKind::usage, "chart exposure range must satisfy min_ev < max_ev within 40 stops");
  }

  ChartBuilder b(s.width, s.row_height);
  const double span = s.max_ev - s.min_ev;

  b.begin_row("Neutral exposure ramp, " + ev_label(s.min_ev) + " to " + ev_label(s.max_ev) + " (continuous)",
              ChartRowKind::ramp);
  b.fill_columns([&](double t) -> aces::Vec3 { return aces::Vec3::Constant(kMidGrey * std::exp2(s.min_ev + t * span)); });

  b.begin_row("Neutral exposure steps, whole stops", ChartRowKind::patches);
  {
    std::vector<std::pair<std::string, aces::Vec3>> steps;
    for (double ev = std::ceil(s.min_ev); ev <= s.max_ev; ev += 1.0) {
      steps.emplace_back("grey " + ev_label(ev), aces::Vec3::Constant(kMidGrey * std::exp2(ev)));
    }
    b.add_patches(steps);
  }

  for (const auto& spec : kHueRows) {
    char name[96];
    std::snprintf(name, sizeof(name), "Hue sweep 0-360 deg, ACEScg saturation %.2f, %s", spec.saturation,
                  ev_label(spec.ev).c_str());
    b.begin_row(name, ChartRowKind::hue_sweep);
    b.fill_columns([&](double t) -> aces::Vec3 { return ap1_to_ap0() * hue_colour(360.0 * t, spec.saturation, spec.ev); });
  }

  for (double ev : kSkinEvs) {
    b.begin_row("Skin tones (Monk scale 01-10), " + ev_label(ev), ChartRowKind::patches);
    std::vector<std::pair<std::string, aces::Vec3>> tones;
    for (int i = 0; i < kMonkToneCount; ++i) {
      const Rgb v = skin_tone_aces(i, ev);
      char label[48];
      std::snprintf(label, sizeof(label), "Monk %02d %s", i + 1, ev_label(ev).c_str());
      tones.emplace_back(label, aces::Vec3(v[0], v[1], v[2]));
    }
    b.add_patches(tones);
  }

  if (s.encoding != nullptr) {
    const aces::ColorSpace& cs = *s.encoding;
    // Not a structured binding: clang 14 (the fuzzing build) cannot capture those in a lambda.
    const auto domain = cs.transfer->code_domain();
    const double code_lo = domain.first, code_hi = domain.second;
    const aces::Mat3 to_ap0 = cs.to_ACES2065_1();
    char name[160];
    std::snprintf(name, sizeof(name), "Code value ramp %.2f-%.2f in %s (neutral)", code_lo, code_hi,
                  cs.id.c_str());
    b.begin_row(name, ChartRowKind::ramp);
    b.fill_columns([&](double t) -> aces::Vec3 {
      const double linear = cs.transfer->to_linear(code_lo + t * (code_hi - code_lo));
      return to_ap0 * aces::Vec3::Constant(linear);
    });
    b.begin_row("Hue sweep 0-360 deg on the " + cs.id + " gamut boundary (saturation 1.00, +1 EV)",
                ChartRowKind::hue_sweep);
    b.fill_columns([&](double t) -> aces::Vec3 { return to_ap0 * hue_colour(360.0 * t, 1.0, 1.0); });
  }
  return b.finish();
}

}  // namespace aceslab::lmt
