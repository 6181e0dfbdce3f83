// SPDX-License-Identifier: Apache-2.0
// `aceslab idt` as a user runs it: the Academy synthetic_001 folder to a CLF + AMF + report that
// OpenColorIO reads, --from-spec against the ACES OCIO config's camera CLFs, and the exit codes of
// failures (no CLF written).
#include <gtest/gtest.h>

#include <OpenColorIO/OpenColorIO.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_test_support.h"

namespace fs = std::filesystem;
namespace OCIO = OCIO_NAMESPACE;

namespace {

const fs::path kShared(ACESLAB_SHARED_DIR);

using CommandRun = aceslab::test::CliResult;

CommandRun run(const std::string& args) { return aceslab::test::run_aceslab(args); }

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("aceslab_idt_cli_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

OCIO::ConstCPUProcessorRcPtr ocio_processor(const fs::path& clf) {
  auto config = OCIO::Config::CreateRaw();
  auto ft = OCIO::FileTransform::Create();
  ft->setSrc(clf.c_str());
  ft->setInterpolation(OCIO::INTERP_LINEAR);
  return config->getProcessor(ft)->getDefaultCPUProcessor();
}

}  // namespace

TEST(IdtCommand, AcademyFolderToClfAmfAndReport) {
  const fs::path dir = temp_dir("academy");
  const CommandRun r = run("idt " + (kShared / "reference/idt/idt-calculator-samples/synthetic_001").string() + " -o " +
                    (dir / "idt.clf").string() + " --amf " + (dir / "idt.amf").string() + " --report " +
                    (dir / "report").string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["schema"], "aceslab/1");
  EXPECT_TRUE(doc["usable"].get<bool>());
  EXPECT_LT(doc["mean_delta_e_2000"].get<double>(), 2.0);
  EXPECT_TRUE(fs::exists(dir / "idt.amf"));
  EXPECT_TRUE(fs::exists(dir / "report/index.html"));
  EXPECT_TRUE(fs::exists(dir / "report/overlay.png"));
  // OpenColorIO reads the CLF; neutral 5's code value lands on ACES ~0.20 (its reference).
  auto cpu = ocio_processor(dir / "idt.clf");
  const auto& patch = doc["patches"][21];
  EXPECT_EQ(patch["name"], "neutral 5");
  std::ifstream clf(dir / "idt.clf");
  const std::string text((std::istreambuf_iterator<char>(clf)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("InputDescriptor"), std::string::npos);
  EXPECT_NE(text.find("MeanDeltaE2000"), std::string::npos);
  EXPECT_NE(text.find("Synthetic colour-science"), std::string::npos);
  // The AMF references the CLF by relative path with a hash.
  std::ifstream amf(dir / "idt.amf");
  const std::string amf_text((std::istreambuf_iterator<char>(amf)), std::istreambuf_iterator<char>());
  EXPECT_NE(amf_text.find("idt.clf"), std::string::npos);
  EXPECT_NE(amf_text.find("hash"), std::string::npos);
  float rgb[3] = {0.40178f, 0.40178f, 0.40178f};  // idt-calculator's grey-card code value (neutral-ish)
  cpu->applyRGB(rgb);
  EXPECT_GT(rgb[1], 0.05f);
  EXPECT_LT(rgb[1], 1.0f);
}

TEST(IdtCommand, FromSpecMatchesAcesConfigClf) {
  const fs::path dir = temp_dir("spec");
  const CommandRun r = run("idt --from-spec vlog-vgamut -o " + (dir / "vlog.clf").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto ours = ocio_processor(dir / "vlog.clf");
  auto theirs = ocio_processor(kShared / "data/camera-clf/Panasonic.Input.VLog_VGamut_to_ACES2065-1.clf");
  double worst = 0;
  for (int i = 0; i <= 20; ++i) {
    for (int j = 0; j <= 4; ++j) {
      float a[3] = {i / 20.0f, (i + j) / 24.0f, (20 - i) / 20.0f};
      float b[3] = {a[0], a[1], a[2]};
      ours->applyRGB(a);
      theirs->applyRGB(b);
      for (int c = 0; c < 3; ++c) worst = std::max(worst, static_cast<double>(std::abs(a[c] - b[c]) / std::max(1.0f, std::abs(b[c]))));
    }
  }
  // Both are exact forms of the same published curve and matrix, in float32.
  constexpr double kSpecTolerance = 1e-4;
  EXPECT_LT(worst, kSpecTolerance);
  std::ifstream clf(dir / "vlog.clf");
  const std::string text((std::istreambuf_iterator<char>(clf)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("ACEStransformID"), std::string::npos);
}

TEST(IdtCommand, UsageErrorsExitTwo) {
  EXPECT_EQ(run("idt -o x.clf").exit_code, 2);                      // no input
  EXPECT_EQ(run("idt --from-spec vlog-vgamut -o x.clf --error-space nope").exit_code, 2);
  EXPECT_EQ(run("idt --from-spec no-such-space -o x.clf").exit_code, 2);  // unknown id
}

TEST(IdtCommand, MissingCaptureFailsWithoutClf) {
  const fs::path dir = temp_dir("missing");
  const CommandRun r = run("idt " + (dir / "nope.json").string() + " -o " + (dir / "idt.clf").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(fs::exists(dir / "idt.clf"));
}

TEST(IdtCommand, RefusesToOverwriteWithoutForce) {
  const fs::path dir = temp_dir("force");
  std::ofstream(dir / "x.clf") << "keep";
  EXPECT_EQ(run("idt --from-spec vlog-vgamut -o " + (dir / "x.clf").string()).exit_code, 1);
  EXPECT_EQ(run("idt --from-spec vlog-vgamut --force -o " + (dir / "x.clf").string()).exit_code, 0);
}

TEST(IdtCommand, SpectralExposureScaling) {
  // Nikon D5100 sensitivities peak in red: the default (rawtoaces) scaling is kept and announced
  // with what --spectral-exposure white gives; that mode puts the white at 1 and fits far better.
  const fs::path dir = temp_dir("spectral");
  const std::string camera = (kShared / "data/cameras/camera/Nikon_D5100_380_780_5.json").string();
  const CommandRun rawtoaces = run("idt --spectral " + camera + " -o " + (dir / "a.clf").string() + " --json");
  ASSERT_EQ(rawtoaces.exit_code, 0) << rawtoaces.err;
  EXPECT_NE(rawtoaces.err.find("--spectral-exposure white"), std::string::npos) << rawtoaces.err;
  const auto a = nlohmann::json::parse(rawtoaces.out);
  EXPECT_EQ(a["exposure"].get<double>(), 1.0);
  const CommandRun white =
      run("idt --spectral " + camera + " -o " + (dir / "b.clf").string() + " --json --spectral-exposure white");
  ASSERT_EQ(white.exit_code, 0) << white.err;
  EXPECT_EQ(white.err.find("--spectral-exposure white"), std::string::npos) << white.err;
  const auto b = nlohmann::json::parse(white.out);
  EXPECT_NEAR(b["exposure"].get<double>() * b["white_level"].get<double>(), 1.0, 1e-12);
  EXPECT_LT(b["mean_delta_e_2000"].get<double>(), 0.5 * a["mean_delta_e_2000"].get<double>());
  EXPECT_EQ(run("idt --spectral " + camera + " -o x.clf --spectral-exposure sideways").exit_code, 2);
}

// The chart read upside down (corners from the black patch): refused with the likely causes and
// no CLF, exit 1; --force-fit writes it with the warning in the CLF and the JSON.
TEST(IdtCommand, ImplausibleFitRefusedUnlessForced) {
  const fs::path dir = temp_dir("implausible");
  const fs::path cc = kShared / "reference/idt/idt-calculator-samples/synthetic_001/data/colour_checker";
  nlohmann::json exposures = nlohmann::json::array();
  for (const char* ev : {"-2", "-1", "0", "1", "2"}) {
    exposures.push_back({{"ev", std::stod(ev)}, {"files", {(cc / ev / "colour_checker_0001.tif").string()}}});
  }
  const nlohmann::json manifest = {
      {"illuminant", "D60"},
      {"encoding", "fit"},
      {"chart", {{"corners", {{885.0, 640.3}, {139.5, 640.3}, {139.5, 148.5}, {885.0, 148.5}}}}},
      {"exposures", exposures}};
  std::ofstream(dir / "capture.json") << manifest.dump(2);
  const CommandRun refused = run("idt " + (dir / "capture.json").string() + " -o " + (dir / "idt.clf").string());
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_NE(refused.err.find("implausible IDT"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("wrong orientation"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(dir / "idt.clf"));
  // With --json, stdout is one document: the error, with what the fit found as "result".
  const CommandRun refused_json =
      run("idt " + (dir / "capture.json").string() + " -o " + (dir / "idt.clf").string() + " --json");
  EXPECT_EQ(refused_json.exit_code, 1);
  const nlohmann::json error_doc = nlohmann::json::parse(refused_json.out);  // throws on a second document
  EXPECT_FALSE(error_doc["ok"].get<bool>());
  EXPECT_NE(error_doc["error"]["message"].get<std::string>().find("implausible IDT"), std::string::npos);
  EXPECT_FALSE(error_doc["result"]["plausibility"]["plausible"].get<bool>());
  EXPECT_TRUE(error_doc["result"]["mean_delta_e_2000"].is_number());
  EXPECT_FALSE(fs::exists(dir / "idt.clf"));
  const CommandRun forced =
      run("idt " + (dir / "capture.json").string() + " -o " + (dir / "idt.clf").string() + " --force-fit --json");
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_TRUE(fs::exists(dir / "idt.clf"));
  const nlohmann::json doc = nlohmann::json::parse(forced.out);
  EXPECT_TRUE(doc["plausibility"]["forced"].get<bool>());
  EXPECT_FALSE(doc["plausibility"]["plausible"].get<bool>());
  std::ifstream clf(dir / "idt.clf");
  const std::string text((std::istreambuf_iterator<char>(clf)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("force-fit"), std::string::npos);
}

// --format is repeatable: the CLF, the DCTL and the CTL beside each other; --amf needs the CLF.
TEST(IdtCommand, FormatsClfDctlCtl) {
  const fs::path dir = temp_dir("formats");
  const std::string folder = (kShared / "reference/idt/idt-calculator-samples/synthetic_001").string();
  const CommandRun r = run("idt " + folder + " -o " + (dir / "cam.clf").string() +
                           " --format clf --format dctl --format ctl --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["dctl"], (dir / "cam.dctl").string());
  EXPECT_EQ(doc["ctl"], (dir / "cam.ctl").string());
  for (const char* ext : {"cam.clf", "cam.dctl", "cam.ctl"}) EXPECT_TRUE(fs::exists(dir / ext)) << ext;
  std::ifstream dctl(dir / "cam.dctl"), ctl(dir / "cam.ctl");
  const std::string d((std::istreambuf_iterator<char>(dctl)), std::istreambuf_iterator<char>());
  const std::string c((std::istreambuf_iterator<char>(ctl)), std::istreambuf_iterator<char>());
  EXPECT_NE(d.find("__DEVICE__ float3 transform("), std::string::npos);
  EXPECT_NE(c.find("void main(input varying float rIn"), std::string::npos);
  // Only a DCTL, and an AMF asked for without the CLF it would reference: a usage error.
  const CommandRun only = run("idt " + folder + " -o " + (dir / "only.dctl").string() + " --format dctl");
  EXPECT_EQ(only.exit_code, 0) << only.err;
  EXPECT_TRUE(fs::exists(dir / "only.dctl"));
  EXPECT_FALSE(fs::exists(dir / "only.clf"));
  const CommandRun amf = run("idt " + folder + " -o " + (dir / "x.dctl").string() + " --format dctl --amf " +
                             (dir / "x.amf").string());
  EXPECT_EQ(amf.exit_code, 2) << amf.err;
  EXPECT_NE(amf.err.find("--format clf"), std::string::npos) << amf.err;
}
