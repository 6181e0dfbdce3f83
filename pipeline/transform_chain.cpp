// SPDX-License-Identifier: Apache-2.0
#include "pipeline/transform_chain.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace aceslab::aces {

void TransformChain::add(std::string label, Function function) {
  m_stages.push_back({std::move(label), std::move(function)});
}

void TransformChain::add(std::string label, Pipeline pipeline) {
  auto shared = std::make_shared<const Pipeline>(std::move(pipeline));
  add(std::move(label), [shared](std::span<float> rgb) { aces::apply(*shared, rgb); });
}

std::vector<std::string> TransformChain::describe() const {
  std::vector<std::string> out;
  out.reserve(m_stages.size());
  for (const auto& s : m_stages) out.push_back(s.label);
  return out;
}

void TransformChain::apply(std::span<float> rgb, unsigned threads,
                           const std::function<void(std::size_t, std::size_t)>& progress) const {
  const std::size_t triplets = rgb.size() / 3;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  // Chunks small enough to report progress and balance threads, large enough to amortise the
  // per-call set-up of OCIO processors and output transform blocks.
  constexpr std::size_t kChunk = 1 << 15;
  const std::size_t chunks = (triplets + kChunk - 1) / kChunk;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  auto worker = [&] {
    for (std::size_t c = next++; c < chunks; c = next++) {
      const std::size_t begin = c * kChunk;
      const std::size_t count = std::min(kChunk, triplets - begin);
      auto part = rgb.subspan(3 * begin, 3 * count);
      for (const auto& stage : m_stages) stage.function(part);
      done += count;
    }
  };
  const unsigned n = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(chunks, 1)));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < n; ++t) pool.emplace_back(worker);
  if (progress && n > 1) {
    // The calling thread reports while the pool works, then joins in.
    while (done.load() < triplets && next.load() < chunks) {
      progress(done.load(), triplets);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  worker();
  for (auto& t : pool) t.join();
  if (progress) progress(triplets, triplets);
}

}  // namespace aceslab::aces
