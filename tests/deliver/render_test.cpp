// SPDX-License-Identifier: Apache-2.0
// Renders of generated plates (deliver_test_support.h): pixels against OpenColorIO applying the
// same CLF within half precision, for 10-bit DPX (tabulated path), 16-bit TIFF and float EXR with
// alpha (TransformChain path), --from and AMF recipes; frame numbering; headers read back with the
// OpenEXR API; byte-for-byte reproducibility; resume; and each bad input with its message.
#include <OpenEXR/ImfChannelList.h>
#include <OpenEXR/ImfHeader.h>
#include <OpenEXR/ImfInputFile.h>
#include <OpenEXR/ImfIntAttribute.h>
#include <OpenEXR/ImfStandardAttributes.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "color/error.h"
#include "deliver/render.h"
#include "deliver_test_support.h"
#include "image/image_io.h"
#include "tests/idt/minimal_dng.h"

namespace deliver = aceslab::deliver;
namespace fs = std::filesystem;
using aceslab::Error;
using aceslab::ErrorKind;
using aceslab::test::TempDir;

namespace {

deliver::RenderOptions idt_render(const std::string& source, const fs::path& out) {
  deliver::RenderOptions o;
  o.source = source;
  o.output = (out / "A001C003.%07d.exr").string();
  o.recipe.idt_clf = aceslab::test::logc3_idt().string();
  o.threads = 2;
  return o;
}

std::string render_error(const deliver::RenderOptions& o, ErrorKind expected_kind) {
  try {
    deliver::render(o);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), expected_kind) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "render did not fail";
  return {};
}

std::string amf_with(const std::string& input, const std::string& looks) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<aces:acesMetadataFile version="2.0" xmlns:aces="urn:ampas:aces:amf:v2.0">
  <aces:amfInfo>
    <aces:dateTime><aces:creationDateTime>2025-01-01T00:00:00Z</aces:creationDateTime><aces:modificationDateTime>2025-01-01T00:00:00Z</aces:modificationDateTime></aces:dateTime>
    <aces:uuid>urn:uuid:54bfd6af-57c0-4bd1-8f95-0952c4f25f86</aces:uuid>
  </aces:amfInfo>
  <aces:pipeline>
    <aces:pipelineInfo>
      <aces:dateTime><aces:creationDateTime>2025-01-01T00:00:00Z</aces:creationDateTime><aces:modificationDateTime>2025-01-01T00:00:00Z</aces:modificationDateTime></aces:dateTime>
      <aces:uuid>urn:uuid:d587baff-1e20-46e7-a3b1-bbb1194b0172</aces:uuid>
      <aces:systemVersion><aces:majorVersion>2</aces:majorVersion><aces:minorVersion>0</aces:minorVersion><aces:patchVersion>0</aces:patchVersion></aces:systemVersion>
    </aces:pipelineInfo>
    )" + input + looks + R"(
    <aces:outputTransform><aces:transformId>urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1</aces:transformId></aces:outputTransform>
  </aces:pipeline>
</aces:acesMetadataFile>
)";
}

// A CLF that scales ACES2065-1 by `gain` (1: the identity, an input transform that keeps the source's
// values for the pixel placement tests; 2: a look that doubles).
void write_gain_clf(const fs::path& path, int gain) {
  const std::string g = std::to_string(gain);
  std::ofstream(path) << R"(<?xml version="1.0" encoding="UTF-8"?>
<ProcessList compCLFversion="3" id="gain)" << g << R"(">
  <Matrix inBitDepth="32f" outBitDepth="32f"><Array dim="3 3">)" << g << " 0 0 0 " << g << " 0 0 0 " << g
                      << R"(</Array></Matrix>
</ProcessList>
)";
}
void write_identity_clf(const fs::path& path) { write_gain_clf(path, 1); }
void write_double_clf(const fs::path& path) { write_gain_clf(path, 2); }

}  // namespace

