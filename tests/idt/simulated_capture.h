// SPDX-License-Identifier: Apache-2.0
// Test helper: a capture shot by a simulated camera. The camera's linear response to each
// ColorChecker patch comes from its measured spectral sensitivities (rawtoaces-data) under an
// illuminant, with the same 0.5 % flare model as the reference; each exposure is encoded with a
// known transfer function, rendered as a chart image and written as a 16-bit TIFF next to an
// aceslab capture manifest.
#pragma once

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "color/transfer_function.h"
#include "idt/chart_reference.h"
#include "idt/chart_render.h"
#include "idt/spectral.h"
#include "image/image_io.h"

namespace aceslab::idt::testing {

// Camera RGB of the 24 patches at EV 0 (green of a perfect reflector = 1 before flare), raw
// (not white-balanced).
inline std::array<Eigen::Vector3d, kChartPatches> camera_linear(const std::filesystem::path& sensitivities,
                                                                  const Spectrum& illuminant) {
  const CameraSensitivities cam = read_camera_sensitivities(sensitivities);
  const auto& chart = colorchecker_classic_ohta();
  std::array<Eigen::Vector3d, kChartPatches> out;
  double white_g = 0;
  for (double nm = 380; nm <= 780; nm += 5) white_g += illuminant.value_at(nm) * cam.rgb[1].value_at(nm);
  for (int p = 0; p < kChartPatches; ++p) {
    Eigen::Vector3d e = Eigen::Vector3d::Zero();
    for (double nm = 380; nm <= 780; nm += 5) {
      const double ir = illuminant.value_at(nm) * chart[p].value_at(nm);
      for (int c = 0; c < 3; ++c) e[c] += ir * cam.rgb[c].value_at(nm);
    }
    e /= white_g;
    out[p] = (e.array() + kFlarePercentage) * kFlareScale;
  }
  return out;
}

struct SimulatedShoot {
  std::array<Eigen::Vector3d, kChartPatches> linear;  // camera_linear() output
  const aces::TransferFunction* encoding = nullptr;   // nullptr: linear
  double gain = 1.0;                                   // exposure at EV 0
  std::vector<double> evs = {-3, -2, -1, 0, 1, 2, 3};
  int width = 640, height = 480;
  ChartHomography chart = place_chart(320, 240, 480, 0);
  double noise = 0.0;
  std::string manifest_encoding;                       // written to the manifest ("fit", an id, "linear")
  std::string illuminant = "D55";
  bool write_corners = true;
};

inline Eigen::Vector3d encode(const SimulatedShoot& s, Eigen::Vector3d lin) {
  for (int c = 0; c < 3; ++c) {
    double v = s.encoding ? s.encoding->to_code(lin[c]) : lin[c];
    lin[c] = std::clamp(v, 0.0, 1.0);
  }
  return lin;
}

// Writes ev<EV>.tif files and capture.json into `dir`; returns the manifest path.
inline std::filesystem::path write_shoot(const std::filesystem::path& dir, const SimulatedShoot& s) {
  std::filesystem::create_directories(dir);
  nlohmann::json exposures = nlohmann::json::array();
  for (double ev : s.evs) {
    ChartRender spec;
    spec.width = s.width;
    spec.height = s.height;
    spec.chart = s.chart;
    for (int p = 0; p < kChartPatches; ++p) spec.patch_codes[p] = encode(s, s.linear[p] * s.gain * std::exp2(ev));
    spec.surround = encode(s, Eigen::Vector3d::Constant(0.03 * s.gain * std::exp2(ev)));
    spec.noise_sigma = s.noise;
    spec.seed = static_cast<std::uint32_t>(1000 + ev * 10);
    const std::string name = "ev" + std::to_string(static_cast<int>(std::lround(ev * 100))) + ".tif";
    aces::write_image(dir / name, render_chart(spec), Overwrite::allow);
    exposures.push_back({{"ev", ev}, {"files", {name}}});
  }
  nlohmann::json doc = {{"camera", {{"make", "Simulated"}, {"model", "Camera"}}},
                        {"illuminant", s.illuminant},
                        {"encoding", s.manifest_encoding},
                        {"exposures", exposures}};
  if (s.write_corners) {
    nlohmann::json corners = nlohmann::json::array();
    for (const auto& c : s.chart.corners()) corners.push_back({c.x(), c.y()});
    doc["chart"] = {{"type", "colorchecker24"}, {"corners", corners}};
  }
  std::ofstream(dir / "capture.json") << doc.dump(2);
  return dir / "capture.json";
}

}  // namespace aceslab::idt::testing
