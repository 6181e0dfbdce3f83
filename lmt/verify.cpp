// SPDX-License-Identifier: Apache-2.0
#include "lmt/verify.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <random>
#include <sstream>

#include "color/color_difference.h"
#include "color/parallel.h"
#include "lmt/natural_colours.h"

namespace aceslab::lmt {

ErrorStats summarize(std::vector<double> values) {
  ErrorStats s;
  s.count = values.size();
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  double sum = 0.0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(values.size());
  // Nearest-rank percentiles.
  auto pct = [&](double p) {
    const std::size_t rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
    return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
  };
  s.p50 = pct(0.50);
  s.p95 = pct(0.95);
  s.p99 = pct(0.99);
  s.max = values.back();
  return s;
}

std::string format_stats(const ErrorStats& s, int precision) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(precision) << "mean " << s.mean << ", p99 " << s.p99 << ", max " << s.max;
  return o.str();
}

aces::Vec3 lab_white(const aces::OutputTransform& ot) {
  float peak[3] = {1.0f, 1.0f, 1.0f};
  ot.decode_display(std::span<float>(peak, 3));
  aces::Vec3 white = ot.encoding_to_XYZ() * aces::Vec3(peak[0], peak[1], peak[2]);
  if (white.y() > kLabWhiteNits / 100.0) white *= (kLabWhiteNits / 100.0) / white.y();
  return white;
}

double lab_white_nits(const aces::OutputTransform& ot) { return 100.0 * lab_white(ot).y(); }

SetFigures measure_set(const std::string& name, const ShowLut& lut, const LutEncoding& encoding,
                       const RgbFunction& lmt, std::vector<float> codes, unsigned threads,
                       const std::vector<std::string>* labels) {
  const std::size_t n = codes.size() / 3;
  const aces::OutputTransform& ot = encoding.output_transform();
  const aces::Mat3 to_XYZ = ot.encoding_to_XYZ();
  const aces::Vec3 white_v = lab_white(ot);
  const double white[3] = {white_v[0], white_v[1], white_v[2]};

  std::vector<double> delta_e(n, 0.0);
  std::vector<float> code_err(3 * n, -1.0f);  // -1: channel not counted
  std::vector<char> reachable(n, 0);
  std::vector<char> carried(n, 1);

  aces::for_chunks(std::span<float>(codes), threads, [&](std::span<float> chunk, std::size_t first) {
    const std::size_t m = chunk.size() / 3;
    std::vector<float> ref(chunk.begin(), chunk.end());
    lut.apply(ref);
    encoding.output_to_display(ref);
    std::vector<float> got(chunk.begin(), chunk.end());
    encoding.input_to_aces(got);
    // The code value ACES2065-1 carries back (float decode then encode), for codes outside [0,1].
    std::vector<float> carry = got;
    encoding.aces_to_input(carry);
    for (std::size_t i = 0; i < m; ++i) {
      float d = 0.0f;
      bool outside = false;
      for (int c = 0; c < 3; ++c) {
        const float v = chunk[3 * i + c];
        outside = outside || v < 0.0f || v > 1.0f;
        d = std::max(d, std::fabs(carry[3 * i + c] - v));
      }
      carried[first + i] = !outside || d <= kCarryTolerance;  // NaN compares false: not carried
    }
    lmt(got);
    ot.forward(got);
    std::vector<float> round_trip = ref;
    ot.inverse(round_trip);
    ot.forward(round_trip);
    std::vector<float> ref_lin = ref, got_lin = got;
    ot.decode_display(ref_lin);
    ot.decode_display(got_lin);
    for (std::size_t i = 0; i < m; ++i) {
      const std::size_t k = 3 * i;
      float rt = 0.0f;
      for (int c = 0; c < 3; ++c) rt = std::max(rt, std::fabs(round_trip[k + c] - ref[k + c]));
      const bool ok = rt <= kReachTolerance;  // NaN compares false: not reachable
      reachable[first + i] = ok;
      if (!ok) continue;
      const aces::Vec3 a = to_XYZ * aces::Vec3(ref_lin[k], ref_lin[k + 1], ref_lin[k + 2]);
      const aces::Vec3 b = to_XYZ * aces::Vec3(got_lin[k], got_lin[k + 1], got_lin[k + 2]);
      double xa[3] = {a[0], a[1], a[2]}, xb[3] = {b[0], b[1], b[2]}, la[3], lb[3];
      aces::XYZ_to_Lab(xa, white, la);
      aces::XYZ_to_Lab(xb, white, lb);
      delta_e[first + i] = aces::delta_E_2000(la, lb);
      for (int c = 0; c < 3; ++c) {
        if (ref[k + c] >= kCodeErrorMinReference) code_err[3 * (first + i) + c] = std::fabs(got[k + c] - ref[k + c]) * 1023.0f;
      }
    }
  });

  SetFigures f;
  f.name = name;
  f.samples = n;
  std::vector<double> de, ce;
  de.reserve(n);
  ce.reserve(3 * n);
  double worst = -1.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!carried[i]) {
      if (f.uncarried++ == 0) f.uncarried_example = {codes[3 * i], codes[3 * i + 1], codes[3 * i + 2]};
      continue;
    }
    if (!reachable[i]) {
      ++f.unreachable;
      continue;
    }
    de.push_back(delta_e[i]);
    if (delta_e[i] > worst) {
      worst = delta_e[i];
      f.worst_code = {codes[3 * i], codes[3 * i + 1], codes[3 * i + 2]};
      if (labels != nullptr && i < labels->size()) f.worst_label = (*labels)[i];
    }
    for (int c = 0; c < 3; ++c) {
      if (code_err[3 * i + c] >= 0.0f) ce.push_back(code_err[3 * i + c]);
    }
  }
  f.delta_E_2000 = summarize(std::move(de));
  f.code_10bit = summarize(std::move(ce));
  return f;
}