TEST(Render, DpxPullMatchesOcioWithNumberingAndHeaders) {
  TempDir dir("render_dpx");
  const std::string source = aceslab::test::write_sequence(dir / "src", "A001C003", 86400, 86411);
  deliver::RenderOptions o = idt_render(source, dir / "out");
  o.frames.cut = deliver::FrameRange{86402, 86409};
  o.frames.handles = 2;
  o.frames.start_frame = 1001;
  o.frames.slate = true;
  o.slate_date = "2025-03-14";
  o.owner = "Vendor";
  const deliver::RenderReport r = deliver::render(o);
  EXPECT_TRUE(r.tabulated);
  EXPECT_EQ(r.written, 13u);
  EXPECT_EQ(r.plan.output_range, (deliver::FrameRange{1000, 1012}));
  EXPECT_EQ(r.plan.first_of_action, 1003);
  EXPECT_EQ(r.compression, "piz");
  for (long long out = 1001; out <= 1012; ++out) {
    char name[64];
    std::snprintf(name, sizeof name, "A001C003.%07lld.exr", out);
    char src[64];
    std::snprintf(src, sizeof src, "A001C003.%06lld.dpx", out - 1001 + 86400);
    SCOPED_TRACE(name);
    aceslab::test::expect_matches_ocio(dir / "out" / name, dir / "src" / src, aceslab::test::logc3_idt(), false);
    Imf::InputFile in((dir / "out" / name).c_str());
    const Imf::Header& h = in.header();
    EXPECT_EQ(h.compression(), Imf::PIZ_COMPRESSION);
    EXPECT_FALSE(h.findTypedAttribute<Imf::IntAttribute>("acesImageContainerFlag")) << "a compressed file is not ST 2065-4";
    EXPECT_FLOAT_EQ(Imf::chromaticities(h).red.x, 0.7347f);
    EXPECT_FLOAT_EQ(Imf::chromaticities(h).green.y, 1.0f);
    EXPECT_FLOAT_EQ(Imf::adoptedNeutral(h).x, 0.32168f);
    EXPECT_EQ(Imf::framesPerSecond(h).n, 24);
    EXPECT_EQ(Imf::framesPerSecond(h).d, 1u);
    EXPECT_EQ(h.findTypedAttribute<Imf::IntAttribute>("imageCounter")->value(), out);
    // The source frame's own time code (frame 86400 + k of a 24 fps plate starting at 01:00:00:00).
    const long long k = out - 1001 + 86400;
    EXPECT_EQ(Imf::timeCode(h).seconds(), static_cast<int>((k / 24) % 60));
    EXPECT_EQ(Imf::timeCode(h).frame(), static_cast<int>(k % 24));
    EXPECT_EQ(Imf::owner(h), "Vendor");
    EXPECT_FALSE(Imf::hasCapDate(h)) << "the DPX records no capture date";
  }
  // The slate: one frame before the first, its time code one frame before the first picture's.
  Imf::InputFile slate((dir / "out/A001C003.0001000.exr").c_str());
  EXPECT_EQ(slate.header().findTypedAttribute<Imf::IntAttribute>("imageCounter")->value(), 1000);
  EXPECT_EQ(Imf::timeCode(slate.header()).frame(), 23);
  EXPECT_FALSE(fs::exists(dir / "out/A001C003.0001013.exr"));
}

TEST(Render, TiffAndExrWithAlphaMatchOcio) {
  for (const char* format : {"tif", "exr"}) {
    SCOPED_TRACE(format);
    TempDir dir(std::string("render_") + format);
    aceslab::test::PlateSpec s;
    s.format = format;
    s.alpha = true;
    s.fps = 25;
    const std::string source = aceslab::test::write_sequence(dir / "src", "B002", 10, 12, s);
    deliver::RenderOptions o = idt_render(source, dir / "out");
    o.profile = deliver::Profile::st2065_4;
    const deliver::RenderReport r = deliver::render(o);
    EXPECT_TRUE(r.alpha);
    EXPECT_TRUE(r.aces_container);
    EXPECT_EQ(r.tabulated, std::string(format) == "tif");
    for (int f = 10; f <= 12; ++f) {
      const std::string out = "A001C003.00000" + std::to_string(f) + ".exr";
      aceslab::test::expect_matches_ocio(dir / "out" / out, dir / "src" / ("B002.0000" + std::to_string(f) + "." + format),
                                         aceslab::test::logc3_idt(), true);
      Imf::InputFile in((dir / "out" / out).c_str());
      EXPECT_EQ(in.header().compression(), Imf::NO_COMPRESSION);
      EXPECT_EQ(in.header().findTypedAttribute<Imf::IntAttribute>("acesImageContainerFlag")->value(), 1);
      EXPECT_TRUE(in.header().channels().findChannel("A"));
      // EXR records a frame rate (OpenImageIO's TIFF writer does not): carried when there.
      // capDate only from a date that says when the picture was taken: EXR's, not TIFF's file date.
      if (std::string(format) == "exr") {
        EXPECT_EQ(Imf::framesPerSecond(in.header()).n, 25);
        EXPECT_EQ(Imf::capDate(in.header()), "2025:10:01 14:30:00");
      } else {
        EXPECT_FALSE(Imf::hasFramesPerSecond(in.header()));
        EXPECT_FALSE(Imf::hasCapDate(in.header()));
      }
    }
  }
}

