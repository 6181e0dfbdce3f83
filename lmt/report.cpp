// SPDX-License-Identifier: Apache-2.0
#include "lmt/report.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iomanip>
#include <memory>
#include <sstream>

#include "aces2/output_presets.h"
#include "color/chromaticity.h"
#include "color/color_difference.h"
#include "color/error.h"
#include "color/parallel.h"
#include "color/transfer_function.h"
#include "image/image_io.h"
#include "pipeline/pipeline.h"

namespace aceslab::lmt {
namespace {

namespace fs = std::filesystem;

// File names inside the report folder (relative links in the page).
constexpr const char* kHtmlName = "index.html";
constexpr const char* kChartExrName = "chart_aces2065-1.exr";
constexpr const char* kLutPngName = "chart_lut.png";
constexpr const char* kLmtPngName = "chart_aces_lmt.png";
constexpr const char* kHeatPngName = "error_heatmap.png";
constexpr const char* kScalePngName = "error_scale.png";
constexpr int kScaleWidth = 512;
constexpr int kScaleHeight = 20;
constexpr int kScaleTicks = 4;  // intervals between labels under the scale
constexpr int kHatchPeriod = 6;  // pixels; stripes mark outputs the output transform cannot produce

std::string preview_stem(const std::string& alias) {
  std::string s = "preview_";
  for (char c : alias) s += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') ? c : '_';
  return s;
}

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string fixed(double v, int precision) {
  std::ostringstream os;
  os.imbue(std::locale::classic());
  os << std::fixed << std::setprecision(precision) << v;
  return os.str();
}

bool same_chromaticities(const aces::Chromaticities& a, const aces::Chromaticities& b) {
  constexpr double kEps = 1e-6;  // published xy have at most 5 decimals
  auto eq = [](aces::xy p, aces::xy q) { return std::abs(p.x - q.x) < kEps && std::abs(p.y - q.y) < kEps; };
  return eq(a.red, b.red) && eq(a.green, b.green) && eq(a.blue, b.blue) && eq(a.white, b.white);
}

bool is_hdr(const aces::OutputTransform& ot) {
  const aces::Eotf e = ot.params().eotf;
  return e == aces::Eotf::pq || e == aces::Eotf::hlg;
}

// Rec.709-primaries SDR signals are viewed as they are on a desktop screen.
bool shown_as_is(const aces::OutputTransform& ot) {
  const auto& p = ot.params();
  return same_chromaticities(p.encoding, aces::primaries::kRec709) &&
         (p.eotf == aces::Eotf::bt1886 || p.eotf == aces::Eotf::srgb);
}

// The chart is built of horizontal bands whose pixels do not change down a band, so the work is
// done once per distinct pixel row and copied back: ~40x less than per pixel, and exact.
struct DistinctLines {
  std::vector<int> line_of_row;  // image row -> index of its distinct line
  std::vector<float> rgb;        // distinct lines, width triplets each
};

DistinctLines distinct_lines(const aces::Image& image) {
  DistinctLines d;
  const std::size_t stride = static_cast<std::size_t>(image.width) * 3;
  d.line_of_row.resize(static_cast<std::size_t>(image.height));
  int lines = 0;
  for (int y = 0; y < image.height; ++y) {
    const float* row = image.pixel(0, y);
    if (y > 0 && std::memcmp(row, image.pixel(0, y - 1), stride * sizeof(float)) == 0) {
      d.line_of_row[static_cast<std::size_t>(y)] = lines - 1;
      continue;
    }
    d.rgb.insert(d.rgb.end(), row, row + stride);
    d.line_of_row[static_cast<std::size_t>(y)] = lines++;
  }
  return d;
}

aces::Image expand(const DistinctLines& d, const std::vector<float>& lines, int width, int height) {
  aces::Image image;
  image.width = width;
  image.height = height;
  image.rgb.resize(image.pixels() * 3);
  const std::size_t stride = static_cast<std::size_t>(width) * 3;
  for (int y = 0; y < height; ++y) {
    const auto src = lines.begin() + static_cast<std::ptrdiff_t>(stride) * d.line_of_row[static_cast<std::size_t>(y)];
    std::copy(src, src + static_cast<std::ptrdiff_t>(stride), image.rgb.begin() + static_cast<std::ptrdiff_t>(stride) * y);
  }
  return image;
}

// CIELAB of display code values: EOTF decode, encoding RGB -> XYZ, white = the display's white at
// its peak (code 1.0 on every channel), as the verification does.
std::vector<double> display_Lab(const aces::OutputTransform& ot, std::vector<float> code) {
  ot.decode_display(code);
  const aces::Mat3 to_XYZ = ot.encoding_to_XYZ();
  std::vector<float> white_code{1.0f, 1.0f, 1.0f};
  ot.decode_display(white_code);
  const aces::Vec3 white = to_XYZ * aces::Vec3(white_code[0], white_code[1], white_code[2]);
  const double white_XYZ[3] = {white[0], white[1], white[2]};
  std::vector<double> lab(code.size());
  for (std::size_t i = 0; i + 2 < code.size(); i += 3) {
    const aces::Vec3 XYZ = to_XYZ * aces::Vec3(code[i], code[i + 1], code[i + 2]);
    const double xyz[3] = {XYZ[0], XYZ[1], XYZ[2]};
    aces::XYZ_to_Lab<double>(xyz, white_XYZ, &lab[i]);
  }
  return lab;
}

aces::Image scale_image(double max) {
  aces::Image img;
  img.width = kScaleWidth;
  img.height = kScaleHeight;
  img.rgb.resize(img.pixels() * 3);
  for (int x = 0; x < kScaleWidth; ++x) {
    const auto c = heat_map_colour(max * x / (kScaleWidth - 1), max);
    for (int y = 0; y < kScaleHeight; ++y) std::copy(c.begin(), c.end(), img.pixel(x, y));
  }
  return img;
}

struct ChartComparison {
  aces::Image lut_display;  // full-range display code values through the show LUT
  aces::Image lmt_aces;     // ACES2065-1 after the LMT
  aces::Image lmt_display;  // display code values through LMT + forward output transform
  std::vector<double> delta_E;
  std::vector<unsigned char> unreachable;
};

ChartComparison compare_on_chart(const TestChart& chart, const ReportInput& in, unsigned threads) {
  const LutEncoding& enc = *in.encoding;
  const aces::OutputTransform& ot = enc.output_transform();
  const DistinctLines lines = distinct_lines(chart.image);
  const int w = chart.image.width, h = chart.image.height;

  std::vector<float> lut = lines.rgb;
  aces::for_chunks(lut, threads, [&](std::span<float> part, std::size_t) {
    enc.aces_to_input(part);
    in.lut->apply(part);
    enc.output_to_display(part);
  });
  std::vector<float> lmt_aces = lines.rgb;
  aces::for_chunks(lmt_aces, threads, [&](std::span<float> part, std::size_t) { in.lmt(part); });
  std::vector<float> lmt = lmt_aces;
  aces::for_chunks(lmt, threads, [&](std::span<float> part, std::size_t) { ot.forward(part); });
  // Reachability: inverse then forward must return the LUT's output (verify.h kReachTolerance).
  std::vector<float> round = lut;
  aces::for_chunks(round, threads, [&](std::span<float> part, std::size_t) {
    ot.inverse(part);
    ot.forward(part);
  });

  const std::vector<double> lab_lut = display_Lab(ot, lut);
  const std::vector<double> lab_lmt = display_Lab(ot, lmt);
  const std::size_t n_lines = lines.rgb.size() / 3;
  std::vector<double> de_line(n_lines);
  std::vector<unsigned char> unreach_line(n_lines);
  for (std::size_t i = 0; i < n_lines; ++i) {
    de_line[i] = aces::delta_E_2000<double>(&lab_lut[3 * i], &lab_lmt[3 * i]);
    float diff = 0.0f;
    for (int c = 0; c < 3; ++c) diff = std::max(diff, std::abs(round[3 * i + c] - lut[3 * i + c]));
    unreach_line[i] = !(diff <= kReachTolerance);
  }

  ChartComparison out;
  out.lut_display = expand(lines, lut, w, h);
  out.lmt_aces = expand(lines, lmt_aces, w, h);
  out.lmt_display = expand(lines, lmt, w, h);
  out.delta_E.resize(static_cast<std::size_t>(w) * h);
  out.unreachable.resize(out.delta_E.size());
  for (int y = 0; y < h; ++y) {
    const std::size_t base = static_cast<std::size_t>(lines.line_of_row[static_cast<std::size_t>(y)]) * w;
    for (int x = 0; x < w; ++x) {
      const std::size_t p = static_cast<std::size_t>(y) * w + x;
      out.delta_E[p] = de_line[base + x];
      out.unreachable[p] = unreach_line[base + x];
    }
  }
  return out;
}

aces::Image heat_map(const ChartComparison& cmp, int w, int h, double max) {
  aces::Image img;
  img.width = w;
  img.height = h;
  img.rgb.resize(img.pixels() * 3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const std::size_t p = static_cast<std::size_t>(y) * w + x;
      std::array<float, 3> c;
      if (cmp.unreachable[p]) {
        const float v = ((x + y) / (kHatchPeriod / 2)) % 2 ? 0.85f : 0.45f;
        c = {v, v, v};
      } else {
        c = heat_map_colour(cmp.delta_E[p], max);
      }
      std::copy(c.begin(), c.end(), img.pixel(x, y));
    }
  }
  return img;
}

void figures(const TestChart& chart, const ChartComparison& cmp, ReportOutput& out) {
  const int w = chart.image.width;
  auto stats_of = [&](int y0, int y1, std::size_t& pixels, std::size_t& unreachable) {
    std::vector<double> de;
    pixels = 0;
    unreachable = 0;
    for (int y = y0; y < y1; ++y) {
      for (int x = 0; x < w; ++x) {
        const std::size_t p = static_cast<std::size_t>(y) * w + x;
        ++pixels;
        if (cmp.unreachable[p]) ++unreachable;
        else de.push_back(cmp.delta_E[p]);
      }
    }
    return summarize(std::move(de));
  };
  out.chart_delta_E_2000 = stats_of(0, chart.image.height, out.chart_pixels, out.chart_unreachable);
  for (const ChartRow& row : chart.rows) {
    ChartRowFigures f;
    f.row = row.name;
    f.delta_E_2000 = stats_of(row.y, row.y + row.height, f.pixels, f.unreachable);
    out.rows.push_back(std::move(f));
  }
}

aces::Image image_from(const aces::Image& like, std::vector<float> rgb) {
  aces::Image img;
  img.width = like.width;
  img.height = like.height;
  img.rgb = std::move(rgb);
  return img;
}

void stats_cells(std::ostringstream& h, const ErrorStats& s, int precision) {
  for (double v : {s.mean, s.p50, s.p95, s.p99, s.max}) h << "<td>" << fixed(v, precision) << "</td>";
}

struct PreviewData {
  ReportOutput::Preview files;
  std::string user_name;
  std::string transform_id;
  double peak = 0.0;
};

std::string page_html(const ReportInput& in, const ReportSettings& rs, const TestChart& chart,
                      const ReportOutput& out, const std::vector<PreviewData>& previews) {
  const LutEncoding& enc = *in.encoding;
  std::ostringstream h;
  h.imbue(std::locale::classic());
  const std::string title = html_escape(in.title);
  const int img_w = chart.image.width;
  h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" << title
    << "</title>\n<style>\n"
       "body{font-family:sans-serif;background:#202020;color:#e0e0e0;margin:2em;max-width:"
    << (2 * img_w + 80)
    << "px}\n"
       "h1,h2{font-weight:normal}table{border-collapse:collapse;margin:0.5em 0}\n"
       "td,th{border:1px solid #555;padding:2px 8px;text-align:left}th{background:#303030}\n"
       "td.n{text-align:right}img{display:block;max-width:100%}figure{margin:0.5em 0}\n"
       ".pair{display:flex;gap:16px;flex-wrap:wrap}.pair figure{flex:1;min-width:300px}\n"
       ".ticks{display:flex;justify-content:space-between;width:"
    << kScaleWidth
    << "px;font-size:small}\n"
       ".hatch{display:inline-block;width:32px;height:14px;vertical-align:middle;background:"
       "repeating-linear-gradient(135deg,#d9d9d9 0 3px,#737373 3px 6px)}\n"
       "a{color:#9cf}.warn{color:#fc6}\n</style>\n</head>\n<body>\n";
  h << "<h1>" << title << "</h1>\n";
  h << "<p>Show LUT <code>" << html_escape(in.lut->path().filename().string()) << "</code>: input "
    << html_escape(enc.input_name()) << " (" << code_range_id(enc.input_range()) << " range), output "
    << html_escape(enc.output().user_name) << " (" << code_range_id(enc.output_range())
    << " range). No JavaScript; all images are files next to this page.</p>\n";

  if (!in.warnings.empty()) {
    h << "<h2>Warnings</h2>\n<ul>\n";
    for (const auto& w : in.warnings) h << "<li class=\"warn\">" << html_escape(w) << "</li>\n";
    h << "</ul>\n";
  }

  h << "<h2>Original LUT and ACES + LMT, side by side</h2>\n<p>A synthetic chart in scene-linear "
       "ACES2065-1 (<a href=\""
    << kChartExrName << "\">" << kChartExrName
    << "</a>, half float) through the show LUT (left: ACES2065-1 &rarr; "
    << html_escape(enc.input_id()) << " code values &rarr; LUT) and through the LMT and the ACES 2.0 "
       "Output Transform "
    << html_escape(enc.output().alias) << " (right). Both images hold full-range display code values"
    << (shown_as_is(enc.output_transform()) ? " shown as-is"
            : " converted to sRGB for the browser (see display_to_srgb_preview)")
    << ", 8-bit PNG.</p>\n<div class=\"pair\">\n<figure><img src=\"" << kLutPngName
    << "\" alt=\"chart through the show LUT\"><figcaption>Original LUT (<a href=\"" << kLutPngName << "\">"
    << kLutPngName << "</a>)</figcaption></figure>\n<figure><img src=\"" << kLmtPngName
    << "\" alt=\"chart through ACES and the LMT\"><figcaption>ACES + LMT + output transform (<a href=\""
    << kLmtPngName << "\">" << kLmtPngName << "</a>)</figcaption></figure>\n</div>\n";
  h << "<p>Chart rows, top to bottom:</p>\n<ol>\n";
  for (const auto& row : chart.rows) h << "<li>" << html_escape(row.name) << "</li>\n";
  h << "</ol>\n";

  h << "<h2>Error heat map (CIEDE2000)</h2>\n<p>Per-pixel CIEDE2000 between the two images above, "
       "both decoded by the display's EOTF to CIE XYZ (CIELAB white = the display's white at peak). "
       "Striped pixels are LUT outputs the output transform cannot produce (inverse then forward "
       "moves them by more than "
    << fixed(kReachTolerance, 4) << " code value); no LMT can reproduce them, so they are left out of "
       "the figures.</p>\n<figure><img src=\""
    << kHeatPngName << "\" alt=\"CIEDE2000 heat map\"></figure>\n<figure><img src=\"" << kScalePngName
    << "\" alt=\"colour scale\" style=\"width:" << kScaleWidth << "px;height:" << kScaleHeight
    << "px\"><div class=\"ticks\">";
  for (int i = 0; i <= kScaleTicks; ++i) {
    const double v = rs.heat_map_max * i / kScaleTicks;
    h << "<span>" << (i == kScaleTicks ? "&ge;" : "") << fixed(v, 2) << "</span>";
  }
  h << "</div><figcaption>Colour scale, CIEDE2000 0 to " << fixed(rs.heat_map_max, 2)
    << " (larger errors use the top colour); <span class=\"hatch\"></span> cannot be produced by the "
       "output transform.</figcaption></figure>\n";
  h << "<table>\n<tr><th>Chart row</th><th>pixels</th><th>unreachable</th><th>mean</th><th>p50</th>"
       "<th>p95</th><th>p99</th><th>max</th></tr>\n";
  auto row_line = [&](const std::string& name, std::size_t pixels, std::size_t unreachable, const ErrorStats& s) {
    h << "<tr><td>" << html_escape(name) << "</td><td class=\"n\">" << pixels << "</td><td class=\"n\">"
      << unreachable << "</td>";
    stats_cells(h, s, 3);
    h << "</tr>\n";
  };
  row_line("whole chart", out.chart_pixels, out.chart_unreachable, out.chart_delta_E_2000);
  for (const auto& r : out.rows) row_line(r.row, r.pixels, r.unreachable, r.delta_E_2000);
  h << "</table>\n";

  h << "<h2>Other displays</h2>\n";
  if (previews.empty()) h << "<p>No other display was requested.</p>\n";
  for (const auto& p : previews) {
    h << "<h3>" << html_escape(p.user_name) << "</h3>\n<p><code>" << html_escape(p.transform_id)
      << "</code>, peak " << fixed(p.peak, 0) << " cd/m&sup2;. ";
    if (p.files.hdr) {
      h << "The image below is a <em>tone-mapped SDR preview</em> (8-bit sRGB PNG): the display's "
           "light converted to Rec.709 primaries and compressed by an extended Reinhard curve whose "
           "white is the display peak, for looking at on an SDR screen only. The exact HDR signal is "
           "<a href=\""
        << p.files.code_png.filename().string() << "\">" << p.files.code_png.filename().string()
        << "</a>: a 16-bit PNG of the display code values (" << html_escape(std::string(aces::eotf_id(
               aces::find_output_preset(p.files.output_id).params.eotf)))
        << "), not colour managed.";
    } else {
      h << "The image below is an 8-bit sRGB PNG for the browser; the display code values are in "
           "<a href=\""
        << p.files.code_png.filename().string() << "\">" << p.files.code_png.filename().string()
        << "</a> (16-bit PNG).";
    }
    h << "</p>\n<figure><img src=\"" << p.files.sdr_png.filename().string() << "\" alt=\""
      << html_escape(p.user_name) << "\"></figure>\n";
  }

  h << "<h2>Verification</h2>\n";
  if (in.verification == nullptr) {
    h << "<p>No verification figures were given.</p>\n";
  } else {
    const Verification& v = *in.verification;
    h << "<p>OT(LMT(ACES(c))) against LUT(c): CIEDE2000 and 10-bit code-value error (channels &ge; "
      << fixed(kCodeErrorMinReference, 2) << "). Targets "
      << (v.meets_targets ? "met" : "<strong class=\"warn\">missed</strong>") << ".</p>\n";
    h << "<table>\n<tr><th>set</th><th>samples</th><th>unreachable</th><th>metric</th><th>mean</th>"
         "<th>p50</th><th>p95</th><th>p99</th><th>max</th></tr>\n";
    for (const SetFigures* s : {&v.cube, &v.natural}) {
      h << "<tr><td rowspan=\"2\">" << html_escape(s->name) << "</td><td class=\"n\" rowspan=\"2\">"
        << s->samples << "</td><td class=\"n\" rowspan=\"2\">" << s->unreachable << "</td><td>&Delta;E2000</td>";
      stats_cells(h, s->delta_E_2000, 3);
      h << "</tr>\n<tr><td>10-bit code</td>";
      stats_cells(h, s->code_10bit, 2);
      h << "</tr>\n";
    }
    h << "</table>\n<p>Targets: natural &Delta;E2000 mean &le; " << v.targets.natural_delta_E_mean
      << ", p99 &le; " << v.targets.natural_delta_E_p99 << "; code mean &le; " << v.targets.natural_code_mean
      << ", p99 &le; " << v.targets.natural_code_p99 << "; cube &Delta;E2000 mean &le; "
      << v.targets.cube_delta_E_mean << ", p99 &le; " << v.targets.cube_delta_E_p99 << ".</p>\n";
    if (!v.misses.empty()) {
      h << "<ul>\n";
      for (const auto& m : v.misses) h << "<li class=\"warn\">" << html_escape(m) << "</li>\n";
      h << "</ul>\n";
    }
  }

  h << "<h2>Settings</h2>\n<table>\n";
  for (const auto& [k, val] : in.settings) {
    h << "<tr><th>" << html_escape(k) << "</th><td>" << html_escape(val) << "</td></tr>\n";
  }
  h << "</table>\n<h2>Files</h2>\n<table>\n<tr><th>what</th><th>file</th></tr>\n";
  for (const auto& [role, path] : in.files) {
    h << "<tr><td>" << html_escape(role) << "</td><td><code>" << html_escape(path.string()) << "</code></td></tr>\n";
  }
  for (const auto& [role, path] : rs.extra_files) {
    h << "<tr><td>" << html_escape(role) << "</td><td><code>" << html_escape(path.string()) << "</code></td></tr>\n";
  }
  auto local = [&](const std::string& role, const fs::path& name) {
    h << "<tr><td>" << html_escape(role) << "</td><td><a href=\"" << html_escape(name.string()) << "\">"
      << html_escape(name.string()) << "</a></td></tr>\n";
  };
  local("test chart, ACES2065-1 (half-float EXR)", kChartExrName);
  local("chart through the show LUT", kLutPngName);
  local("chart through ACES + LMT + output transform", kLmtPngName);
  local("CIEDE2000 heat map", kHeatPngName);
  local("heat map colour scale", kScalePngName);
  for (const auto& p : previews) {
    local(p.user_name + (p.files.hdr ? ", tone-mapped SDR preview" : ", sRGB view"), p.files.sdr_png.filename());
    local(p.user_name + ", display code values (16-bit PNG)", p.files.code_png.filename());
  }
  h << "</table>\n</body>\n</html>\n";
  return h.str();
}

}  // namespace