namespace {

std::vector<float> cube_codes(const ShowLut& lut, const VerifyOptions& o) {
  const Domain& d = lut.input_domain();
  int lattice = o.lattice;
  if (lattice <= 0) lattice = (lut.core_lattice_size() > 1 && lut.pre().steps.empty()) ? lut.core_lattice_size() : 33;
  std::vector<float> codes;
  codes.reserve(3 * (static_cast<std::size_t>(lattice) * lattice * lattice + o.random_samples));
  for (int b = 0; b < lattice; ++b)
    for (int g = 0; g < lattice; ++g)
      for (int r = 0; r < lattice; ++r) {
        const int idx[3] = {r, g, b};
        for (int c = 0; c < 3; ++c) {
          codes.push_back(static_cast<float>(d.min[c] + (d.max[c] - d.min[c]) * idx[c] / (lattice - 1)));
        }
      }
  std::mt19937 rng(o.seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (std::size_t i = 0; i < o.random_samples; ++i) {
    for (int c = 0; c < 3; ++c) codes.push_back(static_cast<float>(d.min[c] + (d.max[c] - d.min[c]) * u(rng)));
  }
  return codes;
}

const NaturalColourSet& shipped_natural_colours() {
  static const NaturalColourSet set = natural_colours();
  return set;
}

}  // namespace

Verification verify_lmt(const ShowLut& lut, const LutEncoding& encoding, const RgbFunction& lmt,
                        const VerifyOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  Verification v;
  v.targets = options.targets;
  v.lab_white_nits = lab_white_nits(encoding.output_transform());
  v.cube = measure_set("cube", lut, encoding, lmt, cube_codes(lut, options), options.threads);

  const NaturalColourSet& natural = shipped_natural_colours();
  std::vector<float> codes;
  codes.reserve(3 * natural.aces.size());
  for (const auto& a : natural.aces) codes.insert(codes.end(), a.begin(), a.end());
  encoding.aces_to_input(codes);
  const Domain& d = lut.input_domain();
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const int c = static_cast<int>(i % 3);
    codes[i] = std::clamp(codes[i], static_cast<float>(d.min[c]), static_cast<float>(d.max[c]));
  }
  v.natural = measure_set("natural", lut, encoding, lmt, std::move(codes), options.threads, &natural.labels);

  const auto& t = v.targets;
  auto check = [&](double value, double target, const char* what) {
    if (!(value <= target)) {
      std::ostringstream m;
      m << what << " " << std::setprecision(3) << value << " > target " << target;
      v.misses.push_back(m.str());
    }
  };
  check(v.natural.delta_E_2000.mean, t.natural_delta_E_mean, "natural colours: mean dE2000");
  check(v.natural.delta_E_2000.p99, t.natural_delta_E_p99, "natural colours: p99 dE2000");
  check(v.natural.code_10bit.mean, t.natural_code_mean, "natural colours: mean 10-bit code error");
  check(v.natural.code_10bit.p99, t.natural_code_p99, "natural colours: p99 10-bit code error");
  check(v.cube.delta_E_2000.mean, t.cube_delta_E_mean, "whole cube: mean dE2000");
  check(v.cube.delta_E_2000.p99, t.cube_delta_E_p99, "whole cube: p99 dE2000");
  v.meets_targets = v.misses.empty();
  v.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return v;
}

}  // namespace aceslab::lmt
