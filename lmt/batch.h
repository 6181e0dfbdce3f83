// SPDX-License-Identifier: Apache-2.0
// Batch conversion of a show-LUT library into LMTs, driven by a JSON manifest, for show prep:
//
//   {
//     "schema": "aceslab-lmt-batch/1",                       (optional)
//     "defaults": {"lut_in": "logc3-ei800-awg3", "lut_out": "rec709-bt1886-100nit", "fit": "auto",
//                  "cube_size": 65, "shaper": "camera", "lut_in_range": "full",
//                  "lut_out_range": "full", "lut_out_encoding": "p3dci-gamma2.6", "amf": false},
//     "output_dir": "out",
//     "luts": [{"file": "a.cube", "lut_out": "rec709-srgb-100nit", "output": "a_lmt.clf",
//               "amf": "a.amf", "cdl": "a.cdl", "cdl_amf": "alternative"}],
//     "folders": [{"path": "luts/", "pattern": "*.cube", "recursive": false, "lut_in": "..."}]
//   }
//
// "lut_in_clf" (a CLF from the LUT's code values to ACES2065-1) may replace "lut_in".
// Paths in the manifest are relative to the manifest's folder; "output" and "amf" are relative to
// "output_dir" (default: the manifest's folder). Every setting can be given in "defaults", in a
// folder entry (for the LUTs it matches) or in a LUT entry, the most specific winning. A folder's
// matches are sorted by name; a file also listed in "luts" is converted once, with its own entry.
// Default output: "<LUT stem>_lmt.clf"; "amf": true writes "<LUT stem>_lmt.amf" next to it, "cdl":
// true the closest ASC CDL as "<LUT stem>_lmt.cdl" (lmt_cdl.h; a file name may be given instead,
// .cdl, .ccc or .cc), placed in the AMF by "cdl_amf" (alternative, instead, none).
// Unknown keys are refused (they are typos), as are two LUTs writing the same file. Errors name
// the manifest, the line where known, and the JSON pointer of the offending value:
//   `batch.json: /luts/2/lut_in: unknown colour space "logc9"; valid ids: ...`
//
// run_batch converts the LUTs in parallel (each failure is recorded, the others go on), reports
// progress through a callback (the library never prints) and returns one row per LUT.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "color/atomic_file.h"
#include "lmt/lmt_maker.h"
#include "lmt/verify.h"

namespace aceslab::lmt {

// Value of the optional "schema" key this reader understands.
constexpr const char* kBatchSchema = "aceslab-lmt-batch/1";

struct BatchJob {
  std::filesystem::path lut;     // the show LUT
  std::filesystem::path output;  // the LMT CLF to write
  std::filesystem::path amf;     // the AMF to write; empty = none
  LmtSettings settings;          // lut_in, lut_out, ranges, shaper, cube size
  std::string pointer;           // JSON pointer of the manifest entry it came from ("/luts/0")
};

struct BatchManifest {
  std::filesystem::path path;        // the manifest file
  std::filesystem::path output_dir;  // resolved
  std::vector<BatchJob> jobs;        // in manifest order: "luts" first, then each folder's matches
  std::vector<std::string> notes;    // e.g. a folder that matched nothing ("batch.json: /folders/1: ...")
};

// Reads and checks a manifest (ids are resolved, so an unknown colour space or output transform is
// reported here, before any work). Throws aceslab::Error: io when unreadable, invalid_input for bad
// JSON or values, with the manifest path, line (JSON syntax errors) and JSON pointer.
// Outputs (LMTs and AMFs) must resolve inside the manifest's folder unless `allow_outside`, and may
// not be any LUT of the batch.
BatchManifest read_batch_manifest(const std::filesystem::path& path, bool allow_outside = false);
// The same from text; `path` names the manifest in messages and anchors relative paths.
BatchManifest parse_batch_manifest(std::string_view text, const std::filesystem::path& path,
                                   bool allow_outside = false);

// What converting one LUT produced.
struct ConvertOutcome {
  int cube_size = 0;
  std::optional<Verification> verification;
  std::optional<Verification> point_verification;  // --fit none's figures, when the nodes were fitted
  bool fit_rejected = false;  // the automatic fit verified worse and point samples were written
  // The written LMT without its neutral-axis table (neutral_table.h), when it has one.
  std::optional<Verification> without_neutral_verification;
  std::optional<LmtCdl> cdl;                       // when the job asked for a CDL
  std::vector<std::string> warnings;
  nlohmann::json detail;  // the maker's full JSON result (lmt_json.h), if any
};

// Converts one job; throws aceslab::Error on failure. `job.settings.threads` says how many
// threads the conversion may use. Must be callable from several threads at once.
using ConvertOne = std::function<ConvertOutcome(const BatchJob& job, Overwrite overwrite)>;

// The default ConvertOne: read_show_lut, make_lmt (bake, write, verify), write_lmt_amf if asked.
ConvertOutcome convert_with_lmt_maker(const BatchJob& job, Overwrite overwrite);

struct BatchItem {
  BatchJob job;
  bool ok = false;
  std::string error;  // the failure, formatted with its location, when !ok
  ConvertOutcome outcome;
  double seconds = 0.0;
};

struct BatchReport {
  std::filesystem::path manifest;
  std::vector<BatchItem> items;  // in manifest order
  std::vector<std::string> notes;
  double seconds = 0.0;
  unsigned workers = 0;  // LUTs converted at once
  std::size_t failed() const;
  std::size_t succeeded() const { return items.size() - failed(); }
};

struct BatchOptions {
  unsigned jobs = 0;  // LUTs converted at once; 0 = one per core
  unsigned threads = 0;  // cores to share between them; 0 = all
  Overwrite overwrite = Overwrite::refuse;
  // Called after each LUT (from the worker that finished it, serialised): done, total, "a.cube ok".
  std::function<void(std::size_t done, std::size_t total, const std::string& item)> progress;
};

// Converts every job; never throws for a failing LUT (it is recorded in its item). Creates the
// output folders. Throws aceslab::Error only when the output folder cannot be created.
BatchReport run_batch(const BatchManifest& manifest, const BatchOptions& options = {},
                      const ConvertOne& convert = convert_with_lmt_maker);

// The summary as JSON (without the "schema" key, which the CLI adds) and as a text table with one
// line per LUT (natural and cube CIEDE2000, the fitted-vs-point-sampled natural p99, the CDL's mean
// against the LUT, the warnings count), then the failures and every warning (the LUT checks of
// lut_diagnosis.h among them).
nlohmann::json to_json(const BatchReport& report);
std::string format_batch_table(const BatchReport& report);

}  // namespace aceslab::lmt
