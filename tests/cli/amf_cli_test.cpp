// SPDX-License-Identifier: Apache-2.0
// `aceslab amf ...` end to end through the built binary: exit codes, --json documents, refusing
// to overwrite, hashes, and inspect with missing files.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "cli_test_support.h"

namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = fs::path(ACESLAB_SHARED_DIR) / "reference/amf/corpus/Generated_Samples_AMF";

using aceslab::test::CliResult;

// Runs the aceslab binary with `args` (already shell-quoted); stdout and the exit code are checked.
CliResult run(const std::string& args) { return aceslab::test::run_aceslab(args); }

// Built with append(): GCC 12 warns falsely (-Wrestrict, PR 105329) on "literal" + string.
std::string q(const fs::path& p) {
  std::string quoted("'");
  quoted.append(p.string());
  quoted.append("'");
  return quoted;
}

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("aceslab_amf_cli_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST(AmfCli, ValidateExitCodes) {
  EXPECT_EQ(run("amf validate " + q(kCorpus / "valid_AMFs/08_mixed_cdl_and_lut.amf")).exit_code, 0);
  const CliResult bad = run("amf validate " + q(kCorpus / "invalid_AMFs/invalid_16_missing_file_reference.amf"));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("AMF-E010 file-missing"), std::string::npos) << bad.out;
  // Warnings only (no author, identity CDL): still exit 0.
  EXPECT_EQ(run("amf validate " + q(kCorpus / "invalid_AMFs/invalid_23_identity_cdl_warning.amf")).exit_code, 0);
  EXPECT_EQ(run("amf validate").exit_code, 2);  // usage
}

TEST(AmfCli, ValidateJson) {
  const CliResult r = run("amf validate --json " + q(kCorpus / "invalid_AMFs/invalid_12_mismatched_working_space.amf"));
  EXPECT_EQ(r.exit_code, 1);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["schema"], "aceslab/1");
  EXPECT_EQ(doc["valid"], false);
  bool found = false;
  for (const auto& f : doc["findings"]) {
    if (f["id"] == "AMF-E042") {
      found = true;
      EXPECT_EQ(f["name"], "cdl-working-space-mismatch");
      EXPECT_GT(f["line"].get<int>(), 0);
    }
  }
  EXPECT_TRUE(found) << r.out;
}

TEST(AmfCli, CreateInspectVerify) {
  const fs::path dir = temp_dir("create");
  { std::ofstream(dir / "show look.clf") << "<?xml version=\"1.0\"?>\n<ProcessList id=\"a\" compCLFversion=\"3\"/>\n"; }
  const fs::path out = dir / "shot.amf";
  const std::string args =
      "amf create -o " + q(out) + " --clip-name A001C003 --author 'Ada <ada@example.com>' --description Dailies" +
      " --input-id urn:ampas:aces:transformId:v2.0:CSC.Arri.LogC4_to_ACES.a2.v1" + " --look " + q(dir / "show look.clf") +
      " --look cdl:1.1,1,0.95,0.01,0,0,1,1,1,1.05" +
      " --output-transform urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1";
  const CliResult created = run(args);
  ASSERT_EQ(created.exit_code, 0) << created.out;
  ASSERT_TRUE(fs::exists(out));
  // Refuses to overwrite without --force.
  EXPECT_EQ(run(args).exit_code, 1);
  EXPECT_EQ(run(args + " --force").exit_code, 0);

  EXPECT_EQ(run("amf validate " + q(out)).exit_code, 0);
  const CliResult verified = run("amf verify " + q(out));
  EXPECT_EQ(verified.exit_code, 0) << verified.out;
  EXPECT_NE(verified.out.find("match (sha256)"), std::string::npos) << verified.out;

  const CliResult inspected = run("amf inspect --json " + q(out));
  ASSERT_EQ(inspected.exit_code, 0);
  const auto doc = nlohmann::json::parse(inspected.out);
  ASSERT_EQ(doc["stages"].size(), 4u);
  EXPECT_EQ(doc["stages"][0]["role"], "input");
  EXPECT_EQ(doc["stages"][1]["file"], "show%20look.clf");
  EXPECT_EQ(doc["stages"][1]["hash_status"], "match");
  EXPECT_EQ(doc["stages"][2]["kind"], "cdl");
  EXPECT_EQ(doc["stages"][3]["role"], "output");
  EXPECT_EQ(doc["clip"]["name"], "A001C003");

  // Tampering is caught; a missing file is marked but inspect still works.
  { std::ofstream(dir / "show look.clf", std::ios::app) << "<!-- edited -->\n"; }
  const CliResult tampered = run("amf verify " + q(out));
  EXPECT_EQ(tampered.exit_code, 1);
  EXPECT_NE(tampered.out.find("mismatch"), std::string::npos) << tampered.out;
  fs::remove(dir / "show look.clf");
  const CliResult missing = run("amf inspect " + q(out));
  EXPECT_EQ(missing.exit_code, 0);
  EXPECT_NE(missing.out.find("[MISSING]"), std::string::npos) << missing.out;
  EXPECT_EQ(run("amf verify " + q(out)).exit_code, 1);
}

TEST(AmfCli, CreateFromJsonAndOutsideFiles) {
  const fs::path dir = temp_dir("json");
  fs::create_directories(dir / "amf");
  { std::ofstream(dir / "look.clf") << "<ProcessList/>\n"; }
  {
    std::ofstream(dir / "recipe.json") << R"({
      "description": "From JSON", "authors": [{"name": "B", "email": "b@example.com"}],
      "clip": {"name": "B002"}, "system_version": "2.0.0",
      "input": {"transform_id": "urn:ampas:aces:transformId:v2.0:CSC.Arri.LogC4_to_ACES.a2.v1"},
      "looks": [{"file": "look.clf"}, {"cdl": {"slope": [1.1, 1, 1], "offset": [0, 0, 0], "power": [1, 1, 1], "saturation": 0.9}}],
      "output": {"transform_id": "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1"}
    })";
  }
  // The look lies outside the AMF's folder: refused unless --allow-outside.
  EXPECT_EQ(run("amf create -o " + q(dir / "amf/b.amf") + " --from-json " + q(dir / "recipe.json")).exit_code, 1);
  EXPECT_FALSE(fs::exists(dir / "amf/b.amf"));
  EXPECT_EQ(run("amf create -o " + q(dir / "b.amf") + " --from-json " + q(dir / "recipe.json")).exit_code, 0);
  const auto doc = nlohmann::json::parse(run("amf inspect --json " + q(dir / "b.amf")).out);
  EXPECT_EQ(doc["description"], "From JSON");
  EXPECT_EQ(doc["stages"].size(), 4u);
}

TEST(AmfCli, OutputTransformAlias) {
  const fs::path dir = temp_dir("alias");
  const CliResult r = run("amf create -o " + q(dir / "a.amf") + " --output-transform rec709-100nit-bt1886");
  ASSERT_EQ(r.exit_code, 0);
  const auto doc = nlohmann::json::parse(run("amf inspect --json " + q(dir / "a.amf")).out);
  EXPECT_EQ(doc["stages"][0]["transform_id"],
            "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1");
  EXPECT_EQ(run("amf create -o " + q(dir / "b.amf") + " --output-transform no-such-display").exit_code, 2);
}

TEST(AmfCli, EveryCommandHasHelpWithExample) {
  for (const char* sub : {"create", "inspect", "validate", "verify"}) {
    const CliResult r = run(std::string("amf ") + sub + " --help");
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << sub << "\n" << r.out;
  }
}
