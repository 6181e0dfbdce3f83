// SPDX-License-Identifier: Apache-2.0
// Test helper: how close the IDT maker comes to the best possible 3x3 on simulated captures of real
// sensors (the 42 cameras of ../shared/data/cameras, rawtoaces-data). For one camera:
//  - its raw linear response to the 24 Ohta patches under D55 (simulated_capture.h, with the 0.5 %
//    flare of the reference), photographed 7 times at -3..+3 EV (chart_photo.h): a tilted chart
//    (25 degrees, 8 degree roll), even light, Poisson-Gaussian sensor noise (8000 electrons at
//    saturation, read noise 3e-4 of it), the sensor clipping at 1 with the white patch 5 % over
//    at +3 EV, encoded in S-Log3 (sensor saturation = S-Log3 linear 8) or in 8-bit 4:2:0 video,
//    16-bit TIFFs;
//  - the IDT made from those files with the encoding known, or fitted ("encoding": "fit");
//  - its mean CIEDE2000 at EV 0: the IDT applied to the exact (noise-free) EV 0 code values of
//    the patches against their reference;
//  - the bound: the best white-preserving 3x3 (Ceres, CIEDE2000, the Academy white balance and
//    exposure on neutral 5) fitted on the exact linear EV 0 patch values.
#pragma once

#include <filesystem>
#include <string>

#include "chart_photo.h"
#include "color/color_difference.h"
#include "idt/idt_maker.h"
#include "simulated_capture.h"
#include "solver/matrix_fit.h"

