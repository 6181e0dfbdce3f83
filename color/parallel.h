// SPDX-License-Identifier: Apache-2.0
// Splitting a buffer of RGB triplets into contiguous chunks of whole triplets, one per thread, for
// the embarrassingly parallel work of pipelines, LMT bakes and verifications. Exceptions thrown in
// a worker are rethrown in the caller.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <span>
#include <thread>
#include <vector>

namespace aceslab::aces {

inline unsigned thread_count(unsigned requested) {
  if (requested != 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

// `fn(std::span<float> chunk, std::size_t first_triplet)`. `threads` 0 = all cores; fewer threads
// are used when a chunk would hold less than `min_per_thread` triplets (starting a thread would
// cost more than it saves).
template <typename Fn>
void for_chunks(std::span<float> rgb, unsigned threads, Fn&& fn, std::size_t min_per_thread = 256) {
  const std::size_t n = rgb.size() / 3;
  const unsigned t = static_cast<unsigned>(
      std::min<std::size_t>(thread_count(threads), std::max<std::size_t>(1, n / std::max<std::size_t>(1, min_per_thread))));
  if (t <= 1) {
    fn(rgb.first(n * 3), std::size_t{0});
    return;
  }
  std::vector<std::thread> pool;
  std::vector<std::exception_ptr> errors(t);
  const std::size_t per = (n + t - 1) / t;
  for (unsigned i = 0; i < t; ++i) {
    const std::size_t first = std::min(n, i * per);
    const std::size_t last = std::min(n, first + per);
    pool.emplace_back([&, i, first, last] {
      try {
        fn(rgb.subspan(first * 3, (last - first) * 3), first);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  for (auto& th : pool) th.join();
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace aceslab::aces
