// SPDX-License-Identifier: Apache-2.0
// EXR masters written with the OpenEXR API: the header holds exactly the attributes asked for
// (read back here with OpenEXR's own Imf::InputFile, not aceslab's reader), the same input gives
// the same bytes, every compression name maps to OpenEXR's, and a write that fails (the file size
// limit standing in for a full disk) leaves no file behind.
#include <OpenEXR/ImfChannelList.h>
#include <OpenEXR/ImfChromaticitiesAttribute.h>
#include <OpenEXR/ImfHeader.h>
#include <OpenEXR/ImfInputFile.h>
#include <OpenEXR/ImfIntAttribute.h>
#include <OpenEXR/ImfRationalAttribute.h>
#include <OpenEXR/ImfStandardAttributes.h>
#include <OpenEXR/ImfStringAttribute.h>
#include <OpenEXR/ImfTimeCodeAttribute.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "color/error.h"
#include "color/half_bits.h"
#include "image/exr_reader.h"
#include "image/exr_writer.h"
#include "tests/cli/cli_test_support.h"

namespace aces = aceslab::aces;
namespace fs = std::filesystem;

namespace {

struct Folder {
  fs::path path = fs::temp_directory_path() / ("aceslab_exr_writer_" + std::to_string(::getpid()));
  Folder() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Folder() { fs::remove_all(path); }
};

std::vector<std::uint16_t> ramp(int w, int h, int ch) {
  std::vector<float> v(static_cast<std::size_t>(w) * h * ch);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i % 977) / 97.0f - 1.0f;
  std::vector<std::uint16_t> half(v.size());
  aces::floats_to_halves(v, half);
  return half;
}

aces::ExrWriteSpec master_spec(int w, int h) {
  aces::ExrWriteSpec s;
  s.width = w;
  s.height = h;
  s.chromaticities = aces::ExrChromaticities{0.7347f, 0.2653f, 0.0f, 1.0f, 0.0001f, -0.077f, 0.32168f, 0.33767f};
  s.adopted_neutral = std::array<float, 2>{0.32168f, 0.33767f};
  s.aces_image_container_flag = true;
  s.frames_per_second = aces::ExrRational{24000, 1001};
  s.timecode = aces::ExrTimecode{1, 2, 3, 4, false};
  s.image_counter = 1009;
  s.owner = "Studio";
  s.comments = "NAM";
  s.cap_date = "2025:10:01 14:30:00";
  return s;
}

}  // namespace

TEST(ExrWriter, HeaderHoldsExactlyTheAttributesAsked) {
  Folder dir;
  const fs::path file = dir.path / "a.exr";
  aces::write_exr(file, master_spec(64, 32), ramp(64, 32, 3), aceslab::Overwrite::refuse);
  Imf::InputFile in(file.c_str());
  const Imf::Header& h = in.header();
  EXPECT_EQ(h.compression(), Imf::NO_COMPRESSION);
  EXPECT_EQ(h.lineOrder(), Imf::INCREASING_Y);
  EXPECT_EQ(h.dataWindow(), h.displayWindow());
  EXPECT_EQ(h.dataWindow().max.x, 63);
  EXPECT_FALSE(h.hasTileDescription());
  int channels = 0;
  for (auto it = h.channels().begin(); it != h.channels().end(); ++it, ++channels) EXPECT_EQ(it.channel().type, Imf::HALF);
  EXPECT_EQ(channels, 3);
  EXPECT_TRUE(h.channels().findChannel("R") && h.channels().findChannel("G") && h.channels().findChannel("B"));
  ASSERT_TRUE(Imf::hasChromaticities(h));
  EXPECT_FLOAT_EQ(Imf::chromaticities(h).red.x, 0.7347f);
  EXPECT_FLOAT_EQ(Imf::chromaticities(h).blue.y, -0.077f);
  EXPECT_FLOAT_EQ(Imf::chromaticities(h).white.x, 0.32168f);
  ASSERT_TRUE(Imf::hasAdoptedNeutral(h));
  EXPECT_FLOAT_EQ(Imf::adoptedNeutral(h).y, 0.33767f);
  ASSERT_TRUE(h.findTypedAttribute<Imf::IntAttribute>("acesImageContainerFlag"));
  EXPECT_EQ(h.findTypedAttribute<Imf::IntAttribute>("acesImageContainerFlag")->value(), 1);
  ASSERT_TRUE(h.findTypedAttribute<Imf::RationalAttribute>("framesPerSecond"));
  EXPECT_EQ(Imf::framesPerSecond(h).n, 24000);
  EXPECT_EQ(Imf::framesPerSecond(h).d, 1001u);
  ASSERT_TRUE(Imf::hasTimeCode(h));
  EXPECT_EQ(Imf::timeCode(h).hours(), 1);
  EXPECT_EQ(Imf::timeCode(h).frame(), 4);
  EXPECT_EQ(h.findTypedAttribute<Imf::IntAttribute>("imageCounter")->value(), 1009);
  EXPECT_EQ(Imf::owner(h), "Studio");
  EXPECT_EQ(Imf::comments(h), "NAM");
  EXPECT_EQ(Imf::capDate(h), "2025:10:01 14:30:00");
  // Nothing else: the structural attributes plus the eleven asked for.
  std::vector<std::string> names;
  for (auto it = h.begin(); it != h.end(); ++it) names.push_back(it.name());
  const std::vector<std::string> expected = {"acesImageContainerFlag", "adoptedNeutral", "capDate", "channels", "chromaticities",
                                             "comments", "compression", "dataWindow", "displayWindow", "framesPerSecond",
                                             "imageCounter", "lineOrder", "owner", "pixelAspectRatio", "screenWindowCenter",
                                             "screenWindowWidth", "timeCode"};
  EXPECT_EQ(names, expected);
}

