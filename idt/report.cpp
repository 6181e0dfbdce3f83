// SPDX-License-Identifier: Apache-2.0
#include "idt/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "color/error.h"
#include "idt/chart_reference.h"
#include "image/image_io.h"

namespace aceslab::idt {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json vec(const Eigen::Vector3d& v) { return json::array({v[0], v[1], v[2]}); }

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      case '&': out.append("&amp;"); break;
      case '"': out.append("&quot;"); break;
      default: out.push_back(c);
    }
  }
  return out;
}

// ACES2065-1 -> an sRGB display colour for swatches: to linear Rec.709 (CAT02 to D65), clipped,
// sRGB encoded (IEC 61966-2-1). Scene values are shown as if diffuse white were display white.
std::string srgb_hex(const Eigen::Vector3d& aces) {
  static const aces::Mat3 kToRec709 = aces::rgb_to_rgb_matrix(aces::primaries::kAP0, aces::primaries::kRec709, aces::Adaptation::cat02);
  const Eigen::Vector3d lin = kToRec709 * aces;
  char buf[8];
  int v[3];
  for (int c = 0; c < 3; ++c) {
    const double x = std::clamp(lin[c], 0.0, 1.0);
    const double e = x <= 0.0031308 ? 12.92 * x : 1.055 * std::pow(x, 1.0 / 2.4) - 0.055;
    v[c] = static_cast<int>(std::lround(e * 255.0));
  }
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", v[0], v[1], v[2]);
  return buf;
}

std::string swatches_svg(const IdtResult& r) {
  std::ostringstream s;
  const int cell = 70;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << 6 * cell << "' height='" << 4 * cell << "'>";
  for (int p = 0; p < kChartPatches; ++p) {
    const int x = (p % 6) * cell, y = (p / 6) * cell;
    // Upper-left triangle: the reference; lower-right: the camera through the IDT.
    s << "<polygon points='" << x << "," << y << " " << x + cell << "," << y << " " << x << "," << y + cell
      << "' fill='" << srgb_hex(r.reference_aces[p]) << "'/>";
    s << "<polygon points='" << x + cell << "," << y << " " << x + cell << "," << y + cell << " " << x << "," << y + cell
      << "' fill='" << (r.patch_used[p] ? srgb_hex(r.fitted_aces[p]) : std::string("#808080")) << "'/>";
    s << "<title>" << html_escape(kColorCheckerPatchNames[p]) << "</title>";
  }
  s << "</svg>";
  return s.str();
}

std::string delta_e_svg(const IdtResult& r) {
  const int w = 24 * 26 + 40, h = 200;
  double top = 1.0;
  for (int p = 0; p < kChartPatches; ++p) {
    if (r.patch_used[p]) top = std::max(top, r.delta_E_2000[p]);
  }
  top = std::ceil(top);
  std::ostringstream s;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << w << "' height='" << h + 30 << "'>";
  for (int t = 0; t <= static_cast<int>(top); ++t) {
    const double y = h - h * t / top;
    s << "<line x1='30' x2='" << w << "' y1='" << y << "' y2='" << y << "' stroke='#ddd'/><text x='0' y='" << y + 4
      << "' font-size='10'>" << t << "</text>";
  }
  for (int p = 0; p < kChartPatches; ++p) {
    if (!r.patch_used[p]) {
      s << "<text x='" << 36 + p * 26 << "' y='" << h - 4 << "' font-size='9'>n/a</text>";
      continue;
    }
    const double bh = h * r.delta_E_2000[p] / top;
    s << "<rect x='" << 36 + p * 26 << "' y='" << h - bh << "' width='20' height='" << bh << "' fill='"
      << srgb_hex(r.reference_aces[p]) << "' stroke='#333'><title>" << html_escape(kColorCheckerPatchNames[p]) << ": "
      << r.delta_E_2000[p] << "</title></rect><text x='" << 40 + p * 26 << "' y='" << h + 14 << "' font-size='9'>" << p + 1
      << "</text>";
  }
  s << "</svg>";
  return s.str();
}