TEST(Render, FromColourSpaceAndAmfInputMatchTheIdt) {
  TempDir dir("render_recipes");
  const std::string source = aceslab::test::write_sequence(dir / "src", "C003", 1, 2);
  const fs::path frame = dir / "src/C003.000002.dpx";
  // --from the core's LogC3 space: the same conversion as the CLF.
  deliver::RenderOptions o = idt_render(source, dir / "from");
  o.recipe.idt_clf.clear();
  o.recipe.from = "logc3-ei800-awg3";
  deliver::render(o);
  aceslab::test::expect_matches_ocio(dir / "from/A001C003.0000002.exr", frame, aceslab::test::logc3_idt(), false);

  // An AMF: its input transform (a v2.0 CSC id), its look only with --with-looks.
  write_double_clf(dir / "double.clf");
  std::ofstream(dir / "shot.amf") << amf_with(
      "<aces:inputTransform><aces:transformId>urn:ampas:aces:transformId:v2.0:CSC.Arri.LogC3_to_ACES.a2.v1</aces:transformId></aces:inputTransform>",
      "<aces:lookTransform><aces:file>double.clf</aces:file></aces:lookTransform>");
  o.recipe.from.clear();
  o.recipe.amf = (dir / "shot.amf").string();
  o.output = (dir / "amf/A001C003.%07d.exr").string();
  const deliver::RenderReport nam = deliver::render(o);
  EXPECT_TRUE(nam.tabulated);
  aceslab::test::expect_matches_ocio(dir / "amf/A001C003.0000002.exr", frame, aceslab::test::logc3_idt(), false);
  o.recipe.with_looks = true;
  o.output = (dir / "graded/A001C003.%07d.exr").string();
  deliver::render(o);
  const auto plain = aceslab::aces::read_exr_pixels(dir / "amf/A001C003.0000002.exr");
  const auto graded = aceslab::aces::read_exr_pixels(dir / "graded/A001C003.0000002.exr");
  for (std::size_t i = 0; i < plain.values.size(); ++i) {
    ASSERT_NEAR(graded.values[i], 2 * plain.values[i], std::fabs(2 * plain.values[i]) * aceslab::test::kHalfUlp + 1e-7) << i;
  }
}

// An ACES 1.x inverse ODT without its inverse RRT (an incomplete export: it would leave OCES, which
// nothing downstream expects) cannot be applied: refused with the AMF's line and element, and
// nothing is written.
TEST(Render, AmfInputAcesCannotApplyIsNamed) {
  TempDir dir("render_amf1x");
  const std::string source = aceslab::test::write_sequence(dir / "src", "C003", 1, 1);
  std::ofstream(dir / "old.amf") << amf_with(
      "<aces:inputTransform><aces:inverseOutputDeviceTransform><aces:transformId>urn:ampas:aces:transformId:v1.5:InvODT.Academy.P3D60_ST2048_1000nits.a1.0.1</aces:transformId></aces:inverseOutputDeviceTransform>"
      "</aces:inputTransform>",
      "");
  deliver::RenderOptions o = idt_render(source, dir / "out");
  o.recipe.idt_clf.clear();
  o.recipe.amf = (dir / "old.amf").string();
  const std::string message = render_error(o, ErrorKind::unsupported);
  EXPECT_NE(message.find("old.amf:"), std::string::npos) << message;
  EXPECT_NE(message.find("inverseOutputDeviceTransform"), std::string::npos) << message;
  EXPECT_NE(message.find("ACES 1.x"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir / "out/A001C003.0000001.exr"));
}

