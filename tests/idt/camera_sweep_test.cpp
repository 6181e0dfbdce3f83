// SPDX-License-Identifier: Apache-2.0
// The IDT maker against the best possible 3x3 on simulated captures of real sensors (camera_sweep.h).
// Issue 12: the IDT's mean CIEDE2000 at EV 0 within 1.05x of the best white-preserving 3x3 fitted on
// the exact linear patch values. CI runs four cameras (the worst of the 42 among them);
// ACESLAB_ALL_CAMERAS=1 runs all 42 and prints the distribution (scripts/idt-camera-sweep).
#include "camera_sweep.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

namespace fs = std::filesystem;
using namespace aceslab;
using namespace aceslab::idt;
using namespace aceslab::idt::testing;

namespace {

const fs::path kCameras = fs::path(ACESLAB_SHARED_DIR) / "data/cameras/camera";
// Issue 12, point 5: within 1.05x, with the encoding known (all 42 cameras: 0.983-1.008, median
// 0.997) and with it fitted (all 42: 0.964-1.004, median 0.987; the curve's smoothness follows the
// measured noise of the patch readings, solver/curve_fit.h; before that 0.971-1.070).
constexpr double kMaxRatio = 1.05;

std::vector<fs::path> cameras(std::size_t how_many = 4) {
  std::vector<fs::path> all;
  for (const auto& e : fs::directory_iterator(kCameras)) all.push_back(e.path());
  std::sort(all.begin(), all.end());
  if (std::getenv("ACESLAB_ALL_CAMERAS")) return all;
  // Nikon D5100 (sensitivities normalised per channel; the worst with the encoding fitted before
  // the noise-set smoothness, 1.070), Nikon D850 and Canon EOS 5D (the worst two of the 42 in both
  // sweeps now), then Sony.
  std::vector<fs::path> some;
  for (const char* name : {"Nikon_D5100", "Nikon_D850", "Canon_EOS_5D", "Sony_ILCE-7M3"}) {
    some.push_back(kCameras / (std::string(name) + "_380_780_5.json"));
  }
  some.resize(std::min(some.size(), how_many));
  return some;
}

void run_sweep(SweepCapture kind, const char* label, double max_ratio, std::size_t how_many = 4) {
  std::vector<double> ratios;
  for (const fs::path& camera : cameras(how_many)) {
    const fs::path dir = fs::temp_directory_path() / ("aceslab_camera_sweep_" + std::string(label)) / camera.stem();
    fs::remove_all(dir);
    const SweepResult r = sweep_camera(camera, kind, dir);
    ASSERT_TRUE(r.usable) << r.camera << ": " << r.message;
    const double ratio = r.idt / r.bound;
    ratios.push_back(ratio);
    std::printf("%-8s %-34s best 3x3 %.3f  IDT %.3f  ratio %.3f\n", label, r.camera.c_str(), r.bound, r.idt, ratio);
    EXPECT_LE(ratio, max_ratio) << r.camera;
    fs::remove_all(dir);
  }
  std::sort(ratios.begin(), ratios.end());
  std::printf("%s: %zu cameras, ratio min %.3f median %.3f p90 %.3f max %.3f\n", label, ratios.size(), ratios.front(),
              ratios[ratios.size() / 2], ratios[static_cast<std::size_t>(0.9 * (ratios.size() - 1))], ratios.back());
}

}  // namespace

TEST(CameraSweep, KnownSlog3WithinBestThreeByThree) { run_sweep(SweepCapture::slog3_known, "slog3", kMaxRatio); }

TEST(CameraSweep, FittedEncodingNearBestThreeByThree) { run_sweep(SweepCapture::slog3_fit, "fit", kMaxRatio); }

// Light falling off by a quarter across the frame: the chart's patches are lit unevenly and the IDT
// suffers; a grey card shot under the same light ("flat_field") corrects it before sampling.
TEST(CameraSweep, FlatFieldCorrectsLightFalloff) {
  const fs::path camera = kCameras / "Sony_ILCE-7M3_380_780_5.json";
  const fs::path dir = fs::temp_directory_path() / "aceslab_camera_sweep_flat";
  for (SweepCapture kind : {SweepCapture::slog3_known, SweepCapture::slog3_fit}) {
    fs::remove_all(dir);
    const SweepResult uneven = sweep_camera(camera, kind, dir / "uneven", {0.25, false});
    const SweepResult corrected = sweep_camera(camera, kind, dir / "flat", {0.25, true});
    ASSERT_TRUE(uneven.usable && corrected.usable) << uneven.message << corrected.message;
    std::printf("falloff 25 %%: best 3x3 %.3f, IDT %.3f uneven, %.3f with the flat field\n", uneven.bound, uneven.idt,
                corrected.idt);
    // The falloff costs (a fitted curve absorbs part of it), and the flat field wins it back.
    if (kind == SweepCapture::slog3_known) {
      EXPECT_GT(uneven.idt / uneven.bound, 1.1);
    }
    EXPECT_LT(corrected.idt, uneven.idt);
    EXPECT_LE(corrected.idt / corrected.bound, kMaxRatio);
  }
  fs::remove_all(dir);
}

// What 8-bit 4:2:0 video costs (drones, action cameras): the same captures as 8-bit BT.709
// limited-range 4:2:0 frames, encoding fitted, against the same bound. Printed for the README;
// the bound is loose on purpose (the README gives the measured figures).
constexpr double kMaxRatioVideo = 1.7;  // all 42: log 0.98-1.53, gamma 0.91-1.44
TEST(CameraSweep, EightBitVideo) {
  run_sweep(SweepCapture::video8_log_fit, "video-log", kMaxRatioVideo, 2);
  run_sweep(SweepCapture::video8_gamma_fit, "video-gamma", kMaxRatioVideo, 2);
}
