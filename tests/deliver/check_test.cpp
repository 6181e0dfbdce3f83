// SPDX-License-Identifier: Apache-2.0
// Delivery validation: one folder per finding, built from a clean delivery (written by aceslab's
// EXR writer) with one thing broken, the broken files written with the OpenEXR API directly
// (tiled, multi-part, deep, float, extra channels, other chromaticities, lossy compression...).
// Each test checks the finding id and the file it names, and that the clean folder has none.
#include <OpenEXR/ImfChannelList.h>
#include <OpenEXR/ImfChromaticitiesAttribute.h>
#include <OpenEXR/ImfDeepFrameBuffer.h>
#include <OpenEXR/ImfDeepScanLineOutputFile.h>
#include <OpenEXR/ImfFrameBuffer.h>
#include <OpenEXR/ImfHeader.h>
#include <OpenEXR/ImfIntAttribute.h>
#include <OpenEXR/ImfMultiPartOutputFile.h>
#include <OpenEXR/ImfOutputFile.h>
#include <OpenEXR/ImfOutputPart.h>
#include <OpenEXR/ImfPartType.h>
#include <OpenEXR/ImfStandardAttributes.h>
#include <OpenEXR/ImfStringAttribute.h>
#include <OpenEXR/ImfTiledOutputFile.h>
#include <Imath/half.h>
#include <gtest/gtest.h>

#include <functional>
#include <fstream>

#include "deliver/check.h"
#include "deliver/manifest.h"
#include "deliver/profile.h"
#include "deliver_test_support.h"
#include "image/exr_writer.h"

namespace deliver = aceslab::deliver;
namespace aces = aceslab::aces;
namespace fs = std::filesystem;
using aceslab::test::TempDir;

namespace {

constexpr int kW = 32, kH = 16;

std::vector<std::uint16_t> grey(int w = kW, int h = kH, float v = 0.18f, int ch = 3) {
  std::vector<float> f(static_cast<std::size_t>(w) * h * ch, v);
  std::vector<std::uint16_t> half(f.size());
  aces::floats_to_halves(f, half);
  return half;
}

aces::ExrWriteSpec master(aces::ExrCompression c = aces::ExrCompression::none) {
  aces::ExrWriteSpec s;
  s.width = kW;
  s.height = kH;
  s.compression = c;
  s.chromaticities = deliver::ap0_chromaticities();
  s.adopted_neutral = deliver::aces_white();
  s.aces_image_container_flag = c == aces::ExrCompression::none;
  return s;
}

std::string frame_name(long long f) {
  char n[64];
  std::snprintf(n, sizeof n, "A001C003.%07lld.exr", f);
  return n;
}

// A clean uncompressed delivery of frames first..last in root/A001C003/, with an MHL.
void clean_delivery(const fs::path& root, long long first = 1001, long long last = 1004, bool manifest = true) {
  fs::create_directories(root / "A001C003");
  for (long long f = first; f <= last; ++f) {
    aces::ExrWriteSpec s = master();
    s.image_counter = static_cast<int>(f);
    aces::write_exr(root / "A001C003" / frame_name(f), s, grey(), aceslab::Overwrite::allow);
  }
  if (manifest) deliver::create_manifest(root, {});
}

// Writes a scanline file with the OpenEXR API; `edit` changes the header before writing.
void write_raw(const fs::path& path, const std::function<void(Imf::Header&)>& edit, Imf::PixelType type = Imf::HALF,
               std::vector<std::string> channels = {"R", "G", "B"}) {
  Imf::Header h(kW, kH);
  h.compression() = Imf::NO_COMPRESSION;
  for (const auto& c : channels) h.channels().insert(c, Imf::Channel(type));
  Imf::addChromaticities(h, Imf::Chromaticities(IMATH_NAMESPACE::V2f(0.7347f, 0.2653f), IMATH_NAMESPACE::V2f(0.0f, 1.0f),
                                                IMATH_NAMESPACE::V2f(0.0001f, -0.077f), IMATH_NAMESPACE::V2f(0.32168f, 0.33767f)));
  edit(h);
  const IMATH_NAMESPACE::Box2i dw = h.dataWindow();
  const int w = dw.max.x - dw.min.x + 1, hh = dw.max.y - dw.min.y + 1;
  // OpenEXR writes from a buffer of the channel's own type.
  std::vector<float> px(static_cast<std::size_t>(w) * hh, 0.18f);
  std::vector<half> hx(px.size(), half(0.18f));
  const std::size_t size = type == Imf::HALF ? 2 : 4;
  char* data = type == Imf::HALF ? reinterpret_cast<char*>(hx.data()) : reinterpret_cast<char*>(px.data());
  Imf::OutputFile out(path.c_str(), h);
  Imf::FrameBuffer fb;
  char* base = data - (static_cast<std::ptrdiff_t>(dw.min.x) + static_cast<std::ptrdiff_t>(dw.min.y) * w) * static_cast<std::ptrdiff_t>(size);
  for (const auto& c : channels) fb.insert(c, Imf::Slice(type, base, size, size * static_cast<std::size_t>(w)));
  out.setFrameBuffer(fb);
  out.writePixels(hh);
}

std::vector<std::string> ids(const deliver::CheckReport& r, const std::string& file = "*") {
  std::vector<std::string> out;
  for (const auto& f : r.findings) {
    if (file == "*" || f.file == file) out.push_back(f.id);
  }
  return out;
}

bool has(const deliver::CheckReport& r, const std::string& id, const std::string& file = "*") {
  const auto v = ids(r, file);
  return std::find(v.begin(), v.end(), id) != v.end();
}

deliver::CheckReport check(const fs::path& root, deliver::Profile p = deliver::Profile::nam, bool pixels = false,
                           std::optional<long long> start = 1001) {
  deliver::CheckOptions o;
  o.profile = p;
  o.min_size = deliver::FrameSize{kW, kH};
  o.start_frame = start;
  o.pixels = pixels;
  return deliver::check_delivery(root, o);
}

const std::string kSecond = "A001C003/A001C003.0001002.exr";

}  // namespace

