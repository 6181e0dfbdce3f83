// SPDX-License-Identifier: Apache-2.0
#include "lmt/lut_diagnosis.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>

#include "color/color_space.h"
#include "color/error.h"
#include "color/parallel.h"
#include "lmt/verify.h"

namespace aceslab::lmt {
namespace {

constexpr int kMinEv = -8, kMaxEv = 8;
// SMPTE legal range levels and how close the LUT's black and white must come to call it legal.
constexpr double kLegalLevelTolerance = 0.012;
// A display LUT's black renders near code 0 and its +6 EV grey near white; a log output has black
// lifted above this and +6 EV below the next.
constexpr double kLogBlackAbove = 0.05;
constexpr double kLogHighlightBelow = 0.9;
// A better input encoding must fit grey within this many stops to be suggested.
constexpr double kSuggestWithinStops = 0.5;

std::string fixed(double v, int precision) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(precision) << v;
  return o.str();
}

double mean3(const float* v) { return (v[0] + v[1] + v[2]) / 3.0; }

// LUT output codes (mean of the channels) for ACES greys 0.18 * 2^ev and for ACES black, through
// `encoding`'s input side. `display` = also through output_to_display.
std::vector<double> neutral_axis(const ShowLut& lut, const LutEncoding& enc, bool display, double* black) {
  std::vector<float> v;
  for (int ev = kMinEv; ev <= kMaxEv; ++ev) {
    const float g = static_cast<float>(0.18 * std::ldexp(1.0, ev));
    v.insert(v.end(), {g, g, g});
  }
  v.insert(v.end(), {0.0f, 0.0f, 0.0f});
  enc.aces_to_input(v);
  const Domain& d = lut.input_domain();
  for (std::size_t i = 0; i < v.size(); ++i) {
    const int c = static_cast<int>(i % 3);
    v[i] = std::clamp(v[i], static_cast<float>(d.min[c]), static_cast<float>(d.max[c]));
  }
  lut.apply(v);
  if (display) enc.output_to_display(v);
  std::vector<double> out;
  for (std::size_t i = 0; i + 3 < v.size(); i += 3) out.push_back(mean3(&v[i]));
  if (black != nullptr) *black = mean3(&v[v.size() - 3]);
  return out;
}

// Display luminance (Y, 1 = 100 cd/m^2) of full-range display code values.
double luminance(const aces::OutputTransform& ot, const float code[3]) {
  float lin[3] = {code[0], code[1], code[2]};
  ot.decode_display(std::span<float>(lin, 3));
  return (ot.encoding_to_XYZ() * aces::Vec3(lin[0], lin[1], lin[2]))[1];
}

// How far (stops of display light) the LUT renders 18% grey from where the output transform does.
double grey_offset_stops(const ShowLut& lut, const LutEncoding& enc) {
  const aces::OutputTransform& ot = enc.output_transform();
  float lut_grey[3] = {0.18f, 0.18f, 0.18f};
  enc.aces_to_input(std::span<float>(lut_grey, 3));
  lut.apply(std::span<float>(lut_grey, 3));
  enc.output_to_display(std::span<float>(lut_grey, 3));
  float ot_grey[3] = {0.18f, 0.18f, 0.18f};
  ot.forward(std::span<float>(ot_grey, 3));
  const double a = luminance(ot, lut_grey), b = luminance(ot, ot_grey);
  if (!(a > 0.0) || !(b > 0.0)) return 99.0;
  return std::log2(a / b);
}

// A display hue name for an RGB display code value (hexagonal hue).
const char* hue_name(const float* rgb) {
  const float mx = std::max({rgb[0], rgb[1], rgb[2]}), mn = std::min({rgb[0], rgb[1], rgb[2]});
  const float c = mx - mn;
  if (!(c > 1e-6f)) return "neutral";
  float h;
  if (mx == rgb[0]) {
    h = std::fmod((rgb[1] - rgb[2]) / c + 6.0f, 6.0f);
  } else if (mx == rgb[1]) {
    h = (rgb[2] - rgb[0]) / c + 2.0f;
  } else {
    h = (rgb[0] - rgb[1]) / c + 4.0f;
  }
  static const char* kNames[6] = {"red", "yellow", "green", "cyan", "blue", "magenta"};
  return kNames[static_cast<int>(std::floor(h + 0.5f)) % 6];
}

}  // namespace