std::array<float, 3> heat_map_colour(double delta_E, double max) {
  // matplotlib "viridis" at 0, 0.25, 0.5, 0.75, 1 (sRGB-encoded #440154 #3b528b #21918c #5ec962
  // #fde725).
  static constexpr std::array<std::array<float, 3>, 5> kStops{{{0x44 / 255.f, 0x01 / 255.f, 0x54 / 255.f},
                                                               {0x3b / 255.f, 0x52 / 255.f, 0x8b / 255.f},
                                                               {0x21 / 255.f, 0x91 / 255.f, 0x8c / 255.f},
                                                               {0x5e / 255.f, 0xc9 / 255.f, 0x62 / 255.f},
                                                               {0xfd / 255.f, 0xe7 / 255.f, 0x25 / 255.f}}};
  double t = (max > 0.0 && std::isfinite(delta_E)) ? delta_E / max : 1.0;
  t = std::clamp(t, 0.0, 1.0) * (kStops.size() - 1);
  const std::size_t i = std::min<std::size_t>(kStops.size() - 2, static_cast<std::size_t>(t));
  const float f = static_cast<float>(t - i);
  std::array<float, 3> c;
  for (int k = 0; k < 3; ++k) c[k] = kStops[i][k] + f * (kStops[i + 1][k] - kStops[i][k]);
  return c;
}

