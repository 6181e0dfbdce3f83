// SPDX-License-Identifier: Apache-2.0
// `aceslab lmt` end to end through the built binary (ACESLAB_BINARY): --json result, exit codes,
// refusal to overwrite, usage errors. Skipped when the binary has not been built.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "../cli/cli_test_support.h"
#include "lmt_test_support.h"

namespace fs = std::filesystem;

namespace {

const fs::path kSample = fs::path(ACESLAB_DATA_DIR) / "samples" / "show_logc3_to_rec709.cube";

using CliRun = aceslab::test::CliResult;

CliRun run_cli(const std::string& args) { return aceslab::test::run_aceslab(args); }

struct TempDir : aceslab::test::TempDir {
  TempDir() : aceslab::test::TempDir("lmt_cli_test") {}
};

}  // namespace

TEST(LmtCli, JsonResultExitCodesAndOverwrite) {
  if (!fs::exists(ACESLAB_BINARY)) GTEST_SKIP() << "aceslab not built";
  TempDir dir;
  const fs::path clf = dir.path / "look.clf";
  const fs::path amf = dir.path / "look.amf";
  const std::string base = "lmt \"" + kSample.string() + "\" --lut-in logc3-ei800-awg3 --lut-out rec709-bt1886-100nit -o \"" +
                           clf.string() + "\"";
  const CliRun ok = run_cli(base + " --amf \"" + amf.string() + "\" --json --strict");
  ASSERT_EQ(ok.exit_code, 0) << ok.out;
  const auto doc = nlohmann::json::parse(ok.out);
  EXPECT_EQ(doc.at("schema"), "aceslab/1");
  EXPECT_EQ(doc.at("cube_size"), 65);
  EXPECT_EQ(doc.at("aces_transform_id"), "urn:ampas:aces:transformId:v2.0:Look.aceslab.show_logc3_to_rec709.a2.v1");
  EXPECT_TRUE(doc.at("verification").at("meets_targets").get<bool>());
  EXPECT_LE(doc.at("verification").at("natural").at("delta_e_2000").at("mean").get<double>(), 0.10);
  EXPECT_TRUE(fs::exists(clf));
  EXPECT_TRUE(fs::exists(amf));

  // Existing output without --force: failure (1), file untouched.
  const auto before = fs::last_write_time(clf);
  EXPECT_EQ(run_cli(base).exit_code, 1);
  EXPECT_EQ(fs::last_write_time(clf), before);
  // Usage errors: 2.
  EXPECT_EQ(run_cli("lmt \"" + kSample.string() + "\" --lut-out rec709-bt1886-100nit -o x.clf").exit_code, 2);
  EXPECT_EQ(run_cli(base + " --force --lut-in no-such-space").exit_code, 2);
  EXPECT_EQ(run_cli(base + " --force --shaper sideways").exit_code, 2);
  // A bad LUT: failure with the file and line on stderr (exit 1).
  EXPECT_EQ(run_cli("lmt \"" + (fs::path(ACESLAB_TEST_DATA_DIR) / "lmt" / "illegal" / "truncated.cube").string() +
                "\" --lut-in logc3-ei800-awg3 --lut-out rec709-bt1886-100nit -o \"" + (dir.path / "t.clf").string() + "\"")
                .exit_code,
            1);
  const CliRun help = run_cli("lmt --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Example:"), std::string::npos);
}

