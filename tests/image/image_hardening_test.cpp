// SPDX-License-Identifier: Apache-2.0
// Image inputs under attack (issue 15 items 5 and 14): a tiny TIFF whose header declares
// 20000x13000 pixels (it decoded as a black 3 GB frame), FIFOs, unknown output extensions refused
// before any work, and grey + alpha files whose alpha landed in green and blue. And real files
// OpenEXR ships (openexr-images): tiled and mipmapped files (SIGFPE in OIIO's scanline reads), deep.
#include <OpenImageIO/deepdata.h>
#include <OpenImageIO/imagebuf.h>
#include <OpenImageIO/imagebufalgo.h>
#include <OpenImageIO/imageio.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "color/error.h"
#include "image/exr_reader.h"
#include "image/image_io.h"

namespace aces = aceslab::aces;
namespace fs = std::filesystem;
using aceslab::Error;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("aceslab_image_hard_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A baseline little-endian TIFF (TIFF 6.0 section 2): one 8-bit grey strip, deflate-compressed,
// whose header declares `width` x `height` while the strip holds a few bytes.
std::vector<unsigned char> tiny_tiff(std::uint32_t width, std::uint32_t height) {
  std::vector<unsigned char> b = {'I', 'I', 42, 0, 8, 0, 0, 0};
  auto u16 = [&](std::uint16_t v) {
    b.push_back(static_cast<unsigned char>(v & 0xFF));
    b.push_back(static_cast<unsigned char>(v >> 8));
  };
  auto u32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<unsigned char>((v >> (8 * i)) & 0xFF));
  };
  const std::uint16_t entries = 9;
  const std::uint32_t data_offset = 8 + 2 + entries * 12 + 4;
  const unsigned char deflated_zeros[] = {0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01};
  auto entry = [&](std::uint16_t tag, std::uint16_t type, std::uint32_t value) {
    u16(tag);
    u16(type);
    u32(1);
    if (type == 3) {
      u16(static_cast<std::uint16_t>(value));
      u16(0);
    } else {
      u32(value);
    }
  };
  u16(entries);
  entry(256, 4, width);                    // ImageWidth
  entry(257, 4, height);                   // ImageLength
  entry(258, 3, 8);                        // BitsPerSample
  entry(259, 3, 8);                        // Compression: deflate
  entry(262, 3, 1);                        // PhotometricInterpretation: black is zero
  entry(273, 4, data_offset);              // StripOffsets
  entry(277, 3, 1);                        // SamplesPerPixel
  entry(278, 4, height);                   // RowsPerStrip
  entry(279, 4, sizeof deflated_zeros);    // StripByteCounts
  u32(0);                                  // no next IFD
  b.insert(b.end(), std::begin(deflated_zeros), std::end(deflated_zeros));
  return b;
}