void display_to_srgb_preview(const aces::OutputTransform& ot, std::span<float> rgb) {
  const auto& p = ot.params();
  if (!shown_as_is(ot)) {
    ot.decode_display(rgb);
    // Display XYZ is taken as is (no adaptation): a DCI- or ACES-white display looks tinted on an
    // sRGB screen, as it would next to a D65 one.
    const aces::Mat3 m = aces::XYZ_to_rgb_matrix(aces::primaries::kRec709) * ot.encoding_to_XYZ();
    const bool hdr = is_hdr(ot);
    const double white = p.peak_luminance * p.linear_scale / 100.0;  // display-linear 1.0 = 100 cd/m^2
    for (std::size_t i = 0; i + 2 < rgb.size(); i += 3) {
      aces::Vec3 v = m * aces::Vec3(rgb[i], rgb[i + 1], rgb[i + 2]);
      if (hdr) {
        // Extended Reinhard (Reinhard et al. 2002, eq. 4) on the largest channel, hue preserving.
        const double peak = v.maxCoeff();
        if (peak > 0.0) v *= (1.0 + peak / (white * white)) / (1.0 + peak);
      }
      for (int c = 0; c < 3; ++c) rgb[i + c] = static_cast<float>(std::clamp(v[c], 0.0, 1.0));
    }
    aces::find_transfer_function("srgb").to_code(rgb);
  }
  for (float& v : rgb) v = std::isfinite(v) ? std::clamp(v, 0.0f, 1.0f) : 0.0f;
}