// The ACES 1 look straight from OpenColorIO's builtins: no LUT file; its ACES 2.0 twin as output;
// on an SDR display the output sampled at 129^3 into the LMT, then the split layout, verified
// against the exact builtin within the 0.15 (measured 0.107; the 129^3 merged table of the
// whole sandwich gave 0.156); an AMF without an input transform; usage errors for a LUT file given
// too, an unknown id and an output ACES 2.0 has no display for.
TEST(LmtCli, Aces1OutputLook) {
  if (!fs::exists(ACESLAB_BINARY)) GTEST_SKIP() << "aceslab not built";
  TempDir dir;
  const fs::path clf = dir.path / "aces1_look.clf";
  const fs::path amf = dir.path / "aces1_look.amf";
  const CliRun ok = run_cli("lmt --aces1-output ODT.Academy.Rec709_100nits_dim.a1.0.3 -o \"" + clf.string() + "\" --amf \"" +
                            amf.string() + "\" --json");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  const auto doc = nlohmann::json::parse(ok.out);
  EXPECT_EQ(doc.at("aces1_output"), "aces1-rec709-bt1886-100nit");
  EXPECT_EQ(doc.at("lut_out").at("id"), "rec709-bt1886-100nit");
  EXPECT_EQ(doc.at("lut_in").at("id"), "acescct");
  EXPECT_EQ(doc.at("node_values").at("method"), "least-squares");
  EXPECT_EQ(doc.at("layout"), "split");
  EXPECT_EQ(doc.at("cube_size"), 65);
  const auto& steps = doc.at("steps");
  EXPECT_NE(std::find(steps.begin(), steps.end(), "LUT3D 129^3 tetrahedral"), steps.end()) << steps.dump();
  EXPECT_LE(doc.at("verification").at("natural").at("delta_e_2000").at("mean").get<double>(), 0.10);
  EXPECT_LE(doc.at("verification").at("natural").at("delta_e_2000").at("p99").get<double>(), 0.15);
  const std::string amf_text = aceslab::test::read_text(amf);
  EXPECT_EQ(amf_text.find("inputTransform"), std::string::npos);
  EXPECT_NE(amf_text.find("Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886"), std::string::npos);

  EXPECT_EQ(run_cli("lmt \"" + kSample.string() + "\" --aces1-output aces1-rec709-bt1886-100nit -o x.clf").exit_code, 2);
  EXPECT_EQ(run_cli("lmt --aces1-output aces1-no-such-display -o x.clf").exit_code, 2);
  EXPECT_EQ(run_cli("lmt --aces1-output aces1-p3dci-gamma2.6-48nit-d65sim -o x.clf").exit_code, 2);
  EXPECT_EQ(run_cli("lmt --aces1-output aces1-rec709-bt1886-100nit --lut-in logc3-ei800-awg3 -o x.clf").exit_code, 2);
}

TEST(LmtCli, CdlApproximation) {
  if (!fs::exists(ACESLAB_BINARY)) GTEST_SKIP() << "aceslab not built";
  TempDir dir;
  const fs::path clf = dir.path / "look.clf";
  const std::string base = "lmt \"" + kSample.string() +
                           "\" --lut-in logc3-ei800-awg3 --lut-out rec709-bt1886-100nit --cube-size 17 --no-verify -o \"" +
                           clf.string() + "\"";
  // A CDL path that is no CDL: usage error before any work, nothing written.
  const CliRun bad = run_cli(base + " --cdl \"" + (dir.path / "look.xml").string() + "\"");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_FALSE(fs::exists(clf));
  EXPECT_EQ(run_cli(base + " --cdl-amf instead").exit_code, 2) << "--cdl-amf without --cdl";
  const fs::path cdl = dir.path / "look.cdl";
  const CliRun ok = run_cli(base + " --cdl \"" + cdl.string() + "\" --amf \"" + (dir.path / "look.amf").string() +
                            "\" --cdl-amf instead --json");
  ASSERT_EQ(ok.exit_code, 0) << ok.out;
  const auto doc = nlohmann::json::parse(ok.out);
  EXPECT_EQ(doc.at("cdl").at("amf"), "instead");
  EXPECT_EQ(doc.at("cdl").at("working_space"), "acescct");
  EXPECT_GT(doc.at("cdl").at("natural_vs_lut").at("delta_e_2000").at("mean").get<double>(), 0.0);
  EXPECT_TRUE(fs::exists(cdl));
}