TEST(Render, ByteForByteReproducibleAndResumable) {
  TempDir dir("render_repro");
  const std::string source = aceslab::test::write_sequence(dir / "src", "A001", 1, 6);
  deliver::RenderOptions a = idt_render(source, dir / "a");
  a.frames.slate = true;
  a.frames.start_frame = 1001;
  a.slate_date = "2025-03-14";
  a.fps = aceslab::aces::ExrRational{24, 1};
  a.timecode = aceslab::aces::ExrTimecode{10, 0, 0, 0, false};
  deliver::render(a);
  deliver::RenderOptions b = a;
  b.output = (dir / "b/A001C003.%07d.exr").string();
  b.threads = 1;
  deliver::render(b);
  for (int f = 1000; f <= 1006; ++f) {
    const std::string name = "A001C003.000" + std::to_string(f) + ".exr";
    EXPECT_TRUE(aceslab::test::read_text(dir / "a" / name) == aceslab::test::read_text(dir / "b" / name)) << name;
  }
  // --timecode counts from the first picture frame; the slate is one before.
  Imf::InputFile first((dir / "a/A001C003.0001001.exr").c_str());
  EXPECT_EQ(Imf::timeCode(first.header()).hours(), 10);
  Imf::InputFile slate((dir / "a/A001C003.0001000.exr").c_str());
  EXPECT_EQ(Imf::timeCode(slate.header()).hours(), 9);

  // An interrupted render: one frame missing, one truncated, a temporary left behind.
  fs::remove(dir / "b/A001C003.0001003.exr");
  const std::string whole = aceslab::test::read_text(dir / "b/A001C003.0001005.exr");
  std::ofstream(dir / "b/A001C003.0001005.exr", std::ios::binary | std::ios::trunc) << whole.substr(0, whole.size() / 2);
  std::ofstream(dir / "b/.A001C003.0001003.tmp-1234-5.exr") << "partial";
  EXPECT_NE(render_error(b, ErrorKind::io).find("not empty"), std::string::npos);
  b.existing = deliver::ExistingOutput::resume;
  const deliver::RenderReport r = deliver::render(b);
  EXPECT_EQ(r.written, 2u);
  EXPECT_EQ(r.skipped, 5u);
  for (int f = 1000; f <= 1006; ++f) {
    const std::string name = "A001C003.000" + std::to_string(f) + ".exr";
    EXPECT_TRUE(aceslab::test::read_text(dir / "a" / name) == aceslab::test::read_text(dir / "b" / name)) << name;
  }
  EXPECT_FALSE(fs::exists(dir / "b/.A001C003.0001003.tmp-1234-5.exr"));
}

TEST(Render, NonFiniteAndOutOfRangeValuesAreCounted) {
  TempDir dir("render_nan");
  aceslab::test::PlateSpec s;
  s.format = "exr";
  const std::string source = aceslab::test::write_sequence(dir / "src", "N", 1, 1, s);
  // Poison the plate: NaN, +Inf and a value beyond the half range.
  {
    auto in = OIIO::ImageInput::open((dir / "src/N.000001.exr").string());
    std::vector<float> px(static_cast<std::size_t>(s.width) * s.height * 3);
    in->read_image(0, 0, 0, 3, OIIO::TypeDesc::FLOAT, px.data());
    in->close();
    px[0] = std::nanf("");
    px[4] = std::numeric_limits<float>::infinity();
    px[8] = 1.0e6f;
    auto out = OIIO::ImageOutput::create((dir / "src/N.000001.exr").string());
    out->open((dir / "src/N.000001.exr").string(), OIIO::ImageSpec(s.width, s.height, 3, OIIO::TypeDesc::FLOAT));
    out->write_image(OIIO::TypeDesc::FLOAT, px.data());
    out->close();
  }
  deliver::RenderOptions o = idt_render(source, dir / "out");
  o.recipe.idt_clf.clear();
  o.recipe.from = "aces2065-1";
  const deliver::RenderReport r = deliver::render(o);
  EXPECT_EQ(r.stats.non_finite, 2u);
  EXPECT_EQ(r.stats.clamped, 1u);
  const auto px = aceslab::aces::read_exr_pixels(dir / "out/A001C003.0000001.exr");
  EXPECT_EQ(px.values[0], 0.0f);
  EXPECT_EQ(px.values[4], 0.0f);
  EXPECT_EQ(px.values[8], 65504.0f);
  o.nan = deliver::NanPolicy::fail;
  o.output = (dir / "fail/A001C003.%07d.exr").string();
  const std::string message = render_error(o, ErrorKind::invalid_input);
  EXPECT_NE(message.find("2 NaN or infinite"), std::string::npos) << message;
  EXPECT_NE(message.find("N.000001.exr"), std::string::npos) << message;
  EXPECT_TRUE(!fs::exists(dir / "fail") || fs::is_empty(dir / "fail"));
}

