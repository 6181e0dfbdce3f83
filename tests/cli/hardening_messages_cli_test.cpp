// SPDX-License-Identifier: Apache-2.0
// Issue 15 items 9, 10, 17 and 19 on the command line: outside text that is not UTF-8 or holds
// control characters (always valid XML and JSON out), NaN and Inf under one --nan policy for
// triplets and images, messages that name what is wrong without quoting megabytes, an error
// document for every --json failure, checks made before the work, and repeatable options that
// leave the positional argument alone.
#include <OpenImageIO/imageio.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "clf/reader.h"
#include "color/text.h"
#include "image/image_io.h"
#include "process_support.h"

namespace {
namespace fs = std::filesystem;
namespace aces = aceslab::aces;
using aceslab::test::ProcessOptions;
using aceslab::test::ProcessResult;
using aceslab::test::run_process;

const fs::path kSampleLut = fs::path(ACESLAB_DATA_DIR) / "samples" / "show_logc3_to_rec709.cube";

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("aceslab_hard_msg_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> lmt(const fs::path& lut, const fs::path& out, std::vector<std::string> more = {}) {
  std::vector<std::string> a{"lmt",         lut.string(), "--lut-in", "logc3-ei800-awg3", "--lut-out",
                             "rec709-bt1886-100nit", "-o", out.string(), "--cube-size", "9", "--no-verify", "-q"};
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

ProcessResult apply_triplets(const fs::path& dir, const std::string& triplets, std::vector<std::string> args) {
  write(dir / "in.txt", triplets);
  ProcessOptions o;
  o.stdin_file = (dir / "in.txt").string();
  args.insert(args.begin(), "apply");
  return run_process(args, o);
}

// A CLF OpenColorIO loads and whose bytes are valid UTF-8 with no character XML forbids.
void expect_valid_clf(const fs::path& clf) {
  const std::string text = read(clf);
  EXPECT_TRUE(aceslab::is_valid_utf8(text));
  EXPECT_EQ(aceslab::to_xml_text(text), text) << "a character XML 1.0 forbids";
  EXPECT_NO_THROW(aces::ClfTransform{clf});
}

// Item 9: invalid XML with exit 0 from a Latin-1 file name, TITLE or control characters.
TEST(HardeningMessages, OutsideTextAlwaysMakesValidXmlAndJson) {
  const fs::path dir = fresh_dir("utf8");
  const fs::path latin1 = dir / "caf\xE9.cube";
  fs::copy_file(kSampleLut, latin1);
  ProcessResult r = run_process(lmt(latin1, dir / "a.clf", {"--json"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NO_THROW({ const auto parsed = nlohmann::json::parse(r.out); (void)parsed; }) << "--json crashed on a non-UTF-8 name";
  expect_valid_clf(dir / "a.clf");
  EXPECT_TRUE(contains(read(dir / "a.clf"), "caf\xC3\xA9")) << "the Latin-1 name is kept, as UTF-8";

  std::string cube = read(kSampleLut);
  cube.replace(0, cube.find('\n'), "TITLE \"Nuit \xE9t\xE9 \x01 \x1b[31m\"");
  write(dir / "title.cube", cube);
  r = run_process(lmt(dir / "title.cube", dir / "b.clf", {"--user-name", std::string("Look\x01\x02 \xFF")}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_valid_clf(dir / "b.clf");

  // A batch report whose error message quotes text cut inside a UTF-8 character.
  std::string bad = "LUT_3D_SIZE 2\n0 0 0 " + std::string(52, 'x');
  for (int i = 0; i < 10; ++i) bad += "\xC3\xA9";
  write(dir / "bad.cube", bad + "\n");
  write(dir / "batch.json", R"({"defaults": {"lut_in": "logc3-ei800-awg3", "lut_out": "rec709-bt1886-100nit"},
                                "luts": [{"file": "bad.cube"}]})");
  r = run_process({"lmt", "--batch", (dir / "batch.json").string(), "--json", "-q"});
  EXPECT_EQ(r.exit_code, 1);
  nlohmann::json doc;
  ASSERT_NO_THROW(doc = nlohmann::json::parse(r.out)) << r.out;
  EXPECT_EQ(doc["failed"], 1);
  EXPECT_TRUE(contains(doc["luts"][0]["error"].get<std::string>(), "bad.cube:2: expected 3 numbers"));
  fs::remove_all(dir);
}

// Item 10: NaN/Inf became plausible numbers. One policy for triplets and images: --nan.
TEST(HardeningMessages, NanPolicyForTriplets) {
  const fs::path dir = fresh_dir("nan_triplets");
  const std::vector<std::string> ot{"--output-transform", "rec709-bt1886-100nit"};
  ProcessResult r = apply_triplets(dir, "0.18 0.18 0.18\nnan 0.18 0.18\n", {ot[0], ot[1], "-q"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "<stdin>:2: input value \"nan\" is not finite (NaN or Inf): refused")) << r.err;
  r = apply_triplets(dir, "-1e400 0 0\n", ot);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "<stdin>:1: value \"-1e400\" is outside the range of a 32-bit float")) << r.err;
  r = apply_triplets(dir, "nan 0.18 0.18\ninf 1 1\n0.18 0.18 0.18\n", {ot[0], ot[1], "--nan", "keep"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "nan nan nan\nnan nan nan\n")) << r.out;
  EXPECT_TRUE(contains(r.err, "2 input triplet(s) held NaN or Inf (written as NaN, --nan keep)")) << r.err;
  r = apply_triplets(dir, "nan 0.18 0.18\n", {ot[0], ot[1], "--nan", "zero"});
  EXPECT_EQ(r.exit_code, 0);
  const ProcessResult zero = apply_triplets(dir, "0 0.18 0.18\n", ot);
  EXPECT_EQ(r.out, zero.out) << "zero processes NaN as 0";
  fs::remove_all(dir);
}

TEST(HardeningMessages, NanPolicyForImages) {
  const fs::path dir = fresh_dir("nan_images");
  const fs::path plate = dir / "plate.exr";
  {
    std::vector<float> pixels(4 * 3 * 3, 0.18f);
    pixels[3 * (1 * 4 + 2)] = std::numeric_limits<float>::quiet_NaN();  // x 2, y 1
    auto out = OIIO::ImageOutput::create(plate.string());
    ASSERT_TRUE(out && out->open(plate.string(), OIIO::ImageSpec(4, 3, 3, OIIO::TypeDesc::FLOAT)));
    ASSERT_TRUE(out->write_image(OIIO::TypeDesc::FLOAT, pixels.data()) && out->close());
  }
  const std::vector<std::string> base{"apply", plate.string(), "--output-transform", "rec709-bt1886-100nit", "-q"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> a = base;
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  ProcessResult r = run_process(with({"-o", (dir / "refused.exr").string()}));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "1 pixel(s) of the image hold NaN or Inf (the first at x 2, y 1); nothing written")) << r.err;
  EXPECT_FALSE(fs::exists(dir / "refused.exr"));
  r = run_process(with({"-o", (dir / "kept.exr").string(), "--nan", "keep"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  aces::Image kept = aces::read_image(dir / "kept.exr");
  EXPECT_TRUE(std::isnan(kept.pixel(2, 1)[0]) && std::isnan(kept.pixel(2, 1)[2]));
  EXPECT_TRUE(std::isfinite(kept.pixel(1, 1)[0]));
  r = run_process(with({"-o", (dir / "zero.exr").string(), "--nan", "zero"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  aces::Image zero = aces::read_image(dir / "zero.exr");
  for (float v : zero.rgb) EXPECT_TRUE(std::isfinite(v));
  fs::remove_all(dir);
}

// Item 17: --json printed nothing on failure; now every command prints an error document.
TEST(HardeningMessages, JsonFailuresAreDocuments) {
  const fs::path dir = fresh_dir("json");
  const struct {
    std::vector<std::string> args;
    int exit_code;
    const char* kind;
    const char* command;
  } cases[] = {
      {lmt(dir / "missing.cube", dir / "x.clf", {"--json"}), 1, "io", "lmt"},
      {{"idt", (dir / "missing.json").string(), "-o", (dir / "x.clf").string(), "--json"}, 1, "io", "idt"},
      {{"amf", "inspect", (dir / "missing.amf").string(), "--json"}, 1, "io", "amf inspect"},
      {{"amf", "verify", (dir / "missing.amf").string(), "--json"}, 1, "io", "amf verify"},
      {{"list", "colorspaces", "--json", "--no-such-flag"}, 2, "usage", "list colorspaces"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.command);
    const ProcessResult r = run_process(c.args);
    EXPECT_EQ(r.exit_code, c.exit_code) << r.err;
    nlohmann::json doc;
    ASSERT_NO_THROW(doc = nlohmann::json::parse(r.out)) << r.out;
    EXPECT_EQ(doc["schema"], "aceslab/1");
    EXPECT_EQ(doc["ok"], false);
    EXPECT_EQ(doc["exit_code"], c.exit_code);
    EXPECT_EQ(doc["error"]["kind"], c.kind);
    EXPECT_FALSE(doc["error"]["message"].get<std::string>().empty());
  }
  fs::remove_all(dir);
}

// Item 17: misleading messages, and checks that came only after the work.
TEST(HardeningMessages, MessagesSayWhatIsWrongBeforeTheWork) {
  const fs::path dir = fresh_dir("messages");
  fs::create_directories(dir / "dir.cube");
  ProcessResult r = run_process(lmt(dir / "dir.cube", dir / "x.clf"));
  EXPECT_TRUE(contains(r.err, "dir.cube: the LUT file is a directory, not a regular file")) << r.err;
  // A finding is printed with its own severity once, not as "warning: ...: error: ...".
  r = run_process({"amf", "inspect", (fs::path(ACESLAB_TEST_DATA_DIR) / "amf" / "vendor_elements.amf").string()});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(contains(r.err, ": warning: AMF-W001 unknown-element")) << r.err;
  EXPECT_FALSE(contains(r.err, "warning: ") && contains(r.err, "aceslab: warning:")) << r.err;
  // A 244-character output name works; an unknown image extension fails before any work.
  const fs::path long_name = dir / (std::string(240, 'n') + ".clf");
  r = run_process(lmt(kSampleLut, long_name));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(long_name));
  aces::Image plate;
  plate.width = 2;
  plate.height = 2;
  plate.rgb.assign(12, 0.18f);
  aces::write_image(dir / "plate.exr", plate, aceslab::Overwrite::allow);
  r = run_process({"apply", (dir / "plate.exr").string(), "-o", (dir / "out.xyz").string(), "--output-transform",
                   "rec709-bt1886-100nit"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "no image writer for the extension \".xyz\"")) << r.err;
  fs::remove_all(dir);
}

// Item 19: `apply --clf look.clf plate.dpx -o out.exr` took plate.dpx as a second CLF.
TEST(HardeningMessages, RepeatableOptionsLeaveThePositionalAlone) {
  const fs::path dir = fresh_dir("repeat");
  write(dir / "look.clf", "<?xml version=\"1.0\"?>\n<ProcessList id=\"a\" compCLFversion=\"3.0\"><Matrix inBitDepth=\"32f\" "
                          "outBitDepth=\"32f\"><Array dim=\"3 3\">2 0 0 0 2 0 0 0 2</Array></Matrix></ProcessList>\n");
  aces::Image plate;
  plate.width = 2;
  plate.height = 1;
  plate.rgb.assign(6, 0.25f);
  aces::write_image(dir / "plate.exr", plate, aceslab::Overwrite::allow);
  ProcessResult r = run_process({"apply", "--clf", (dir / "look.clf").string(), (dir / "plate.exr").string(), "-o",
                                 (dir / "out.exr").string(), "--clf", (dir / "look.clf").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NEAR(aces::read_image(dir / "out.exr").rgb[0], 1.0f, 1e-3f) << "both CLFs ran, on the plate";
  r = run_process({"amf", "create", "-o", (dir / "shot.amf").string(), "--look", (dir / "look.clf").string(),
                   "--author", "A <a@example.com>", "--look", "cdl:1.1,1,1,0,0,0,1,1,1,1", "--author",
                   "B <b@example.com>", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_process({"amf", "inspect", (dir / "shot.amf").string(), "--json"});
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["stages"].size(), 2u);
  EXPECT_EQ(doc["authors"].size(), 2u);
  fs::remove_all(dir);
}

// Issue 15 must-show 4: ST 2136-1 CLF is an option of the commands that write CLF, read back.
TEST(HardeningMessages, ClfFormatOptionWritesSt2136) {
  const fs::path dir = fresh_dir("st2136");
  ProcessResult r = run_process(lmt(kSampleLut, dir / "look.clf", {"--clf-format", "smpte-st2136-1"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = read(dir / "look.clf");
  EXPECT_TRUE(contains(text, "xmlns=\"http://www.smpte-ra.org/ns/2136-1/2024\"")) << text.substr(0, 300);
  EXPECT_TRUE(contains(text, "<Id>urn:uuid:"));
  EXPECT_TRUE(aces::read_clf_info(dir / "look.clf").smpte);
  r = run_process({"idt", "--from-spec", "vlog-vgamut", "-o", (dir / "idt.clf").string(), "--clf-format",
                   "smpte-st2136-1", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(aces::read_clf_info(dir / "idt.clf").smpte);
  write(dir / "in.txt", "0.5 0.5 0.5\n");
  ProcessOptions in;
  in.stdin_file = (dir / "in.txt").string();
  r = run_process({"apply", "--clf", (dir / "look.clf").string()}, in);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = run_process(lmt(kSampleLut, dir / "x.clf", {"--clf-format", "st2136"}));
  EXPECT_EQ(r.exit_code, 2);
  fs::remove_all(dir);
}

}  // namespace
