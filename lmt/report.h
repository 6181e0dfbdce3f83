// SPDX-License-Identifier: Apache-2.0
// The look report: a self-contained HTML page (no JavaScript, relative links only) with PNG images
// that show a colorist what an LMT does. A synthetic test chart (test_chart.h) goes through the
// original show LUT and through ACES + LMT + the forward output transform of the LUT's display;
// the page shows both side by side, a per-pixel CIEDE2000 heat map with its colour scale, the look
// rendered for other displays (HDR included), the verification figures, the settings and the file
// names.
//
// HDR previews are written twice: the display code values as a 16-bit PNG (the exact signal, e.g.
// PQ, not viewable as-is in a browser), and a tone-mapped 8-bit sRGB PNG for looking at on an SDR
// screen. Every file is written atomically; existing files are refused (before anything is written)
// unless the settings allow overwriting.
//
// Usage from `aceslab lmt --report DIR` after make_lmt:
//   lmt::ReportSettings rs;  rs.dir = "report";  rs.preview_outputs = {"rec2100-pq-1000nit-p3"};
//   lmt::ReportOutput out = lmt::write_lmt_report(lut, settings, result, rs);
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "aces2/output_transform.h"
#include "color/atomic_file.h"
#include "lmt/lmt_maker.h"
#include "lmt/lut_encoding.h"
#include "lmt/show_lut.h"
#include "lmt/test_chart.h"
#include "lmt/verify.h"

namespace aceslab::lmt {

// Output transform shown by default in the "other displays" section: P3-D65 limited, 1000 nit,
// Rec.2100 PQ encoding (the common HDR grading master).
constexpr const char* kDefaultPreviewOutput = "rec2100-pq-1000nit-p3";

// Top of the heat map's colour scale (CIEDE2000). 1 is about a just noticeable difference for
// side-by-side patches; 2 leaves room to tell "invisible" from "visible" at a glance. Larger errors
// saturate at the top colour; the page gives the exact figures.
constexpr double kDefaultHeatMapMax = 2.0;

struct ReportSettings {
  std::filesystem::path dir;                                           // created if missing
  std::vector<std::string> preview_outputs{kDefaultPreviewOutput};     // output transform ids/aliases
  ChartSettings chart;                                                 // encoding is set by the report
  double heat_map_max = kDefaultHeatMapMax;
  Overwrite overwrite = Overwrite::refuse;
  unsigned threads = 0;  // 0 = all cores
  // Extra files to list in the page (role, path), e.g. {"AMF", "look.amf"}.
  std::vector<std::pair<std::string, std::filesystem::path>> extra_files;
};

// Everything the page shows, in neutral form (write_lmt_report fills it from an LmtResult).
struct ReportInput {
  const ShowLut* lut = nullptr;           // the original show LUT (required)
  const LutEncoding* encoding = nullptr;  // what its input and output mean (required)
  RgbFunction lmt;                        // ACES2065-1 -> ACES2065-1, thread-safe (required)
  std::string title;                      // page title; empty = from the LUT file name
  const Verification* verification = nullptr;  // optional figures table
  std::vector<std::pair<std::string, std::string>> settings;  // shown as a table, in order
  std::vector<std::pair<std::string, std::filesystem::path>> files;  // (role, path) listed
  std::vector<std::string> warnings;
};

// Figures of the chart comparison (the heat map), overall and per chart row.
struct ChartRowFigures {
  std::string row;
  std::size_t pixels = 0;
  std::size_t unreachable = 0;
  ErrorStats delta_E_2000;
};

struct ReportOutput {
  std::filesystem::path html;               // DIR/index.html
  std::vector<std::filesystem::path> files; // everything written, html last
  std::size_t chart_pixels = 0;
  std::size_t chart_unreachable = 0;        // LUT outputs the output transform cannot produce
  ErrorStats chart_delta_E_2000;            // over reachable chart pixels
  std::vector<ChartRowFigures> rows;
  struct Preview {
    std::string output_id;  // alias
    std::filesystem::path sdr_png, code_png;
    bool hdr = false;       // PQ or HLG: the SDR PNG is tone mapped
  };
  std::vector<Preview> previews;
};

// Names of the files write_report creates in DIR (for the caller's file list / overwrite checks).
std::vector<std::filesystem::path> report_file_names(const ReportSettings& settings);

// Writes the report. Throws aceslab::Error: usage for an unknown preview output id or missing
// input, io when a file exists (and overwrite is refuse) or cannot be written; nothing is written
// when a destination already exists.
ReportOutput write_report(const ReportInput& input, const ReportSettings& settings);

// The same from the maker's settings and result: the LMT is evaluated from the written CLF through
// OpenColorIO (result.clf_path), or from result.pipeline when nothing was written.
ReportOutput write_lmt_report(const ShowLut& lut, const LmtSettings& settings, const LmtResult& result,
                              const ReportSettings& report);

// Heat map colour for a CIEDE2000 value on a scale 0..max (viridis control points, matplotlib
// colormap, CC0): dark blue-violet at 0, through blue and green, to yellow at max and above.
std::array<float, 3> heat_map_colour(double delta_E, double max);

// SDR (sRGB, 8-bit-ready) rendering of display code values of `transform` for a browser: decode
// the display, go to Rec.709 primaries through XYZ, and for PQ/HLG displays compress luminance
// with an extended Reinhard curve whose white is the display peak (1.0 = 100 cd/m^2 maps to ~0.5).
// Rec.709-primaries SDR displays (BT.1886 or sRGB) pass through unchanged: their code values are
// what a desktop monitor shows for that signal. In place; results in [0, 1].
void display_to_srgb_preview(const aces::OutputTransform& transform, std::span<float> rgb);

}  // namespace aceslab::lmt