TEST(Render, BadInputsAreNamed) {
  TempDir dir("render_bad");
  const std::string source = aceslab::test::write_sequence(dir / "src", "A001", 1, 8);
  deliver::RenderOptions o = idt_render(source, dir / "out");

  o.output = (dir / "out/A001C003.exr").string();
  EXPECT_NE(render_error(o, ErrorKind::usage).find("no frame field"), std::string::npos);
  o.output = (dir / "out/A001C003.%07d.tif").string();
  EXPECT_NE(render_error(o, ErrorKind::usage).find(".exr"), std::string::npos);
  o = idt_render(source, dir / "out");

  o.compression = "dwaa";
  EXPECT_NE(render_error(o, ErrorKind::usage).find("lossy compression dwaa is refused for profile vfx"), std::string::npos);
  o.profile = deliver::Profile::st2065_4;
  o.compression = "piz";
  EXPECT_NE(render_error(o, ErrorKind::usage).find("compression piz is not allowed for profile st2065-4"), std::string::npos);
  o.compression.clear();
  o.profile = deliver::Profile::nam;
  EXPECT_NE(render_error(o, ErrorKind::invalid_input).find("needs at least 3840x2160"), std::string::npos);
  o.profile = deliver::Profile::vfx;

  // Missing frames are listed; --allow-gaps leaves their numbers out.
  fs::remove(dir / "src/A001.000003.dpx");
  fs::remove(dir / "src/A001.000004.dpx");
  EXPECT_NE(render_error(o, ErrorKind::invalid_input).find("2 source frame(s) missing: 3-4"), std::string::npos);
  o.frames.allow_gaps = true;
  const deliver::RenderReport gaps = deliver::render(o);
  EXPECT_EQ(gaps.written, 6u);
  EXPECT_FALSE(fs::exists(dir / "out/A001C003.0000003.exr"));
  ASSERT_EQ(gaps.warnings.size(), 1u);
  EXPECT_NE(gaps.warnings[0].find("3-4"), std::string::npos);

  // A truncated frame and a frame of another size are named.
  o.existing = deliver::ExistingOutput::force;
  const std::string whole = aceslab::test::read_text(dir / "src/A001.000006.dpx");
  std::ofstream(dir / "src/A001.000006.dpx", std::ios::binary | std::ios::trunc) << whole.substr(0, whole.size() - 500);
  std::string message = render_error(o, ErrorKind::io);
  EXPECT_NE(message.find("A001.000006.dpx"), std::string::npos) << message;
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;
  aceslab::test::PlateSpec big;
  big.width = 128;
  aceslab::test::write_plate(dir / "src/A001.000006.dpx", big, 6);
  message = render_error(o, ErrorKind::invalid_input);
  EXPECT_NE(message.find("A001.000006.dpx"), std::string::npos) << message;
  EXPECT_NE(message.find("mixed resolutions"), std::string::npos) << message;

  // Closed camera formats say what to do.
  std::ofstream(dir / "clip.braw") << "x";
  o.source = (dir / "clip.braw").string();
  EXPECT_NE(render_error(o, ErrorKind::unsupported).find("Blackmagic RAW needs Blackmagic's SDK"), std::string::npos);
  o.source = (dir / "src/nothing.%04d.dpx").string();
  EXPECT_NE(render_error(o, ErrorKind::invalid_input).find("no file matches"), std::string::npos);
}

