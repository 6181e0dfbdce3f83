// SPDX-License-Identifier: Apache-2.0
// `aceslab apply` and `aceslab list` end to end: the stdin/stdout triplet interface, exit codes,
// error messages, and images through OpenImageIO.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "aces2/output_presets.h"
#include "aces2/output_transform.h"
#include "clf/aces1_output.h"
#include "clf/writer.h"
#include "color/color_space.h"
#include "image/exr_reader.h"
#include "image/image_io.h"
#include "pipeline/color_space_pipeline.h"
#include "pipeline/pipeline.h"
#include "cli_test_support.h"

namespace aceslab::test {
namespace {

constexpr const char* kRec709Urn =
    "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1";
constexpr const char* kRec709InvUrn =
    "urn:ampas:aces:transformId:v2.0:InvOutput.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1";

// The CLI must give exactly what the library gives (it prints 9 significant digits, which
// round-trips float32), so the tolerance is float32 printing precision.
constexpr double kPrintTolerance = 1e-7;

TEST(ApplyCli, OutputTransformOnStdinMatchesLibrary) {
  const auto r = run_aceslab(std::string("apply --output-transform ") + kRec709Urn, "0.18 0.18 0.18\n1,0.5,0.25\n\n# comment\n0 0 0\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto v = numbers(r.out);
  ASSERT_EQ(v.size(), 9u);
  std::vector<float> expected{0.18f, 0.18f, 0.18f, 1.0f, 0.5f, 0.25f, 0.0f, 0.0f, 0.0f};
  aces::output_transform(aces::find_output_preset(kRec709Urn))->forward(expected);
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_NEAR(v[i], expected[i], kPrintTolerance) << i;
  // One line per triplet, three numbers each.
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 3);
}

TEST(ApplyCli, InverseUrnAndFlagAgree) {
  const auto by_flag = run_aceslab(std::string("apply --output-transform ") + kRec709Urn + " --inverse", "0.5 0.4 0.3\n");
  const auto by_urn = run_aceslab(std::string("apply --output-transform ") + kRec709InvUrn, "0.5 0.4 0.3\n");
  ASSERT_EQ(by_flag.exit_code, 0) << by_flag.err;
  ASSERT_EQ(by_urn.exit_code, 0) << by_urn.err;
  EXPECT_EQ(by_flag.out, by_urn.out);
  // And forward of the result returns the display value.
  const auto back = run_aceslab(std::string("apply --output-transform ") + kRec709Urn, by_flag.out);
  const auto v = numbers(back.out);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_NEAR(v[0], 0.5, 1e-4);
  EXPECT_NEAR(v[1], 0.4, 1e-4);
  EXPECT_NEAR(v[2], 0.3, 1e-4);
}

TEST(ApplyCli, ColourSpaceConversionMatchesLibrary) {
  const auto r = run_aceslab("apply --from logc3-ei800-awg3 --to acescg", "0.391007 0.391007 0.391007\n0.2 0.5 0.7\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto v = numbers(r.out);
  ASSERT_EQ(v.size(), 6u);
  std::vector<float> expected{0.391007f, 0.391007f, 0.391007f, 0.2f, 0.5f, 0.7f};
  aces::apply(aces::conversion(aces::find_color_space("logc3-ei800-awg3"), aces::find_color_space("acescg")), expected);
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_NEAR(v[i], expected[i], 1e-6 * std::max(1.0, std::abs(v[i]))) << i;
  // LogC3 EI800 code 0.391007 is 18% grey (ARRI); neutral stays neutral in ACEScg.
  EXPECT_NEAR(v[0], 0.18, 1e-5);
}

TEST(ApplyCli, MalformedLineNamesItsNumber) {
  const auto r = run_aceslab("apply --from acescg --to aces2065-1", "1 1 1\n\n1 2\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("<stdin>:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("expected 3 numbers"), std::string::npos) << r.err;
  const auto word = run_aceslab("apply --from acescg --to aces2065-1", "1 x 1\n");
  EXPECT_EQ(word.exit_code, 1);
  EXPECT_NE(word.err.find("<stdin>:1: not a number: \"x\""), std::string::npos) << word.err;
}

TEST(ApplyCli, UnknownIdsListTheValidOnes) {
  const auto ot = run_aceslab("apply --output-transform no-such-display", "1 1 1\n");
  EXPECT_EQ(ot.exit_code, 2);
  EXPECT_NE(ot.err.find("no-such-display"), std::string::npos);
  EXPECT_NE(ot.err.find("rec709-bt1886-100nit"), std::string::npos) << ot.err;
  const auto cs = run_aceslab("apply --from no-such-space --to acescg", "1 1 1\n");
  EXPECT_EQ(cs.exit_code, 2);
  EXPECT_NE(cs.err.find("logc3-ei800-awg3"), std::string::npos) << cs.err;
}

TEST(ApplyCli, NonFiniteResultsAreAnnounced) {
  // The output transform maps NaN to a finite value (documented); a plain conversion cannot.
  const auto ot = run_aceslab("apply --output-transform rec709-bt1886-100nit", "nan 1 1\n");
  EXPECT_EQ(ot.exit_code, 0) << ot.err;
  for (double x : numbers(ot.out)) EXPECT_TRUE(std::isfinite(x));
  const auto cs = run_aceslab("apply --from acescg --to aces2065-1 -q", "1 1 1\nnan 1 1\n");
  EXPECT_EQ(cs.exit_code, 1);
  EXPECT_NE(cs.err.find("<stdin>:2: result is not finite"), std::string::npos) << cs.err;
}

TEST(ApplyCli, UsageErrorsExitTwo) {
  EXPECT_EQ(run_aceslab("apply --inverse", "").exit_code, 2);
  EXPECT_EQ(run_aceslab("apply --no-such-flag", "").exit_code, 2);
  EXPECT_EQ(run_aceslab("", "").exit_code, 2);
  EXPECT_EQ(run_aceslab("apply --help", "").exit_code, 0);
}

// An ACES 1.x AMF as Livegrade writes it: Sony's v1.5 IDT (the same conversion as slog3-sgamut3)
// and an ACES 1.x RRT + ODT. It renders as the show saw it (OpenColorIO's ACES 1.x builtins), says
// so on stderr and in --json; --output-transform swaps in an ACES 2.0 output; --no-output stops in
// ACES2065-1.
TEST(ApplyCli, Aces1AmfRendersAsAces1OrThroughAnAces2Output) {
  const std::string amf = std::string("'") + ACESLAB_SHARED_DIR +
                          "/reference/amf/pomfort-samples/S-Log3S-Gamut3-Rec.709100nitsdim.amf'";
  const std::string codes = "0.41 0.41 0.41\n0.6 0.45 0.3\n";
  const auto aces1 = run_aceslab("apply --amf " + amf, codes);
  ASSERT_EQ(aces1.exit_code, 0) << aces1.err;
  EXPECT_NE(aces1.err.find("aces1-rec709-bt1886-100nit"), std::string::npos) << aces1.err;
  EXPECT_NE(aces1.err.find("[ACES 1.x]"), std::string::npos) << aces1.err;
  std::vector<float> expected{0.41f, 0.41f, 0.41f, 0.6f, 0.45f, 0.3f};
  aces::apply(aces::to_aces(aces::find_color_space("slog3-sgamut3")), expected);
  aces::aces1_output_function(aces::find_aces1_output("aces1-rec709-bt1886-100nit"), aces::Direction::forward)(expected);
  auto v = numbers(aces1.out);
  ASSERT_EQ(v.size(), expected.size());
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_NEAR(v[i], expected[i], kPrintTolerance) << i;

  const auto json = run_aceslab("apply --json -q --amf " + amf, codes);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc.at("schema"), "aceslab/1");
  EXPECT_EQ(doc.at("output_aces_version"), "ACES 1.x");
  EXPECT_EQ(doc.at("triplets").size(), 2u);
  EXPECT_EQ(doc.at("steps").back().at("aces_version"), "ACES 1.x");

  const auto scene = run_aceslab("apply --no-output --amf " + amf, codes);
  ASSERT_EQ(scene.exit_code, 0) << scene.err;
  const auto direct = run_aceslab("apply --from slog3-sgamut3 --to aces2065-1", codes);
  ASSERT_EQ(direct.exit_code, 0) << direct.err;
  EXPECT_EQ(scene.out, direct.out);

  const auto shown = run_aceslab("apply --amf " + amf + " --output-transform rec709-bt1886-100nit", codes);
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.err.find("[ACES 2.0]"), std::string::npos) << shown.err;
  expected = {0.41f, 0.41f, 0.41f, 0.6f, 0.45f, 0.3f};
  aces::apply(aces::to_aces(aces::find_color_space("slog3-sgamut3")), expected);
  aces::output_transform(aces::find_output_preset("rec709-bt1886-100nit"))->forward(expected);
  v = numbers(shown.out);
  ASSERT_EQ(v.size(), expected.size());
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_NEAR(v[i], expected[i], kPrintTolerance) << i;
  EXPECT_EQ(run_aceslab("apply --no-output --output-transform rec709-bt1886-100nit --amf " + amf, codes).exit_code, 2);
}

// ACES 1.x outputs outside AMFs: forward and --inverse by alias or id.
TEST(ApplyCli, Aces1OutputByAliasAndInverse) {
  const auto fwd = run_aceslab("apply -q --output-transform aces1-p3d65-gamma2.6-48nit", "0.18 0.18 0.18\n");
  ASSERT_EQ(fwd.exit_code, 0) << fwd.err;
  const auto by_id = run_aceslab("apply -q --output-transform urn:ampas:aces:transformId:v1.5:ODT.Academy.P3D65_48nits.a1.1.0",
                                 "0.18 0.18 0.18\n");
  EXPECT_EQ(fwd.out, by_id.out);
  const auto back = run_aceslab("apply -q --inverse --output-transform aces1-p3d65-gamma2.6-48nit", fwd.out);
  ASSERT_EQ(back.exit_code, 0) << back.err;
  for (double x : numbers(back.out)) EXPECT_NEAR(x, 0.18, 1e-4);  // neutral round trip (see aces1_output_test)
}

// Vendor quirks: a CDL without a working space runs in ACEScct with a warning naming the assumption;
// --map-id maps a custom id; a malformed --map-id is a usage error.
TEST(ApplyCli, VendorQuirksAndMapId) {
  const std::string resolve = std::string("'") + ACESLAB_TEST_DATA_DIR + "/amf/resolve_cdl_without_working_space.amf'";
  const auto r = run_aceslab("apply --amf " + resolve, "0.18 0.18 0.18\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: look 1: the CDL names no cdlWorkingSpace: applied in ACEScct"), std::string::npos)
      << r.err;
  // slope 2 in ACEScct on 18% grey: ACEScct 0.4135884 -> 0.8271768 -> 2^(0.8271768 * 17.52 - 9.72).
  const double expected = std::exp2(2.0 * (std::log2(0.18) + 9.72) / 17.52 * 17.52 - 9.72);
  for (double x : numbers(r.out)) EXPECT_NEAR(x, expected, 1e-5 * expected);