TEST(ImageHardening, HeadersDeclaringFarMoreThanTheFileHoldsAreRefused) {
  const fs::path dir = fresh_dir("declared");
  const auto bytes = tiny_tiff(20000, 13000);
  EXPECT_LT(bytes.size(), 400u);
  std::ofstream(dir / "huge.tif", std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                          static_cast<std::streamsize>(bytes.size()));
  const auto start = std::chrono::steady_clock::now();
  try {
    aces::read_image(dir / "huge.tif");
    ADD_FAILURE() << "read";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), aceslab::ErrorKind::invalid_input);
    EXPECT_NE(std::string(e.detail()).find("declares 20000x13000 pixels"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  // The same structure at a plausible size still reads (the check is about the ratio).
  const auto small = tiny_tiff(64, 48);
  std::ofstream(dir / "small.tif", std::ios::binary).write(reinterpret_cast<const char*>(small.data()),
                                                           static_cast<std::streamsize>(small.size()));
  EXPECT_NO_THROW(aces::ImageReader(dir / "small.tif"));
  fs::remove_all(dir);
}

TEST(ImageHardening, FifosAreRefusedWithoutBlocking) {
  const fs::path dir = fresh_dir("fifo");
  ASSERT_EQ(::mkfifo((dir / "plate.exr").c_str(), 0600), 0);
  try {
    aces::read_image(dir / "plate.exr");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.detail()).find("the image is a FIFO, not a regular file"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

TEST(ImageHardening, UnknownOutputExtensionsAreRefusedUpFront) {
  EXPECT_NO_THROW(aces::check_image_output("out.exr"));
  EXPECT_NO_THROW(aces::check_image_output("out.tif"));
  try {
    aces::check_image_output("out.xyz");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), aceslab::ErrorKind::usage);
    EXPECT_NE(std::string(e.detail()).find("no image writer for the extension \".xyz\""), std::string::npos);
  }
}

// Item 14: grey + alpha copied alpha into G and B.
TEST(ImageHardening, GreyPlusAlphaIsGrey) {
  const fs::path dir = fresh_dir("ya");
  for (const char* name : {"ya.tif", "ya.png", "ya.exr"}) {
    SCOPED_TRACE(name);
    const fs::path file = dir / name;
    OIIO::ImageSpec spec(4, 2, 2, OIIO::TypeDesc::UINT16);
    spec.channelnames = {"Y", "A"};
    spec.alpha_channel = 1;
    std::vector<float> pixels;
    for (int i = 0; i < 8; ++i) {
      pixels.push_back(0.25f);  // grey
      pixels.push_back(1.0f);   // opaque
    }
    auto out = OIIO::ImageOutput::create(file.string());
    ASSERT_TRUE(out);
    ASSERT_TRUE(out->open(file.string(), spec));
    ASSERT_TRUE(out->write_image(OIIO::TypeDesc::FLOAT, pixels.data()));
    ASSERT_TRUE(out->close());
    const aces::Image image = aces::read_image(file);
    ASSERT_EQ(image.rgb.size(), 8u * 3u);
    for (float v : image.rgb) EXPECT_NEAR(v, 0.25f, 1e-4f);
  }
  fs::remove_all(dir);
}

// OpenEXR 3.1 allocates what a header attribute declares before reading it (fuzz/exr_fuzzer.cpp
// found a 395-byte file costing 2 GB and 11 s): the attribute is refused by name first, by every
// EXR entry point, and a real file still reads.
TEST(ImageHardening, ExrAttributeLargerThanTheFileIsRefusedByName) {
  const fs::path dir = fresh_dir("exr_attr");
  std::vector<unsigned char> bytes = {0x76, 0x2f, 0x31, 0x01, 0x02, 0x00, 0x00, 0x00};
  const std::string name = "owner", type = "string";
  bytes.insert(bytes.end(), name.begin(), name.end());
  bytes.push_back(0);
  bytes.insert(bytes.end(), type.begin(), type.end());
  bytes.push_back(0);
  for (unsigned char b : {0x6c, 0x00, 0x01, 0x76}) bytes.push_back(b);  // 0x7601006c: 1.98 GB
  bytes.insert(bytes.end(), 64, 'x');
  const fs::path hostile = dir / "hostile.exr";
  std::ofstream(hostile, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  const auto start = std::chrono::steady_clock::now();
  try {
    (void)aces::read_exr_info(hostile);
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), aceslab::ErrorKind::io);
    const std::string what = e.what();
    EXPECT_NE(what.find("\"owner\""), std::string::npos) << what;
    EXPECT_NE(what.find("declares 1979777132 bytes"), std::string::npos) << what;
  }
  EXPECT_THROW((void)aces::read_exr_pixels(hostile), Error);
  EXPECT_FALSE(aces::exr_is_complete(hostile));
  // Refused from the header alone (OpenEXR took seconds to allocate the string): well under 1 s.
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 1.0);

  aces::Image image;
  image.width = 4;
  image.height = 2;
  image.rgb.assign(image.pixels() * 3, 0.25f);
  const fs::path good = dir / "good.exr";
  aces::write_image(good, image, aceslab::Overwrite::refuse);
  EXPECT_EQ(aces::read_exr_info(good).parts, 1);
  EXPECT_TRUE(aces::exr_is_complete(good));
  EXPECT_EQ(aces::read_exr_pixels(good).width, 4);
  fs::remove_all(dir);
}

}  // namespace

