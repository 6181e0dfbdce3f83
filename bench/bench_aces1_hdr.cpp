// SPDX-License-Identifier: Apache-2.0
// Throughput of the ACES 1.0.x HDR ODTs aceslab evaluates from the CTL (clf/aces1_odt.h: RRT +
// ODT.Academy.P3D60_ST2084_1000nits, double precision) on a 1920x1080 float RGB image, forward
// and inverse, against what a user would otherwise run: OpenColorIO 2.1's nearest builtin, the
// ACES 1.1 RRTODT "HDR-VIDEO-1000nit-15nit-P3lim_1.1" + "DISPLAY - CIE-XYZ-D65_to_ST2084-P3-D65"
// (a different rendering, float32, optimised ops), on the same buffer and thread count.
//
// Run:   build/bench/bench_aces1_hdr [--reps N] [--threads N]   (prints one JSON document)
// Output: {"schema":"aceslab.bench.aces1_hdr/1","width":1920,"height":1080,"threads":N,
//          "results":[{"name":...,"mpix_per_s":...,"ratio_to_ocio":...}, ...]}
// The machine is shared: only the back-to-back ratios are meaningful.
#include <OpenColorIO/OpenColorIO.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "clf/aces1_odt.h"
#include "clf/ocio_bridge.h"
#include "color/parallel.h"

namespace aces = aceslab::aces;
namespace OCIO = OCIO_NAMESPACE;

namespace {

constexpr int kWidth = 1920;
constexpr int kHeight = 1080;

// ACEScg colours over ~14 stops, some saturated, as ACES2065-1.
std::vector<float> make_image() {
  std::mt19937 rng(20250611);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<float> img(static_cast<std::size_t>(kWidth) * kHeight * 3);
  for (std::size_t i = 0; i < img.size(); i += 3) {
    aces::Vec3 c(u(rng), u(rng), u(rng));
    if (u(rng) < 0.1) c[static_cast<int>(u(rng) * 3) % 3] = 0.0;
    c *= std::exp2(-8.0 + 14.0 * u(rng));
    const aces::Vec3 a = aces::aces1::AP1_to_AP0() * c;
    for (int k = 0; k < 3; ++k) img[i + k] = static_cast<float>(a[k]);
  }
  return img;
}

double best_seconds(int reps, const std::vector<float>& input, const std::function<void(std::span<float>)>& fn) {
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    std::vector<float> buf = input;
    const auto t0 = std::chrono::steady_clock::now();
    fn(buf);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 3;
  unsigned threads = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--reps") == 0) reps = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--threads") == 0) threads = static_cast<unsigned>(std::max(0, std::atoi(argv[i + 1])));
  }
  threads = aces::thread_count(threads);
  const std::vector<float> image = make_image();
  std::vector<float> codes = image;
  aces::aces1::apply_rrt_odt(aces::aces1::Aces10Odt::p3d60_st2084_1000nits, aces::Direction::forward, codes);

  auto group = OCIO::GroupTransform::Create();
  for (const char* style : {"ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - HDR-VIDEO-1000nit-15nit-P3lim_1.1",
                            "DISPLAY - CIE-XYZ-D65_to_ST2084-P3-D65"}) {
    auto b = OCIO::BuiltinTransform::Create();
    b->setStyle(style);
    group->appendTransform(b);
  }
  const auto ocio_fwd = aces::ocio_cpu_processor(group, aces::OcioOptimization::lossless, "bench");
  group->setDirection(OCIO::TRANSFORM_DIR_INVERSE);
  const auto ocio_inv = aces::ocio_cpu_processor(group, aces::OcioOptimization::lossless, "bench");
  auto ocio = [threads](const OCIO::ConstCPUProcessorRcPtr& p) {
    return [p, threads](std::span<float> rgb) {
      aces::for_chunks(rgb, threads, [&p](std::span<float> chunk, std::size_t) { aces::ocio_apply(p, chunk); });
    };
  };

  nlohmann::json results = nlohmann::json::array();
  const double mpix = kWidth * static_cast<double>(kHeight) / 1e6;
  for (const bool inverse : {false, true}) {
    const std::vector<float>& input = inverse ? codes : image;
    const double base = best_seconds(reps, input, ocio(inverse ? ocio_inv : ocio_fwd));
    const auto direction = inverse ? aces::Direction::inverse : aces::Direction::forward;
    const double ours = best_seconds(reps, input, [threads, direction](std::span<float> rgb) {
      aces::aces1::apply_rrt_odt(aces::aces1::Aces10Odt::p3d60_st2084_1000nits, direction, rgb, threads);
    });
    const std::string dir = inverse ? "inverse" : "forward";
    results.push_back({{"name", "ocio-aces1.1-p3d65-pq-1000nit-" + dir}, {"mpix_per_s", mpix / base}});
    results.push_back({{"name", "aceslab-aces1.0-p3d60-pq-1000nit-" + dir},
                       {"mpix_per_s", mpix / ours},
                       {"ratio_to_ocio", base / ours}});
  }
  std::cout << nlohmann::json{{"schema", "aceslab.bench.aces1_hdr/1"},
                              {"width", kWidth},
                              {"height", kHeight},
                              {"threads", threads},
                              {"results", results}}
                   .dump(2)
            << "\n";
  return 0;
}