// log2 of the linearisation (first pipeline step) against code value, with the neutral samples.
std::string curve_svg(const IdtResult& r) {
  if (r.pipeline.steps.empty()) return "<p>No curve (no usable result).</p>";
  const int w = 520, h = 320;
  const double ymin = -12, ymax = 4;
  auto X = [&](double code) { return 40 + (w - 50) * code; };
  auto Y = [&](double l2) { return 10 + (h - 40) * (ymax - std::clamp(l2, ymin, ymax)) / (ymax - ymin); };
  aces::Pipeline decode;
  decode.steps.push_back(r.pipeline.steps.front());
  const bool has_curve = r.pipeline.steps.size() > 1;
  std::ostringstream s;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << w << "' height='" << h << "'>";
  for (int t = static_cast<int>(ymin); t <= static_cast<int>(ymax); t += 2) {
    s << "<line x1='40' x2='" << w << "' y1='" << Y(t) << "' y2='" << Y(t) << "' stroke='#eee'/><text x='2' y='" << Y(t) + 4
      << "' font-size='10'>2^" << t << "</text>";
  }
  const char* colours[3] = {"#d22", "#2a2", "#22d"};
  if (has_curve) {
    const int n = 256;
    std::vector<float> buf(3 * (n + 1));
    for (int i = 0; i <= n; ++i) buf[3 * i] = buf[3 * i + 1] = buf[3 * i + 2] = static_cast<float>(i) / n;
    aces::apply(decode, std::span<float>(buf));
    for (int c = 0; c < 3; ++c) {
      s << "<polyline fill='none' stroke='" << colours[c] << "' points='";
      for (int i = 0; i <= n; ++i) {
        if (buf[3 * i + c] > 0) s << X(static_cast<double>(i) / n) << "," << Y(std::log2(buf[3 * i + c])) << " ";
      }
      s << "'/>";
    }
  }
  // Neutral samples at their reference exposure (balance folded: they sit on the curves when the
  // curves are right).
  for (const auto& x : r.exposures) {
    if (!x.usable) continue;
    for (int i = 0; i < 6; ++i) {
      const int p = kColorCheckerFirstNeutral + i;
      const double ref = std::log2(r.reference_aces[p].mean() * std::exp2(x.ev) / r.exposure_factor);
      for (int c = 0; c < 3; ++c) {
        s << "<circle r='2.5' fill='none' stroke='" << colours[c] << "' cx='" << X(x.sample.patches[p].value[c])
          << "' cy='" << Y(ref - std::log2(r.white_balance[c])) << "'/>";
      }
    }
  }
  s << "<text x='" << w / 2 << "' y='" << h - 4 << "' font-size='11'>code value</text></svg>";
  return s.str();
}

}  // namespace

