// SPDX-License-Identifier: Apache-2.0
// Test material for deliveries, generated at test time into a temporary folder (nothing is
// committed). A "plate" is a small synthetic scene as a camera would record it: a 14-stop exposure
// ramp, six saturated patches, a specular bar above 1.0 that moves from frame to frame, and
// sensor-like noise (seeded per frame), in scene-linear ARRI Wide Gamut 3 encoded with ARRI LogC3
// (EI 800) code values. Sequences are written through OpenImageIO as 10-bit DPX (the common
// camera/scan delivery), 16-bit TIFF or float EXR (optionally with an alpha ramp), with a per-frame
// SMPTE time code and a frame rate in the header, so every path of a render sees real-world
// layouts. The oracle for pixels is OpenColorIO 2.1 evaluating the same CLF (aces::ClfTransform)
// on what OpenImageIO decodes, rounded to half.
#pragma once

#include <OpenEXR/ImfTimeCode.h>
#include <OpenImageIO/imageio.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "clf/reader.h"
#include "color/half_bits.h"
#include "color/transfer_function.h"
#include "image/exr_reader.h"
#include "tests/cli/cli_test_support.h"

namespace aceslab::test {

namespace fs = std::filesystem;

// The IDT of the generated plates, from the ACES OCIO config project (../shared/data/camera-clf).
inline fs::path logc3_idt() {
  return fs::path(ACESLAB_SHARED_DIR) / "data/camera-clf/ARRI.Input.ARRI_LogC3_EI800_to_ACES2065-1.clf";
}

// A fresh folder under the system temporary folder, removed when the object goes.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : m_path(fs::temp_directory_path() / ("aceslab_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(m_path);
    fs::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
  }
  const fs::path& path() const { return m_path; }
  fs::path operator/(const std::string& name) const { return m_path / name; }

 private:
  fs::path m_path;
};

struct PlateSpec {
  int width = 96;
  int height = 54;
  std::string format = "dpx";  // dpx (10-bit), tif (16-bit), exr (float)
  bool alpha = false;
  int fps = 24;
  int timecode_hours = 1;
};

// LogC3 code values of the plate for `frame` (RGB, or RGBA with an alpha ramp).
inline std::vector<float> plate_pixels(const PlateSpec& s, long long frame) {
  const auto& logc3 = aces::find_transfer_function("logc3-ei800");
  const int ch = s.alpha ? 4 : 3;
  std::vector<float> px(static_cast<std::size_t>(s.width) * s.height * ch);
  std::mt19937 rng(static_cast<unsigned>(frame) * 2654435761u + 17u);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  const float patches[6][3] = {{0.4f, 0.05f, 0.04f}, {0.05f, 0.3f, 0.06f}, {0.04f, 0.06f, 0.35f},
                               {0.5f, 0.45f, 0.05f}, {0.06f, 0.3f, 0.4f}, {0.45f, 0.08f, 0.4f}};
  for (int y = 0; y < s.height; ++y) {
    for (int x = 0; x < s.width; ++x) {
      float rgb[3];
      const float v = 0.18f * std::exp2(-8.0f + 14.0f * static_cast<float>(x) / s.width);
      rgb[0] = rgb[1] = rgb[2] = v;
      if (y > s.height / 3 && y < s.height / 2) {
        const int k = (x * 6) / s.width;
        for (int c = 0; c < 3; ++c) rgb[c] = patches[k][c];
      }
      if (x == static_cast<int>(frame % s.width)) rgb[0] = rgb[1] = rgb[2] = 20.0f;
      float* p = px.data() + (static_cast<std::size_t>(y) * s.width + x) * ch;
      for (int c = 0; c < 3; ++c) {
        const float lin = std::max(0.0f, rgb[c] * (1.0f + 0.01f * noise(rng)) + 0.001f * noise(rng));
        p[c] = static_cast<float>(logc3.to_code(lin));
      }
      if (s.alpha) p[3] = static_cast<float>(x) / static_cast<float>(s.width - 1);
    }
  }
  return px;
}