TEST(ExrWriter, PixelsRoundTripAndAlpha) {
  Folder dir;
  aces::ExrWriteSpec spec = master_spec(16, 8);
  spec.alpha = true;
  spec.compression = aces::ExrCompression::piz;
  spec.aces_image_container_flag = false;
  const std::vector<std::uint16_t> px = ramp(16, 8, 4);
  aces::write_exr(dir.path / "a.exr", spec, px, aceslab::Overwrite::refuse);
  const aces::ExrPixels back = aces::read_exr_pixels(dir.path / "a.exr", {"R", "G", "B", "A"});
  ASSERT_EQ(back.values.size(), px.size());
  for (std::size_t i = 0; i < px.size(); ++i) ASSERT_EQ(back.values[i], aces::half_to_float(px[i])) << i;
  const aces::ExrFileInfo info = aces::read_exr_info(dir.path / "a.exr");
  EXPECT_EQ(info.compression, "piz");
  EXPECT_FALSE(info.aces_image_container_flag);
  EXPECT_EQ(info.channels.size(), 4u);
  EXPECT_TRUE(info.complete);
}

TEST(ExrWriter, SameInputSameBytes) {
  Folder dir;
  const std::vector<std::uint16_t> px = ramp(128, 64, 3);
  for (aces::ExrCompression c : {aces::ExrCompression::none, aces::ExrCompression::zip, aces::ExrCompression::piz}) {
    aces::ExrWriteSpec spec = master_spec(128, 64);
    spec.compression = c;
    spec.threads = 2;
    aces::set_exr_thread_pool(2);
    aces::write_exr(dir.path / "a.exr", spec, px, aceslab::Overwrite::allow);
    spec.threads = 0;
    aces::write_exr(dir.path / "b.exr", spec, px, aceslab::Overwrite::allow);
    EXPECT_TRUE(aceslab::test::read_text(dir.path / "a.exr") == aceslab::test::read_text(dir.path / "b.exr")) << aces::exr_compression_name(c);
  }
}

TEST(ExrWriter, CompressionNames) {
  for (const char* name : {"none", "rle", "zips", "zip", "piz", "pxr24", "b44", "b44a", "dwaa", "dwab"}) {
    const auto c = aces::exr_compression_from_name(name);
    ASSERT_TRUE(c) << name;
    EXPECT_STREQ(aces::exr_compression_name(*c), name);
  }
  EXPECT_EQ(aces::exr_compression_from_name("PIZ"), aces::ExrCompression::piz);
  EXPECT_FALSE(aces::exr_compression_from_name("zip2"));
  EXPECT_TRUE(aces::exr_compression_is_lossy(aces::ExrCompression::dwaa));
  EXPECT_TRUE(aces::exr_compression_is_lossy(aces::ExrCompression::b44));
  EXPECT_FALSE(aces::exr_compression_is_lossy(aces::ExrCompression::piz));
}

TEST(ExrWriter, RefusesToOverwriteAndChecksTheBuffer) {
  Folder dir;
  aces::write_exr(dir.path / "a.exr", master_spec(8, 8), ramp(8, 8, 3), aceslab::Overwrite::refuse);
  EXPECT_THROW(aces::write_exr(dir.path / "a.exr", master_spec(8, 8), ramp(8, 8, 3), aceslab::Overwrite::refuse), aceslab::Error);
  EXPECT_THROW(aces::write_exr(dir.path / "b.exr", master_spec(8, 8), ramp(8, 7, 3), aceslab::Overwrite::refuse), aceslab::Error);
}

TEST(ExrWriter, FailedWriteLeavesNothing) {
  // A soft RLIMIT_FSIZE of 64 kB makes writes past it fail with EFBIG, as a full disk fails with
  // ENOSPC (SIGXFSZ ignored so the write returns an error); the limit is restored afterwards.
  Folder dir;
  const fs::path file = dir.path / "big.exr";
  rlimit saved{};
  getrlimit(RLIMIT_FSIZE, &saved);
  const auto previous = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limit = saved;
  limit.rlim_cur = 64 * 1024;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limit), 0);
  std::string message;
  try {
    aces::write_exr(file, master_spec(512, 256), ramp(512, 256, 3), aceslab::Overwrite::refuse);
  } catch (const aceslab::Error& e) {
    message = e.what();
  }
  setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, previous);
  EXPECT_NE(message.find("big.exr"), std::string::npos) << message;
  EXPECT_NE(message.find("cannot write EXR"), std::string::npos) << message;
  EXPECT_TRUE(fs::is_empty(dir.path)) << "a partial or temporary file was left";
}
