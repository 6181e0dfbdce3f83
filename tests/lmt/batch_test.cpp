// SPDX-License-Identifier: Apache-2.0
// Batch conversion: every bad manifest in tests/data/lmt/batch/ is refused with the file, the JSON
// pointer (and line for syntax errors) and its own message; settings merge defaults < folder <
// entry; a batch with one bad LUT reports it and still converts the others, in parallel, with
// progress, a table and JSON.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "amf/amf.h"
#include "color/error.h"
#include "lmt/batch.h"
#include "lmt/lut_encoding.h"
#include "lmt/sample_lut.h"

namespace fs = std::filesystem;
using namespace aceslab;
using namespace aceslab::lmt;

namespace {

const fs::path kBad = fs::path(ACESLAB_TEST_DATA_DIR) / "lmt" / "batch";
constexpr const char* kLutIn = "logc3-ei800-awg3";
constexpr const char* kLutOut = "rec709-bt1886-100nit";
constexpr int kLutSize = 9;  // small LUTs keep the test fast

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("aceslab_batch_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

// A kLutSize^3 Resolve .cube: LogC3 code -> ACES -> `gain` (exposure) -> Rec.709 output transform.
void write_cube(const fs::path& p, float gain) {
  const LutEncoding enc(kLutIn, CodeRange::full, kLutOut, CodeRange::full);
  std::vector<float> v;
  for (int b = 0; b < kLutSize; ++b) {
    for (int g = 0; g < kLutSize; ++g) {
      for (int r = 0; r < kLutSize; ++r) {
        for (int c : {r, g, b}) v.push_back(static_cast<float>(c) / (kLutSize - 1));
      }
    }
  }
  enc.input_to_aces(v);
  for (float& x : v) x *= gain;
  enc.output_transform().forward(v);
  std::ostringstream text;
  text << "TITLE \"batch test\"\nLUT_3D_SIZE " << kLutSize << "\n";
  text.precision(7);
  for (std::size_t i = 0; i < v.size(); i += 3) text << v[i] << ' ' << v[i + 1] << ' ' << v[i + 2] << "\n";
  write_text(p, text.str());
}

std::string fixed2(double v) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(2) << v;
  return o.str();
}

struct BadManifest {
  const char* file;
  const char* pointer;  // expected Location::element
  int line;             // expected Location::line (0 = not applicable)
  const char* message;  // expected in the message
};

}  // namespace

TEST(BatchManifest, EachBadManifestIsRefusedWithItsPointer) {
  const std::vector<BadManifest> cases{
      {"bad_syntax.json", "", 3, "not valid JSON"},
      {"wrong_type.json", "/luts/0/lut_in", 0, "expected a string, got number"},
      {"unknown_key.json", "/defaults/lut_inn", 0, "unknown key \"lut_inn\""},
      {"unknown_colour_space.json", "/luts/1/lut_in", 0, "logc9"},
      {"unknown_output_transform.json", "/defaults/lut_out", 0, "rec709-bt1886-42nit"},
      {"missing_lut_in.json", "/luts/0", 0, "lut_in is missing for a.cube"},
      {"missing_file.json", "/luts/0", 0, "\"file\" is missing"},
      {"bad_cube_size.json", "/defaults/cube_size", 0, "cube size 1 is out of range"},
      {"bad_range.json", "/luts/0/lut_in_range", 0, "video"},
      {"bad_layout.json", "/luts/0/layout", 0, "unknown layout \"sideways\""},
      {"bad_cdl.json", "/luts/0/cdl", 0, "a CDL file ends in .cdl, .ccc or .cc"},
      {"duplicate_output.json", "/luts/1", 0, "already written by /luts/0 (a.cube)"},
      {"missing_folder.json", "/folders/0/path", 0, "no such folder"},
      {"no_luts.json", "", 0, "lists no LUT"},
      {"bad_schema.json", "/schema", 0, "unsupported schema \"aceslab-lmt-batch/9\""},
      {"not_an_object.json", "", 0, "expected an object, got array"},
      {"luts_not_array.json", "/luts", 0, "expected an array, got object"},
  };
  std::set<std::string> seen;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    try {
      read_batch_manifest(kBad / c.file);
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::invalid_input) << e.what();
      EXPECT_EQ(e.location().path, (kBad / c.file).string());
      EXPECT_EQ(e.location().element, c.pointer) << e.what();
      EXPECT_EQ(e.location().line, c.line) << e.what();
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
      // The formatted message leads with the file, like a compiler's.
      EXPECT_EQ(std::string(e.what()).rfind((kBad / c.file).string(), 0), 0u) << e.what();
    }
    seen.insert(c.file);
  }
  // Completeness: every bad manifest in the folder has its case above.
  for (const auto& e : fs::directory_iterator(kBad)) {
    if (e.path().extension() == ".json") {
      EXPECT_TRUE(seen.count(e.path().filename().string())) << e.path();
    }
  }
  EXPECT_THROW(read_batch_manifest(kBad / "does_not_exist.json"), Error);
}