TEST(Check, CleanDeliveryHasNoFinding) {
  TempDir dir("check_clean");
  clean_delivery(dir / "NAM");
  const deliver::CheckReport r = check(dir / "NAM", deliver::Profile::nam, true);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.findings.empty()) << ids(r).front() << " " << r.findings.front().message;
  EXPECT_EQ(r.exr_files, 4u);
  EXPECT_EQ(r.sequences, 1u);
  EXPECT_TRUE(check(dir / "NAM", deliver::Profile::st2065_4).ok());
}

TEST(Check, HeaderFindings) {
  TempDir dir("check_headers");
  const fs::path root = dir / "NAM";
  struct Case {
    const char* id;
    std::function<void(const fs::path&)> write;
  };
  const std::vector<Case> cases = {
      {"DLV-E001", [](const fs::path& p) { write_raw(p, [](Imf::Header& h) { Imf::addChromaticities(h, Imf::Chromaticities()); }); }},
      {"DLV-E002", [](const fs::path& p) { write_raw(p, [](Imf::Header&) {}, Imf::FLOAT); }},
      {"DLV-E003", [](const fs::path& p) { write_raw(p, [](Imf::Header& h) { h.compression() = Imf::RLE_COMPRESSION; }); }},
      {"DLV-E004", [](const fs::path& p) { write_raw(p, [](Imf::Header& h) { h.compression() = Imf::DWAA_COMPRESSION; }); }},
      {"DLV-E008", [](const fs::path& p) { write_raw(p, [](Imf::Header&) {}, Imf::HALF, {"R", "G", "B", "Z"}); }},
      {"DLV-E009", [](const fs::path& p) { write_raw(p, [](Imf::Header& h) { h.dataWindow() = IMATH_NAMESPACE::Box2i({2, 2}, {kW - 3, kH - 3}); }); }},
      {"DLV-E016", [](const fs::path& p) {
         write_raw(p, [](Imf::Header& h) {
           h.compression() = Imf::PIZ_COMPRESSION;
           h.insert("acesImageContainerFlag", Imf::IntAttribute(1));
         });
       }},
      {"DLV-E005", [](const fs::path& p) {
         Imf::Header h(kW, kH);
         for (const char* c : {"R", "G", "B"}) h.channels().insert(c, Imf::Channel(Imf::HALF));
         h.setTileDescription(Imf::TileDescription(16, 16));
         Imf::addChromaticities(h, Imf::Chromaticities(IMATH_NAMESPACE::V2f(0.7347f, 0.2653f), IMATH_NAMESPACE::V2f(0.0f, 1.0f),
                                                       IMATH_NAMESPACE::V2f(0.0001f, -0.077f), IMATH_NAMESPACE::V2f(0.32168f, 0.33767f)));
         std::vector<half> px(kW * kH, half(0.18f));
         Imf::TiledOutputFile out(p.c_str(), h);
         Imf::FrameBuffer fb;
         for (const char* c : {"R", "G", "B"}) fb.insert(c, Imf::Slice(Imf::HALF, reinterpret_cast<char*>(px.data()), 2, 2 * kW));
         out.setFrameBuffer(fb);
         out.writeTiles(0, out.numXTiles() - 1, 0, out.numYTiles() - 1);
       }},
      {"DLV-E006", [](const fs::path& p) {
         std::vector<Imf::Header> headers(2, Imf::Header(kW, kH));
         for (int i = 0; i < 2; ++i) {
           for (const char* c : {"R", "G", "B"}) headers[i].channels().insert(c, Imf::Channel(Imf::HALF));
           headers[i].setName(i == 0 ? "left" : "right");
           headers[i].setType(Imf::SCANLINEIMAGE);
         }
         Imf::MultiPartOutputFile out(p.c_str(), headers.data(), 2);
         std::vector<half> px(kW * kH, half(0.18f));
         for (int i = 0; i < 2; ++i) {
           Imf::OutputPart part(out, i);
           Imf::FrameBuffer fb;
           for (const char* c : {"R", "G", "B"}) fb.insert(c, Imf::Slice(Imf::HALF, reinterpret_cast<char*>(px.data()), 2, 2 * kW));
           part.setFrameBuffer(fb);
           part.writePixels(kH);
         }
       }},
      {"DLV-E007", [](const fs::path& p) {
         Imf::Header h(kW, kH);
         for (const char* c : {"R", "G", "B"}) h.channels().insert(c, Imf::Channel(Imf::HALF));
         h.setType(Imf::DEEPSCANLINE);
         h.compression() = Imf::ZIPS_COMPRESSION;
         Imf::DeepScanLineOutputFile out(p.c_str(), h);
         std::vector<unsigned> counts(kW * kH, 1);
         std::vector<half> value(kW * kH, half(0.18f));
         std::vector<half*> pointers(kW * kH);
         for (int i = 0; i < kW * kH; ++i) pointers[i] = &value[i];
         Imf::DeepFrameBuffer fb;
         fb.insertSampleCountSlice(Imf::Slice(Imf::UINT, reinterpret_cast<char*>(counts.data()), 4, 4 * kW));
         for (const char* c : {"R", "G", "B"}) {
           fb.insert(c, Imf::DeepSlice(Imf::HALF, reinterpret_cast<char*>(pointers.data()), sizeof(half*), sizeof(half*) * kW, 2));
         }
         out.setFrameBuffer(fb);
         out.writePixels(kH);
       }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.id);
    fs::remove_all(root);
    clean_delivery(root, 1001, 1004, false);
    c.write(root / kSecond);
    deliver::create_manifest(root, {});
    const deliver::CheckReport r = check(root);
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(has(r, c.id, kSecond)) << "got: " << (r.findings.empty() ? "nothing" : r.findings.front().id + " " + r.findings.front().message);
  }
}

