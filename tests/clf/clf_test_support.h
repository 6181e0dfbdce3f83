// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the pipeline and CLF tests: dense input grids, OpenColorIO evaluation of a
// pipeline or a CLF file, and unique temporary paths (OCIO caches files by path).
#pragma once

#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <span>
#include <string>
#include <unistd.h>
#include <vector>

#include "clf/ocio_bridge.h"
#include "color/half_bits.h"
#include "pipeline/pipeline.h"

namespace aceslab::aces::testing {

// 17^3 over [-0.1, 1.2] (values below 0 and above 1 exercise clamps, mirrors and extrapolation),
// plus greys and colours up to HDR levels.
inline std::vector<float> dense_grid(int n = 17, float lo = -0.1f, float hi = 1.2f, bool hdr_extras = true) {
  std::vector<float> rgb;
  for (int r = 0; r < n; ++r) {
    for (int g = 0; g < n; ++g) {
      for (int b = 0; b < n; ++b) {
        const float step = (hi - lo) / static_cast<float>(n - 1);
        rgb.insert(rgb.end(), {lo + step * r, lo + step * g, lo + step * b});
      }
    }
  }
  if (!hdr_extras) return rgb;
  for (float v : {0.0f, 1e-6f, 0.0078125f, 0.18f, 2.0f, 8.0f, 16.0f, 60.0f, 100.0f, 1000.0f}) {
    rgb.insert(rgb.end(), {v, v, v});
    rgb.insert(rgb.end(), {v, 0.5f * v, 0.1f * v});
  }
  return rgb;
}

// Same grid restricted to [0, 1] (for steps whose behaviour outside is implementation-defined).
// ACEScct (Academy S-2016-001) as CLF cameraLinToLog parameters: code = (log2(x) + 9.72) / 17.52
// above x = 2^-7, linear below.
inline LogParams acescct_params() {
  LogParams p;
  p.base = 2.0;
  p.log_side_slope = 1.0 / 17.52;
  p.log_side_offset = 9.72 / 17.52;
  p.lin_side_break = 0.0078125;
  return p;
}

// A halfDomain LUT1D (one entry per half-float code) with out[c] = gain[c] * f(half value), f
// evaluated in float; non-finite codes (Inf, NaN) get 0.
template <typename F>
Lut1DStep half_domain_lut(F f, std::array<float, 3> gain = {1.0f, 1.0f, 1.0f}) {
  Lut1DStep lut;
  lut.half_domain = true;
  lut.values.resize(3 * kHalfCodes);
  for (int code = 0; code < kHalfCodes; ++code) {
    const float x = half_to_float(static_cast<std::uint16_t>(code));
    const float v = std::isfinite(x) ? f(x) : 0.0f;
    for (int c = 0; c < 3; ++c) lut.values[3 * code + c] = gain[c] * v;
  }
  return lut;
}

inline std::vector<float> unit_grid(int n = 17) { return dense_grid(n, 0.0f, 1.0f, false); }

inline std::vector<float> ocio_eval(const OCIO::ConstTransformRcPtr& t, std::vector<float> rgb,
                                    OcioOptimization opt = OcioOptimization::none) {
  ocio_apply(ocio_cpu_processor(t, opt, "test"), rgb);
  return rgb;
}

inline std::vector<float> ocio_eval(const Pipeline& p, std::vector<float> rgb) {
  return ocio_eval(pipeline_to_ocio(p), std::move(rgb));
}

inline std::vector<float> ocio_eval_file(const std::filesystem::path& path, std::vector<float> rgb,
                                         OCIO::Interpolation interp = OCIO::INTERP_DEFAULT) {
  auto ft = OCIO::FileTransform::Create();
  ft->setSrc(path.c_str());
  ft->setInterpolation(interp);
  return ocio_eval(ft, std::move(rgb));
}

inline std::vector<float> aceslab_eval(const Pipeline& p, std::vector<float> rgb) {
  aces::apply(p, std::span<float>(rgb));
  return rgb;
}

// Largest |a - b| / max(1, |b|): absolute error for values up to 1, relative above (float32
// spacing grows with magnitude, so HDR values cannot match to a fixed absolute bound).
inline double max_scaled_error(std::span<const float> a, std::span<const float> b, std::size_t* where = nullptr) {
  double worst = 0.0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i]))) continue;  // equal, incl. same infinities
    const double ref = b[i];
    const double err = std::abs(static_cast<double>(a[i]) - ref) / std::max(1.0, std::abs(ref));
    if (!(err <= worst)) {  // also catches NaN
      worst = std::isnan(err) ? 1e30 : err;
      if (where) *where = i;
    }
  }
  return worst;
}

// Index of the first float that differs bitwise (NaN-aware), or npos.
inline std::size_t first_difference(std::span<const float> a, std::span<const float> b) {
  if (a.size() != b.size()) return 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::memcmp(&a[i], &b[i], sizeof(float)) != 0) return i;
  }
  return static_cast<std::size_t>(-1);
}

inline std::filesystem::path unique_temp_path(const std::string& stem, const std::string& ext = ".clf") {
  static std::atomic<int> counter{0};
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "aceslab-clf-tests";
  std::filesystem::create_directories(dir);
  return dir / (stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ext);
}

}  // namespace aceslab::aces::testing
