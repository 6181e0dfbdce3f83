// SPDX-License-Identifier: Apache-2.0
#include "deliver/check_file.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "color/error.h"

namespace aceslab::deliver {

namespace {

// AP0 as stored in the file's float attribute; a writer rounding through double text may differ in
// the last float digit.
constexpr float kChromaticityTolerance = 1e-5f;
constexpr std::size_t kMaxStatisticSamples = 1u << 20;

// Log heuristics (DLV-W023). ACEScct puts black (linear 0) at 0.0729, 18% grey at 0.4135 and
// 65504 at 1.468; camera logs are alike (LogC3 black 0.093, grey 0.391). Scene-linear footage has
// its darkest percent near 0 and spans many stops between its 1st and 99th percentiles.
constexpr double kLogBlackFloor = 0.05;      // p1 at or above: blacks are lifted as a log curve lifts them
constexpr double kLogCeiling = 1.5;          // max at or below: no value beyond what a log curve reaches
constexpr double kLogMaxSpread = 12.0;       // p99 / p1 at or below: under 3.6 stops of value spread
constexpr double kMinimumContent = 0.05;     // p99 - p1 below this: a flat frame says nothing

bool near(float a, double b) { return std::fabs(a - static_cast<float>(b)) <= kChromaticityTolerance; }

bool is_ap0(const aces::ExrChromaticities& c) {
  const aces::ExrChromaticities ap0 = ap0_chromaticities();
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (!near(c[i], ap0[i])) return false;
  }
  return true;
}

std::string chromaticity_text(const aces::ExrChromaticities& c) {
  std::ostringstream out;
  out << "R(" << c[0] << ", " << c[1] << ") G(" << c[2] << ", " << c[3] << ") B(" << c[4] << ", " << c[5] << ") W(" << c[6]
      << ", " << c[7] << ")";
  return out.str();
}

bool rgb_channels_ok(const aces::ExrFileInfo& info, std::string* problem) {
  std::vector<std::string> names;
  for (const aces::ExrChannel& c : info.channels) {
    if (c.x_sampling != 1 || c.y_sampling != 1) {
      if (problem) *problem = "channel " + c.name + " is subsampled";
      return false;
    }
    names.push_back(c.name);
  }
  std::sort(names.begin(), names.end());
  const bool rgb = names == std::vector<std::string>{"B", "G", "R"};
  const bool rgba = names == std::vector<std::string>{"A", "B", "G", "R"};
  if (!rgb && !rgba && problem) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    *problem = "channels are " + (list.empty() ? std::string("none") : list) + "; a master has R, G, B (and A)";
  }
  return rgb || rgba;
}

bool all_half(const aces::ExrFileInfo& info) {
  return std::all_of(info.channels.begin(), info.channels.end(), [](const aces::ExrChannel& c) { return c.type == "half"; });
}

}  // namespace

bool is_st2065_4_compliant(const aces::ExrFileInfo& info) {
  return info.parts == 1 && !info.tiled && !info.deep && rgb_channels_ok(info, nullptr) && all_half(info) &&
         info.compression_id == aces::ExrCompression::none && info.chromaticities && is_ap0(*info.chromaticities) &&
         info.data_window == info.display_window;
}

ValueStatistics value_statistics(const std::vector<float>& rgb) {
  ValueStatistics s;
  const std::size_t step = std::max<std::size_t>(1, rgb.size() / kMaxStatisticSamples);
  std::vector<float> v;
  v.reserve(rgb.size() / step + 1);
  for (float x : rgb) {
    if (!std::isfinite(x)) ++s.non_finite;
  }
  for (std::size_t i = 0; i < rgb.size(); i += step) {
    if (std::isfinite(rgb[i])) v.push_back(rgb[i]);
  }
  s.samples = v.size();
  if (v.empty()) return s;
  auto pct = [&](double p) {
    const std::size_t k = std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1)));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return static_cast<double>(v[k]);
  };
  s.p01 = pct(0.01);
  s.p50 = pct(0.50);
  s.p99 = pct(0.99);
  s.max = *std::max_element(v.begin(), v.end());
  return s;
}

std::string log_encoding_evidence(const ValueStatistics& s) {
  if (s.samples == 0 || s.p99 - s.p01 < kMinimumContent) return {};
  if (s.p01 < kLogBlackFloor || s.max > kLogCeiling || s.p99 / s.p01 > kLogMaxSpread) return {};
  char text[320];
  std::snprintf(text, sizeof text,
                "values look log-encoded (ACEScct or a camera log written as linear): 1st percentile %.3f, median %.3f, "
                "99th percentile %.3f, max %.3f; ACEScct puts linear 0 at 0.073 and 18%% grey at 0.414, while "
                "scene-linear footage has its darkest 1%% near 0 and far more than %.0fx between its 1st and 99th "
                "percentiles",
                s.p01, s.p50, s.p99, s.max, kLogMaxSpread);
  return text;
}