TEST(Check, ProfileRulesOnCompressionAndTheContainerFlag) {
  TempDir dir("check_profiles");
  fs::path root;
  auto write_all = [&](const std::string& name, const aces::ExrWriteSpec& s) {
    root = dir / name;
    fs::create_directories(root / "A001C003");
    for (long long f = 1001; f <= 1003; ++f) aces::write_exr(root / "A001C003" / frame_name(f), s, grey(), aceslab::Overwrite::allow);
    deliver::create_manifest(root, {});
  };
  write_all("piz", master(aces::ExrCompression::piz));
  EXPECT_TRUE(check(root, deliver::Profile::vfx).ok());
  EXPECT_TRUE(check(root, deliver::Profile::nam).ok());
  EXPECT_TRUE(has(check(root, deliver::Profile::st2065_4), "DLV-E003", kSecond));
  // Uncompressed without the flag: fine for a NAM, an error for ST 2065-4.
  aces::ExrWriteSpec s = master();
  s.aces_image_container_flag = false;
  write_all("none", s);
  EXPECT_TRUE(check(root, deliver::Profile::nam).ok());
  EXPECT_TRUE(has(check(root, deliver::Profile::st2065_4), "DLV-E017", kSecond));
  // A compression that changes within the sequence is a changed attribute.
  write_all("mixed", s);
  aces::write_exr(root / kSecond, master(aces::ExrCompression::zip), grey(), aceslab::Overwrite::allow);
  fs::remove_all(root / "ascmhl");
  deliver::create_manifest(root, {});
  EXPECT_TRUE(has(check(root, deliver::Profile::nam), "DLV-E010", kSecond));
}

