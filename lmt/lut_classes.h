// SPDX-License-Identifier: Apache-2.0
// The classes of real show LUTs the LMT maker is held to, generated rather than copied (camera
// makers' LUTs are not redistributable, and a generator varies what matters): for each class a
// table, the file format it is written in and the settings a colourist would give `aceslab lmt`.
//
//  - camera looks (sample_lut.h): an IPP2-like Log3G10 / REDWideGamutRGB -> Rec.709 BT.1886 look
//    with a strong or a gentle S-curve and a soft roll-off; unclamped outputs (above 1, below 0);
//    sRGB, P3-D65 and DCI-P3 gamma 2.6 (cinema), DCDM X'Y'Z' (P3-D65 limited), P3-D65 and Rec.2100
//    PQ 1000 nit and HLG displays;
//    a film-print emulation; a 1D shaper; legal-range in and out; a 1D-only LUT;
//  - ACES 1.x Output Transforms (RRT + ODT) baked from ACEScct by OpenColorIO 2.1's builtins
//    (`ACEScct_to_ACES2065-1`, `ACES-OUTPUT - ...`, `DISPLAY - ...`) at 65^3, clamped to [0,1] like a
//    display LUT: Rec.709, sRGB and P3-D65 ST 2084 1000 nit (and, in .cube only, Rec.2020 HLG 1000
//    nit, for ACES 2.0's P3-limited HLG: a broadcast HDR master);
//  - the same tables in every format OpenColorIO 2.1 reads (lut_formats.h).
// Tests, the benchmark and `aceslab lmt --make-test-library DIR` (which also writes a batch
// manifest, for trying `--batch` on a whole library) all use this list.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "color/atomic_file.h"
#include "lmt/cube_reader.h"
#include "lmt/lmt_maker.h"
#include "lmt/lut_formats.h"
#include "lmt/sample_lut.h"

namespace aceslab::lmt {

// look: sample_lut.h; look_1d: its 1D-only variant; aces1_output: OpenColorIO's ACES 1.x builtins;
// log_to_log: a camera-to-camera conversion (look.input -> log_output), not a display LUT at all.
enum class LutSource { look, look_1d, aces1_output, log_to_log };

struct LutClass {
  std::string id;           // file stem, e.g. "ipp2_high_log3g10_rec709"
  std::string family;       // what the targets are checked per: "camera", "display", "format", "aces1"...
  std::string description;  // one line for tables and READMEs
  LutSource source = LutSource::look;
  SampleLutOptions look;    // LutSource::look / look_1d (look.size = 1D entries for look_1d)
  std::string aces1_output; // LutSource::aces1_output: "rec709", "srgb", "p3d65-pq-1000nit", "rec2100-hlg-1000nit"
  std::string log_output;   // LutSource::log_to_log: the colour space id of the outputs
  int aces1_size = 65;
  LutFormat format = LutFormat::cube_resolve;
  // What `aceslab lmt` is told about it.
  std::string lut_in, lut_out;
  CodeRange lut_in_range = CodeRange::full, lut_out_range = CodeRange::full;
  std::string lut_out_encoding;  // empty = the output transform's own encoding

  std::string file_name() const;  // id + the format's extension
  LmtSettings settings() const;   // lut_in/out, ranges and encoding (cube size automatic)
};

// Every class (about 30), in a stable order.
const std::vector<LutClass>& show_lut_classes();
const LutClass& find_show_lut_class(const std::string& id);  // throws aceslab::Error (usage)

// The class's table (3D with an optional 1D shaper, or 1D only).
CubeFile make_class_table(const LutClass& c);

// Writes the class's LUT file into `dir` (created if missing); returns its path.
std::filesystem::path write_class_lut(const LutClass& c, const std::filesystem::path& dir, Overwrite overwrite);

// Writes every class into `dir` and a batch manifest `dir/library.json` converting them all
// (outputs in `dir/lmt/`, each with its closest CDL); returns the manifest's path.
std::filesystem::path write_test_library(const std::filesystem::path& dir, Overwrite overwrite);

}  // namespace aceslab::lmt
