// SPDX-License-Identifier: Apache-2.0
// Internal: splits a buffer of RGB triplets into contiguous chunks of whole triplets and runs a
// function on each chunk in its own thread (the bake and the verification are embarrassingly
// parallel; the inverse output transform is their cost).
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <span>
#include <thread>
#include <vector>

namespace aceslab::lmt::detail {

inline unsigned thread_count(unsigned requested) {
  if (requested != 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

// `fn(std::span<float> chunk, std::size_t first_triplet)`; exceptions are rethrown in the caller.
template <typename Fn>
void for_chunks(std::span<float> rgb, unsigned threads, Fn&& fn) {
  const std::size_t n = rgb.size() / 3;
  const unsigned t = static_cast<unsigned>(std::min<std::size_t>(thread_count(threads), std::max<std::size_t>(1, n / 256)));
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

}  // namespace aceslab::lmt::detail
