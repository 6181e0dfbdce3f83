// SPDX-License-Identifier: Apache-2.0
// The LMT maker: turns a show LUT made for camera log -> display (e.g. ARRI LogC3 -> Rec.709
// BT.1886) into an ACES Look Modification Transform (ACES2065-1 in and out) that reproduces the LUT
// when viewed through the ACES 2.0 Output Transform of that display, and so carries the look to
// every other display (the "hybrid look"):
//
//   LMT = [ACES2065-1 -> the LUT's input encoding] -> LUT -> [inverse Output Transform]
//
// Layout of the baked CLF, Layout::split (the default for SDR displays, see Layout below):
//   Matrix AP0 -> camera gamut, camera log encode (CLF Log, or a LUT1D where the curve has no CLF
//   form), [legal range], the LUT's own steps exactly as the file has them ([1D shaper], domain
//   clamp, its LUT3D at its own size and interpolation, [what follows]), [legal -> full range],
//   [an HLG display: its code values converted to its PQ twin's, display_container.h], [a display
//   limited inside its container, Rec.2100 PQ or DCDM limited to P3-D65: its code values
//   converted to those of its twin encoded in P3-D65, display_container.h], Range (display code values [0, peak] -> [0,1]), LUT1D (the display warp,
//   display_warp.h), LUT3D (tetrahedral, 65^3) holding nodes(inverse_OT(display)), [the neutral-axis
//   table: Matrix, LUT1D, LUT3D 65^3 correcting the table next to the neutral axis,
//   neutral_table.h], the node decode (node_encoding.h).
// The LUT is never resampled; the one table the maker computes depends only on the display.
// Layout::merged (black-box LUTs, ACES 1.x builtins on HDR displays, --shaper acescct):
//   the same input steps up to the LUT's domain clamp, [the LUT's own 1D shaper as a LUT1D + Range
//   to its 3D domain], LUT3D (tetrahedral) holding nodes(inverse_OT(LUT core)), [the neutral-axis
//   table], the node decode.
// There the shaper is the exact inverse of the LUT's own input encoding, so the LUT's 3D lattice
// nests in the LMT's (default size k(N-1)+1, k >= 2, at least 65: 65 for a 33^3 LUT) and the LMT's
// lattice points between the LUT's are the LUT's own tetrahedral interpolation. ShaperMode::acescct
// gives the classic layout (AP1 / ACEScct shaper) for consumers that want it; it looks colours
// outside AP1 up in the wrong place, which the verification measures.
//
// Usage (what `aceslab lmt` and a report/batch module do):
//   lmt::LmtSettings s;  s.lut_in = "logc3-ei800-awg3";  s.lut_out = "rec709-bt1886-100nit";
//   const lmt::ShowLut lut = lmt::read_show_lut("show.cube");
//   lmt::LmtResult r = lmt::make_lmt(lut, s, "look.clf", Overwrite::refuse);
//   // r.pipeline, r.verification->natural.delta_E_2000.mean, r.warnings ...
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "clf/writer.h"
#include "color/atomic_file.h"
#include "lmt/display_warp.h"
#include "lmt/lmt_cdl.h"
#include "lmt/lmt_fit.h"
#include "lmt/lut_diagnosis.h"
#include "lmt/lut_encoding.h"
#include "lmt/neutral_table.h"
#include "lmt/show_lut.h"
#include "lmt/verify.h"
#include "pipeline/pipeline.h"