FileCheck check_exr_file(const std::filesystem::path& path, const std::string& rel, const CheckOptions& o) {
  FileCheck r;
  auto add = [&](const char* id, Severity sev, const std::string& message) { r.findings.push_back({id, sev, rel, message}); };
  try {
    r.info = aces::read_exr_info(path);
  } catch (const Error& e) {
    add("DLV-E024", Severity::error, e.detail());
    return r;
  }
  const aces::ExrFileInfo& info = *r.info;
  if (!info.complete) add("DLV-E024", Severity::error, "the file is truncated: some scanline blocks are missing");
  if (!info.chromaticities) {
    add("DLV-E001", Severity::error, "no chromaticities attribute: a master declares AP0");
  } else if (!is_ap0(*info.chromaticities)) {
    add("DLV-E001", Severity::error, "chromaticities are " + chromaticity_text(*info.chromaticities) + ", not AP0");
  }
  for (const aces::ExrChannel& c : info.channels) {
    if (c.type != "half") add("DLV-E002", Severity::error, "channel " + c.name + " is " + c.type + ", not half");
  }
  if (info.compression_id && aces::exr_compression_is_lossy(*info.compression_id)) {
    add("DLV-E004", Severity::error, "lossy compression " + info.compression + ": masters are lossless");
  } else {
    const auto allowed = allowed_compressions(o.profile);
    if (!info.compression_id || std::find(allowed.begin(), allowed.end(), *info.compression_id) == allowed.end()) {
      std::string list;
      for (auto c : allowed) list += (list.empty() ? "" : ", ") + std::string(aces::exr_compression_name(c));
      add("DLV-E003", Severity::error, "compression " + info.compression + " is not allowed for profile " +
                                           profile_name(o.profile) + " (allowed: " + list + ")");
    }
  }
  if (info.tiled) add("DLV-E005", Severity::error, "tiled file: masters are scanline");
  if (info.parts > 1) add("DLV-E006", Severity::error, "multi-part file (" + std::to_string(info.parts) + " parts): masters are single part");
  if (info.deep) add("DLV-E007", Severity::error, "deep file: masters are flat images");
  if (std::string problem; !rgb_channels_ok(info, &problem)) add("DLV-E008", Severity::error, problem);
  if (!(info.data_window == info.display_window)) {
    char text[160];
    std::snprintf(text, sizeof text, "dataWindow (%d,%d)-(%d,%d) differs from displayWindow (%d,%d)-(%d,%d)",
                  info.data_window.min_x, info.data_window.min_y, info.data_window.max_x, info.data_window.max_y,
                  info.display_window.min_x, info.display_window.min_y, info.display_window.max_x, info.display_window.max_y);
    add("DLV-E009", Severity::error, text);
  }
  const std::optional<FrameSize> minimum = o.min_size ? o.min_size : minimum_size(o.profile);
  const int w = info.display_window.width(), h = info.display_window.height();
  if (minimum && (w < minimum->width || h < minimum->height)) {
    add("DLV-E011", Severity::error, std::to_string(w) + "x" + std::to_string(h) + " is below the minimum " +
                                         std::to_string(minimum->width) + "x" + std::to_string(minimum->height));
  }
  const bool compliant = is_st2065_4_compliant(info);
  if (info.aces_image_container_flag) {
    if (*info.aces_image_container_flag != 1) {
      add("DLV-E016", Severity::error, "acesImageContainerFlag is " + std::to_string(*info.aces_image_container_flag) + " (ST 2065-4 defines 1)");
    } else if (!compliant) {
      add("DLV-E016", Severity::error, "acesImageContainerFlag = 1 on a file that is not ST 2065-4 compliant" +
                                           std::string(info.compression_id != aces::ExrCompression::none ? " (compressed: " + info.compression + ")" : ""));
    }
  } else if (o.profile == Profile::st2065_4 && compliant) {
    add("DLV-E017", Severity::error, "no acesImageContainerFlag = 1 (required by ST 2065-4)");
  }
  if (o.profile == Profile::st2065_4 && compliant && !info.adopted_neutral) {
    add("DLV-E017", Severity::error, "no adoptedNeutral (required by ST 2065-4)");
  }

  if (o.pixels && info.complete && info.parts == 1 && !info.deep) {
    try {
      const aces::ExrPixels px = aces::read_exr_pixels(path);
      const ValueStatistics s = value_statistics(px.values);
      if (s.non_finite > 0) {
        add("DLV-E022", Severity::error, std::to_string(s.non_finite) + " NaN or infinite value(s) in R, G, B");
      }
      if (const std::string evidence = log_encoding_evidence(s); !evidence.empty()) add("DLV-W023", Severity::warning, evidence);
    } catch (const Error& e) {
      add("DLV-E024", Severity::error, e.detail());
    }
  }
  return r;
}

}  // namespace aceslab::deliver