inline void write_plate(const fs::path& path, const PlateSpec& s, long long frame) {
  const int ch = s.alpha ? 4 : 3;
  OIIO::TypeDesc type = s.format == "exr" ? OIIO::TypeDesc::FLOAT : OIIO::TypeDesc::UINT16;
  OIIO::ImageSpec spec(s.width, s.height, ch, type);
  if (s.alpha) spec.alpha_channel = 3;
  if (s.format == "dpx") spec.attribute("oiio:BitsPerSample", 10);
  // SMPTE time code of the frame counted from timecode_hours:00:00:00 (OIIO's TypeTimeCode is
  // OpenEXR's TimeCode packing: time and flags, user bits).
  const long long secs = frame / s.fps;
  const Imf::TimeCode tc(s.timecode_hours + static_cast<int>(secs / 3600), static_cast<int>((secs / 60) % 60),
                         static_cast<int>(secs % 60), static_cast<int>(frame % s.fps));
  const unsigned packed[2] = {tc.timeAndFlags(), tc.userData()};
  spec.attribute("smpte:TimeCode", OIIO::TypeTimeCode, packed);
  // A date in every header: EXR stores it as capDate (when the picture was taken), TIFF as the
  // file's DateTime (when the file was written), DPX not at all (OIIO's writer).
  spec.attribute("DateTime", "2025:10:01 14:30:00");
  if (s.format == "dpx") spec.attribute("dpx:FrameRate", static_cast<float>(s.fps));
  else {
    const int rate[2] = {s.fps, 1};
    spec.attribute("FramesPerSecond", OIIO::TypeRational, rate);
  }
  auto out = OIIO::ImageOutput::create(path.string());
  ASSERT_TRUE(out) << OIIO::geterror();
  ASSERT_TRUE(out->open(path.string(), spec)) << out->geterror();
  const std::vector<float> px = plate_pixels(s, frame);
  ASSERT_TRUE(out->write_image(OIIO::TypeDesc::FLOAT, px.data())) << out->geterror();
  ASSERT_TRUE(out->close());
}

// Frames first..last of `name`.%06d.<format> in `dir`; returns the %06d pattern.
inline std::string write_sequence(const fs::path& dir, const std::string& name, long long first, long long last,
                                  const PlateSpec& s = {}) {
  fs::create_directories(dir);
  for (long long f = first; f <= last; ++f) {
    char number[16];
    std::snprintf(number, sizeof number, "%06lld", f);
    write_plate(dir / (name + "." + number + "." + s.format), s, f);
  }
  return (dir / (name + ".%06d." + s.format)).string();
}

// What OpenImageIO decodes from a source file, as float RGB(A).
inline std::vector<float> decoded(const fs::path& path, int channels) {
  auto in = OIIO::ImageInput::open(path.string());
  EXPECT_TRUE(in) << OIIO::geterror();
  if (!in) return {};
  const OIIO::ImageSpec& spec = in->spec();
  std::vector<float> px(static_cast<std::size_t>(spec.width) * spec.height * channels);
  EXPECT_TRUE(in->read_image(0, 0, 0, channels, OIIO::TypeDesc::FLOAT, px.data()));
  return px;
}

// Half precision: one unit in the last place of a half (2^-10 relative; normal halves) plus the
// spacing of the smallest subnormals for values near 0. The recipe in float (aceslab's steps or
// OCIO) differs from OCIO's far below this; rounding to half is what the tolerance allows.
constexpr float kHalfUlp = 1.0f / 1024.0f;
constexpr float kHalfSubnormalStep = 5.96e-8f;

// Compares the R, G, B (and A, copied) of an output EXR with OCIO applying `clf` to the source.
inline void expect_matches_ocio(const fs::path& exr, const fs::path& source, const fs::path& clf, bool alpha) {
  const int ch = alpha ? 4 : 3;
  std::vector<float> expected = decoded(source, ch);
  std::vector<float> rgb;
  for (std::size_t i = 0; i < expected.size(); i += ch) rgb.insert(rgb.end(), expected.begin() + i, expected.begin() + i + 3);
  aces::ClfTransform(clf).apply(rgb);
  std::vector<std::string> names = {"R", "G", "B"};
  if (alpha) names.push_back("A");
  const aces::ExrPixels got = aces::read_exr_pixels(exr, names);
  ASSERT_EQ(got.values.size(), expected.size());
  std::size_t bad = 0;
  float worst = 0;
  for (std::size_t p = 0; p < expected.size() / ch; ++p) {
    for (int c = 0; c < ch; ++c) {
      const float want = c < 3 ? rgb[p * 3 + c] : expected[p * ch + 3];
      const float have = got.values[p * ch + c];
      const float err = std::fabs(have - want);
      if (err > kHalfUlp * std::fabs(want) + kHalfSubnormalStep) {
        ++bad;
        worst = std::max(worst, err / std::max(std::fabs(want), 1e-6f));
      }
    }
  }
  EXPECT_EQ(bad, 0u) << exr << ": worst relative error " << worst;
}

}  // namespace aceslab::test