TEST(Check, SequenceFindings) {
  TempDir dir("check_sequences");
  const fs::path root = dir / "NAM";
  clean_delivery(root, 1000, 1006, false);
  fs::remove(root / "A001C003" / frame_name(1004));                                       // gap
  fs::copy_file(root / "A001C003" / frame_name(1002), root / "A001C003/A001C003.001002.exr");  // duplicate, mixed padding
  aces::ExrWriteSpec other = master();
  other.owner = "someone else";
  aces::write_exr(root / "A001C003" / frame_name(1005), other, grey(), aceslab::Overwrite::allow);  // attribute change
  aces::ExrWriteSpec small = master();
  small.width = kW / 2;
  aces::write_exr(root / "A001C003" / frame_name(1006), small, grey(kW / 2), aceslab::Overwrite::allow);  // resolution change
  deliver::create_manifest(root, {});
  const deliver::CheckReport r = check(root);
  EXPECT_TRUE(has(r, "DLV-E012"));
  EXPECT_TRUE(has(r, "DLV-E013"));
  EXPECT_TRUE(has(r, "DLV-E014"));
  EXPECT_TRUE(has(r, "DLV-E010", "A001C003/" + frame_name(1005)));
  EXPECT_TRUE(has(r, "DLV-E010", "A001C003/" + frame_name(1006)));
  EXPECT_TRUE(has(r, "DLV-E011", "A001C003/" + frame_name(1006)));
  EXPECT_TRUE(has(r, "DLV-I027", "A001C003/" + frame_name(1000))) << "1000 before --start-frame 1001 is a slate";
  const deliver::CheckReport late = check(root, deliver::Profile::nam, false, 990);
  EXPECT_TRUE(has(late, "DLV-E015"));
  for (const auto& f : r.findings) {
    if (f.id == "DLV-E012") {
      EXPECT_NE(f.message.find("1004"), std::string::npos) << f.message;
    }
  }
}

TEST(Check, NamesArchivesTemporariesAndOtherFormats) {
  TempDir dir("check_names");
  const fs::path root = dir / "NAM";
  clean_delivery(root, 1001, 1002, false);
  fs::create_directories(root / "bad folder");
  std::ofstream(root / "bad folder/notes.txt") << "x";
  std::ofstream(root / "A001C003/frames.zip") << "x";
  std::ofstream(root / "A001C003/plate.1001.dpx") << "x";
  std::ofstream(root / "A001C003/.A001C003.0001003.tmp-99-1.exr") << "x";
  deliver::create_manifest(root, {});
  const deliver::CheckReport r = check(root);
  EXPECT_TRUE(has(r, "DLV-E018", "bad folder"));
  EXPECT_TRUE(has(r, "DLV-E026", "A001C003/frames.zip"));
  EXPECT_TRUE(has(r, "DLV-E024", "A001C003/plate.1001.dpx"));
  EXPECT_TRUE(has(r, "DLV-W025", "A001C003/.A001C003.0001003.tmp-99-1.exr"));
}

