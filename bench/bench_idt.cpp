// SPDX-License-Identifier: Apache-2.0
// A full `aceslab idt` run on 7 exposures of 4K (3840x2160) 16-bit TIFFs: reading, chart location
// (given corners, and automatic detection), sampling, curve and matrix fits. The exposures are
// rendered once into a temporary folder from a simulated camera (Sony ILCE-7M3 sensitivities under
// D55, S-Log3). Target: under 5 s per run on the 2-core build machine.
// The reading stage alone is measured too, both ways idt/chart_region.h offers, each over the 7
// exposures on all cores: the band of rows (read_chart_region + sample_chart) and only the rows of
// the sampled squares (sample_chart_file).
#include <benchmark/benchmark.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>
#include <nlohmann/json.hpp>

#include "color/transfer_function.h"
#include "idt/capture.h"
#include "idt/chart_reference.h"
#include "idt/chart_region.h"
#include "idt/chart_render.h"
#include "idt/idt_maker.h"
#include "idt/spectral.h"
#include "image/image_io.h"

namespace fs = std::filesystem;
using namespace aceslab;
using namespace aceslab::idt;

namespace {

struct Shoot {
  fs::path with_corners;
  fs::path without_corners;
};

const Shoot& shoot() {
  static const Shoot s = [] {
    const fs::path dir = fs::temp_directory_path() / "aceslab_bench_idt";
    fs::create_directories(dir);
    const auto* slog3 = &aces::find_transfer_function("slog3");
    const CameraSensitivities cam =
        read_camera_sensitivities(fs::path(ACESLAB_SHARED_DIR) / "data/cameras/camera/Sony_ILCE-7M3_380_780_5.json");
    const Spectrum d55 = illuminant_spd(IlluminantSpec{IlluminantSpec::Kind::named, "D55", 0, {}}, {});
    const auto& chart = colorchecker_classic_ohta();
    double white = 0;
    for (double nm = 380; nm <= 780; nm += 5) white += d55.value_at(nm) * cam.rgb[1].value_at(nm);
    std::array<Eigen::Vector3d, kChartPatches> linear;
    for (int p = 0; p < kChartPatches; ++p) {
      Eigen::Vector3d e = Eigen::Vector3d::Zero();
      for (double nm = 380; nm <= 780; nm += 5)
        for (int c = 0; c < 3; ++c) e[c] += d55.value_at(nm) * chart[p].value_at(nm) * cam.rgb[c].value_at(nm);
      linear[p] = (e / white).array() + kFlarePercentage;
    }
    const ChartHomography placement = place_chart(1900, 1100, 2400, 2);
    nlohmann::json exposures = nlohmann::json::array();
    for (int ev = -3; ev <= 3; ++ev) {
      const std::string name = "ev" + std::to_string(ev) + ".tif";
      exposures.push_back({{"ev", ev}, {"files", {name}}});
      if (fs::exists(dir / name)) continue;
      ChartRender spec;
      spec.width = 3840;
      spec.height = 2160;
      spec.chart = placement;
      spec.supersample = 1;
      spec.noise_sigma = 0.002;
      auto encode = [&](Eigen::Vector3d v) {
        for (int c = 0; c < 3; ++c) v[c] = std::clamp(slog3->to_code(v[c] * std::exp2(ev)), 0.0, 1.0);
        return v;
      };
      for (int p = 0; p < kChartPatches; ++p) spec.patch_codes[p] = encode(linear[p]);
      spec.surround = encode(Eigen::Vector3d::Constant(0.03));
      aces::write_image(dir / name, render_chart(spec), Overwrite::allow, aces::SampleFormat::uint16);
    }
    nlohmann::json corners = nlohmann::json::array();
    for (const auto& c : placement.corners()) corners.push_back({c.x(), c.y()});
    nlohmann::json doc = {{"camera", {{"make", "Bench"}, {"model", "4K"}}}, {"illuminant", "D55"}, {"encoding", "fit"},
                          {"exposures", exposures}};
    std::ofstream(dir / "auto.json") << doc.dump(2);
    doc["chart"] = {{"corners", corners}};
    std::ofstream(dir / "corners.json") << doc.dump(2);
    return Shoot{dir / "corners.json", dir / "auto.json"};
  }();
  return s;
}

void run(benchmark::State& state, const fs::path& manifest) {
  double mean_de = 0;
  for (auto _ : state) {
    const IdtResult r = make_idt(load_capture(manifest));
    if (!r.usable) state.SkipWithError(r.message.c_str());
    mean_de = r.fit.mean_delta_E_2000;
    benchmark::DoNotOptimize(r.clf_matrix);
  }
  state.counters["mean_dE2000"] = mean_de;
}

void BM_IdtFourKWithCorners(benchmark::State& state) { run(state, shoot().with_corners); }
void BM_IdtFourKAutoDetect(benchmark::State& state) { run(state, shoot().without_corners); }

// Samples the chart in every exposure, `sample_one(path, chart)` per file, on all cores.
template <typename Fn>
void sample_all(benchmark::State& state, Fn&& sample_one) {
  const Capture capture = load_capture(shoot().with_corners);
  const ChartHomography chart = ChartHomography::from_corners(*capture.chart.corners);
  std::vector<fs::path> files;
  for (const auto& e : capture.exposures) files.push_back(e.frames.front().path);
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  for (auto _ : state) {
    std::atomic<std::size_t> next{0};
    std::vector<double> white(files.size());
    auto work = [&] {
      for (std::size_t i = next++; i < files.size(); i = next++) white[i] = sample_one(files[i], chart).patches[18].value[1];
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    benchmark::DoNotOptimize(white);
  }
}

void BM_SampleSevenExposuresBand(benchmark::State& state) {
  sample_all(state, [](const fs::path& file, const ChartHomography& chart) {
    const ChartRegion region = read_chart_region(file, 0, chart);
    return sample_chart(region.band, region.chart);
  });
}

void BM_SampleSevenExposuresSquareRows(benchmark::State& state) {
  sample_all(state, [](const fs::path& file, const ChartHomography& chart) { return sample_chart_file(file, 0, chart).sample; });
}

}  // namespace

BENCHMARK(BM_IdtFourKWithCorners)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK(BM_IdtFourKAutoDetect)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK(BM_SampleSevenExposuresBand)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK(BM_SampleSevenExposuresSquareRows)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK_MAIN();
