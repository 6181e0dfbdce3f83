// SPDX-License-Identifier: Apache-2.0
// Inputs from outside (color/input_file.h, color/text.h): FIFOs, devices and directories are
// refused by name without blocking, sizes and line lengths are capped, and text on its way to
// messages, XML and JSON is made valid UTF-8 without losing what it said.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "color/error.h"
#include "color/input_file.h"
#include "color/text.h"

namespace aceslab {
namespace {
namespace fs = std::filesystem;

std::string expect_io(const fs::path& path, const char* message) {
  try {
    read_input_file(path, 1000, "the LUT file");
    ADD_FAILURE() << "accepted " << path;
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::io) << e.what();
    EXPECT_NE(std::string(e.detail()).find(message), std::string::npos) << e.what();
    EXPECT_EQ(e.location().path, path.string());
    return e.what();
  }
  return {};
}

TEST(InputFile, NonRegularFilesAreRefusedWithoutBlocking) {
  const fs::path dir = fs::temp_directory_path() / ("aceslab_input_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path fifo = dir / "fifo.cube";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto start = std::chrono::steady_clock::now();
  expect_io(fifo, "the LUT file is a FIFO, not a regular file");  // no writer: open must not wait
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  expect_io("/dev/zero", "is a character device, not a regular file");
  expect_io(dir, "is a directory, not a regular file");
  expect_io(dir / "missing.cube", "no such file");
  EXPECT_THROW(check_input_file(fifo, "the image"), Error);
  fs::remove_all(dir);
}

TEST(InputFile, SizeLimitIsCheckedBeforeReading) {
  const fs::path file = fs::temp_directory_path() / ("aceslab_input_big_" + std::to_string(::getpid()));
  std::ofstream(file) << std::string(2000, 'x');
  try {
    read_input_file(file, 1000, "the manifest");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unsupported);
    EXPECT_NE(std::string(e.detail()).find("the manifest is 2000 bytes, more than the 1000-byte limit"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(read_input_file(file, 2000, "x").size(), 2000u);
  fs::remove(file);
}

TEST(InputFile, LongLinesAreCutAndMeasured) {
  std::istringstream in(std::string(100000, '1') + "\nshort\r\nlast");
  std::string line;
  std::size_t length = 0;
  EXPECT_EQ(read_line(in, line, 4096, &length), LineStatus::too_long);
  EXPECT_EQ(line.size(), 4096u);
  EXPECT_EQ(length, 100000u);
  EXPECT_EQ(read_line(in, line, 4096), LineStatus::ok);
  EXPECT_EQ(line, "short");
  EXPECT_EQ(read_line(in, line, 4096), LineStatus::ok);
  EXPECT_EQ(line, "last");
  EXPECT_EQ(read_line(in, line, 4096), LineStatus::end);
}

TEST(InputFile, EveryLineEndingEndsALine) {
  // Unix, Windows and classic Mac OS line ends, mixed; an empty line between two CRs.
  std::istringstream in("unix\nwindows\r\nmac\r\rlast\r");
  std::string line;
  for (const char* want : {"unix", "windows", "mac", "", "last"}) {
    ASSERT_EQ(read_line(in, line, 4096), LineStatus::ok) << want;
    EXPECT_EQ(line, want);
  }
  EXPECT_EQ(read_line(in, line, 4096), LineStatus::end);
}

TEST(Text, Utf8IsCheckedStrictly) {
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9 \xE2\x80\xA6 \xF0\x9F\x8E\xA5"));
  EXPECT_FALSE(is_valid_utf8("caf\xE9"));              // Latin-1
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));             // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));         // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));     // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE2\x80"));             // cut inside a character
  EXPECT_EQ(to_valid_utf8("caf\xE9"), "caf\xC3\xA9");  // read as Latin-1
  EXPECT_EQ(to_valid_utf8("ok \xE2\x80\xA6"), "ok \xE2\x80\xA6");
}

TEST(Text, XmlTextHasNoForbiddenCharacters) {
  EXPECT_EQ(to_xml_text(std::string("a\x01" "b\tc\n", 6)), "a\xEF\xBF\xBD" "b\tc\n");
  EXPECT_EQ(to_xml_text("\x7F"), "\xEF\xBF\xBD");
  EXPECT_EQ(to_xml_text("\xEF\xBF\xBE"), "\xEF\xBF\xBD");  // U+FFFE
  EXPECT_EQ(to_xml_text("ca\xE9"), "ca\xC3\xA9");
}

TEST(Text, ExcerptsAreShortQuotedAndCutOnACharacter) {
  EXPECT_EQ(quote_excerpt("0.1 0.2"), "\"0.1 0.2\"");
  const std::string long_line(50000000, '1');
  const std::string e = quote_excerpt(long_line);
  EXPECT_LT(e.size(), 100u);
  EXPECT_NE(e.find("\xE2\x80\xA6\" (50000000 bytes)"), std::string::npos) << e;
  // 59 ASCII bytes then a 3-byte character: the cut falls before it, never inside.
  const std::string text = std::string(59, 'a') + "\xE2\x82\xAC" + "tail";
  const std::string cut = quote_excerpt(text);
  EXPECT_TRUE(is_valid_utf8(cut)) << cut;
  EXPECT_EQ(cut.find("\xE2\x82\xAC"), std::string::npos);
  EXPECT_EQ(quote_excerpt("abc", 60, 5000), "\"abc\xE2\x80\xA6\" (5000 bytes)");
  EXPECT_EQ(quote_excerpt(std::string("a\nb", 3)), "\"a\xEF\xBF\xBD" "b\"");
}

}  // namespace
}  // namespace aceslab