json result_json(const IdtResult& r) {
  json j;
  j["usable"] = r.usable;
  j["message"] = r.message;
  j["warnings"] = r.warnings;
  j["camera"] = r.camera_name;
  j["illuminant"] = r.illuminant;
  j["encoding"] = r.encoding;
  j["cat"] = std::string(aces::adaptation_id(r.cat));
  j["error_space"] = std::string(solver::error_space_id(r.error_space));
  json corners = json::array();
  for (const auto& c : r.chart.corners()) corners.push_back({c.x(), c.y()});
  j["chart"] = {{"corners", corners}, {"detected", r.chart_detected}, {"image_size", {r.image_width, r.image_height}}};
  if (r.detection) {
    const ChartEvidence& e = r.detection->evidence;
    j["chart"]["mirrored"] = r.detection->mirrored;
    j["chart"]["detection"] = {{"confidence", e.confidence},
                               {"patches_matched", e.patches_matched},
                               {"grid_residual_pitch", e.grid_residual},
                               {"neutral_steps_not_darker", e.neutral_steps_failed},
                               {"neutral_spread", e.neutral_spread},
                               {"hue_order_matches", e.hue_matches},
                               {"lightness_order", e.lightness_order},
                               {"patches_inside_image", e.centres_inside},
                               {"working_reduction", r.detection->working_factor},
                               {"evidence", e.describe()}};
  }
  json exposures = json::array();
  for (const auto& x : r.exposures) {
    json flagged = json::object();
    for (int p = 0; p < kChartPatches; ++p) {
      if (x.sample.patches[p].flags != kPatchOk) flagged[std::to_string(p + 1)] = describe_flags(x.sample.patches[p].flags);
    }
    exposures.push_back({{"ev", x.ev}, {"files", x.files}, {"usable", x.usable}, {"used_for_matrix", x.used_for_matrix}, {"flagged", flagged}});
  }
  j["exposures"] = exposures;
  if (r.curve) {
    j["linearisation"] = {{"rms_log_error_stops", r.curve->rms_log_error}, {"max_log_error_stops", r.curve->max_log_error},
                          {"noise_stops", r.curve->noise_stops}, {"smoothness", r.curve->smoothness},
                          {"code_range", {r.curve->code_min, r.curve->code_max}}, {"usable", r.curve->usable}};
  }
  j["white_balance"] = vec(r.white_balance);
  j["exposure_factor"] = r.exposure_factor;
  json m = json::array(), cm = json::array();
  for (int i = 0; i < 3; ++i) {
    m.push_back({r.fit.matrix(i, 0), r.fit.matrix(i, 1), r.fit.matrix(i, 2)});
    cm.push_back({r.clf_matrix(i, 0), r.clf_matrix(i, 1), r.clf_matrix(i, 2)});
  }
  j["matrix"] = m;
  j["clf_matrix"] = cm;
  j["mean_delta_e_2000"] = r.fit.mean_delta_E_2000;
  j["max_delta_e_2000"] = r.fit.max_delta_E_2000;
  // EVs of the matrix exposures, for the reason a patch was left out.
  std::string matrix_evs;
  for (const auto& x : r.exposures) {
    if (!x.used_for_matrix) continue;
    std::ostringstream ev;
    ev << (x.ev > 0 ? "+" : "") << x.ev;
    matrix_evs.append(matrix_evs.empty() ? "" : ", ").append(ev.str());
  }
  json patches = json::array(), used = json::array();
  for (int p = 0; p < kChartPatches; ++p) {
    json patch = {{"index", p + 1}, {"name", kColorCheckerPatchNames[p]}, {"used", r.patch_used[p]},
                  {"reference_aces", vec(r.reference_aces[p])}};
    if (r.patch_used[p]) {
      patch["delta_e_2000"] = r.delta_E_2000[p];
      patch["idt_aces"] = vec(r.fitted_aces[p]);
      used.push_back(p + 1);
    } else {
      patch["delta_e_2000"] = nullptr;
      patch["idt_aces"] = nullptr;
      patch["left_out"] = "clipped in every exposure used for the matrix (EV " + matrix_evs + ")";
    }
    patches.push_back(patch);
  }
  j["patches"] = patches;
  j["patches_used"] = used;
  json residuals = {{"delta_e_2000_mean", r.fit.mean_delta_E_2000}, {"delta_e_2000_max", r.fit.max_delta_E_2000},
                    {"patches", used.size()}};
  if (r.curve) residuals["neutral_ramp_rms_stops"] = r.curve->rms_log_error;
  if (r.encoding_check) {
    const EncodingCheck& c = *r.encoding_check;
    json better = json::array();
    for (const auto& b : c.better) better.push_back({{"encoding", b.encoding}, {"slope", b.slope}, {"rms_stops", b.rms_stops}});
    residuals["encoding_check"] = {{"encoding", c.given.encoding}, {"slope", c.given.slope}, {"rms_stops", c.given.rms_stops},
                                   {"points", c.given.points}, {"consistent", !c.flagged}, {"fits_better", better}};
  }
  j["fit_residuals"] = residuals;
  if (r.flat_field) {
    const auto& f = *r.flat_field;
    j["flat_field"] = {{"relative_illumination", std::vector<double>(f.begin(), f.end())},
                       {"min", *std::min_element(f.begin(), f.end())},
                       {"max", *std::max_element(f.begin(), f.end())}};
  }
  j["plausibility"] = {{"plausible", r.plausibility.plausible},
                       {"mean_delta_e_2000", r.plausibility.mean_delta_E_2000},
                       {"worst_neutral_chroma_excess", r.plausibility.worst_neutral_chroma},
                       {"worst_neutral", r.plausibility.worst_neutral},
                       {"forced", r.forced},
                       {"message", r.plausibility.message}};
  return j;
}