LutDiagnosis diagnose_lut(const ShowLut& lut, const LutEncoding& enc, unsigned threads) {
  LutDiagnosis d;
  const aces::OutputTransform& ot = enc.output_transform();
  const bool legal_out = enc.output_range() == CodeRange::legal;

  // Neutral axis, in the LUT's own output codes and in the display's.
  d.grey_out = neutral_axis(lut, enc, false, &d.black_out);
  double black_display = 0.0;
  const std::vector<double> grey_display = neutral_axis(lut, enc, true, &black_display);
  {
    std::vector<float> g;
    for (int ev = kMinEv; ev <= kMaxEv; ++ev) {
      const float v = static_cast<float>(0.18 * std::ldexp(1.0, ev));
      g.insert(g.end(), {v, v, v});
    }
    ot.forward(g);
    for (std::size_t i = 0; i < g.size(); i += 3) {
      const double c = mean3(&g[i]);
      d.ot_grey_out.push_back(legal_out ? full_to_legal(static_cast<float>(c)) : c);
    }
  }

  // The LUT's outputs at its lattice points (or a 33^3 grid over its input).
  std::vector<float> out;
  const int n = lut.core_lattice_size() >= 2 ? lut.core_lattice_size() : 33;
  const Domain& dom = lut.core_lattice_size() >= 2 ? lut.core_domain() : lut.input_domain();
  out.reserve(3 * static_cast<std::size_t>(n) * n * n);
  for (int r = 0; r < n; ++r)
    for (int g = 0; g < n; ++g)
      for (int b = 0; b < n; ++b) {
        const int idx[3] = {r, g, b};
        for (int c = 0; c < 3; ++c) out.push_back(static_cast<float>(dom.min[c] + (dom.max[c] - dom.min[c]) * idx[c] / (n - 1)));
      }
  aces::for_chunks(std::span<float>(out), threads, [&](std::span<float> chunk, std::size_t) {
    if (lut.core_lattice_size() >= 2) {
      lut.apply_core(chunk);
    } else {
      lut.apply(chunk);
    }
  });
  const auto [lo, hi] = std::minmax_element(out.begin(), out.end());
  d.out_min = *lo;
  d.out_max = *hi;

  // Log-like output: black lifted, no roll-off towards white.
  const double plus6 = grey_display[static_cast<std::size_t>(6 - kMinEv)];
  const double minus6 = grey_display[static_cast<std::size_t>(-6 - kMinEv)];
  if (black_display > kLogBlackAbove && plus6 < kLogHighlightBelow && minus6 > kLogBlackAbove) {
    const double step_low = (grey_display[static_cast<std::size_t>(-kMinEv)] - grey_display[static_cast<std::size_t>(-4 - kMinEv)]) / 4;
    const double step_high = (grey_display[static_cast<std::size_t>(4 - kMinEv)] - grey_display[static_cast<std::size_t>(-kMinEv)]) / 4;
    d.findings.push_back(
        {"output_log_like",
         "the LUT's output looks log-encoded, not display-referred: black renders at code " + fixed(black_display, 3) +
             ", -6 EV at " + fixed(minus6, 3) +
             ", 18% grey at " + fixed(grey_display[static_cast<std::size_t>(-kMinEv)], 3) + ", +6 EV at " + fixed(plus6, 3) +
             " with about the same step per stop below and above grey (" + fixed(step_low, 3) + " / " + fixed(step_high, 3) +
             "). A log-to-log or log-to-'709-like' conversion LUT is not a look for --lut-out " + enc.output().alias +
             ": convert a display LUT, or apply this one before the LMT's input"});
  }

  // Legal range given as full, or the reverse.
  const double legal_black = kLegalBlack, legal_white = kLegalBlack + kLegalScale;
  if (!legal_out && std::fabs(d.black_out - legal_black) < kLegalLevelTolerance && d.out_min > legal_black - 2 * kLegalLevelTolerance &&
      std::fabs(d.out_max - legal_white) < kLegalLevelTolerance) {
    d.findings.push_back({"output_legal_as_full",
                          "the LUT's outputs span " + fixed(d.out_min, 4) + " ... " + fixed(d.out_max, 4) + " and black renders at " +
                              fixed(d.black_out, 4) + ": SMPTE legal range (64 and 940 of 1023 = " + fixed(legal_black, 4) +
                              " and " + fixed(legal_white, 4) + "), but full range was given: likely --lut-out-range legal"});
  }
  if (legal_out && d.black_out < legal_black - 3 * kLegalLevelTolerance && d.out_max > legal_white + 3 * kLegalLevelTolerance) {
    d.findings.push_back({"output_full_as_legal",
                          "the LUT's outputs span " + fixed(d.out_min, 4) + " ... " + fixed(d.out_max, 4) + " and black renders at " +
                              fixed(d.black_out, 4) + ", below legal black " + fixed(legal_black, 4) +
                              ": legal range was given, but the outputs are full range: likely --lut-out-range full"});
  }

  // 18% grey far from the output transform's, and an input encoding that fits much better.
  const double offset = grey_offset_stops(lut, enc);
  if (std::fabs(offset) > kGreyMismatchStops) {
    std::vector<std::pair<double, std::string>> fits;  // |offset|, colour space id
    for (const aces::ColorSpace& cs : aces::color_spaces()) {
      if (cs.transfer == nullptr || cs.transfer->is_identity() || cs.id == enc.input_id()) continue;
      try {
        const LutEncoding other(cs.id, enc.input_range(), enc.output().alias, enc.output_range(),
                                enc.output_encoding() ? enc.output_encoding()->id : std::string());
        double black = 0.0;
        neutral_axis(lut, other, true, &black);
        const double o = std::fabs(grey_offset_stops(lut, other));
        if (black < kLogBlackAbove && o < kSuggestWithinStops) fits.emplace_back(o, cs.id);
      } catch (const Error&) {
        continue;
      }
    }
    std::sort(fits.begin(), fits.end());
    std::string message = "18% grey renders " + fixed(std::fabs(offset), 1) + " stops " + (offset > 0 ? "brighter" : "darker") +
                          " than the output transform renders it (through --lut-in " + enc.input_id() +
                          "): the input encoding may be wrong";
    if (!fits.empty()) {
      message += "; grey lands within " + fixed(kSuggestWithinStops, 1) + " stop with --lut-in ";
      for (std::size_t i = 0; i < std::min<std::size_t>(fits.size(), 3); ++i) {
        message += (i ? ", " : "") + fits[i].second + " (" + fixed(fits[i].first, 2) + ")";
      }
    }
    d.findings.push_back({"grey_mismatch", message});
  }

  // Outputs the output transform cannot produce, and where.
  {
    std::vector<float> display = out;
    enc.output_to_display(display);
    std::vector<float> round_trip = display;
    aces::for_chunks(std::span<float>(round_trip), threads, [&](std::span<float> chunk, std::size_t) {
      ot.inverse(chunk);
      ot.forward(chunk);
    });
    float white[3] = {1e6f, 1e6f, 1e6f};
    ot.forward(std::span<float>(white, 3));
    const float peak = std::max({white[0], white[1], white[2]});
    std::size_t total = display.size() / 3, unreachable = 0, above = 0, below = 0, gamut = 0;
    std::map<std::string, std::size_t> hues;
    for (std::size_t i = 0; i < total; ++i) {
      const float* p = &display[3 * i];
      float dev = 0.0f;
      for (int c = 0; c < 3; ++c) dev = std::max(dev, std::fabs(round_trip[3 * i + c] - p[c]));
      if (dev <= kReachTolerance) continue;
      ++unreachable;
      if (std::max({p[0], p[1], p[2]}) > peak + kReachTolerance) {
        ++above;
      } else if (std::min({p[0], p[1], p[2]}) < -kReachTolerance) {
        ++below;
      } else {
        ++gamut;
        ++hues[hue_name(p)];
      }
    }
    d.unreachable_share = total ? static_cast<double>(unreachable) / total : 0.0;
    d.outside_range_share = total ? static_cast<double>(above + below) / total : 0.0;
    if (d.unreachable_share >= kUnreachableReportShare) {
      auto pct = [&](std::size_t k) { return fixed(100.0 * k / total, 1) + "%"; };
      std::string where;
      if (above) where += pct(above) + " above the display's peak white";
      if (below) where += std::string(where.empty() ? "" : ", ") + pct(below) + " below its black (negative)";
      if (gamut) {
        std::vector<std::pair<std::size_t, std::string>> by;
        for (const auto& [h, k] : hues) by.emplace_back(k, h);
        std::sort(by.rbegin(), by.rend());
        where += std::string(where.empty() ? "" : ", ") + pct(gamut) + " outside its gamut (mostly " + by[0].second +
                 (by.size() > 1 ? " and " + by[1].second : "") + ")";
      }
      d.findings.push_back({"unreachable", pct(unreachable) + " of the LUT's outputs (at its lattice points) cannot be produced by " +
                                               enc.output().alias + ": " + where +
                                               "; no LMT can reproduce them (the verification leaves them out)"});
    }
  }
  return d;
}

}  // namespace aceslab::lmt
