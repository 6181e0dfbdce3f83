// SPDX-License-Identifier: Apache-2.0
// The C++ side of bench/bench_python.py: the ACES 2.0 Output Transform on one float32 RGB buffer
// read from a raw file (the same bytes the Python side transforms), split over threads as
// bench_output_transform splits rows, best of --reps runs (the buffer restored before each,
// untimed). Prints one JSON document: {"mpix_per_s": ..., "seconds": ...}.
//
//   bench_ot_buffer --input image.f32 --pixels N --alias rec709-bt1886-100nit [--inverse]
//                   [--threads T] [--reps R]
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "aces2/output_presets.h"
#include "aces2/output_transform.h"

int main(int argc, char** argv) {
  std::string input, alias = "rec709-bt1886-100nit";
  std::size_t pixels = 0;
  int threads = 1, reps = 3;
  bool inverse = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--input") input = next();
    else if (a == "--pixels") pixels = std::stoull(next());
    else if (a == "--alias") alias = next();
    else if (a == "--threads") threads = std::max(1, std::stoi(next()));
    else if (a == "--reps") reps = std::max(1, std::stoi(next()));
    else if (a == "--inverse") inverse = true;
    else {
      std::cerr << "bench_ot_buffer: unknown argument " << a << "\n";
      return 2;
    }
  }
  std::vector<float> src(pixels * 3);
  std::ifstream in(input, std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(src.data()), static_cast<std::streamsize>(src.size() * sizeof(float)))) {
    std::cerr << "bench_ot_buffer: cannot read " << pixels << " RGB float32 pixels from " << input << "\n";
    return 1;
  }
  const auto ot = aceslab::aces::output_transform(aceslab::aces::find_output_preset(alias));
  std::vector<float> work(src.size());
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    std::memcpy(work.data(), src.data(), src.size() * sizeof(float));
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      const std::size_t p0 = pixels * t / threads, p1 = pixels * (t + 1) / threads;
      pool.emplace_back([&, p0, p1] {
        const std::span<float> part(work.data() + 3 * p0, 3 * (p1 - p0));
        if (inverse) ot->inverse(part);
        else ot->forward(part);
      });
    }
    for (auto& th : pool) th.join();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::cout << nlohmann::json{{"mpix_per_s", static_cast<double>(pixels) / best / 1e6}, {"seconds", best}}.dump() << "\n";
  return 0;
}