fs::path write_report(const fs::path& dir, const IdtResult& r, Overwrite overwrite) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(ErrorKind::io, "cannot create report folder: " + ec.message(), Location(dir.string()));
  bool overlay = false;
  if (r.overlay) {
    // A copy at most 1600 pixels wide keeps the page light for 4K captures.
    const int step = std::max(1, (r.overlay->width + 1599) / 1600);
    aces::Image small;
    small.width = r.overlay->width / step;
    small.height = r.overlay->height / step;
    small.rgb.resize(small.pixels() * 3);
    for (int y = 0; y < small.height; ++y) {
      for (int x = 0; x < small.width; ++x) std::copy_n(r.overlay->pixel(x * step, y * step), 3, small.pixel(x, y));
    }
    aces::write_image(dir / "overlay.png", small, overwrite, aces::SampleFormat::uint8);
    // And the chart at full resolution (a crop with a quarter of its size around it), so that a
    // chart a tenth of the frame wide can be checked patch by patch.
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
    for (const auto& c : r.chart.corners()) {
      x0 = std::min(x0, c.x());
      x1 = std::max(x1, c.x());
      y0 = std::min(y0, c.y());
      y1 = std::max(y1, c.y());
    }
    const double margin = 0.25 * std::max(x1 - x0, y1 - y0);
    const int cx0 = std::clamp(static_cast<int>(x0 - margin), 0, r.overlay->width - 1);
    const int cy0 = std::clamp(static_cast<int>(y0 - margin), 0, r.overlay->height - 1);
    const int cx1 = std::clamp(static_cast<int>(x1 + margin), cx0 + 1, r.overlay->width);
    const int cy1 = std::clamp(static_cast<int>(y1 + margin), cy0 + 1, r.overlay->height);
    aces::Image crop;
    crop.width = cx1 - cx0;
    crop.height = cy1 - cy0;
    crop.rgb.resize(crop.pixels() * 3);
    for (int y = 0; y < crop.height; ++y) std::copy_n(r.overlay->pixel(cx0, cy0 + y), 3 * crop.width, crop.pixel(0, y));
    aces::write_image(dir / "overlay_chart.png", crop, overwrite, aces::SampleFormat::uint8);
    overlay = true;
  }
  std::ostringstream h;
  h << "<!DOCTYPE html><html><head><meta charset='utf-8'><title>IDT report: " << html_escape(r.camera_name)
    << "</title><style>body{font-family:sans-serif;margin:2em;max-width:1100px}td,th{padding:2px 8px;text-align:left}"
       ".bad{color:#b00}</style></head><body>";
  h << "<h1>Input Transform: " << html_escape(r.camera_name) << "</h1>";
  h << "<p>Illuminant " << html_escape(r.illuminant) << ", encoding " << html_escape(r.encoding) << ", adaptation "
    << aces::adaptation_id(r.cat) << ", fit in " << solver::error_space_id(r.error_space) << ", chart "
    << (r.chart_detected ? "detected automatically" : "from the given corners") << ".</p>";
  if (!r.usable) h << "<p class='bad'><b>No usable IDT:</b> " << html_escape(r.message) << "</p>";
  char line[256];
  std::snprintf(line, sizeof line, "<p>CIEDE2000 over %zu patches: mean <b>%.3f</b>, max %.3f. White balance %.4f %.4f %.4f, exposure factor %.4f.</p>",
                r.fit.delta_E_2000.size(), r.fit.mean_delta_E_2000, r.fit.max_delta_E_2000, r.white_balance[0],
                r.white_balance[1], r.white_balance[2], r.exposure_factor);
  h << line;
  for (const auto& w : r.warnings) h << "<p class='bad'>warning: " << html_escape(w) << "</p>";
  h << "<h2>Chart: reference (upper left) and camera through the IDT (lower right)</h2>" << swatches_svg(r);
  h << "<h2>CIEDE2000 per patch</h2>" << delta_e_svg(r);
  h << "<h2>Linearisation (log2 linear against code value; circles: neutral patches of every exposure)</h2>" << curve_svg(r);
  if (overlay) {
    h << "<h2>What was sampled</h2><p>The chart at full resolution:</p><img src='overlay_chart.png'>"
         "<p>The whole frame:</p><img src='overlay.png' style='max-width:100%'>";
  }
  if (r.detection) h << "<p>Chart detection: " << html_escape(r.detection->evidence.describe()) << "</p>";
  h << "<h2>Exposures</h2><table><tr><th>EV</th><th>files</th><th>use</th><th>flagged patches</th></tr>";
  for (const auto& x : r.exposures) {
    std::string files, flags;
    for (const auto& f : x.files) files.append(files.empty() ? "" : ", ").append(f);
    for (int p = 0; p < kChartPatches; ++p) {
      if (x.sample.patches[p].flags != kPatchOk) {
        flags.append(flags.empty() ? "" : "; ").append(std::to_string(p + 1)).append(" ").append(describe_flags(x.sample.patches[p].flags));
      }
    }
    h << "<tr><td>" << x.ev << "</td><td>" << html_escape(files) << "</td><td>"
      << (!x.usable ? "unused" : (x.used_for_matrix ? "curve + matrix" : "curve")) << "</td><td>" << html_escape(flags) << "</td></tr>";
  }
  h << "</table></body></html>\n";
  const fs::path page = dir / "index.html";
  write_file_atomically(page, h.str(), overwrite);
  return page;
}

}  // namespace aceslab::idt