namespace {

// A W x H image with `channels` channels (RGB, RGBA, or Y + A) of distinct values, written by OIIO
// as scanlines or in 16x16 tiles.
void write_test_image(const fs::path& file, int channels, bool tiled) {
  constexpr int kW = 37, kH = 29;  // not multiples of the tile size
  OIIO::ImageSpec spec(kW, kH, channels, OIIO::TypeDesc::HALF);
  if (channels == 2) {
    spec.channelnames = {"Y", "A"};
    spec.alpha_channel = 1;
  }
  if (tiled) spec.tile_width = spec.tile_height = 16;
  std::vector<float> pixels(static_cast<std::size_t>(kW) * kH * channels);
  for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<float>(i % 997) / 997.0f;
  auto out = OIIO::ImageOutput::create(file.string());
  ASSERT_TRUE(out);
  ASSERT_TRUE(out->open(file.string(), spec));
  ASSERT_TRUE(out->write_image(OIIO::TypeDesc::FLOAT, pixels.data()));
  ASSERT_TRUE(out->close());
}

// `from` as a tiled, mipmapped texture (what maketx writes; OpenEXR's MultiResolution images).
void write_mipmapped(const fs::path& from, const fs::path& to) {
  OIIO::ImageSpec config;
  config.tile_width = config.tile_height = 16;
  ASSERT_TRUE(OIIO::ImageBufAlgo::make_texture(OIIO::ImageBufAlgo::MakeTxTexture, OIIO::ImageBuf(from.string()),
                                               to.string(), config));
}

}  // namespace

// OIIO 2.4's scanline reads divide by zero on tiled files (SIGFPE: `aceslab render` of OpenEXR's own
// Tiles/GoldenGate.exr and of mipmapped EXRs died). Every read path gives a tiled file the same
// pixels as the scanline file: rows in bands (chart sampling), whole frames with and without alpha,
// 16-bit and float, grey + alpha.
TEST(ImageHardening, TiledAndMipmappedFilesReadLikeScanlineFiles) {
  const fs::path dir = fresh_dir("tiled");
  for (int channels : {3, 4, 2}) {
    for (bool mip : {false, true}) {
      SCOPED_TRACE("channels " + std::to_string(channels) + (mip ? " mipmapped" : ""));
      const fs::path lines = dir / ("lines" + std::to_string(channels) + ".exr");
      const fs::path tiles = dir / ("tiles" + std::to_string(channels) + (mip ? "_mip" : "") + ".exr");
      write_test_image(lines, channels, false);
      if (mip) {
        write_mipmapped(lines, tiles);
      } else {
        write_test_image(tiles, channels, true);
      }
      {
        auto in = OIIO::ImageInput::open(tiles.string());
        ASSERT_TRUE(in);
        EXPECT_GT(in->spec().tile_width, 0);
        if (mip) {
          EXPECT_TRUE(in->seek_subimage(0, 1)) << "no second MIP level";
        }
      }
      aces::ImageReader a(lines), b(tiles);
      // Bands, as chart sampling reads them, in any order.
      for (auto [y0, y1] : {std::pair{10, 20}, std::pair{0, 5}, std::pair{20, 29}}) {
        EXPECT_EQ(a.read_rows(y0, y1).rgb, b.read_rows(y0, y1).rgb) << y0;
      }
      EXPECT_EQ(a.read().rgb, b.read().rgb);
      for (bool alpha : {false, true}) {
        const std::size_t n = 37u * 29u * (alpha ? 4u : 3u);
        std::vector<float> fa(n), fb(n);
        a.read_frame(alpha, fa);
        b.read_frame(alpha, fb);
        EXPECT_EQ(fa, fb) << "float, alpha " << alpha;
        std::vector<std::uint16_t> ua(n), ub(n);
        a.read_frame(alpha, ua);
        b.read_frame(alpha, ub);
        EXPECT_EQ(ua, ub) << "uint16, alpha " << alpha;
      }
    }
  }
  fs::remove_all(dir);
}

// Deep OpenEXR (several samples per pixel) is refused when opened, with what to do; OIIO's own
// message was "called OpenEXRInput::read_native_scanlines without an open file".
TEST(ImageHardening, DeepExrIsRefusedWithAdvice) {
  const fs::path dir = fresh_dir("deep");
  const fs::path file = dir / "deep.exr";
  OIIO::ImageSpec spec(4, 3, 4, OIIO::TypeDesc::HALF);
  spec.deep = true;
  auto out = OIIO::ImageOutput::create(file.string());
  ASSERT_TRUE(out);
  ASSERT_TRUE(out->open(file.string(), spec));
  OIIO::DeepData deep(spec);
  for (int p = 0; p < 12; ++p) deep.set_samples(p, 1);
  ASSERT_TRUE(out->write_deep_image(deep));
  ASSERT_TRUE(out->close());
  try {
    aces::ImageReader reader(file);
    ADD_FAILURE() << "opened";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), aceslab::ErrorKind::unsupported);
    EXPECT_EQ(e.location().path, file.string());
    EXPECT_NE(std::string(e.detail()).find("deep image"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.detail()).find("--flatten"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}
