// SPDX-License-Identifier: Apache-2.0
// Throughput of the ACES 2.0 Output Transform on a 1920x1080 float RGB image, forward and inverse,
// single-thread and all threads (std::thread, split by rows), for the Rec.709 100-nit and the
// Rec.2100 PQ 1000-nit P3-limited presets, with OpenColorIO 2.1's built-in ACES 1.0
// "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-VIDEO_1.0" on the same buffer as the baseline.
//
// Run:   build-ot/bench/bench_output_transform            (prints one JSON document)
// Options: --reps N (timed repetitions per case, best is kept; default 3)
// Environment: ACESLAB_SIMD=baseline runs the SSE2 kernels instead of AVX2 (render.h); the
// path used is reported as "simd".
// Output: {"schema":"aceslab.bench.output_transform/2","width":1920,"height":1080,"simd":"avx2",
//          "results":[{"name":...,"threads":...,"mpix_per_s":...,"ratio_to_baseline":...}, ...]}
// Each aceslab case is timed right after its own baseline run (same thread count) and carries the
// ratio to it; the machine is shared, so only back-to-back ratios are meaningful.
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
#include <thread>
#include <vector>

#include "aces2/output_presets.h"
#include "aces2/render.h"
#include "color/chromaticity.h"

namespace OCIO = OCIO_NAMESPACE;
using aceslab::aces::Mat3;
using aceslab::aces::Vec3;

namespace {

constexpr int kWidth = 1920;
constexpr int kHeight = 1080;

// A deterministic varied ACES2065-1 image: mostly ACEScg colours over ~14 stops, some very
// saturated and bright ones, a few slightly out of AP1 and negative values.
std::vector<float> make_image() {
  std::mt19937 rng(20250101);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  const Mat3 ap1_to_ap0 = aceslab::aces::rgb_to_rgb_matrix(aceslab::aces::primaries::kAP1,
                                                            aceslab::aces::primaries::kAP0,
                                                            aceslab::aces::Adaptation::none);
  std::vector<float> img(static_cast<size_t>(kWidth) * kHeight * 3);
  for (size_t i = 0; i < img.size(); i += 3) {
    Vec3 c(u(rng), u(rng), u(rng));
    const float kind = u(rng);
    if (kind < 0.1f) c[static_cast<int>(u(rng) * 3) % 3] = 0.0;  // saturated
    if (kind > 0.97f) c[static_cast<int>(u(rng) * 3) % 3] = -0.05 * u(rng);  // out of AP1
    c *= std::exp2(-8.0f + 14.0f * u(rng));
    const Vec3 a = ap1_to_ap0 * c;
    img[i] = static_cast<float>(a[0]);
    img[i + 1] = static_cast<float>(a[1]);
    img[i + 2] = static_cast<float>(a[2]);
  }
  return img;
}

// Runs `work(row_begin, row_end)` on `threads` threads splitting the rows.
void run_rows(int threads, const std::function<void(int, int)>& work) {
  if (threads <= 1) {
    work(0, kHeight);
    return;
  }
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    const int r0 = kHeight * t / threads, r1 = kHeight * (t + 1) / threads;
    pool.emplace_back([&work, r0, r1] { work(r0, r1); });
  }
  for (std::thread& th : pool) th.join();
}

// Best of `reps` timed runs; `src` is copied into a work buffer before each (untimed).
double measure(const std::vector<float>& src, int threads, int reps,
               const std::function<void(float*, int, int)>& apply_rows) {
  std::vector<float> work(src.size());
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    std::memcpy(work.data(), src.data(), src.size() * sizeof(float));
    const auto t0 = std::chrono::steady_clock::now();
    run_rows(threads, [&](int r0, int r1) { apply_rows(work.data(), r0, r1); });
    const auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
  }
  return static_cast<double>(kWidth) * kHeight / best / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 3;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--reps") == 0 && i + 1 < argc) reps = std::max(1, std::atoi(argv[++i]));
  }
  const int all_threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const std::vector<float> aces = make_image();
  nlohmann::json results = nlohmann::json::array();
  // `ratio`: throughput over the baseline run timed just before (0 for baseline rows).
  auto record = [&](const std::string& name, int threads, double mpix, double ratio = 0.0) {
    nlohmann::json r = {{"name", name}, {"threads", threads}, {"mpix_per_s", std::round(mpix * 1000) / 1000}};
    if (ratio > 0.0) r["ratio_to_baseline"] = std::round(ratio * 1000) / 1000;
    results.push_back(r);
  };
  std::vector<int> thread_counts = {1};
  if (all_threads > 1) thread_counts.push_back(all_threads);

  // OCIO baseline processor, built first so that every aceslab case can be timed right next to a
  // baseline run with the same thread count: the machine is shared, and only ratios measured
  // back to back are comparable.
  OCIO::ConstCPUProcessorRcPtr cpu;
  try {
    OCIO::ConstConfigRcPtr config = OCIO::Config::CreateRaw();
    OCIO::BuiltinTransformRcPtr builtin = OCIO::BuiltinTransform::Create();
    builtin->setStyle("ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-VIDEO_1.0");
    cpu = config->getProcessor(builtin)->getDefaultCPUProcessor();
  } catch (const OCIO::Exception& e) {
    std::cerr << "OpenColorIO baseline failed: " << e.what() << "\n";
    return 1;
  }
  auto baseline = [&](int th) {
    const double mpix = measure(aces, th, reps, [&](float* p, int r0, int r1) {
      OCIO::PackedImageDesc desc(p + static_cast<size_t>(r0) * kWidth * 3, kWidth, r1 - r0, 3);
      cpu->apply(desc);
    });
    record("ocio-2.1 ACES-OUTPUT SDR-VIDEO_1.0 forward (baseline)", th, mpix);
    return mpix;
  };

  for (const char* alias : {"rec709-bt1886-100nit", "rec2100-pq-1000nit-p3"}) {
    const auto ot = aceslab::aces::output_transform(aceslab::aces::find_output_preset(alias));
    std::vector<float> display = aces;
    ot->forward(display);  // inverse input: what the forward produces
    const size_t row = static_cast<size_t>(kWidth) * 3;
    for (int th : thread_counts) {
      for (const bool inverse : {false, true}) {
        const double base = baseline(th);
        const double mpix = measure(inverse ? display : aces, th, reps, [&](float* p, int r0, int r1) {
          const std::span<float> rows(p + r0 * row, (r1 - r0) * row);
          if (inverse) {
            ot->inverse(rows);
          } else {
            ot->forward(rows);
          }
        });
        record(std::string("aceslab ") + alias + (inverse ? " inverse" : " forward"), th, mpix, mpix / base);
      }
    }
  }

  const nlohmann::json doc = {{"schema", "aceslab.bench.output_transform/2"},
                              {"width", kWidth},
                              {"height", kHeight},
                              {"hardware_threads", all_threads},
                              {"simd", aceslab::aces::detail::simd_path_name(aceslab::aces::detail::active_simd_path())},
                              {"results", results}};
  std::cout << doc.dump(2) << "\n";
  return 0;
}