std::vector<fs::path> report_file_names(const ReportSettings& rs) {
  std::vector<fs::path> names{kChartExrName, kLutPngName, kLmtPngName, kHeatPngName, kScalePngName};
  for (const auto& id : rs.preview_outputs) {
    const std::string stem = preview_stem(aces::find_output_preset(id).alias);
    names.emplace_back(stem + "_sdr.png");
    names.emplace_back(stem + "_code.png");
  }
  names.emplace_back(kHtmlName);
  return names;
}

ReportOutput write_report(const ReportInput& input, const ReportSettings& rs) {
  if (input.lut == nullptr || input.encoding == nullptr || !input.lmt) {
    throw Error(ErrorKind::usage, "report: the show LUT, its encoding and the LMT are all required");
  }
  if (rs.dir.empty()) throw Error(ErrorKind::usage, "report: no output folder given");
  if (!(rs.heat_map_max > 0.0)) throw Error(ErrorKind::usage, "report: the heat map scale must be positive");

  // Resolve every id and check every destination before the (slower) rendering and any writing.
  std::vector<PreviewData> previews;
  for (const auto& id : rs.preview_outputs) {
    const aces::OutputPreset& preset = aces::find_output_preset(id);
    PreviewData p;
    p.files.output_id = preset.alias;
    p.user_name = preset.user_name;
    p.transform_id = preset.transform_id;
    p.peak = preset.params.peak_luminance * preset.params.linear_scale;
    p.files.hdr = preset.params.eotf == aces::Eotf::pq || preset.params.eotf == aces::Eotf::hlg;
    const std::string stem = preview_stem(preset.alias);
    p.files.sdr_png = rs.dir / (stem + "_sdr.png");
    p.files.code_png = rs.dir / (stem + "_code.png");
    previews.push_back(std::move(p));
  }
  std::vector<fs::path> paths;
  for (const auto& name : report_file_names(rs)) paths.push_back(rs.dir / name);
  for (std::size_t i = 0; i < paths.size(); ++i) {
    for (std::size_t j = i + 1; j < paths.size(); ++j) {
      if (paths[i] == paths[j]) {
        throw Error(ErrorKind::usage, "report: two previews would write the same file", Location(paths[i].string()));
      }
    }
  }
  std::error_code ec;
  fs::create_directories(rs.dir, ec);
  if (ec) throw Error(ErrorKind::io, "cannot create the report folder: " + ec.message(), Location(rs.dir.string()));
  for (const auto& p : paths) check_writable(p, rs.overwrite);

  ReportInput in = input;
  if (in.title.empty()) in.title = "Look report: " + input.lut->path().filename().string();
  ChartSettings cs = rs.chart;
  cs.encoding = input.encoding->input_color_space();
  const TestChart chart = make_test_chart(cs);
  const ChartComparison cmp = compare_on_chart(chart, in, rs.threads);

  ReportOutput out;
  figures(chart, cmp, out);
  auto write = [&](const fs::path& name, const aces::Image& img, aces::SampleFormat f) {
    aces::write_image(rs.dir / name, img, rs.overwrite, f);
    out.files.push_back(rs.dir / name);
  };
  write(kChartExrName, chart.image, aces::SampleFormat::half);

  const aces::OutputTransform& ot = input.encoding->output_transform();
  aces::Image view = cmp.lut_display;
  display_to_srgb_preview(ot, view.rgb);
  write(kLutPngName, view, aces::SampleFormat::uint8);
  view = cmp.lmt_display;
  display_to_srgb_preview(ot, view.rgb);
  write(kLmtPngName, view, aces::SampleFormat::uint8);
  write(kHeatPngName, heat_map(cmp, chart.image.width, chart.image.height, rs.heat_map_max), aces::SampleFormat::uint8);
  write(kScalePngName, scale_image(rs.heat_map_max), aces::SampleFormat::uint8);

  for (auto& p : previews) {
    const auto engine = aces::output_transform(aces::find_output_preset(p.files.output_id));
    std::vector<float> code = cmp.lmt_aces.rgb;
    aces::for_chunks(code, rs.threads, [&](std::span<float> part, std::size_t) { engine->forward(part); });
    write(p.files.code_png.filename(), image_from(chart.image, code), aces::SampleFormat::uint16);
    display_to_srgb_preview(*engine, code);
    write(p.files.sdr_png.filename(), image_from(chart.image, std::move(code)), aces::SampleFormat::uint8);
    out.previews.push_back(p.files);
  }

  out.html = rs.dir / kHtmlName;
  write_file_atomically(out.html, page_html(in, rs, chart, out, previews), rs.overwrite);
  out.files.push_back(out.html);
  return out;
}