// --layout: auto gives split for an SDR display, merged on request; an unknown layout is a usage
// error (exit 2); --json names the layout, the CLF's Info records it.
// --neutral-table none leaves the neutral-axis table out; the default reports it and the LMT without
// it, which verifies worse on natural colours (the sample LUT, point samples).
TEST(LmtCli, NeutralTableFlag) {
  if (!fs::exists(ACESLAB_BINARY)) GTEST_SKIP() << "aceslab not built";
  TempDir dir;
  const std::string base = "lmt \"" + kSample.string() + "\" --lut-in logc3-ei800-awg3 --lut-out rec709-bt1886-100nit --fit none";
  const fs::path with = dir.path / "with.clf", without = dir.path / "without.clf";
  const CliRun a = run_cli(base + " -o \"" + with.string() + "\" --json");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const auto doc_a = nlohmann::json::parse(a.out);
  ASSERT_TRUE(doc_a.at("neutral_table").is_object());
  EXPECT_GT(doc_a.at("neutral_table").at("corrected").get<int>(), 0);
  const double p99 = doc_a.at("verification").at("natural").at("delta_e_2000").at("p99").get<double>();
  const double p99_without =
      doc_a.at("verification_without_neutral_table").at("natural").at("delta_e_2000").at("p99").get<double>();
  EXPECT_LT(p99, p99_without);
  EXPECT_NE(aceslab::test::read_text(with).find("NeutralAxisTable"), std::string::npos);
  const CliRun b = run_cli(base + " --neutral-table none -o \"" + without.string() + "\" --json");
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const auto doc_b = nlohmann::json::parse(b.out);
  EXPECT_TRUE(doc_b.at("neutral_table").is_null());
  EXPECT_EQ(doc_b.at("steps").size() + 3, doc_a.at("steps").size());
  // The same LMT without the table, verified from its own file: the figures the first run gave.
  EXPECT_NEAR(doc_b.at("verification").at("natural").at("delta_e_2000").at("p99").get<double>(), p99_without, 1e-6);
  EXPECT_EQ(run_cli(base + " --neutral-table sometimes -o \"" + (dir.path / "x.clf").string() + "\"").exit_code, 2);
  EXPECT_FALSE(fs::exists(dir.path / "x.clf"));
}

TEST(LmtCli, LayoutFlag) {
  if (!fs::exists(ACESLAB_BINARY)) GTEST_SKIP() << "aceslab not built";
  TempDir dir;
  const std::string base = "lmt \"" + kSample.string() + "\" --lut-in logc3-ei800-awg3 --lut-out rec709-bt1886-100nit --fit none";
  const fs::path split = dir.path / "split.clf", merged = dir.path / "merged.clf";
  const CliRun a = run_cli(base + " -o \"" + split.string() + "\" --json");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const auto doc_a = nlohmann::json::parse(a.out);
  EXPECT_EQ(doc_a.at("layout"), "split");
  EXPECT_NE(aceslab::test::read_text(split).find("<Info"), std::string::npos);
  EXPECT_NE(aceslab::test::read_text(split).find("split"), std::string::npos);
  const CliRun b = run_cli(base + " --layout merged -o \"" + merged.string() + "\" --json");
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const auto doc_b = nlohmann::json::parse(b.out);
  EXPECT_EQ(doc_b.at("layout"), "merged");
  // The LUT's own table, the warp, the inverse OT table; one LUT3D holding the sandwich; each then
  // the neutral-axis table (3 steps) and the node decode.
  EXPECT_EQ(doc_a.at("steps").size(), 12u);
  EXPECT_EQ(doc_b.at("steps").size(), 9u);
  // Point samples, same LUT: the split layout is the more accurate one on natural colours.
  EXPECT_LT(doc_a.at("verification").at("natural").at("delta_e_2000").at("p99").get<double>(),
            doc_b.at("verification").at("natural").at("delta_e_2000").at("p99").get<double>());
  EXPECT_EQ(run_cli(base + " --layout sideways -o \"" + (dir.path / "x.clf").string() + "\"").exit_code, 2);
  EXPECT_FALSE(fs::exists(dir.path / "x.clf"));
}
