// SPDX-License-Identifier: Apache-2.0
// Issue 15's attacks on the delivery files aceslab reads and the outputs `render` writes: ASC MHL
// entries whose paths leave the delivery, generation names and frame patterns whose numbers do not
// fit, XML that hides a DTD, checksum.txt as a FIFO or with a huge line, and a render whose output
// pattern names its own source frames (however spelled, with --force). Each input is made here.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>

#include "color/error.h"
#include "deliver/check.h"
#include "deliver/checksum_txt.h"
#include "deliver/manifest.h"
#include "deliver/mhl.h"
#include "deliver/sequence.h"
#include "deliver_test_support.h"
#include "tests/cli/cli_test_support.h"

namespace fs = std::filesystem;
using aceslab::Error;
using aceslab::ErrorKind;
using aceslab::test::TempDir;

namespace {

// A generation with one file entry at `path`.
std::string mhl_with_path(const std::string& path) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<hashlist version=\"2.0\" xmlns=\"urn:ASC:MHL:v2.0\">\n"
         "  <creatorinfo><creationdate>2026-03-14T09:15:00+00:00</creationdate></creatorinfo>\n"
         "  <hashes>\n    <hash>\n      <path size=\"5\">" +
         path + "</path>\n      <xxh64 action=\"original\">0123456789abcdef</xxh64>\n    </hash>\n  </hashes>\n</hashlist>\n";
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST(DeliverHardening, MhlPathsStayInsideTheDelivery) {
  EXPECT_EQ(aceslab::deliver::parse_mhl(mhl_with_path("A001/A001.1001.exr"), "a.mhl").entries.at(0).path, "A001/A001.1001.exr");
  for (const char* bad : {"../../etc/passwd", "/etc/passwd", "A001/../../x.exr", "./A001.exr", "A001//x.exr", "A001/"}) {
    SCOPED_TRACE(bad);
    const std::string message = error_of([&] { (void)aceslab::deliver::parse_mhl(mhl_with_path(bad), "g.mhl"); });
    EXPECT_NE(message.find("g.mhl:5"), std::string::npos) << message;  // the file and the line of <hash>
    EXPECT_NE(message.find("<hash> path \""), std::string::npos) << message;
  }
}

TEST(DeliverHardening, MhlXmlHidingADtdIsRefused) {
  const std::string body = mhl_with_path("a.exr");
  const std::string subset = "<!DOCTYPE hashlist [<!-- ]> --><!ENTITY e SYSTEM \"file:///etc/passwd\">]>";
  const std::string with_subset = body.substr(0, body.find('\n') + 1) + subset + body.substr(body.find('\n') + 1);
  EXPECT_NE(error_of([&] { (void)aceslab::deliver::parse_mhl(with_subset, "x.mhl"); }).find("x.mhl"), std::string::npos);
  std::string utf16 = "\xFF\xFE";  // UTF-16LE: the markup is invisible to a byte scan
  for (char c : body) utf16 += std::string{c, '\0'};
  EXPECT_NE(error_of([&] { (void)aceslab::deliver::parse_mhl(utf16, "x.mhl"); }), "(accepted)");
}

TEST(DeliverHardening, OddGenerationNamesAreNotGenerations) {
  TempDir dir("harden_mhl_names");
  fs::create_directories(dir / "d/ascmhl");
  std::ofstream(dir / "d/ascmhl/0001_d_2026-03-14_091500Z.mhl") << mhl_with_path("a.exr");
  // Eleven digits do not fit an int: ignored as not following the naming rule, not an internal error.
  std::ofstream(dir / "d/ascmhl/99999999999_d_2026-03-14_091500Z.mhl") << mhl_with_path("a.exr");
  const auto history = aceslab::deliver::read_mhl_history(dir / "d");
  ASSERT_EQ(history.generations.size(), 1u);
  EXPECT_EQ(history.generations[0].number, 1);
}

TEST(DeliverHardening, FramePaddingThatDoesNotFitIsAUsageError) {
  for (const char* pattern : {"a.%0999999999999d.exr", "a.%019d.exr", "a.###################.exr"}) {
    SCOPED_TRACE(pattern);
    try {
      (void)aceslab::deliver::SequencePattern::parse(pattern);
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::usage) << e.what();
      EXPECT_NE(std::string(e.what()).find("above 18 digits"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(aceslab::deliver::SequencePattern::parse("a.%018d.exr")->padding(), 18);
}

TEST(DeliverHardening, ChecksumTxtFifoDirectoryAndHugeLine) {
  TempDir dir("harden_checksum");
  ASSERT_EQ(::mkfifo((dir / "checksum.txt").c_str(), 0600), 0);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_NE(error_of([&] { (void)aceslab::deliver::read_checksum_txt(dir / "checksum.txt"); }).find("FIFO"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5)) << "a FIFO must not block";
  fs::remove(dir / "checksum.txt");
  fs::create_directories(dir / "checksum.txt");
  EXPECT_NE(error_of([&] { (void)aceslab::deliver::read_checksum_txt(dir / "checksum.txt"); }).find("directory"), std::string::npos);
  fs::remove(dir / "checksum.txt");
  // A 5 MB line is quoted as an excerpt with its length, not whole.
  std::ofstream(dir / "checksum.txt") << "d41d8cd98f00b204e9800998ecf8427e  a.exr\n" << std::string(5u << 20, 'x') << "\n";
  const std::string message = error_of([&] { (void)aceslab::deliver::read_checksum_txt(dir / "checksum.txt"); });
  EXPECT_LT(message.size(), 400u);
  EXPECT_NE(message.find("checksum.txt:2"), std::string::npos) << message;
  EXPECT_NE(message.find("(5242880 bytes)"), std::string::npos) << message;
  std::ofstream(dir / "checksum.txt") << "d41d8cd98f00b204e9800998ecf8427e  ..\n";
  EXPECT_NE(error_of([&] { (void)aceslab::deliver::read_checksum_txt(dir / "checksum.txt"); }).find("checksum.txt:1"),
            std::string::npos);
}

TEST(DeliverHardening, RenderRefusesToReplaceItsOwnSource) {
  TempDir dir("harden_render_self");
  aceslab::test::PlateSpec spec;
  spec.format = "exr";
  const std::string source = aceslab::test::write_sequence(dir / "plates", "A001", 1, 2, spec);
  const std::string before = aceslab::test::read_text(dir / "plates/A001.000001.exr");
  const std::string idt = " --idt '" + aceslab::test::logc3_idt().string() + "' -q --force -o ";
  for (const fs::path& out : {dir / "plates/A001.%06d.exr", dir / "plates/../plates/A001.######.exr"}) {
    SCOPED_TRACE(out.string());
    const auto r = aceslab::test::run_aceslab("render '" + source + "'" + idt + "'" + out.string() + "'");
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("would replace the source file A001.000001.exr"), std::string::npos) << r.err;
  }
  EXPECT_EQ(aceslab::test::read_text(dir / "plates/A001.000001.exr"), before);
  // Another name in the same folder is fine.
  const auto r = aceslab::test::run_aceslab("render '" + source + "'" + idt + "'" + (dir / "plates/M001.%06d.exr").string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(DeliverHardening, NamesXmlCannotHoldAreRefusedBeforeAnMhlIsWritten) {
  TempDir dir("harden_mhl_latin1");
  fs::create_directories(dir / "d/A001");
  std::ofstream(dir / "d/A001/A001.1001.exr") << "frame";
  std::ofstream(dir / "d/A001/caf\xE9.txt") << "Latin-1 name";  // was written raw: invalid XML, exit 0
  const std::string message = error_of([&] { (void)aceslab::deliver::create_manifest(dir / "d", {}); });
  EXPECT_NE(message.find("caf\xC3\xA9.txt"), std::string::npos) << message;  // named, as UTF-8
  EXPECT_NE(message.find("not valid UTF-8"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir / "d/ascmhl")) << "nothing written";
  fs::remove(dir / "d/A001/caf\xE9.txt");
  std::ofstream(dir / "d/A001/bell\x07.txt") << "control character";
  EXPECT_NE(error_of([&] { (void)aceslab::deliver::create_manifest(dir / "d", {}); }).find("rename it"), std::string::npos);
}

TEST(DeliverHardening, RepeatableClfDoesNotSwallowTheSource) {
  TempDir dir("harden_render_clf");
  const std::string source = aceslab::test::write_sequence(dir / "plates", "A001", 1, 1);
  const std::string look = aceslab::test::logc3_idt().string();  // any valid CLF serves as a look here
  const auto r = aceslab::test::run_aceslab("render --clf '" + look + "' '" + source + "' --from acescct -q -o '" +
                                            (dir / "out/A001.%06d.exr").string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;  // was "source is required", exit 2
  EXPECT_TRUE(fs::exists(dir / "out/A001.000001.exr"));
}

// Found by the sequence fuzzer (fuzz/regressions/sequence/crash-476a06ec…): the count of this range overflowed.
TEST(DeliverHardening, FrameRangeBeyond18DigitsIsRefused) {
  EXPECT_THROW((void)aceslab::deliver::parse_frame_range("0-9223372036854775807", "--frames"), Error);
  EXPECT_EQ(aceslab::deliver::parse_frame_range("0-999999999999999999", "--frames").count(), 1'000'000'000'000'000'000LL);
}

// A FIFO or a link to a file outside the delivery: the checker names each (DLV-E028, DLV-E029) and
// the manifest writers refuse them, naming the entry, instead of skipping it silently or hashing
// another tree's file. A FIFO must not block either.
TEST(DeliverHardening, SpecialFilesAndLinksOutsideAreNamed) {
  namespace dl = aceslab::deliver;
  TempDir dir("harden_tree_entries");
  fs::create_directories(dir / "d/A001");
  std::ofstream(dir / "d/A001/A001.1001.exr") << "frame";
  std::ofstream(dir / "outside.exr") << "someone else's frame";
  auto findings = [&](const std::string& id) {
    std::vector<std::string> out;
    for (const auto& f : dl::check_delivery(dir / "d", {}).findings) {
      if (f.id == id) out.push_back(f.file + ": " + f.message);
    }
    return out;
  };
  const auto start = std::chrono::steady_clock::now();

  ASSERT_EQ(::mkfifo((dir / "d/A001/pipe").c_str(), 0600), 0);
  auto e028 = findings("DLV-E028");
  ASSERT_EQ(e028.size(), 1u);
  EXPECT_NE(e028[0].find("A001/pipe: FIFO"), std::string::npos) << e028[0];
  std::string message = error_of([&] { (void)dl::create_manifest(dir / "d", {}); });
  EXPECT_NE(message.find("FIFO"), std::string::npos) << message;
  EXPECT_NE(message.find("pipe"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir / "d/ascmhl")) << "nothing written";
  message = error_of([&] { (void)dl::write_checksum_files(dir / "d", dl::HashType::xxh64, false, nullptr); });
  EXPECT_NE(message.find("FIFO"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir / "d/A001/checksum.txt"));
  fs::remove(dir / "d/A001/pipe");

  fs::create_symlink("../../outside.exr", dir / "d/A001/A001.1002.exr");
  auto e029 = findings("DLV-E029");
  ASSERT_EQ(e029.size(), 1u);
  EXPECT_NE(e029[0].find("A001/A001.1002.exr: symbolic link to ../../outside.exr (outside the delivery)"), std::string::npos)
      << e029[0];
  message = error_of([&] { (void)dl::create_manifest(dir / "d", {}); });
  EXPECT_NE(message.find("outside the delivery"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir / "d/ascmhl"));
  message = error_of([&] { (void)dl::write_checksum_files(dir / "d", dl::HashType::xxh64, false, nullptr); });
  EXPECT_NE(message.find("outside the delivery"), std::string::npos) << message;
  fs::remove(dir / "d/A001/A001.1002.exr");

  // A dangling link is named as such; a link inside the delivery is still reported, but the
  // manifest may cover it (ascmhl hashes a linked file's content).
  fs::create_symlink("A001.9999.exr", dir / "d/A001/A001.1002.exr");
  e029 = findings("DLV-E029");
  ASSERT_EQ(e029.size(), 1u);
  EXPECT_NE(e029[0].find("(dangling)"), std::string::npos) << e029[0];
  fs::remove(dir / "d/A001/A001.1002.exr");
  fs::create_symlink("A001.1001.exr", dir / "d/A001/A001.1002.exr");
  e029 = findings("DLV-E029");
  ASSERT_EQ(e029.size(), 1u);
  EXPECT_EQ(e029[0].find("outside"), std::string::npos) << e029[0];
  EXPECT_EQ(error_of([&] { (void)dl::create_manifest(dir / "d", {}); }), "(accepted)");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20)) << "nothing may block";
}
