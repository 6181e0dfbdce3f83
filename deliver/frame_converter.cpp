// SPDX-License-Identifier: Apache-2.0
#include "deliver/frame_converter.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>
#include <type_traits>
#include <variant>

#include "color/parallel.h"
#include "image/exr_writer.h"

namespace aceslab::deliver {

namespace {

constexpr std::size_t kBandPixels = 4096;  // 48 kB of RGB floats: stays in L2 from decode to half
constexpr float kHalfMax = 65504.0f;
constexpr std::size_t kCodes = 65536;

// Steps whose output channel c depends on input channel c only.
bool per_channel(const aces::Step& step) {
  return std::visit(
      [](const auto& s) {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, aces::MatrixStep>) {
          return s.m(0, 1) == 0.0 && s.m(0, 2) == 0.0 && s.m(1, 0) == 0.0 && s.m(1, 2) == 0.0 && s.m(2, 0) == 0.0 &&
                 s.m(2, 1) == 0.0;
        } else if constexpr (std::is_same_v<T, aces::CdlStep>) {
          return s.saturation == 1.0;
        } else if constexpr (std::is_same_v<T, aces::Lut3DStep> || std::is_same_v<T, aces::OutputTransformStep>) {
          return false;
        } else {
          return true;  // Range, Log, Exponent, LUT1D, transfer curves
        }
      },
      step);
}

// Runs fn(first_pixel, end_pixel) over `pixels` split into contiguous ranges, one per thread.
template <typename Fn>
void parallel_pixels(std::size_t pixels, unsigned threads, Fn&& fn) {
  const unsigned t = static_cast<unsigned>(
      std::min<std::size_t>(aces::thread_count(threads), std::max<std::size_t>(1, pixels / (4 * kBandPixels))));
  if (t <= 1) {
    fn(std::size_t{0}, pixels);
    return;
  }
  std::vector<std::thread> pool;
  std::vector<std::exception_ptr> errors(t);
  const std::size_t per = (pixels + t - 1) / t;
  for (unsigned i = 0; i < t; ++i) {
    const std::size_t first = std::min(pixels, i * per), last = std::min(pixels, first + per);
    pool.emplace_back([&, i, first, last] {
      try {
        fn(first, last);
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

// Zeroes non-finite values and clamps to the half range, counting both.
void sanitize(std::span<float> values, ConversionStats& stats) {
  for (float& v : values) {
    if (!std::isfinite(v)) {
      v = 0.0f;
      ++stats.non_finite;
    } else if (v > kHalfMax) {
      v = kHalfMax;
      ++stats.clamped;
    } else if (v < -kHalfMax) {
      v = -kHalfMax;
      ++stats.clamped;
    }
  }
}

// Converts `n` pixels of band RGB (and alpha, when given) into `out` with `channels` per pixel.
void store(std::span<const float> rgb, const float* alpha, std::size_t n, int channels, std::uint16_t* out,
           std::vector<std::uint16_t>& scratch) {
  if (channels == 3) {
    aces::floats_to_halves(rgb.first(n * 3), std::span<std::uint16_t>(out, n * 3));
    return;
  }
  scratch.resize(n * 4);
  aces::floats_to_halves(rgb.first(n * 3), std::span<std::uint16_t>(scratch.data(), n * 3));
  aces::floats_to_halves(std::span<const float>(alpha, n), std::span<std::uint16_t>(scratch.data() + n * 3, n));
  for (std::size_t i = 0; i < n; ++i) {
    out[i * 4 + 0] = scratch[i * 3 + 0];
    out[i * 4 + 1] = scratch[i * 3 + 1];
    out[i * 4 + 2] = scratch[i * 3 + 2];
    out[i * 4 + 3] = scratch[n * 3 + i];
  }
}

}  // namespace

FrameConverter::FrameConverter(const RenderRecipe& recipe) : m_chain(recipe.chain()) {
  if (!recipe.pipeline()) return;
  const aces::Pipeline& p = *recipe.pipeline();
  std::size_t prefix = 0;
  while (prefix < p.steps.size() && per_channel(p.steps[prefix])) ++prefix;
  if (prefix == 0 && !p.steps.empty()) return;  // nothing to tabulate: the chain does it all
  m_prefix_steps = prefix;
  aces::Pipeline head;
  head.steps.assign(p.steps.begin(), p.steps.begin() + static_cast<std::ptrdiff_t>(prefix));
  m_rest.steps.assign(p.steps.begin() + static_cast<std::ptrdiff_t>(prefix), p.steps.end());
  if (m_rest.steps.size() == 1) {
    if (const auto* m = std::get_if<aces::MatrixStep>(&m_rest.steps.front())) m_rest_matrix = *m;
  }
  Table table;
  table.values.resize(kCodes * 3);
  // Code c decodes to c / 65535 exactly as OpenImageIO converts 16-bit data to float.
  for (std::size_t c = 0; c < kCodes; ++c) {
    const float v = static_cast<float>(c) / 65535.0f;
    table.values[c * 3 + 0] = table.values[c * 3 + 1] = table.values[c * 3 + 2] = v;
  }
  aces::apply(head, std::span<float>(table.values), 0);
  m_table = std::move(table);
}

void FrameConverter::apply_rest(std::span<float> rgb) const {
  if (m_rest_matrix) {
    const aces::Mat3& m = m_rest_matrix->m;
    const float m00 = float(m(0, 0)), m01 = float(m(0, 1)), m02 = float(m(0, 2));
    const float m10 = float(m(1, 0)), m11 = float(m(1, 1)), m12 = float(m(1, 2));
    const float m20 = float(m(2, 0)), m21 = float(m(2, 1)), m22 = float(m(2, 2));
    const float o0 = float(m_rest_matrix->offset[0]), o1 = float(m_rest_matrix->offset[1]), o2 = float(m_rest_matrix->offset[2]);
    for (std::size_t i = 0; i + 2 < rgb.size(); i += 3) {
      const float r = rgb[i], g = rgb[i + 1], b = rgb[i + 2];
      rgb[i] = m00 * r + m01 * g + m02 * b + o0;
      rgb[i + 1] = m10 * r + m11 * g + m12 * b + o1;
      rgb[i + 2] = m20 * r + m21 * g + m22 * b + o2;
    }
  } else if (!m_rest.steps.empty()) {
    aces::apply(m_rest, rgb, 1);
  }
}

namespace {

// Bands of kBandPixels pixels on `threads` threads: `fill(first_pixel, n, rgb, alpha)` puts the
// band's transformed RGB (n triplets) and alpha (n values, 4 channels only) into the buffers;
// they are then sanitised, converted to half and stored into `out`.
template <typename Fill>
ConversionStats convert_bands(std::size_t pixels, int channels, unsigned threads, std::uint16_t* out, Fill&& fill) {
  const std::size_t ch = static_cast<std::size_t>(channels);
  std::mutex stats_mutex;
  ConversionStats total;
  parallel_pixels(pixels, threads, [&](std::size_t first, std::size_t last) {
    std::vector<float> rgb(kBandPixels * 3), alpha(kBandPixels);
    std::vector<std::uint16_t> scratch;
    ConversionStats stats;
    for (std::size_t p0 = first; p0 < last; p0 += kBandPixels) {
      const std::size_t n = std::min(kBandPixels, last - p0);
      fill(p0, n, rgb.data(), alpha.data());
      sanitize(std::span<float>(rgb.data(), n * 3), stats);
      if (ch == 4) sanitize(std::span<float>(alpha.data(), n), stats);
      store(rgb, alpha.data(), n, channels, out + p0 * ch, scratch);
    }
    std::lock_guard lock(stats_mutex);
    total += stats;
  });
  return total;
}

}  // namespace

ConversionStats FrameConverter::convert(std::span<const std::uint16_t> src, int channels, std::span<std::uint16_t> out,
                                        unsigned threads) const {
  const std::size_t ch = static_cast<std::size_t>(channels);
  return convert_bands(src.size() / ch, channels, threads, out.data(), [&](std::size_t p0, std::size_t n, float* rgb, float* alpha) {
    const std::uint16_t* s = src.data() + p0 * ch;
    if (m_table) {
      const float* t = m_table->values.data();
      for (std::size_t i = 0; i < n; ++i) {
        rgb[i * 3 + 0] = t[std::size_t{s[i * ch + 0]} * 3 + 0];
        rgb[i * 3 + 1] = t[std::size_t{s[i * ch + 1]} * 3 + 1];
        rgb[i * 3 + 2] = t[std::size_t{s[i * ch + 2]} * 3 + 2];
      }
      apply_rest(std::span<float>(rgb, n * 3));
    } else {
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t c = 0; c < 3; ++c) rgb[i * 3 + c] = static_cast<float>(s[i * ch + c]) / 65535.0f;
      }
      m_chain.apply(std::span<float>(rgb, n * 3), 1);
    }
    if (ch == 4) {
      for (std::size_t i = 0; i < n; ++i) alpha[i] = static_cast<float>(s[i * 4 + 3]) / 65535.0f;
    }
  });
}

ConversionStats FrameConverter::convert(std::span<float> src, int channels, std::span<std::uint16_t> out,
                                        unsigned threads) const {
  const std::size_t ch = static_cast<std::size_t>(channels);
  return convert_bands(src.size() / ch, channels, threads, out.data(), [&](std::size_t p0, std::size_t n, float* rgb, float* alpha) {
    const float* s = src.data() + p0 * ch;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t c = 0; c < 3; ++c) rgb[i * 3 + c] = s[i * ch + c];
      if (ch == 4) alpha[i] = s[i * 4 + 3];
    }
    m_chain.apply(std::span<float>(rgb, n * 3), 1);
  });
}

}  // namespace aceslab::deliver