ReportOutput write_lmt_report(const ShowLut& lut, const LmtSettings& settings, const LmtResult& result,
                              const ReportSettings& report) {
  const LutEncoding encoding = lut_encoding(settings);
  ReportInput in;
  in.lut = &lut;
  in.encoding = &encoding;
  if (!result.clf_path.empty()) {
    in.lmt = clf_file_function(result.clf_path);
  } else {
    auto pipeline = std::make_shared<const aces::Pipeline>(result.pipeline);
    in.lmt = [pipeline](std::span<float> rgb) { aces::apply(*pipeline, rgb); };
  }
  if (result.verification) in.verification = &*result.verification;
  in.warnings = result.warnings;

  in.settings = {
      {"show LUT", lut.path().string()},
      {"LUT format", lut.format() + (lut.title().empty() ? "" : ", title \"" + lut.title() + "\"")},
      {"LUT input (--lut-in)", encoding.input_id() + " (" + encoding.input_name() + "), " +
                                   std::string(code_range_id(settings.lut_in_range)) + " range"},
      {"LUT output (--lut-out)", encoding.output().alias + " (" + encoding.output().transform_id + "), " +
                                     std::string(code_range_id(settings.lut_out_range)) + " range"},
      {"shaper", std::string(shaper_mode_id(settings.shaper))},
      {"layout", std::string(layout_id(result.layout)) +
                     (result.layout == Layout::split ? " (the LUT's own steps, then a table of the inverse output transform)"
                                                     : " (one table holding the whole sandwich)")},
      {"LMT cube size", std::to_string(result.cube_size) +
                            (result.layout == Layout::merged && result.lattice_nests ? " (the LUT's lattice nests)" : "")},
      {"bake time", fixed(result.bake_seconds, 2) + " s"},
  };
  if (!result.metadata.aces_transform_id.empty()) in.settings.emplace_back("ACEStransformID", result.metadata.aces_transform_id);
  if (!result.metadata.aces_user_name.empty()) in.settings.emplace_back("ACESuserName", result.metadata.aces_user_name);
  for (const auto& [k, v] : result.metadata.info) in.settings.emplace_back("CLF Info " + k, v);

  in.files.emplace_back("show LUT", lut.path());
  if (!result.clf_path.empty()) in.files.emplace_back("LMT (CLF)", result.clf_path);
  return write_report(in, report);
}

}  // namespace aceslab::lmt