TEST(Check, ManifestMissingStaleAndMismatching) {
  TempDir dir("check_manifest");
  const fs::path root = dir / "NAM";
  clean_delivery(root, 1001, 1003, false);
  EXPECT_TRUE(has(check(root), "DLV-E019"));
  const deliver::CheckReport vfx = check(root, deliver::Profile::vfx);
  EXPECT_TRUE(vfx.ok()) << "a missing manifest is a warning outside NAM";
  EXPECT_TRUE(has(vfx, "DLV-E019"));

  deliver::create_manifest(root, {});
  EXPECT_TRUE(check(root).ok());
  aces::write_exr(root / "A001C003" / frame_name(1004), master(), grey(), aceslab::Overwrite::allow);  // added later
  EXPECT_TRUE(has(check(root), "DLV-E020"));
  fs::remove(root / "A001C003" / frame_name(1004));
  aces::ExrWriteSpec big = master();
  big.owner = "a longer header changes the size";
  aces::write_exr(root / kSecond, big, grey(), aceslab::Overwrite::allow);
  EXPECT_TRUE(has(check(root), "DLV-E021"));
  aces::write_exr(root / kSecond, master(), grey(), aceslab::Overwrite::allow);

  // checksum.txt instead of an MHL.
  fs::remove_all(root / "ascmhl");
  deliver::ManifestOptions sums;
  sums.mhl = false;
  sums.checksum = true;
  deliver::create_manifest(root, sums);
  EXPECT_TRUE(check(root).ok()) << check(root).findings.front().message;
  fs::remove(root / "A001C003" / frame_name(1003));
  EXPECT_TRUE(has(check(root), "DLV-E020", "A001C003/checksum.txt"));
}

TEST(Check, PixelsNonFiniteAndLogEncodedValues) {
  TempDir dir("check_pixels");
  const fs::path root = dir / "NAM";
  clean_delivery(root, 1001, 1002, false);
  // A scene-linear frame (the generated plate through the IDT) gives no log warning...
  std::vector<float> lin = aceslab::test::plate_pixels({kW, kH}, 3);
  aceslab::aces::ClfTransform(aceslab::test::logc3_idt()).apply(lin);
  std::vector<std::uint16_t> half(lin.size());
  aces::floats_to_halves(lin, half);
  aces::write_exr(root / "A001C003" / frame_name(1003), master(), half, aceslab::Overwrite::allow);
  // ...the same frame left in LogC3 code values ("log written as linear") does, with evidence.
  const std::vector<float> log = aceslab::test::plate_pixels({kW, kH}, 3);
  aces::floats_to_halves(log, half);
  aces::write_exr(root / "A001C003" / frame_name(1004), master(), half, aceslab::Overwrite::allow);
  std::vector<std::uint16_t> nan = grey();
  nan[5] = 0x7E00;
  nan[6] = 0x7C00;
  aces::write_exr(root / kSecond, master(), nan, aceslab::Overwrite::allow);
  deliver::create_manifest(root, {});
  EXPECT_TRUE(check(root).ok()) << "headers only: pixels are not read";
  const deliver::CheckReport r = check(root, deliver::Profile::nam, true);
  EXPECT_TRUE(has(r, "DLV-E022", kSecond));
  EXPECT_TRUE(has(r, "DLV-W023", "A001C003/" + frame_name(1004)));
  EXPECT_FALSE(has(r, "DLV-W023", "A001C003/" + frame_name(1003)));
  EXPECT_FALSE(has(r, "DLV-W023", "A001C003/" + frame_name(1001))) << "a flat grey frame says nothing";
  for (const auto& f : r.findings) {
    if (f.id == "DLV-E022") {
      EXPECT_NE(f.message.find("2 NaN"), std::string::npos) << f.message;
    } else if (f.id == "DLV-W023") {
      EXPECT_NE(f.message.find("1st percentile"), std::string::npos) << f.message;
    }
  }
}