TEST(Render, MovieFramesAndCameraRaw) {
  TempDir dir("render_movie");
  // A movie's frames are numbered from 0 (tests/data/idt/video/README.md: 8 frames, PNG codec).
  const fs::path clip = fs::path(ACESLAB_TEST_DATA_DIR) / "idt/video/clip.mov";
  deliver::RenderOptions o = idt_render(clip.string(), dir / "movie");
  o.frames.cut = deliver::FrameRange{2, 4};
  o.frames.start_frame = 1001;
  const deliver::RenderReport r = deliver::render(o);
  EXPECT_EQ(r.written, 3u);
  for (int n = 2; n <= 4; ++n) {
    SCOPED_TRACE(n);
    std::vector<float> rgb = aceslab::aces::read_image(clip, n).rgb;
    aceslab::aces::ClfTransform(aceslab::test::logc3_idt()).apply(rgb);
    const auto got = aceslab::aces::read_exr_pixels(dir / "movie" / ("A001C003.000" + std::to_string(999 + n) + ".exr"));
    ASSERT_EQ(got.values.size(), rgb.size());
    for (std::size_t i = 0; i < rgb.size(); ++i) {
      ASSERT_NEAR(got.values[i], rgb[i], std::fabs(rgb[i]) * aceslab::test::kHalfUlp + aceslab::test::kHalfSubnormalStep) << i;
    }
  }

  // Camera raw is linear sensor RGB (LibRaw through OpenImageIO): a single image is frame 0.
  aceslab::idt::testing::DngSpec dng;
  dng.width = 64;
  dng.height = 48;
  dng.white_level = 4095;
  for (int y = 0; y < dng.height; ++y) {
    for (int x = 0; x < dng.width; ++x) dng.cfa.push_back(static_cast<std::uint16_t>(64 + 60 * x + (y % 2) * 200));
  }
  aceslab::idt::testing::write_dng(dir / "shot.dng", dng);
  deliver::RenderOptions raw = idt_render((dir / "shot.dng").string(), dir / "raw");
  raw.recipe.idt_clf.clear();
  raw.recipe.from = "aces2065-1";
  EXPECT_EQ(deliver::render(raw).written, 1u);
  const std::vector<float> sensor = aceslab::aces::read_image(dir / "shot.dng").rgb;
  const auto got = aceslab::aces::read_exr_pixels(dir / "raw/A001C003.0000000.exr");
  ASSERT_EQ(got.values.size(), sensor.size());
  for (std::size_t i = 0; i < sensor.size(); ++i) {
    ASSERT_NEAR(got.values[i], sensor[i], std::fabs(sensor[i]) * aceslab::test::kHalfUlp + aceslab::test::kHalfSubnormalStep) << i;
  }
}

namespace {

// A float RGB EXR whose data window (w x h at (x, y)) is not its display window (dw x dh at 0,0);
// pixel values encode their data-window position.
void write_windowed_exr(const fs::path& file, int x, int y, int w, int h, int dw, int dh) {
  OIIO::ImageSpec spec(w, h, 3, OIIO::TypeDesc::FLOAT);
  spec.x = x, spec.y = y;
  spec.full_x = 0, spec.full_y = 0, spec.full_width = dw, spec.full_height = dh;
  std::vector<float> px(static_cast<std::size_t>(w) * h * 3);
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i)
      for (int c = 0; c < 3; ++c) px[(static_cast<std::size_t>(j) * w + i) * 3 + c] = 0.25f + 0.125f * c + 0.001f * (i + 100 * j);
  auto out = OIIO::ImageOutput::create(file.string());
  ASSERT_TRUE(out);
  ASSERT_TRUE(out->open(file.string(), spec));
  ASSERT_TRUE(out->write_image(OIIO::TypeDesc::FLOAT, px.data()));
  ASSERT_TRUE(out->close());
}

}  // namespace

