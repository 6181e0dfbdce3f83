// SPDX-License-Identifier: Apache-2.0
// `aceslab render` and `aceslab deliver` from the command line: the README's VFX pull and NAM
// (two commands each), --json documents, exit codes (0 / 1 / 2), --help examples, a full disk (a
// file size limit) that leaves no partial frame, and the verify / check failures.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "deliver_test_support.h"
#include "tests/cli/cli_test_support.h"

namespace fs = std::filesystem;
using aceslab::test::run_aceslab;
using aceslab::test::TempDir;
using nlohmann::json;

namespace {

// Quoted for the shell; built with append(): GCC 12 warns falsely (-Wrestrict, PR 105329) on
// chains of operator+.
std::string q(const fs::path& p) {
  std::string out("'");
  out.append(p.string()).append("'");
  return out;
}

}  // namespace

TEST(DeliverCli, HelpHasExamples) {
  for (const char* sub : {"render", "deliver manifest", "deliver verify", "deliver check"}) {
    const auto r = run_aceslab(std::string(sub) + " --help");
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << sub;
  }
}

TEST(DeliverCli, VfxPullInTwoCommands) {
  TempDir dir("cli_vfx");
  const std::string source = aceslab::test::write_sequence(dir / "plates", "A001C003", 86396, 86415);
  // render: 16-bit PIZ from 1001 with 4 frame handles and a slate at 1000
  auto r = run_aceslab("render " + q(source) + " --idt " + q(aceslab::test::logc3_idt()) +
                       " --frames 86400-86411 --handles 4 --start-frame 1001 --slate --slate-date 2026-03-14 -o " +
                       q(dir / "pull/A001C003.%07d.exr") + " --json -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc["schema"], "aceslab/1");
  EXPECT_EQ(doc["output_range"], "1000-1020");
  EXPECT_EQ(doc["first_frame_of_action"], 1005);
  EXPECT_EQ(doc["written"], 21);
  EXPECT_EQ(doc["compression"], "piz");
  EXPECT_EQ(doc["aces_image_container_flag"], false);
  EXPECT_FALSE(doc.contains("manifest")) << "a vfx pull writes no manifest unless asked";
  // check: a clean pull (the missing manifest is a warning outside NAM)
  r = run_aceslab("deliver check " + q(dir / "pull") + " --profile vfx --start-frame 1001 --json -q");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  const json check = json::parse(r.out);
  EXPECT_EQ(check["errors"], 0);
  EXPECT_EQ(check["exr_files"], 21);
}

TEST(DeliverCli, NamInTwoCommandsThenVerify) {
  TempDir dir("cli_nam");
  const std::string source = aceslab::test::write_sequence(dir / "plates", "A001C003", 1, 6);
  auto r = run_aceslab("render " + q(source) + " --from logc3-ei800-awg3 --profile nam --min-size 96x54 --start-frame 1001 -o " +
                       q(dir / "NAM/A001C003/A001C003.%07d.exr") + " -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("none, ST 2065-4 container"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(dir / "NAM/A001C003/ascmhl/ascmhl_chain.xml")) << "nam writes an MHL by default";
  // The MHL of the render covers its folder; the whole delivery gets one at its root.
  r = run_aceslab("deliver manifest " + q(dir / "NAM") + " -q");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = run_aceslab("deliver check " + q(dir / "NAM") + " --profile nam --min-size 96x54 --start-frame 1001 -q");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("OK for profile nam"), std::string::npos) << r.out;

  r = run_aceslab("deliver verify " + q(dir / "NAM") + " -q");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  std::ofstream(dir / "NAM/A001C003/A001C003.0001003.exr", std::ios::app) << "x";
  r = run_aceslab("deliver verify " + q(dir / "NAM") + " --json -q");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(json::parse(r.out)["altered"][0], "A001C003/A001C003.0001003.exr");
  r = run_aceslab("deliver check " + q(dir / "NAM") + " --profile nam --start-frame 1001 -q");
  EXPECT_EQ(r.exit_code, 1) << "below 3840x2160, and the verification found a frame altered";
  EXPECT_NE(r.out.find("DLV-E011"), std::string::npos);
  EXPECT_NE(r.out.find("DLV-E021"), std::string::npos) << r.out;
  // A second verification still compares with the hash first recorded.
  r = run_aceslab("deliver verify " + q(dir / "NAM") + " -q");
  EXPECT_EQ(r.exit_code, 1) << r.out;
}

TEST(DeliverCli, ExitCodesAndMessages) {
  TempDir dir("cli_errors");
  const std::string source = aceslab::test::write_sequence(dir / "plates", "A001", 1, 3);
  const std::string base = "render " + q(source) + " --idt " + q(aceslab::test::logc3_idt()) + " -q ";
  auto r = run_aceslab(base + "-o " + q(dir / "out/A001.exr"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no frame field"), std::string::npos) << r.err;
  r = run_aceslab(base + "--profile nam --compression b44 -o " + q(dir / "out/A001.%07d.exr"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("lossy compression b44 is refused for profile nam"), std::string::npos) << r.err;
  r = run_aceslab(base + "--profile hdr -o " + q(dir / "out/A001.%07d.exr"));
  EXPECT_EQ(r.exit_code, 2);
  r = run_aceslab(base + "--frames 3-1 -o " + q(dir / "out/A001.%07d.exr"));
  EXPECT_EQ(r.exit_code, 2);
  r = run_aceslab(base + "--from acescct -o " + q(dir / "out/A001.%07d.exr"));
  EXPECT_EQ(r.exit_code, 2) << "--idt and --from exclude each other";
  r = run_aceslab(base + "--chunk 1-2 --manifest mhl -o " + q(dir / "out/A001.%07d.exr"));
  EXPECT_EQ(r.exit_code, 2);
  r = run_aceslab(base + "--timecode 01:00:00:00 --fps 23.976 -o " + q(dir / "out/A001.%07d.exr"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = run_aceslab(base + "-o " + q(dir / "out/A001.%07d.exr"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not empty"), std::string::npos) << r.err;
  r = run_aceslab("deliver check " + q(dir / "nowhere") + " --profile nam");
  EXPECT_EQ(r.exit_code, 1);
  r = run_aceslab("deliver verify " + q(dir / "plates"));
  EXPECT_EQ(r.exit_code, 1) << "nothing to verify against";
}

TEST(DeliverCli, FullDiskLeavesNoPartialFrame) {
  TempDir dir("cli_disk_full");
  aceslab::test::PlateSpec s;
  s.width = 400;
  s.height = 200;
  const std::string source = aceslab::test::write_sequence(dir / "plates", "A001", 1, 2, s);
  fs::create_directories(dir / "out");
  // bash's ulimit -f is in 1024-byte blocks: frames of 480 kB cannot be written past 100 kB, as on a
  // full disk; SIGXFSZ is ignored so the write fails with an error instead of killing the process.
  const std::string command = "bash -c \"ulimit -f 100; trap '' XFSZ; exec '" + std::string(ACESLAB_BINARY) + "' render " +
                              q(source) + " --idt " + q(aceslab::test::logc3_idt()) + " --profile st2065-4 --threads 1 --resume -o " +
                              q(dir / "out/A001.%07d.exr") + " -q\" 2> " + q(dir / "err.txt");
  const int status = std::system(command.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 1);
  const std::string err = aceslab::test::read_text(dir / "err.txt");
  EXPECT_NE(err.find("A001.0000001.exr"), std::string::npos) << err;
  EXPECT_NE(err.find("cannot write EXR"), std::string::npos) << err;
  EXPECT_TRUE(fs::is_empty(dir / "out")) << "a partial frame or temporary file was left";
}