namespace aceslab::lmt {

enum class ShaperMode { camera, acescct };
// How the LMT holds the LUT:
//   split   the LUT's own steps as they are (exact: its lattice, shaper and interpolation), then a
//           LUT3D of the inverse output transform over the display's code values, looked up through
//           a per-channel warp (display_warp.h): LMT = table(warp(LUT(camera(ACES)))). The table
//           depends only on the display; the LUT is never resampled.
//   merged  one LUT3D over the LUT's input (nesting its lattice) holding the whole sandwich
//           inverse_OT(LUT(.)) at its nodes.
//   automatic  split for a LUT with exact steps (not a black box; an ACES 1.x output builtin is
//           sampled into a table first, aces1_look.h) with the camera shaper, on every display
//           (HLG through its PQ twin, display_container.h); merged otherwise.
// Measured (natural dE2000 p99, fitted, batch of the test library, before the neutral-axis table):
// SDR classes at 65^3 split 0.10-0.15, merged 0.10-0.47 (IPP2-like 0.110 against 0.432); PQ at
// 97^3 split 0.15-0.22, merged 0.19-0.36; HLG at 97^3 split 0.31 (whole cube p99 1.38), merged 0.35.
// What bounded the split table: the inverse output transform is not differentiable at the neutral
// axis (tests/aces2/neutral_cone_test.cpp: a hue-dependent cone, and in the shadows an uncompressed
// core ~0.001-0.004 code wide whose chroma gain is 1.3-1.9x the gain outside it), so nearly
// neutral colours keep a first-order interpolation error whatever the node values; the top 1 % of
// the natural errors were nearly neutral. PQ 1000 nit class, fitted: 49^3 0.566, 65^3 0.394, 81^3
// 0.286, 97^3 0.216, 129^3 0.172 (order ~1, not 2). The neutral-axis table (neutral_table.h), a
// second LUT3D after the table whose lattice is dense across the axis, removes most of it: with it
// (the default) SDR classes 0.056-0.092 at 65^3, PQ 0.124-0.131 at 65^3 (the PQ default went from
// 97^3 to 65^3), HLG merged 97^3 0.128. HLG's whole cube in the split layout: near its white (code
// 1.0) the inverse swings by tens of percent in ACES within one cell (R 142-279 around
// (0.998, 1.0, 0.995)), for any node space and size (point samples 65^3-129^3: p99 1.32-1.34).
// HLG now gets the split layout through its PQ twin (display_container.h, hlg_pq_twin): the LUT's
// HLG code values converted to the twin's PQ code values (the OOTF bent HLG's gamut boundary
// through the table's cells: natural p99 at 65^3 0.295 -> 0.130) and clamped at the largest code
// the display shows (hlg_max_code, 1.074; the split table clamped at 1.058, the probe of ACES
// primaries, and 8% of the HLG class's LUT outputs lie above it: that was its whole-cube p99,
// 1.40 -> 0.086). Merged 97^3 had 0.128 natural in a 67 MB CLF (split 65^3: 0.132, 26 MB).
enum class Layout { automatic, split, merged };
std::string_view layout_id(Layout l);        // "auto", "split", "merged"
Layout parse_layout(std::string_view id);    // throws aceslab::Error (usage)
std::string_view shaper_mode_id(ShaperMode m);     // "camera", "acescct"
ShaperMode parse_shaper_mode(std::string_view id);  // throws aceslab::Error (usage)

// Largest LMT cube the maker bakes by default (129^3 is ~77 MB of CLF text, 65^3 ~10 MB).
constexpr int kMaxAutoCubeSize = 129;
constexpr int kDefaultCubeSize = 65;
// HDR displays (PQ, HLG) are measured on display light with a 100 cd/m^2 CIELAB white, so their
// highlights weigh more: in the merged layout (--layout merged) they get a denser default lattice.
constexpr int kDefaultCubeSizeHdr = 97;
// Unclamped LUTs (lut_diagnosis.h, kUnclampedShare): most lattice cells around their reachable
// colours have unreachable corners; a 129^3 least-squares fit meets the targets where 65^3 cannot
// (unclamped LogC4 class: natural dE2000 0.063 / 0.414 against 0.204 / 1.128 at 65^3).
constexpr int kDefaultCubeSizeUnclamped = 129;
// Layout::split: the table of the inverse output transform, whatever the LUT and display (PQ too:
// with the neutral-axis table its 65^3 meets what 97^3 without it missed).
constexpr int kDefaultCubeSizeSplit = 65;

struct LmtSettings {
  std::string lut_in;   // colour space id of the LUT's input (color/color_space.h)
  // Or: a CLF from the LUT's input code values to ACES2065-1 (lut_encoding.h); wins over lut_in.
  std::filesystem::path lut_in_clf;
  std::string lut_out;  // ACES 2.0 output transform of the LUT's display: URN or alias
  CodeRange lut_in_range = CodeRange::full;
  CodeRange lut_out_range = CodeRange::full;
  // The LUT's display encoding when it is not the output transform's (lut_encoding.h), e.g.
  // "p3dci-gamma2.6"; empty = the output transform's own.
  std::string lut_out_encoding;
  // Set when the "LUT" is an ACES 1.x output transform (aces1_look.h): its alias. The AMF then has
  // no input transform (the look applies to any ACES footage).
  std::string aces1_output;
  ShaperMode shaper = ShaperMode::camera;
  Layout layout = Layout::automatic;  // split needs a LUT with exact steps and the camera shaper
  int cube_size = 0;  // LMT LUT3D entries per axis; 0 = automatic (see default_cube_size)
  FitMode fit = FitMode::automatic;  // node values: least-squares fit (lmt_fit.h) or point samples
  NodeSpace node_space = NodeSpace::display;  // what the LUT3D stores (node_encoding.h)
  std::string look_namespace = "aceslab";  // ACEStransformID namespace
  std::string look_name;                   // ACEStransformID name; empty = from the LUT file name
  std::string user_name;                   // ACESuserName; empty = derived
  unsigned threads = 0;                    // 0 = all cores
  // Split layout: a second LUT3D dense around the neutral axis after the table (neutral_table.h).
  bool neutral_table = true;
  bool verify = true;
  VerifyOptions verify_options;
  aces::ClfFlavor clf_flavor = aces::ClfFlavor::academy_v3;  // CLF v3 or SMPTE ST 2136-1 (clf/writer.h)
  // Also fit and write the ASC CDL closest to the LMT (lmt_cdl.h): .cdl, .ccc or .cc; empty = none.
  std::filesystem::path cdl_path;
  CdlAmfMode cdl_amf = CdlAmfMode::alternative;  // where write_lmt_amf puts it
};

struct LmtResult {
  aces::Pipeline pipeline;    // the LMT (CLF-exportable steps only)
  aces::ClfMetadata metadata; // ACEStransformID, ACESuserName, settings and figures for Info
  Layout layout = Layout::split;  // the layout used (split or merged)
  int cube_size = 0;
  bool lattice_nests = false;  // merged: the LUT's 3D lattice points are LMT lattice points
  bool unclamped = false;      // the LUT's outputs leave the display range (lut_diagnosis.h)
  std::optional<LatticeFitReport> fit;  // when the node values were fitted
  std::optional<NeutralTable> neutral_table;  // its figures (steps left empty), when there is one
  std::string fit_note;                 // why they were not ("fit skipped above 97^3 ...")
  // With a fit: the same LMT with point-sampled node values, for the comparison.
  std::optional<aces::Pipeline> point_pipeline;
  std::optional<Verification> verification;
  std::optional<Verification> point_verification;  // of point_pipeline (evaluated by OpenColorIO)
  // Automatic fit only: set when the fitted LMT verified worse than point sampling on a figure
  // (judge_fit); the written LMT then holds the point samples and these are the
  // rejected fit's figures (fit keeps its report, fit_note says why).
  std::optional<Verification> rejected_fit_verification;
  bool fitted() const { return fit.has_value() && !rejected_fit_verification; }
  // The neutral-axis table (neutral_table.h): the same LMT without it (bake), verified (make_lmt
  // keeps the table only when the LMT verifies no worse with it, judge_fit; otherwise the file holds
  // the LMT without it, neutral_table is reset, neutral_note says why and
  // rejected_neutral_verification holds the figures with it). point_pipeline never has one.
  std::optional<aces::Pipeline> without_neutral;
  std::optional<Verification> without_neutral_verification;
  std::optional<Verification> rejected_neutral_verification;
  std::string neutral_note;
  std::vector<LutFinding> lut_checks;  // what the LUT looks like against the settings (lut_diagnosis.h)
  std::optional<LmtCdl> cdl;           // when settings.cdl_path was given (written there)
  std::vector<std::string> warnings;
  double bake_seconds = 0.0;
  std::filesystem::path clf_path;  // where it was written (make_lmt)
};

// The fit's promise: no verification figure (natural and whole-cube CIEDE2000 mean and p99) worse
// than point sampling's; a fitted figure above points * (1 + kFitNoWorseRelative) +
// kFitNoWorseAbsolute breaks it. The automatic mode then keeps the fit only when the break is on the
// whole cube and the fit gains more on natural colours (its purpose) than it loses there, relative
// to point sampling; otherwise it writes the point samples. Measured: LUTs with a 1D shaper (IPP2-like
// class, merged) natural p99 0.597 -> 0.423, whole-cube p99 0.196 -> 0.211: kept, and said; OpenColorIO's 3^3
// test LUT lut1d_lut3d_lut1d.clf natural p99 0.068 -> 0.062, whole-cube p99 0.080 -> 0.135: rejected.
constexpr double kFitNoWorseRelative = 0.05;
constexpr double kFitNoWorseAbsolute = 0.002;
struct FitVerdict {
  bool keep = true;
  std::string worse;  // the figures beyond the tolerance ("whole cube dE2000 p99 0.080 -> 0.136"), "" if none
  std::string gain;   // the fit's best natural-colour gain ("natural dE2000 p99 0.597 -> 0.423"), "" if none
};
FitVerdict judge_fit(const Verification& fitted, const Verification& points);

// What the settings say the LUT's numbers mean (lut_in, lut_out, ranges, output encoding).
LutEncoding lut_encoding(const LmtSettings& settings);

// For a LUT whose 3D core has N entries per axis: the smallest k(N-1)+1 with k >= 2 that is at
// least kDefaultCubeSize (65 for N = 33, 65 for N = 17, 129 for N = 65; kDefaultCubeSizeHdr for
// HDR displays: 97 for N = 33 and N = 17; kDefaultCubeSizeUnclamped for unclamped LUTs), so the
// LUT's lattice nests; N itself when that exceeds kMaxAutoCubeSize; the minimum itself when N is
// unknown.
int default_cube_size(const ShowLut& lut, ShaperMode mode, bool hdr = false, bool unclamped = false);

// "urn:ampas:aces:transformId:v2.0:Look.<namespace>.<name>.a2.v1" with both parts sanitised to
// letters, digits and '_' (throws aceslab::Error (usage) if nothing is left of the namespace).
std::string look_transform_id(const std::string& look_namespace, const std::string& name);
std::string sanitise_id_part(const std::string& text);

// Builds the LMT pipeline (the expensive part: one inverse output transform per LMT lattice point)
// and its metadata, without writing or verifying.
LmtResult bake_lmt(const ShowLut& lut, const LmtSettings& settings);

// Bakes, writes the CLF (atomically), evaluates the written file through OpenColorIO to verify it
// (when settings.verify), and rewrites it with the figures in its Info; with settings.cdl_path,
// fits and writes the closest CDL. Throws aceslab::Error. `reference`, when given, is what the LMT
// is verified (and its CDL fitted) against instead of `lut`: the exact function a table `lut` was
// sampled from (an ACES 1.x output builtin, aces1_look.h).
LmtResult make_lmt(const ShowLut& lut, const LmtSettings& settings, const std::filesystem::path& clf_path,
                   Overwrite overwrite, const ShowLut* reference = nullptr);

// A pipeline (CLF steps only) evaluated by OpenColorIO 2.1 without a file, as an RgbFunction.
RgbFunction pipeline_function(const aces::Pipeline& pipeline);

// A CLF file evaluated by OpenColorIO 2.1 (tetrahedral 3D, no optimisation), as an RgbFunction.
RgbFunction clf_file_function(const std::filesystem::path& clf_path);

}  // namespace aceslab::lmt