// OpenEXR sources whose pixels are not their picture frame (overscan, crops: OpenEXR's own
// DisplayWindow test images): the master is the display window, each source pixel at its place,
// 0 where the source has none, overscan cropped, with a warning giving the counts; a source with no
// pixel inside its frame is refused. Before, the data window was written as the frame: the picture
// shifted and resized silently.
TEST(Render, DataWindowIsPlacedInTheDisplayWindow) {
  TempDir dir("render_windows");
  const fs::path identity = dir / "identity.clf";
  write_identity_clf(identity);
  struct Case {
    const char* name;
    int x, y, w, h;  // data window; the display window is 24 x 16 at the origin
    long long cropped, uncovered;
  };
  const Case cases[] = {
      {"underscan", 5, 3, 12, 8, 0, 24 * 16 - 12 * 8},
      {"overscan", -3, -2, 30, 20, 30 * 20 - 24 * 16, 0},
      {"shifted", 10, -4, 24, 16, 24 * 16 - 14 * 12, 24 * 16 - 14 * 12},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const fs::path src = dir / (std::string(c.name) + ".exr");
    write_windowed_exr(src, c.x, c.y, c.w, c.h, 24, 16);
    deliver::RenderOptions o;
    o.source = src.string();
    o.output = (dir / c.name / "m.%07d.exr").string();
    o.recipe.idt_clf = identity.string();
    o.min_size = deliver::FrameSize{1, 1};
    o.threads = 2;
    const deliver::RenderReport r = deliver::render(o);
    ASSERT_EQ(r.frames.size(), 1u);
    EXPECT_EQ(r.width, 24);
    EXPECT_EQ(r.height, 16);
    bool warned = false;
    for (const auto& w : r.warnings) {
      warned = warned || (w.find("displayWindow (0,0)-(23,15)") != std::string::npos &&
                          w.find(std::to_string(c.cropped) + " source pixels outside it are cropped") != std::string::npos &&
                          w.find(std::to_string(c.uncovered) + " pixels of it the source does not cover") != std::string::npos);
    }
    EXPECT_TRUE(warned) << (r.warnings.empty() ? std::string("no warning") : r.warnings.front());
    auto in = OIIO::ImageInput::open(r.frames[0].path.string());
    ASSERT_TRUE(in);
    EXPECT_EQ(in->spec().width, 24);
    EXPECT_EQ(in->spec().height, 16);
    EXPECT_EQ(in->spec().x, 0);
    std::vector<float> got(24 * 16 * 3);
    ASSERT_TRUE(in->read_image(0, 0, 0, 3, OIIO::TypeDesc::FLOAT, got.data()));
    for (int y = 0; y < 16; ++y) {
      for (int x = 0; x < 24; ++x) {
        const int i = x - c.x, j = y - c.y;
        const bool covered = i >= 0 && i < c.w && j >= 0 && j < c.h;
        for (int ch = 0; ch < 3; ++ch) {
          const float want = covered ? 0.25f + 0.125f * ch + 0.001f * (i + 100 * j) : 0.0f;
          ASSERT_NEAR(got[(static_cast<std::size_t>(y) * 24 + x) * 3 + ch], want, std::max(1e-3f, want * 1e-3f))
              << x << "," << y;
        }
      }
    }
  }
  // No pixel inside the frame: nothing to master.
  const fs::path outside = dir / "outside.exr";
  write_windowed_exr(outside, 30, 0, 8, 8, 24, 16);
  deliver::RenderOptions o;
  o.source = outside.string();
  o.output = (dir / "outside" / "m.%07d.exr").string();
  o.recipe.idt_clf = identity.string();
  o.min_size = deliver::FrameSize{1, 1};
  EXPECT_NE(render_error(o, ErrorKind::invalid_input).find("would hold no picture"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "outside" / "m.0000000.exr"));

  // A DPX's "original size" and offset (scanners leave them from the extraction) are not a picture
  // frame: its master is the image as stored.
  const fs::path dpx = dir / "offset.dpx";
  {
    OIIO::ImageSpec spec(40, 30, 3, OIIO::TypeDesc::UINT16);
    spec.x = 10, spec.y = 5, spec.full_x = 0, spec.full_y = 0, spec.full_width = 64, spec.full_height = 48;
    spec.attribute("oiio:BitsPerSample", 10);
    std::vector<float> px(40 * 30 * 3, 0.5f);
    auto out = OIIO::ImageOutput::create(dpx.string());
    ASSERT_TRUE(out);
    ASSERT_TRUE(out->open(dpx.string(), spec));
    ASSERT_TRUE(out->write_image(OIIO::TypeDesc::FLOAT, px.data()));
    ASSERT_TRUE(out->close());
  }
  {
    auto in = OIIO::ImageInput::open(dpx.string());
    ASSERT_TRUE(in);
    ASSERT_EQ(in->spec().full_width, 64) << "OIIO reads the DPX original size as the full window";
  }
  o.source = dpx.string();
  o.output = (dir / "dpx" / "m.%07d.exr").string();
  const deliver::RenderReport r = deliver::render(o);
  EXPECT_EQ(r.width, 40);
  EXPECT_EQ(r.height, 30);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
}