TEST(BatchManifest, OutputsSpelledDifferentlyStillCollide) {
  // A manifest named relative to the working directory, outputs in a folder that does not exist
  // yet: "out/look.clf" and "./out/../out/look.clf" are the same file.
  const std::string text = R"({
    "defaults": {"lut_in": "logc3-ei800-awg3", "lut_out": "rec709-bt1886-100nit"},
    "luts": [{"file": "a.cube", "output": "out/look.clf"}, {"file": "b.cube", "output": "./out/../out/look.clf"}]
  })";
  try {
    parse_batch_manifest(text, "library.json");
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.location().element, "/luts/1") << e.what();
    EXPECT_NE(std::string(e.what()).find("already written by /luts/0"), std::string::npos) << e.what();
  }
}

TEST(BatchManifest, SettingsMergeAndPathsResolve) {
  const fs::path d = fresh_dir("merge");
  write_text(d / "luts" / "b.cube", "");
  write_text(d / "luts" / "c.cube", "");
  write_text(d / "luts" / "notes.txt", "");
  write_text(d / "luts" / "deep" / "e.cube", "");
  write_text(d / "show" / "batch.json", R"({
    "schema": "aceslab-lmt-batch/1",
    "defaults": {"lut_in": "logc3-ei800-awg3", "lut_out": "rec709-bt1886-100nit", "cube_size": 33},
    "output_dir": "out",
    "luts": [{"file": "../luts/c.cube", "lut_out": "rec709-srgb-100nit", "output": "sub/c_look.clf",
              "amf": true, "shaper": "acescct", "layout": "merged"}],
    "folders": [{"path": "../luts", "pattern": "*.cube", "lut_in_range": "legal", "recursive": true},
                {"path": "../luts", "pattern": "*.dpx"},
                {"path": "../luts", "pattern": "c.*"}]
  })");
  const BatchManifest m = read_batch_manifest(d / "show" / "batch.json");
  ASSERT_EQ(m.jobs.size(), 3u);  // c (own entry), then b and deep/e from the folder; c only once
  const BatchJob& c = m.jobs[0];
  EXPECT_EQ(c.lut.filename(), "c.cube");
  EXPECT_EQ(c.pointer, "/luts/0");
  EXPECT_EQ(c.settings.lut_in, "logc3-ei800-awg3");
  EXPECT_EQ(c.settings.lut_out, "rec709-srgb-100nit");  // entry beats defaults
  EXPECT_EQ(c.settings.cube_size, 33);
  EXPECT_EQ(c.settings.shaper, ShaperMode::acescct);
  EXPECT_EQ(c.settings.layout, Layout::merged);
  EXPECT_EQ(c.settings.lut_in_range, CodeRange::full);  // the folder's setting is not the entry's
  EXPECT_EQ(c.output, d / "show" / "out" / "sub" / "c_look.clf");
  EXPECT_EQ(c.amf, d / "show" / "out" / "sub" / "c_look.amf");
  const BatchJob& b = m.jobs[1];
  EXPECT_EQ(b.lut.filename(), "b.cube");
  EXPECT_EQ(b.pointer, "/folders/0");
  EXPECT_EQ(b.settings.lut_out, "rec709-bt1886-100nit");
  EXPECT_EQ(b.settings.lut_in_range, CodeRange::legal);  // folder beats defaults
  EXPECT_EQ(b.output, d / "show" / "out" / "b_lmt.clf");
  EXPECT_TRUE(b.amf.empty());
  EXPECT_EQ(m.jobs[2].output, d / "show" / "out" / "deep" / "e_lmt.clf");  // sub-folders kept
  // The *.dpx folder matched nothing; c.* matched only a LUT listed already (not a miss).
  ASSERT_EQ(m.notes.size(), 1u);
  EXPECT_NE(m.notes[0].find("/folders/1"), std::string::npos) << m.notes[0];
  fs::remove_all(d);
}