  const std::string example3 = std::string("'") + ACESLAB_SHARED_DIR + "/reference/amf/v2/examples/example3.amf'";
  const auto refused = run_aceslab("apply -q --amf " + example3, "0.18 0.18 0.18\n");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("example3.amf:65:"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--map-id"), std::string::npos) << refused.err;
  const auto mapped = run_aceslab("apply --amf " + example3 + " --map-id LMT.ACME.AcmeDILook.a1.v5=rgc", "0.18 0.18 0.18\n");
  EXPECT_EQ(mapped.exit_code, 0) << mapped.err;
  EXPECT_NE(mapped.err.find("mapped by --map-id to rgc"), std::string::npos) << mapped.err;
  EXPECT_EQ(run_aceslab("apply -q --amf " + example3 + " --map-id nonsense", "1 1 1\n").exit_code, 2);
  EXPECT_EQ(run_aceslab("apply -q --from acescg --map-id A=B", "1 1 1\n").exit_code, 2);
  const auto quirks = run_aceslab("list vendor-quirks");
  ASSERT_EQ(quirks.exit_code, 0);
  EXPECT_NE(quirks.out.find("IDT.Pomfort.RED-log3G10.a1.v1"), std::string::npos) << quirks.out;
}

TEST(ApplyCli, ImageThroughOutputTransform) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("aceslab_apply_image_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  aces::Image image;
  image.width = 64;
  image.height = 16;
  image.rgb.resize(image.pixels() * 3);
  for (std::size_t i = 0; i < image.rgb.size(); ++i) image.rgb[i] = 0.01f * static_cast<float>(i % 97);
  const fs::path in = dir / "in.exr", out = dir / "out.exr";
  fs::remove(in);
  fs::remove(out);
  aces::write_image(in, image, Overwrite::refuse, aces::SampleFormat::float32);

  const auto r = run_aceslab("apply " + in.string() + " -o " + out.string() + " --output-transform rec709-bt1886-100nit");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const aces::Image result = aces::read_image(out);
  std::vector<float> expected = image.rgb;
  aces::output_transform(aces::find_output_preset("rec709-bt1886-100nit"))->forward(expected);
  ASSERT_EQ(result.rgb.size(), expected.size());
  // Written as half floats by default for EXR: half precision is 2^-11 relative.
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(result.rgb[i], expected[i], 1e-3) << i;

  // An existing output is never overwritten without --force, and stays intact.
  const auto again = run_aceslab("apply " + in.string() + " -o " + out.string() + " --output-transform rec709-bt1886-100nit");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
  EXPECT_EQ(run_aceslab("apply " + in.string() + " -o " + out.string() + " --output-transform rec709-bt1886-100nit --force").exit_code, 0);
  fs::remove_all(dir);
}

// An EXR out of `apply` states the primaries of its pixels when aceslab knows them: ACES2065-1
// (AP0, ACES white) after an input transform or an IDT CLF, the --to space; nothing after an output
// transform (display code values) or a CLF whose outputDescriptor names no colour space.
TEST(ApplyCli, ExrStatesItsChromaticitiesWhenKnown) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("aceslab_apply_chroma_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  aces::Image image;
  image.width = 8;
  image.height = 4;
  image.rgb.assign(image.pixels() * 3, 0.4f);
  const fs::path in = dir / "in.exr";
  aces::write_image(in, image, Overwrite::refuse, aces::SampleFormat::float32);
  aces::Pipeline idt = aces::to_aces(aces::find_color_space("acescct"));
  aces::write_clf_file(dir / "idt.clf", idt, {}, Overwrite::refuse);
  aces::Pipeline look = idt;
  look.output_descriptor = "a show look";
  aces::write_clf_file(dir / "look.clf", look, {}, Overwrite::refuse);

  auto chromaticities = [&](const std::string& name, const std::string& args) {
    const fs::path out = dir / name;
    const auto r = run_aceslab("apply " + in.string() + " -o " + out.string() + " " + args);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    return aces::read_exr_info(out).chromaticities;
  };
  auto expect_gamut = [](const std::optional<aces::ExrChromaticities>& got, const aces::Chromaticities& want) {
    ASSERT_TRUE(got.has_value());
    const double xy[8] = {want.red.x, want.red.y, want.green.x, want.green.y,
                          want.blue.x, want.blue.y, want.white.x, want.white.y};
    // Stored as float32.
    for (int i = 0; i < 8; ++i) EXPECT_NEAR((*got)[i], xy[i], 1e-7) << i;
  };
  const aces::Chromaticities ap0 = aces::find_color_space("aces2065-1").gamut;
  expect_gamut(chromaticities("from.exr", "--from acescct"), ap0);
  expect_gamut(chromaticities("idt.exr", "--clf " + (dir / "idt.clf").string()), ap0);
  expect_gamut(chromaticities("to709.exr", "--from acescct --to lin-rec709"),
               aces::find_color_space("lin-rec709").gamut);
  EXPECT_FALSE(chromaticities("display.exr", "--output-transform rec709-bt1886-100nit").has_value());
  EXPECT_FALSE(chromaticities("look.exr", "--clf " + (dir / "look.clf").string()).has_value());
  fs::remove_all(dir);
}

TEST(ListCli, ListsEverythingWithIds) {
  const auto cs = run_aceslab("list colorspaces --json");
  ASSERT_EQ(cs.exit_code, 0) << cs.err;
  for (const char* id : {"aces2065-1", "acescg", "acescct", "acescc", "logc3-ei800-awg3", "logc4-awg4", "slog3-sgamut3",
                         "slog3-sgamut3cine", "log3g10-rwg", "clog2-cgamut", "clog3-cgamut", "vlog-vgamut",
                         "bmdfilm-gen5", "davinci-intermediate-dwg", "lin-rec709", "lin-p3d65", "lin-rec2020", "srgb"}) {
    EXPECT_NE(cs.out.find(std::string("\"") + id + "\""), std::string::npos) << id;
  }
  EXPECT_NE(cs.out.find("urn:ampas:aces:transformId:v2.0:CSC.Arri.LogC3_to_ACES.a2.v1"), std::string::npos);
  const auto tf = run_aceslab("list transfer-functions");
  ASSERT_EQ(tf.exit_code, 0);
  for (const char* id : {"logc3-ei800", "logc4", "slog3", "log3g10", "clog2", "clog3", "vlog", "bmdfilm-gen5",
                         "davinci-intermediate", "acescct", "acescc", "srgb", "bt1886", "linear"}) {
    EXPECT_NE(tf.out.find(id), std::string::npos) << id;
  }
  for (const char* id : {"slog3-venice-sgamut3", "dlog-dgamut", "flog2-fgamutc", "nlog-rec2020", "llog-rec2020",
                         "clog-cgamut", "cineon-rec709", "acesproxy12i", "log3g12-rwg", "protune-native"}) {
    EXPECT_NE(cs.out.find(std::string("\"") + id + "\""), std::string::npos) << id;
  }
  const auto aces1 = run_aceslab("list aces1-outputs --json");
  ASSERT_EQ(aces1.exit_code, 0) << aces1.err;
  EXPECT_EQ(nlohmann::json::parse(aces1.out).at("aces1_outputs").size(), 33u);
  const auto ot = run_aceslab("list output-transforms");
  ASSERT_EQ(ot.exit_code, 0);
  EXPECT_NE(ot.out.find(kRec709Urn), std::string::npos);
  EXPECT_NE(ot.out.find("rec709-bt1886-100nit"), std::string::npos);
}

}  // namespace
}  // namespace aceslab::test
