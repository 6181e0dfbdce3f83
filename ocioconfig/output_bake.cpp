// SPDX-License-Identifier: Apache-2.0
#include "ocioconfig/output_bake.h"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "aces2/output_transform.h"
#include "clf/reader.h"
#include "clf/writer.h"
#include "color/color_difference.h"
#include "color/error.h"
#include "color/half_bits.h"
#include "color/parallel.h"

namespace aceslab::ocioconfig {
namespace {

struct Shaper {
  double upper;
  double offset = kShaperOffset;
  double lo = std::log2(offset);
  double span = std::log2(upper + offset) - lo;

  double encode(double x) const { return (std::log2(std::max(x, 0.0) + offset) - lo) / span; }
  double decode(double y) const { return std::exp2(y * span + lo) - offset; }
};

aces::Mat3 ap0_to_ap1() { return aces::rgb_to_rgb_matrix(aces::primaries::kAP0, aces::primaries::kAP1, aces::Adaptation::none); }
aces::Mat3 ap1_to_ap0() { return aces::rgb_to_rgb_matrix(aces::primaries::kAP1, aces::primaries::kAP0, aces::Adaptation::none); }

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// AP1 samples (then converted to AP0) where the bake is checked: every lattice cell centre in
// shaper space, and random colours.
std::vector<float> check_samples(const Shaper& s, int size) {
  const aces::Mat3 to_ap0 = ap1_to_ap0();
  std::vector<float> aces;
  auto push = [&](const aces::Vec3& ap1) {
    const aces::Vec3 a = to_ap0 * ap1;
    aces.insert(aces.end(), {static_cast<float>(a[0]), static_cast<float>(a[1]), static_cast<float>(a[2])});
  };
  const int cells = size - 1;
  for (int i = 0; i < cells; ++i) {
    for (int j = 0; j < cells; ++j) {
      for (int k = 0; k < cells; ++k) {
        push({s.decode((i + 0.5) / cells), s.decode((j + 0.5) / cells), s.decode((k + 0.5) / cells)});
      }
    }
  }
  std::mt19937 rng(20260523);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const double top = std::log2(s.upper);
  for (int n = 0; n < 200000; ++n) {
    aces::Vec3 c(u(rng), u(rng), u(rng));
    const double kind = u(rng);
    if (kind < 0.15) c[static_cast<int>(u(rng) * 3) % 3] = 0.0;          // saturated
    if (kind > 0.95) c = aces::Vec3::Constant(u(rng));                    // neutral
    c *= std::exp2(-14.0 + (top + 14.0) * u(rng));                        // 20+ stops
    push(c);
  }
  return aces;
}

}  // namespace

namespace {

// The display encoding after the limiting clamp and matrix, as exact CLF nodes where CLF has them
// (pure powers, the sRGB piecewise curve), else a halfDomain LUT1D of aceslab's own encoder (PQ).
void append_encoding(aces::Pipeline& p, const aces::OutputTransform& ot) {
  auto power = [&](double gamma) {
    aces::ExponentStep e;
    e.style = aces::ExponentStyle::basicMirrorRev;
    e.exponent = {gamma, gamma, gamma};
    p.append(e);
  };
  switch (ot.params().eotf) {
    case aces::Eotf::bt1886: power(2.4); return;
    case aces::Eotf::gamma2_6: power(2.6); return;
    case aces::Eotf::gamma2_2: power(2.2); return;
    case aces::Eotf::linear: return;
    case aces::Eotf::srgb: {
      aces::ExponentStep e;
      e.style = aces::ExponentStyle::monCurveMirrorRev;
      e.exponent = {2.4, 2.4, 2.4};
      e.offset = {0.055, 0.055, 0.055};
      p.append(e);
      return;
    }
    default: break;
  }
  aces::Lut1DStep lut;
  lut.half_domain = true;
  lut.values.resize(65536 * 3);
  for (std::uint32_t code = 0; code < 65536; ++code) {
    float v = aces::half_to_float(static_cast<std::uint16_t>(code));
    if (!std::isfinite(v)) v = std::isnan(v) ? 0.0f : (v > 0 ? 65504.0f : -65504.0f);
    lut.values[3 * code] = lut.values[3 * code + 1] = lut.values[3 * code + 2] = v;
  }
  ot.encode_display(lut.values);
  p.append(std::move(lut));
}

}  // namespace

aces::Pipeline bake_output_pipeline(const aces::OutputPreset& preset, int size, unsigned threads) {
  if (size < 2 || size > 129) throw Error(ErrorKind::usage, "LUT size " + std::to_string(size) + ": expected 2 to 129");
  const auto ot = aces::output_transform(preset);
  const auto& q = preset.params;
  const Shaper s{ot->ap1_clamp_upper()};
  // HLG's OOTF couples the channels: its encoding cannot follow the LUT as per-channel nodes.
  const bool split = q.eotf != aces::Eotf::hlg;
  aces::Pipeline p;
  p.name = preset.user_name + " (ACES 2.0 Output Transform, baked)";
  p.description = "ACES 2.0 Output Transform " + preset.transform_id + " baked by aceslab: AP1 clamp, log2 shaper, LUT3D " +
                  std::to_string(size) + "^3" + (split ? " of the rendering, then the limiting clamp and display encoding" : "");
  p.input_descriptor = "ACES2065-1";
  p.output_descriptor = preset.user_name + " display code values";
  p.append(aces::MatrixStep{ap0_to_ap1(), aces::Vec3::Zero()});
  aces::RangeStep clamp;
  clamp.min_in = clamp.min_out = 0.0;
  clamp.max_in = clamp.max_out = s.upper;
  p.append(clamp);
  aces::LogStep log;
  log.style = aces::LogStyle::linToLog;
  for (auto& lp : log.params) {
    lp.base = 2.0;
    lp.lin_side_slope = 1.0;
    lp.lin_side_offset = s.offset;
    lp.log_side_slope = 1.0 / s.span;
    lp.log_side_offset = -s.lo / s.span;
  }
  p.append(log);

  aces::Lut3DStep lut;
  lut.size = size;
  lut.interpolation = aces::Interpolation3D::tetrahedral;
  lut.values.resize(static_cast<std::size_t>(size) * size * size * 3);
  std::vector<double> axis(size);
  for (int i = 0; i < size; ++i) axis[i] = s.decode(static_cast<double>(i) / (size - 1));
  const aces::Mat3 to_ap0 = ap1_to_ap0();
  // CLF order: blue fastest, red slowest.
  for (int r = 0; r < size; ++r) {
    for (int g = 0; g < size; ++g) {
      for (int b = 0; b < size; ++b) {
        const aces::Vec3 a = to_ap0 * aces::Vec3(axis[r], axis[g], axis[b]);
        const std::size_t at = ((static_cast<std::size_t>(r) * size + g) * size + b) * 3;
        lut.values[at] = static_cast<float>(a[0]);
        lut.values[at + 1] = static_cast<float>(a[1]);
        lut.values[at + 2] = static_cast<float>(a[2]);
      }
    }
  }
  if (split) {
    // The rendering alone (display-linear limiting RGB before its clamp): smooth where the
    // clamp to the display's peak and gamut would put a crease inside the lattice.
    aces::for_chunks(lut.values, threads, [&](std::span<float> chunk, std::size_t) {
      for (std::size_t i = 0; i + 2 < chunk.size(); i += 3) {
        const auto out = ot->render_fwd(ot->ap1_clamp({chunk[i], chunk[i + 1], chunk[i + 2]}));
        std::copy(out.begin(), out.end(), chunk.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }, 4096);
  } else {
    aces::for_chunks(lut.values, threads, [&](std::span<float> chunk, std::size_t) { ot->forward(chunk); }, 4096);
  }
  p.append(std::move(lut));
  if (split) {
    const double peak = q.peak_luminance / 100.0;
    aces::RangeStep limit;
    limit.min_in = limit.min_out = 0.0;
    limit.max_in = limit.max_out = peak;
    p.append(limit);
    const aces::Mat3 lim_to_enc = aces::XYZ_to_rgb_matrix(q.encoding) * aces::rgb_to_XYZ_matrix(q.limiting) *
                                  (q.linear_scale * ot->white_scale());
    p.append(aces::MatrixStep{lim_to_enc, aces::Vec3::Zero()});
    append_encoding(p, *ot);
  }
  return p;
}

namespace {

struct Stats {
  double max = 0, p99 = 0, mean = 0;
  std::size_t worst = 0;
};

Stats stats(const std::vector<double>& v) {
  Stats r;
  r.worst = static_cast<std::size_t>(std::max_element(v.begin(), v.end()) - v.begin());
  r.max = v[r.worst];
  double sum = 0.0;
  for (double e : v) sum += e;
  r.mean = sum / static_cast<double>(v.size());
  std::vector<double> sorted = v;
  const std::size_t k = static_cast<std::size_t>(0.99 * static_cast<double>(sorted.size() - 1));
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(k), sorted.end());
  r.p99 = sorted[k];
  return r;
}

}  // namespace

BakeError measure_baked_output(const std::filesystem::path& clf, const aces::OutputPreset& preset, int size,
                               unsigned threads) {
  const auto ot = aces::output_transform(preset);
  const Shaper s{ot->ap1_clamp_upper()};
  const std::vector<float> aces = check_samples(s, size);
  std::vector<float> exact = aces, baked = aces;
  const aces::ClfTransform file(clf);
  aces::for_chunks(exact, threads, [&](std::span<float> c, std::size_t) { ot->forward(c); }, 4096);
  aces::for_chunks(baked, threads, [&](std::span<float> c, std::size_t) { file.apply(c); }, 4096);
  const std::size_t n = aces.size() / 3;
  std::vector<double> code(n), de(n);
  for (std::size_t i = 0; i < n; ++i) {
    double e = 0.0;
    for (int c = 0; c < 3; ++c) e = std::max(e, static_cast<double>(std::abs(baked[3 * i + c] - exact[3 * i + c])));
    code[i] = std::isfinite(e) ? e : 1e30;
  }
  // As colours: decoded to display light, to XYZ, CIELAB against the encoding white at 100 cd/m^2.
  ot->decode_display(exact);
  ot->decode_display(baked);
  const aces::Mat3 to_xyz = ot->encoding_to_XYZ();
  const aces::Vec3 white = to_xyz * aces::Vec3::Ones();
  for (std::size_t i = 0; i < n; ++i) {
    const aces::Vec3 a = to_xyz * aces::Vec3(exact[3 * i], exact[3 * i + 1], exact[3 * i + 2]);
    const aces::Vec3 b = to_xyz * aces::Vec3(baked[3 * i], baked[3 * i + 1], baked[3 * i + 2]);
    const double d = aces::delta_E_2000(aces::XYZ_to_Lab(a, white), aces::XYZ_to_Lab(b, white));
    de[i] = std::isfinite(d) ? d : 1e30;
  }
  const Stats c = stats(code), d = stats(de);
  BakeError r;
  r.samples = n;
  r.max = c.max;
  r.p99 = c.p99;
  r.mean = c.mean;
  r.delta_E_max = d.max;
  r.delta_E_p99 = d.p99;
  r.delta_E_mean = d.mean;
  r.worst = fixed(aces[3 * c.worst], 6) + " " + fixed(aces[3 * c.worst + 1], 6) + " " + fixed(aces[3 * c.worst + 2], 6);
  return r;
}

BakeError write_baked_output(const std::filesystem::path& clf, const aces::OutputPreset& preset, int size,
                             unsigned threads, Overwrite overwrite) {
  const aces::Pipeline p = bake_output_pipeline(preset, size, threads);
  aces::ClfMetadata meta;
  meta.aces_transform_id = preset.transform_id;
  meta.aces_user_name = preset.user_name + " (baked " + std::to_string(size) + "^3)";
  meta.info = {{"Generator", "aceslab ocio-config"}, {"LUTSize", std::to_string(size)},
               {"ShaperOffset", fixed(kShaperOffset, 9)}};
  check_writable(clf, overwrite);
  // Measured on the bytes OCIO reads (a temporary file beside the destination, removed
  // afterwards); the destination is written once, complete, with the figures in its Info.
  struct Scratch {
    std::filesystem::path path;
    ~Scratch() {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  } scratch{clf.parent_path() / (".aceslab-measure-" + aces::random_urn_uuid().substr(9) + ".clf")};
  aces::write_clf_file(scratch.path, p, meta, Overwrite::refuse);
  const BakeError e = measure_baked_output(scratch.path, preset, size, threads);
  meta.info.emplace_back("MaxErrorCodeValues", fixed(e.max, 7));
  meta.info.emplace_back("P99ErrorCodeValues", fixed(e.p99, 7));
  meta.info.emplace_back("MeanErrorCodeValues", fixed(e.mean, 7));
  meta.info.emplace_back("MaxDeltaE2000", fixed(e.delta_E_max, 4));
  meta.info.emplace_back("P99DeltaE2000", fixed(e.delta_E_p99, 4));
  meta.info.emplace_back("ErrorSamples", std::to_string(e.samples));
  aces::write_clf_file(clf, p, meta, overwrite);
  return e;
}

}  // namespace aceslab::ocioconfig