// Stereo and other multi-part OpenEXR: the first part is rendered with a warning listing every part,
// --part picks one by name or index, an unknown part is a usage error naming the parts. A sequence
// whose data window moves from frame to frame (CG renders write each frame's bounding box) keeps
// every frame at its place.
TEST(Render, MultiPartSourcesAndMovingDataWindows) {
  TempDir dir("render_parts");
  const fs::path identity = dir / "identity.clf";
  write_identity_clf(identity);
  // Two frames of two parts each; part k of frame f is flat (0.1 + 0.2 k + 0.01 f), its data window
  // 8x6 at (f, 2f) inside a 16x12 display window.
  for (int f = 1; f <= 2; ++f) {
    const fs::path file = dir / ("stereo." + std::to_string(f) + ".exr");
    OIIO::ImageSpec specs[2];
    for (int k = 0; k < 2; ++k) {
      specs[k] = OIIO::ImageSpec(8, 6, 3, OIIO::TypeDesc::HALF);
      specs[k].x = f, specs[k].y = 2 * f;
      specs[k].full_x = specs[k].full_y = 0, specs[k].full_width = 16, specs[k].full_height = 12;
      specs[k].attribute("oiio:subimagename", k == 0 ? "rgba_right" : "rgba_left");
      specs[k].attribute("view", k == 0 ? "right" : "left");
    }
    auto out = OIIO::ImageOutput::create(file.string());
    ASSERT_TRUE(out);
    ASSERT_TRUE(out->supports("multiimage"));
    ASSERT_TRUE(out->open(file.string(), 2, specs));
    for (int k = 0; k < 2; ++k) {
      if (k > 0) {
        ASSERT_TRUE(out->open(file.string(), specs[k], OIIO::ImageOutput::AppendSubimage));
      }
      std::vector<float> px(8 * 6 * 3, 0.1f + 0.2f * k + 0.01f * f);
      ASSERT_TRUE(out->write_image(OIIO::TypeDesc::FLOAT, px.data()));
    }
    ASSERT_TRUE(out->close());
  }
  auto run = [&](const std::string& part, const std::string& name) {
    deliver::RenderOptions o;
    o.source = (dir / "stereo.%d.exr").string();
    o.output = (dir / name / "m.%07d.exr").string();
    o.recipe.idt_clf = identity.string();
    o.min_size = deliver::FrameSize{1, 1};
    o.part = part;
    o.threads = 2;
    return o;
  };
  auto check = [](const deliver::RenderReport& r, int k) {
    ASSERT_EQ(r.frames.size(), 2u);
    for (int f = 1; f <= 2; ++f) {
      auto in = OIIO::ImageInput::open(r.frames[static_cast<std::size_t>(f - 1)].path.string());
      ASSERT_TRUE(in);
      ASSERT_EQ(in->spec().width, 16);
      std::vector<float> got(16 * 12 * 3);
      ASSERT_TRUE(in->read_image(0, 0, 0, 3, OIIO::TypeDesc::FLOAT, got.data()));
      for (int y = 0; y < 12; ++y)
        for (int x = 0; x < 16; ++x) {
          const bool covered = x >= f && x < f + 8 && y >= 2 * f && y < 2 * f + 6;
          const float want = covered ? 0.1f + 0.2f * k + 0.01f * f : 0.0f;
          ASSERT_NEAR(got[(static_cast<std::size_t>(y) * 16 + x) * 3], want, 1e-3f) << "frame " << f << " at " << x << "," << y;
        }
    }
  };
  const deliver::RenderReport first = deliver::render(run("", "default"));
  bool listed = false;
  for (const auto& w : first.warnings) listed = listed || (w.find("2 parts") != std::string::npos && w.find("1: rgba_left (view left)") != std::string::npos);
  EXPECT_TRUE(listed);
  check(first, 0);
  check(deliver::render(run("rgba_left", "left")), 1);
  check(deliver::render(run("0", "right")), 0);
  EXPECT_NE(render_error(run("2", "none"), ErrorKind::usage).find("0: rgba_right (view right)"), std::string::npos);
  EXPECT_NE(render_error(run("rgba", "none"), ErrorKind::usage).find("no such part"), std::string::npos);
}
