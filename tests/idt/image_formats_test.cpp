// SPDX-License-Identifier: Apache-2.0
// IDT images through OpenImageIO: the same synthetic chart written as EXR (half, float), DPX
// (10-bit), JPEG, PNG (8, 16-bit) and TIFF (8, 16-bit, float), read back whole and as the chart's
// band of rows, and sampled; clipping flags for integer and float images; camera raw (a minimal
// DNG written here) read as linear sensor RGB; frames of a movie file; a whole IDT from a
// scene-linear half-float EXR series with values above 1.
#include <OpenImageIO/imageio.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "color/error.h"
#include "idt/capture.h"
#include "idt/chart_region.h"
#include "idt/chart_render.h"
#include "idt/idt_maker.h"
#include "idt/patch_sampling.h"
#include "idt/spectral.h"
#include "image/image_io.h"
#include "minimal_dng.h"
#include "simulated_capture.h"

namespace fs = std::filesystem;
using namespace aceslab;
using namespace aceslab::idt;

namespace {

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("aceslab_image_formats_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Patch values spread over the code range, distinct per channel: 0.04 .. 0.95.
std::array<Eigen::Vector3d, kChartPatches> chart_codes() {
  std::array<Eigen::Vector3d, kChartPatches> codes;
  for (int i = 0; i < kChartPatches; ++i) {
    codes[i] = Eigen::Vector3d(0.04 + 0.039 * i, 0.95 - 0.037 * i, 0.2 + 0.11 * (i % 7));
  }
  return codes;
}

ChartRender chart_spec() {
  ChartRender spec;
  spec.width = 480;
  spec.height = 360;
  spec.chart = place_chart(240, 185, 400, 3);
  spec.patch_codes = chart_codes();
  spec.surround = Eigen::Vector3d::Constant(0.05);
  return spec;
}

struct FormatCase {
  const char* name;
  const char* file;
  aces::SampleFormat sample;
  const char* oiio_format;  // aces::Image::format after reading
  bool is_float;
  int bits;
  double scale;             // float formats carry scene-linear values above 1
  double absolute;          // tolerance: absolute part, code values
  double relative;          // tolerance: relative part
};

// Tolerances: the writer rounds to the nearest code, so integer formats are exact to half a code
// (plus float noise), except 10-bit DPX, which OIIO writes by dropping the low 6 bits of its 16-bit
// conversion (truncation, and 1024 steps read back as 1023): up to one code; half floats keep 11 significant bits, so half of a 2^-10 relative step;
// JPEG is lossy: the RGB -> YCbCr -> RGB conversion rounds each of Y, Cb, Cr to a code, which comes
// back as up to ~2 codes in R, G or B, and the DC coefficient of the 8x8 blocks inside a flat patch
// is quantised (OIIO's default quality) by up to one more code: 3 codes of 255 (1.5 measured).
constexpr double kFloatNoise = 1e-6;
const FormatCase kFormats[] = {
    {"exr_half", "chart_half.exr", aces::SampleFormat::half, "openexr", true, 16, 4.0, kFloatNoise, 1.0 / 2048},
    {"exr_float", "chart_float.exr", aces::SampleFormat::float32, "openexr", true, 32, 4.0, kFloatNoise, kFloatNoise},
    {"dpx_10", "chart.dpx", aces::SampleFormat::uint10, "dpx", false, 10, 1.0, 1.0 / 1023 + kFloatNoise, 0},
    {"jpeg", "chart.jpg", aces::SampleFormat::uint8, "jpeg", false, 8, 1.0, 3.0 / 255, 0},
    {"png_8", "chart8.png", aces::SampleFormat::uint8, "png", false, 8, 1.0, 0.5 / 255 + kFloatNoise, 0},
    {"png_16", "chart16.png", aces::SampleFormat::uint16, "png", false, 16, 1.0, 0.5 / 65535 + kFloatNoise, 0},
    {"tiff_8", "chart8.tif", aces::SampleFormat::uint8, "tiff", false, 8, 1.0, 0.5 / 255 + kFloatNoise, 0},
    {"tiff_16", "chart16.tif", aces::SampleFormat::uint16, "tiff", false, 16, 1.0, 0.5 / 65535 + kFloatNoise, 0},
    {"tiff_float", "chart_float.tif", aces::SampleFormat::float32, "tiff", true, 32, 4.0, kFloatNoise, kFloatNoise},
};

class ImageFormats : public ::testing::TestWithParam<FormatCase> {};

}  // namespace

TEST_P(ImageFormats, ChartSamplesMatchTheWrittenValues) {
  const FormatCase& f = GetParam();
  ChartRender spec = chart_spec();
  for (auto& c : spec.patch_codes) c *= f.scale;
  spec.surround *= f.scale;
  const fs::path file = temp_dir(f.name) / f.file;
  aces::write_image(file, render_chart(spec), Overwrite::allow, f.sample);

  const aces::Image image = aces::read_image(file);
  EXPECT_EQ(image.format, f.oiio_format);
  EXPECT_EQ(image.source_float, f.is_float);
  EXPECT_EQ(image.source_bits, f.bits);
  ASSERT_EQ(image.width, spec.width);
  ASSERT_EQ(image.height, spec.height);
  const ChartSample whole = sample_chart(image, spec.chart, {}, file.string());

  // The IDT maker's path: only the rows holding the chart are decoded; same pixels, same samples.
  const ChartRegion region = read_chart_region(file, 0, spec.chart);
  EXPECT_LT(region.band.height, spec.height);
  EXPECT_EQ(region.frame_width, spec.width);
  const ChartSample band = sample_chart(region.band, region.chart, {}, file.string());

  // Sampling straight from the file, decoding only the rows of the sampled squares.
  const FileChartSample direct = sample_chart_file(file, 0, spec.chart);
  EXPECT_EQ(direct.frame_height, spec.height);

  double worst = 0;
  for (int p = 0; p < kChartPatches; ++p) {
    EXPECT_EQ(direct.sample.patches[p].value, whole.patches[p].value) << f.name << " patch " << p;
    EXPECT_EQ(direct.sample.patches[p].flags, whole.patches[p].flags) << f.name << " patch " << p;
    const Eigen::Vector3d& expected = spec.patch_codes[p];
    for (int c = 0; c < 3; ++c) {
      const double tolerance = f.absolute + f.relative * std::abs(expected[c]);
      EXPECT_NEAR(whole.patches[p].value[c], expected[c], tolerance) << f.name << " patch " << p << " channel " << c;
      worst = std::max(worst, std::abs(whole.patches[p].value[c] - expected[c]));
    }
    EXPECT_EQ(band.patches[p].value, whole.patches[p].value) << f.name << " patch " << p;
    // Nothing is clipped: not the integer formats' top patches (<= 0.95), nor the float formats'
    // scene-linear values up to 3.8.
    EXPECT_EQ(whole.patches[p].flags & kPatchClipped, 0u) << f.name << " patch " << p;
    EXPECT_EQ(band.patches[p].flags & kPatchClipped, 0u) << f.name << " patch " << p;
  }
  RecordProperty("worst_error", std::to_string(worst));
  if (f.scale > 1) {
    EXPECT_GT(whole.patches[0].value[1], 3.0);  // kept above 1, not normalised
  }
}

INSTANTIATE_TEST_SUITE_P(AllFormats, ImageFormats, ::testing::ValuesIn(kFormats),
                         [](const ::testing::TestParamInfo<FormatCase>& info) { return std::string(info.param.name); });

// --- Clipping of float images -------------------------------------------------------------------

namespace {

// A scene-linear chart (values up to 3.8) with sensor-like noise; channel values above `ceiling`
// are clipped to it, as a camera or converter does at saturation.
aces::Image noisy_float_chart(const ChartRender& spec, const Eigen::Vector3d& ceiling) {
  aces::Image image = render_chart(spec);
  for (std::size_t i = 0; i < image.pixels(); ++i) {
    for (int c = 0; c < 3; ++c) image.rgb[3 * i + c] = std::min(image.rgb[3 * i + c], static_cast<float>(ceiling[c]));
  }
  return image;
}

ChartRender scene_linear_spec() {
  ChartRender spec = chart_spec();
  for (auto& c : spec.patch_codes) c *= 4.0;  // top patch 3.8 in green (patch 0), 3.76 in red (patch 23)
  spec.noise_sigma = 0.004;
  return spec;
}

}  // namespace

TEST(FloatClipping, NoisySceneLinearAboveOneIsNotClipped) {
  const ChartRender spec = scene_linear_spec();
  const aces::Image image = noisy_float_chart(spec, Eigen::Vector3d::Constant(1e9));
  const ChartSample s = sample_chart(image, spec.chart);
  EXPECT_EQ(s.flagged_count(kPatchClipped), 0);
  // Also after a round trip through a half-float EXR (the noise is then quantised to half steps).
  const fs::path file = temp_dir("float_clip_none") / "chart.exr";
  aces::write_image(file, image, Overwrite::allow, aces::SampleFormat::half);
  EXPECT_EQ(sample_chart(aces::read_image(file), spec.chart).flagged_count(kPatchClipped), 0);
}

TEST(FloatClipping, PlateauAtTheImageMaximumIsClipped) {
  const ChartRender spec = scene_linear_spec();
  // Green saturates at 3.0: patches whose green is above 3.0 + noise are clipped in green
  // (green = 3.8 - 0.148 p: patches 0..5). Red and blue keep their noise.
  const Eigen::Vector3d ceiling(1e9, 3.0, 1e9);
  const aces::Image image = noisy_float_chart(spec, ceiling);
  for (const auto sample : {aces::SampleFormat::half, aces::SampleFormat::float32}) {
    const fs::path file = temp_dir("float_clip") / "chart.exr";
    aces::write_image(file, image, Overwrite::allow, sample);
    const aces::Image back = aces::read_image(file);
    ASSERT_TRUE(back.source_float);
    const ChartSample s = sample_chart(back, spec.chart);
    const ChartSample direct = sample_chart_file(file, 0, spec.chart).sample;
    for (int p = 0; p < kChartPatches; ++p) {
      EXPECT_EQ(direct.patches[p].flags, s.patches[p].flags) << "patch " << p;
      // Patch 5 (green 3.06) is 15 noise sigmas above the ceiling: clipped too; patch 6 (2.91) is
      // 22 sigmas below it.
      const bool expect_clipped = spec.patch_codes[p][1] > ceiling[1];
      EXPECT_EQ((s.patches[p].flags & kPatchClipped) != 0, expect_clipped)
          << "patch " << p << " green " << spec.patch_codes[p][1] << ": " << describe_flags(s.patches[p].flags);
    }
    EXPECT_EQ(s.flagged_count(kPatchClipped), 6);
  }
}

TEST(FloatClipping, NoiseFreeRenderCannotShowClipping) {
  // Without noise anywhere, a flat patch at the image maximum is indistinguishable from a clipped
  // one, and the documented rule leaves it unflagged rather than flag every brightest patch.
  ChartRender spec = scene_linear_spec();
  spec.noise_sigma = 0;
  const ChartSample s = sample_chart(noisy_float_chart(spec, Eigen::Vector3d(1e9, 3.0, 1e9)), spec.chart);
  EXPECT_EQ(s.flagged_count(kPatchClipped), 0);
}

TEST(IntegerClipping, TopCodeIsClippedInEveryIntegerFormat) {
  ChartRender spec = chart_spec();
  spec.patch_codes[18] = Eigen::Vector3d(1.2, 1.1, 0.9);  // written as the top code in R and G
  for (const auto& [name, sample] : {std::pair{"chart.tif", aces::SampleFormat::uint16},
                                     std::pair{"chart.png", aces::SampleFormat::uint8},
                                     std::pair{"chart.dpx", aces::SampleFormat::uint10}}) {
    const fs::path file = temp_dir("int_clip") / name;
    aces::write_image(file, render_chart(spec), Overwrite::allow, sample);
    const ChartSample s = sample_chart(aces::read_image(file), spec.chart);
    EXPECT_TRUE(s.patches[18].flags & kPatchClipped) << name;
    EXPECT_EQ(s.flagged_count(kPatchClipped), 1) << name;
  }
}

// --- Camera raw ---------------------------------------------------------------------------------

namespace {

constexpr std::uint16_t kBlack = 256;
constexpr std::uint16_t kWhite = 15000;

// Linear sensor values of a chart (0.03 .. 0.85, distinct channel ratios) mosaicked into an RGGB
// DNG; the surround is 0.1. Every patch is brighter in one channel than the others, so a white
// balance or colour matrix applied by the reader would show as changed channel ratios.
struct RawShoot {
  ChartRender spec;
  fs::path file;
};

RawShoot write_raw_chart(const std::string& dir, double gain = 1.0) {
  RawShoot shoot;
  ChartRender& spec = shoot.spec;
  spec.width = 420;
  spec.height = 300;
  spec.chart = place_chart(210, 150, 360, 0);
  for (int i = 0; i < kChartPatches; ++i) {
    spec.patch_codes[i] = gain * Eigen::Vector3d(0.03 + 0.02 * i, 0.85 - 0.03 * i, 0.05 + 0.12 * (i % 6));
  }
  spec.surround = Eigen::Vector3d::Constant(0.1);
  const aces::Image linear = render_chart(spec);
  idt::testing::DngSpec dng;
  dng.width = spec.width;
  dng.height = spec.height;
  dng.black_level = kBlack;
  dng.white_level = kWhite;
  // A daylight-ish camera matrix and as-shot neutral that must NOT be applied.
  dng.color_matrix = {0.9, -0.3, -0.1, -0.4, 1.2, 0.2, -0.1, 0.2, 0.6};
  dng.as_shot_neutral = {0.5, 1.0, 0.7};
  dng.cfa.resize(linear.pixels());
  for (int y = 0; y < spec.height; ++y) {
    for (int x = 0; x < spec.width; ++x) {
      const int channel = (y % 2 == 0) ? (x % 2 == 0 ? 0 : 1) : (x % 2 == 0 ? 1 : 2);  // RGGB
      const double v = kBlack + linear.pixel(x, y)[channel] * (kWhite - kBlack);
      dng.cfa[static_cast<std::size_t>(y) * spec.width + x] = static_cast<std::uint16_t>(std::clamp(std::lround(v), 0L, long{kWhite}));
    }
  }
  shoot.file = temp_dir(dir) / "chart.dng";
  idt::testing::write_dng(shoot.file, dng);
  return shoot;
}

// Sensor quantisation: one step of the 14-bit-range signal (1 / (white - black)) plus LibRaw's
// 16-bit output rounding; demosaicing leaves the flat patch centres (the sampled central 50 %, at
// least 10 pixels from any edge here) as they were, so the absolute error stays at a few steps.
constexpr double kRawTolerance = 3.0 / (kWhite - kBlack);

}  // namespace

TEST(CameraRaw, DngIsReadAsLinearSensorRgb) {
  const RawShoot shoot = write_raw_chart("raw");
  const aces::Image image = aces::read_image(shoot.file);
  EXPECT_EQ(image.format, "raw");
  EXPECT_FALSE(image.source_float);
  ASSERT_EQ(image.width, shoot.spec.width);
  ASSERT_EQ(image.height, shoot.spec.height);
  const ChartSample s = sample_chart(image, shoot.spec.chart, {}, shoot.file.string());
  for (int p = 0; p < kChartPatches; ++p) {
    const Eigen::Vector3d& expected = shoot.spec.patch_codes[p];
    for (int c = 0; c < 3; ++c) {
      EXPECT_NEAR(s.patches[p].value[c], expected[c], kRawTolerance) << "patch " << p << " channel " << c;
    }
    EXPECT_EQ(s.patches[p].flags & kPatchClipped, 0u) << "patch " << p;
  }
  // Linearity: ratios between patches are those of the scene (relative error 1 %: the smallest
  // channel value, 0.03, carries the absolute tolerance above as ~0.7 %).
  constexpr double kRatioTolerance = 0.01;
  const int reference = 21;
  for (int p = 0; p < kChartPatches; ++p) {
    for (int c = 0; c < 3; ++c) {
      const double expected = shoot.spec.patch_codes[p][c] / shoot.spec.patch_codes[reference][c];
      const double got = s.patches[p].value[c] / s.patches[reference].value[c];
      EXPECT_NEAR(got / expected, 1.0, kRatioTolerance) << "patch " << p << " channel " << c;
    }
  }
}

TEST(CameraRaw, WithoutTheHintsOiioWouldWhiteBalanceAndConvert) {
  // The control experiment: OIIO's default raw settings (camera white balance, sRGB output) give
  // clearly different values, so the test above really checks the hints.
  const RawShoot shoot = write_raw_chart("raw_default");
  auto in = OIIO::ImageInput::open(shoot.file.string());
  ASSERT_TRUE(in) << OIIO::geterror();
  std::vector<float> pixels(static_cast<std::size_t>(shoot.spec.width) * shoot.spec.height * 3);
  ASSERT_TRUE(in->read_image(0, 0, 0, 3, OIIO::TypeDesc::FLOAT, pixels.data()));
  aces::Image image;
  image.width = shoot.spec.width;
  image.height = shoot.spec.height;
  image.rgb = std::move(pixels);
  image.source_float = false;
  const ChartSample s = sample_chart(image, shoot.spec.chart);
  double worst = 0;
  for (int p = 0; p < kChartPatches; ++p) {
    worst = std::max(worst, (s.patches[p].value - shoot.spec.patch_codes[p]).cwiseAbs().maxCoeff());
  }
  EXPECT_GT(worst, 50 * kRawTolerance);
}

TEST(CameraRaw, SensorSaturationIsFlaggedClipped) {
  const RawShoot shoot = write_raw_chart("raw_clip", 1.5);  // green of patches 0..5 above white
  const ChartSample s = sample_chart(aces::read_image(shoot.file), shoot.spec.chart);
  for (int p = 0; p < kChartPatches; ++p) {
    const bool saturated = shoot.spec.patch_codes[p].maxCoeff() >= 1.0;
    EXPECT_EQ((s.patches[p].flags & kPatchClipped) != 0, saturated) << "patch " << p << " " << shoot.spec.patch_codes[p].transpose();
  }
}

// --- Movie frames -------------------------------------------------------------------------------

namespace {

const fs::path kClip = fs::path(ACESLAB_TEST_DATA_DIR) / "idt/video/clip.mov";

// The clip's chart (tests/data/idt/video/README.md): grid corners (12,10) .. (176,118); patch p
// of frame n has 8-bit code 8 + 5p + 16c + 12n in channel c.
ChartHomography clip_chart() {
  return ChartHomography::from_corners({Eigen::Vector2d(12, 10), Eigen::Vector2d(176, 10), Eigen::Vector2d(176, 118),
                                        Eigen::Vector2d(12, 118)});
}

double clip_code(int frame, int patch, int channel) { return (8 + 5 * patch + 16 * channel + 12 * frame) / 255.0; }

// Lossless PNG-in-QuickTime frames decode to the exact codes.
constexpr double kLosslessTolerance = 1e-6;

}  // namespace

TEST(MovieFrames, FramesAreNumberedFromZero) {
  aces::ImageReader reader(kClip, 0);
  EXPECT_EQ(reader.frame_count(), 8);
  for (int frame : {0, 1, 5, 7, 3}) {  // out of order: each frame is found by seeking
    const aces::Image image = aces::read_image(kClip, frame);
    EXPECT_EQ(image.width, 192);
    EXPECT_EQ(image.height, 128);
    EXPECT_FALSE(image.source_float);
    const ChartSample s = sample_chart(image, clip_chart(), {}, kClip.string());
    for (int p = 0; p < kChartPatches; ++p) {
      for (int c = 0; c < 3; ++c) {
        EXPECT_NEAR(s.patches[p].value[c], clip_code(frame, p, c), kLosslessTolerance)
            << "frame " << frame << " patch " << p << " channel " << c;
      }
    }
  }
}

TEST(MovieFrames, LossyH264WithBFramesIsNumberedInPresentationOrder) {
  // The same 8 frames as H.264 (yuv420p, two B-frames between references: decoding order
  // 0 3 1 2 6 4 5 7). Frame N is still the N-th picture shown. Tolerance: CRF 10 leaves flat patch
  // centres within a code or two, and the limited-range YUV -> RGB conversion rounds by about one
  // more; 4 codes stays well under the 12-code step between frames, so the frame is identified.
  constexpr double kH264Tolerance = 4.0 / 255;
  const fs::path clip = fs::path(ACESLAB_TEST_DATA_DIR) / "idt/video/clip_h264.mp4";
  EXPECT_EQ(aces::ImageReader(clip).frame_count(), 8);
  // OIIO 2.4.7 cannot return the frames still held in the decoder at the end of the stream (image_io.h).
  constexpr int kReachableFrames = 6;
  for (int frame = kReachableFrames; frame < 8; ++frame) {
    try {
      aces::read_image(clip, frame);
      ADD_FAILURE() << "frame " << frame << " decoded: OIIO drains the decoder now, extend the loop below";
    } catch (const Error& e) {
      EXPECT_EQ(e.location().path, clip.string());
      EXPECT_NE(e.detail().find("cannot decode frame " + std::to_string(frame) + " of 8"), std::string::npos) << e.what();
      EXPECT_NE(e.detail().find("B-frames"), std::string::npos) << e.what();
    }
  }
  for (int frame = 0; frame < kReachableFrames; ++frame) {
    const ChartSample s = sample_chart(aces::read_image(clip, frame), clip_chart());
    for (int p = 0; p < kChartPatches; ++p) {
      for (int c = 0; c < 3; ++c) {
        EXPECT_NEAR(s.patches[p].value[c], clip_code(frame, p, c), kH264Tolerance)
            << "frame " << frame << " patch " << p << " channel " << c;
      }
    }
  }
}

TEST(MovieFrames, ChartBandOfAFrame) {
  const ChartRegion region = read_chart_region(kClip, 6, clip_chart());
  EXPECT_EQ(region.frame_width, 192);
  const ChartSample s = sample_chart(region.band, region.chart);
  EXPECT_NEAR(s.patches[23].value[2], clip_code(6, 23, 2), kLosslessTolerance);
}

TEST(MovieFrames, ManifestFrameReachesTheReader) {
  const fs::path dir = temp_dir("movie_manifest");
  fs::copy_file(kClip, dir / "clip.mov");
  const nlohmann::json doc = {{"illuminant", "D55"},
                              {"encoding", "linear"},
                              {"exposures", {{{"ev", 0}, {"files", {{{"file", "clip.mov"}, {"frame", 4}}}}}}}};
  const Capture capture = parse_capture(doc, dir / "capture.json");
  const FrameRef& ref = capture.exposures[0].frames[0];
  EXPECT_EQ(ref.frame, 4);
  EXPECT_EQ(ref.display_name(), "clip.mov[4]");
  const ChartSample s = sample_chart(aces::read_image(ref.path, ref.frame), clip_chart());
  EXPECT_NEAR(s.patches[0].value[0], clip_code(4, 0, 0), kLosslessTolerance);
}

TEST(MovieFrames, FramePastTheEndNamesFileAndFrame) {
  for (int frame : {8, 120}) {
    try {
      aces::read_image(kClip, frame);
      FAIL() << "frame " << frame << " of an 8-frame clip was read";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
      EXPECT_EQ(e.location().path, kClip.string());
      EXPECT_NE(e.detail().find("no frame " + std::to_string(frame)), std::string::npos) << e.what();
      EXPECT_NE(e.detail().find("8 frames, numbered from 0"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(read_chart_region(kClip, 8, clip_chart()), Error);
}

TEST(ImageErrors, StillImageHasOnlyFrameZero) {
  const fs::path file = fs::path(ACESLAB_TEST_DATA_DIR) / "idt/blank.png";
  try {
    aces::read_image(file, 1);
    FAIL() << "frame 1 of a PNG was read";
  } catch (const Error& e) {
    EXPECT_EQ(e.location().path, file.string());
    EXPECT_NE(e.detail().find("no frame 1"), std::string::npos) << e.what();
  }
}

TEST(ImageErrors, MissingAndUnreadableFiles) {
  const fs::path dir = temp_dir("errors");
  try {
    aces::read_image(dir / "nope.exr");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::io);
    EXPECT_EQ(e.location().path, (dir / "nope.exr").string());
  }
  std::ofstream(dir / "junk.tif") << "this is not a TIFF";
  try {
    aces::read_image(dir / "junk.tif");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::io);
    EXPECT_EQ(e.location().path, (dir / "junk.tif").string());
    EXPECT_NE(e.detail().find("cannot open image"), std::string::npos) << e.what();
  }
}

// --- The IDT maker on scene-linear EXR --------------------------------------------------------

TEST(SceneLinearExr, MakeIdtUsesValuesAboveOneUnclipped) {
  // A linear camera (ILCE-7M3 sensitivities under D55) shot at EV -2..+2 and stored as half-float
  // EXR with sensor-like noise: at +2 EV the white patch reads ~3.6. Nothing may be flagged clipped
  // and every exposure must be used.
  const Spectrum d55 = illuminant_spd(IlluminantSpec{IlluminantSpec::Kind::named, "D55", 0, {}}, {});
  const auto linear = idt::testing::camera_linear(
      fs::path(ACESLAB_SHARED_DIR) / "data/cameras/camera/Sony_ILCE-7M3_380_780_5.json", d55);
  const fs::path dir = temp_dir("exr_idt");
  const ChartHomography chart = place_chart(320, 240, 480, 0);
  nlohmann::json exposures = nlohmann::json::array();
  for (int ev = -2; ev <= 2; ++ev) {
    ChartRender spec;
    spec.width = 640;
    spec.height = 480;
    spec.chart = chart;
    for (int p = 0; p < kChartPatches; ++p) spec.patch_codes[p] = linear[p] * std::exp2(ev);
    spec.surround = Eigen::Vector3d::Constant(0.03 * std::exp2(ev));
    spec.noise_sigma = 0.0005;
    spec.seed = static_cast<std::uint32_t>(10 + ev);
    const std::string name = "ev" + std::to_string(ev + 2) + ".exr";
    aces::write_image(dir / name, render_chart(spec), Overwrite::allow, aces::SampleFormat::half);
    exposures.push_back({{"ev", ev}, {"files", {name}}});
  }
  nlohmann::json corners = nlohmann::json::array();
  for (const auto& c : chart.corners()) corners.push_back({c.x(), c.y()});
  const nlohmann::json doc = {{"camera", {{"make", "Linear"}, {"model", "EXR"}}},
                              {"illuminant", "D55"},
                              {"encoding", "linear"},
                              {"chart", {{"corners", corners}}},
                              {"exposures", exposures}};
  std::ofstream(dir / "capture.json") << doc.dump(2);
  const IdtResult r = make_idt(load_capture(dir / "capture.json"));
  ASSERT_TRUE(r.usable) << r.message;
  ASSERT_EQ(r.exposures.size(), 5u);
  for (const auto& x : r.exposures) {
    EXPECT_TRUE(x.usable) << "EV " << x.ev;
    EXPECT_EQ(x.sample.flagged_count(kPatchClipped), 0) << "EV " << x.ev;
  }
  EXPECT_GT(r.exposures.back().sample.patches[18].value.maxCoeff(), 3.0);  // white at +2 EV, kept
  // A linear camera through a 3x3: the fit is as good as the sensitivities allow (the same camera
  // as a 16-bit S-Log3 TIFF series gives a mean of about 1.4 in bench_idt).
  constexpr double kMaxMeanDeltaE = 2.0;
  EXPECT_LT(r.fit.mean_delta_E_2000, kMaxMeanDeltaE);
  RecordProperty("mean_dE2000", std::to_string(r.fit.mean_delta_E_2000));
}