namespace aceslab::idt::testing {

struct SweepResult {
  std::string camera;
  double bound = 0;      // mean dE2000 of the best white-preserving 3x3 on exact values
  double idt = 0;        // mean dE2000 of the IDT at EV 0
  bool usable = false;
  std::string message;
};

// video8_*: 8-bit BT.709 limited-range 4:2:0 frames (chart_photo.h), encoding fitted; gamma is
// BT.1886 (a "normal" profile), log is S-Log3 standing in for a drone's D-Log / D-Log M.
enum class SweepCapture { slog3_known, slog3_fit, video8_gamma_fit, video8_log_fit };

struct SweepOptions {
  double falloff = 0.0;     // light lost from one side of the frame to the other
  bool flat_field = false;  // also shoot a grey card filling the frame at EV 0 and use it
};

inline Spectrum d55() { return illuminant_spd(IlluminantSpec{IlluminantSpec::Kind::named, "D55", 0, {}}, {}); }

// The bound of `linear` (raw EV 0 values): white balance and exposure on neutral 5, best 3x3.
inline double best_3x3(const std::array<Eigen::Vector3d, kChartPatches>& linear,
                       const std::array<Eigen::Vector3d, kChartPatches>& reference) {
  constexpr int kN5 = 21;
  Eigen::Vector3d wb = reference[kN5].cwiseQuotient(linear[kN5]);
  wb /= wb[1];
  const double k = reference[kN5].mean() / linear[kN5].cwiseProduct(wb).mean();
  std::vector<solver::Observation> obs;
  for (int p = 0; p < kChartPatches; ++p) obs.push_back({linear[p].cwiseProduct(wb) * k, reference[p], 1.0, ""});
  return solver::fit_idt_matrix(obs).mean_delta_E_2000;
}

inline SweepResult sweep_camera(const std::filesystem::path& sensitivities, SweepCapture kind, const std::filesystem::path& dir,
                                const SweepOptions& options = {}) {
  namespace fs = std::filesystem;
  using namespace photo;
  SweepResult out;
  out.camera = sensitivities.stem().string();
  const Spectrum ill = d55();
  const auto linear = camera_linear(sensitivities, ill);
  const auto reference = colorchecker_reference_aces(ill, aces::Adaptation::cat02);
  out.bound = best_3x3(linear, reference);

  const bool video = kind == SweepCapture::video8_gamma_fit || kind == SweepCapture::video8_log_fit;
  const bool gamma = kind == SweepCapture::video8_gamma_fit;
  const aces::TransferFunction& enc = aces::find_transfer_function(gamma ? "bt1886" : "slog3");
  const double encode_gain = gamma ? 1.0 : 8.0;
  const double white = linear[18].maxCoeff();
  const double exposure0 = 1.05 / (white * 8.0);  // white 5 % over saturation at +3 EV
  fs::create_directories(dir);
  nlohmann::json exposures = nlohmann::json::array();
  PhotoSpec base;
  base.width = 640;
  base.height = 480;
  base.background_colours = {Eigen::Vector3d::Constant(0.12), Eigen::Vector3d(0.2, 0.15, 0.1)};
  ChartObject chart;
  chart.patches = linear;
  chart.pose.width_fraction = 0.62;
  chart.pose.tilt_degrees = 25;
  chart.pose.tilt_axis_degrees = 70;
  chart.pose.roll_degrees = 8;
  base.charts.push_back(chart);
  base.falloff = options.falloff;
  base.falloff_angle = 20;
  base.full_well = 8000;
  base.read_noise = 3e-4;
  base.encoding = &enc;
  base.encode_gain = encode_gain;
  base.output = video ? Output::video420 : Output::integer16;
  finalise(base);
  const ChartObject& placed = base.charts.front();
  for (int ev = -3; ev <= 3; ++ev) {
    PhotoSpec s = base;
    s.seed = static_cast<std::uint32_t>(100 + ev);
    s.exposure = exposure0 * std::exp2(ev);
    const std::string name = "ev" + std::to_string(ev + 3) + ".tif";
    aces::write_image(dir / name, render_photo(s), Overwrite::allow, aces::SampleFormat::uint16);
    exposures.push_back({{"ev", ev}, {"files", {name}}});
  }
  // Corners of the patch grid (the chart object's border excluded).
  nlohmann::json corners = nlohmann::json::array();
  const double b = placed.border, gw = kChartColumns - placed.gap, gh = kChartRows - placed.gap;
  for (const Eigen::Vector2d& c : {Eigen::Vector2d(b, b), Eigen::Vector2d(b + gw, b), Eigen::Vector2d(b + gw, b + gh), Eigen::Vector2d(b, b + gh)}) {
    const Eigen::Vector2d px = placed.h.to_pixel(c);
    corners.push_back({px.x(), px.y()});
  }
  nlohmann::json doc = {{"camera", {{"make", "Simulated"}, {"model", out.camera}}},
                              {"illuminant", "D55"},
                              {"encoding", kind == SweepCapture::slog3_known ? "slog3" : "fit"},
                              {"chart", {{"corners", corners}}},
                              {"exposures", exposures}};
  if (options.flat_field) {
    PhotoSpec card = base;
    card.charts.clear();
    CardObject grey;
    grey.rgb = linear[21];
    grey.aspect = 2.0;
    grey.pose.width_fraction = 2.5;  // fills the frame
    card.cards.push_back(grey);
    card.seed = 99;
    card.exposure = exposure0;
    aces::write_image(dir / "flat.tif", render_photo(card), Overwrite::allow, aces::SampleFormat::uint16);
    doc["flat_field"] = "flat.tif";
  }
  std::ofstream(dir / "capture.json") << doc.dump(2);
  const IdtResult r = make_idt(load_capture(dir / "capture.json"));
  out.usable = r.usable;
  out.message = r.message;
  if (!r.usable) return out;
  // The IDT on the exact EV 0 code values (8-bit video: quantised as the camera would), lit by the
  // median light over the chart when the light falls off (the level a flat field keeps).
  double level = 1.0;
  if (options.falloff > 0) {
    std::vector<double> light;
    const double a = base.falloff_angle * kPi / 180;
    for (int p = 0; p < kChartPatches; ++p) {
      const Eigen::Vector2d px = placed.centre_pixel(p);
      const double t = (px.x() / base.width - 0.5) * std::cos(a) + (px.y() / base.height - 0.5) * std::sin(a) + 0.5;
      light.push_back(1 - options.falloff * std::clamp(t, 0.0, 1.0));
    }
    std::nth_element(light.begin(), light.begin() + kChartPatches / 2, light.end());
    level = light[kChartPatches / 2];
  }
  double sum = 0;
  static const aces::Mat3 kToXYZ = aces::XYZ_to_rgb_matrix(aces::primaries::kAP0).inverse();
  const Eigen::Vector3d white_xyz = kToXYZ * Eigen::Vector3d::Ones();
  for (int p = 0; p < kChartPatches; ++p) {
    std::array<float, 3> rgb;
    for (int c = 0; c < 3; ++c) {
      double code = enc.to_code(std::min(1.0, linear[p][c] * exposure0 * level) * encode_gain);
      if (video) code = std::round(code * 255) / 255;
      rgb[c] = static_cast<float>(code);
    }
    aces::apply(r.pipeline, std::span<float>(rgb));
    const Eigen::Vector3d got(rgb[0], rgb[1], rgb[2]);
    sum += aces::delta_E_2000(aces::XYZ_to_Lab(Eigen::Vector3d(kToXYZ * got), white_xyz),
                              aces::XYZ_to_Lab(Eigen::Vector3d(kToXYZ * reference[p]), white_xyz));
  }
  out.idt = sum / kChartPatches;
  return out;
}

}  // namespace aceslab::idt::testing