TEST(Batch, OneFailureDoesNotStopTheOthers) {
  const fs::path d = fresh_dir("convert");
  write_text(d / "m.json", R"({"defaults": {"lut_in": "a", "lut_out": "b"}})");  // unused
  BatchManifest m;
  m.path = d / "m.json";
  for (int i = 0; i < 6; ++i) {
    BatchJob j;
    j.lut = d / ("lut" + std::to_string(i) + ".cube");
    j.output = d / "out" / ("lut" + std::to_string(i) + "_lmt.clf");
    j.pointer = "/luts/" + std::to_string(i);
    m.jobs.push_back(j);
  }
  std::atomic<int> calls{0};
  const ConvertOne convert = [&](const BatchJob& job, Overwrite) {
    ++calls;
    if (job.lut.filename() == "lut2.cube") throw Error(ErrorKind::invalid_input, "broken on purpose", Location(job.lut.string(), 7));
    if (job.lut.filename() == "lut4.cube") throw std::runtime_error("not an aceslab error");
    ConvertOutcome o;
    o.cube_size = 17;
    o.warnings = {"a warning"};
    return o;
  };
  std::vector<std::size_t> done;
  std::mutex mu;
  BatchOptions opt;
  opt.jobs = 3;
  opt.progress = [&](std::size_t n, std::size_t total, const std::string&) {
    const std::lock_guard<std::mutex> lock(mu);
    EXPECT_EQ(total, 6u);
    done.push_back(n);
  };
  const BatchReport r = run_batch(m, opt, convert);
  EXPECT_EQ(calls.load(), 6);
  EXPECT_EQ(r.workers, 3u);
  EXPECT_EQ(r.failed(), 2u);
  EXPECT_EQ(r.succeeded(), 4u);
  EXPECT_FALSE(r.items[2].ok);
  EXPECT_NE(r.items[2].error.find("lut2.cube:7: broken on purpose"), std::string::npos) << r.items[2].error;
  EXPECT_NE(r.items[4].error.find("not an aceslab error"), std::string::npos);
  EXPECT_TRUE(r.items[5].ok);
  EXPECT_EQ(done, (std::vector<std::size_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_TRUE(fs::is_directory(d / "out"));
  const std::string table = format_batch_table(r);
  EXPECT_NE(table.find("4 of 6 converted, 2 failed"), std::string::npos) << table;
  EXPECT_NE(table.find("FAILED " + (d / "lut2.cube").string()), std::string::npos) << table;
  const nlohmann::json j = to_json(r);
  EXPECT_EQ(j["failed"], 2);
  EXPECT_EQ(j["luts"][2]["status"], "failed");
  EXPECT_EQ(j["luts"][0]["status"], "ok");
  EXPECT_EQ(j["luts"][0]["warnings"][0], "a warning");
  fs::remove_all(d);
}

TEST(Batch, ConvertsALibraryWithTheMakerAndReportsTheBadLut) {
  const fs::path d = fresh_dir("maker");
  write_cube(d / "show_a.cube", 1.0f);
  write_cube(d / "luts" / "show_b.cube", 0.7f);
  // Truncated: declares 9^3 entries, holds two.
  write_text(d / "luts" / "broken.cube", "LUT_3D_SIZE 9\n0 0 0\n0.5 0.5 0.5\n");
  write_text(d / "batch.json", R"({
    "defaults": {"lut_in": "logc3-ei800-awg3", "lut_out": "rec709-bt1886-100nit", "cube_size": 17},
    "output_dir": "out",
    "luts": [{"file": "show_a.cube", "amf": true, "cdl": true}],
    "folders": [{"path": "luts", "pattern": "*.cube"}]
  })");
  const BatchManifest m = read_batch_manifest(d / "batch.json");
  ASSERT_EQ(m.jobs.size(), 3u);
  std::size_t progress_calls = 0;
  BatchOptions opt;
  opt.progress = [&](std::size_t, std::size_t, const std::string&) { ++progress_calls; };
  const BatchReport r = run_batch(m, opt);
  EXPECT_EQ(progress_calls, 3u);
  ASSERT_EQ(r.items.size(), 3u);
  EXPECT_EQ(r.failed(), 1u);
  // Folder matches are sorted: broken.cube before show_b.cube.
  const BatchItem& broken = r.items[1];
  EXPECT_EQ(broken.job.lut.filename(), "broken.cube");
  EXPECT_FALSE(broken.ok);
  EXPECT_NE(broken.error.find("broken.cube"), std::string::npos) << broken.error;
  for (int i : {0, 2}) {
    const BatchItem& ok = r.items[static_cast<std::size_t>(i)];
    EXPECT_TRUE(ok.ok) << ok.error;
    EXPECT_TRUE(fs::is_regular_file(ok.job.output)) << ok.job.output;
    ASSERT_TRUE(ok.outcome.verification.has_value());
    EXPECT_EQ(ok.outcome.cube_size, 17);  // the manifest's cube_size reached the maker
    EXPECT_GT(ok.outcome.verification->cube.samples, 20000u);
  }
  EXPECT_TRUE(fs::is_regular_file(d / "out" / "show_a_lmt.amf"));
  EXPECT_FALSE(fs::exists(d / "out" / "broken_lmt.clf"));
  // The CDL of the entry that asked for one: written, in the AMF, and in the table.
  EXPECT_TRUE(fs::is_regular_file(d / "out" / "show_a_lmt.cdl"));
  ASSERT_TRUE(r.items[0].outcome.cdl.has_value());
  EXPECT_FALSE(r.items[2].outcome.cdl.has_value());
  EXPECT_EQ(amf::read_amf(d / "out" / "show_a_lmt.amf").archived_pipelines.size(), 1u);
  const nlohmann::json j = to_json(r);
  EXPECT_EQ(j["luts"][1]["status"], "failed");
  EXPECT_TRUE(j["luts"][0]["verification"].is_object());
  EXPECT_TRUE(j["luts"][0]["cdl"].is_string());
  EXPECT_TRUE(j["luts"][0]["result"]["cdl"].is_object());
  const std::string table = format_batch_table(r);
  EXPECT_NE(table.find("CDL dE mean"), std::string::npos) << table;
  EXPECT_NE(table.find(fixed2(r.items[0].outcome.cdl->vs_lut.delta_E_2000.mean)), std::string::npos) << table;
  EXPECT_NE(table.find("show_b.cube"), std::string::npos) << table;
  EXPECT_NE(table.find("2 of 3 converted, 1 failed"), std::string::npos) << table;

  // A second run refuses to overwrite every existing output, LUT by LUT, without stopping.
  const BatchReport again = run_batch(m, opt);
  EXPECT_EQ(again.failed(), 3u);
  EXPECT_NE(again.items[0].error.find("show_a_lmt"), std::string::npos) << again.items[0].error;
  fs::remove_all(d);
}

TEST(Batch, RealisticLibraryInParallelMeetsTheTargets) {
  // Two 33^3 show LUTs in the style of the shipped sample (sample_lut.h), one per display, baked
  // at the default 65^3 side by side.
  const fs::path d = fresh_dir("library");
  SampleLutOptions bt1886;
  write_text(d / "luts" / "show_rec709.cube", write_cube(make_sample_lut(bt1886)));
  SampleLutOptions srgb;
  srgb.display_eotf = "srgb";
  srgb.title = "sample for sRGB";
  write_text(d / "luts" / "show_srgb.cube", write_cube(make_sample_lut(srgb)));
  write_text(d / "batch.json", R"({
    "defaults": {"lut_in": "logc3-ei800-awg3", "lut_out": "rec709-bt1886-100nit"},
    "output_dir": "looks",
    "luts": [{"file": "luts/show_srgb.cube", "lut_out": "rec709-srgb-100nit"}],
    "folders": [{"path": "luts"}]
  })");
  const BatchManifest m = read_batch_manifest(d / "batch.json");
  ASSERT_EQ(m.jobs.size(), 2u);
  const BatchReport r = run_batch(m);
  std::cout << format_batch_table(r);
  ASSERT_EQ(r.failed(), 0u) << format_batch_table(r);
  for (const auto& item : r.items) {
    EXPECT_EQ(item.outcome.cube_size, 65);
    ASSERT_TRUE(item.outcome.verification.has_value());
    EXPECT_TRUE(item.outcome.verification->meets_targets) << item.job.lut;
    // The fitted-vs-sampled gain is in the row: point sampling's natural p99, never better.
    ASSERT_TRUE(item.outcome.point_verification.has_value());
    EXPECT_LE(item.outcome.verification->natural.delta_E_2000.p99,
              item.outcome.point_verification->natural.delta_E_2000.p99);
  }
  EXPECT_NE(format_batch_table(r).find("p99 points"), std::string::npos);
  EXPECT_NE(format_batch_table(r).find("p99 no axis table"), std::string::npos);
  fs::remove_all(d);
}
