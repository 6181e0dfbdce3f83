// SPDX-License-Identifier: Apache-2.0
#include "lmt/sample_lut.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "aces2/display_encoding.h"
#include "color/chromaticity.h"
#include "color/color_space.h"
#include "color/error.h"

namespace aceslab::lmt {
namespace {

double smoothstep(double e0, double e1, double x) {
  const double t = std::clamp((x - e0) / (e1 - e0), 0.0, 1.0);
  return t * t * (3.0 - 2.0 * t);
}

// ACES 1.3 reference gamut compression of one distance-to-achromatic (Academy S-2020-001 style
// parameters: threshold 0.8, limit 1.2, power 1.2).
double compress_distance(double d) {
  constexpr double kThreshold = 0.8, kLimit = 1.2, kPower = 1.2;
  if (d < kThreshold) return d;
  const double scale = (kLimit - kThreshold) /
                       std::pow(std::pow((1.0 - kThreshold) / (kLimit - kThreshold), -kPower) - 1.0, 1.0 / kPower);
  const double x = (d - kThreshold) / scale;
  return kThreshold + scale * x / std::pow(1.0 + std::pow(x, kPower), 1.0 / kPower);
}

struct Look {
  const aces::TransferFunction* decode;
  aces::Mat3 camera_to_display;
  aces::Vec3 luminance_weights;  // camera gamut -> Y
  double contrast;
  double shoulder;  // S-curve scale s: 0.18 maps to 10% display light
  aces::DisplayEncoding encoding;

  aces::Vec3 operator()(const aces::Vec3& code) const {
    aces::Vec3 lin(decode->to_linear(code[0]), decode->to_linear(code[1]), decode->to_linear(code[2]));
    // Split toning: warm highlights, teal shadows, in stops, weighted by exposure around grey.
    const double y_scene = std::max(1e-6, luminance_weights.dot(lin));
    const double w = smoothstep(-3.0, 3.0, std::log2(y_scene / 0.18));
    const aces::Vec3 stops(0.06 * w - 0.03 * (1.0 - w), 0.01 * (1.0 - w), -0.06 * w + 0.04 * (1.0 - w));
    for (int c = 0; c < 3; ++c) lin[c] *= std::exp2(stops[c]);
    // Filmic S-curve per channel (toe power, soft shoulder towards 1).
    aces::Vec3 t;
    for (int c = 0; c < 3; ++c) {
      const double x = std::max(0.0, lin[c]);
      const double xc = std::pow(x, contrast);
      t[c] = xc / (xc + std::pow(shoulder, contrast));
    }
    // Saturation: slightly reduced overall, more so towards the highlights.
    const double y = luminance_weights.dot(t);
    const double sat = 0.95 - 0.35 * smoothstep(0.4, 1.0, y);
    t = aces::Vec3::Constant(y) + sat * (t - aces::Vec3::Constant(y));
    aces::Vec3 d = camera_to_display * t;
    // Gamut compression towards the achromatic axis.
    const double ach = d.maxCoeff();
    if (ach > 0.0) {
      for (int c = 0; c < 3; ++c) d[c] = ach - compress_distance((ach - d[c]) / ach) * ach;
    }
    float out[3];
    for (int c = 0; c < 3; ++c) out[c] = static_cast<float>(std::clamp(d[c], 0.0, 1.0));
    encoding.encode(std::span<float>(out, 3));
    return {out[0], out[1], out[2]};
  }
};

constexpr double kShaperPower = 0.8;

}  // namespace

CubeFile make_sample_lut(const SampleLutOptions& o) {
  if (o.size < kCubeMin3DSize || o.size > kCubeMax3DSize) throw Error(ErrorKind::usage, "sample LUT size out of range");
  const aces::ColorSpace& cs = aces::find_color_space(o.input);
  const aces::Mat3 to_xyz = aces::rgb_to_XYZ_matrix(cs.gamut);
  const double contrast = o.contrast;
  // s such that 0.18^c / (0.18^c + s^c) = 0.1.
  const double shoulder = 0.18 / std::pow(1.0 / 9.0, 1.0 / contrast);
  const Look look{cs.transfer,
                  aces::rgb_to_rgb_matrix(cs.gamut, aces::primaries::kRec709, aces::Adaptation::cat02),
                  to_xyz.row(1).transpose(),
                  contrast,
                  shoulder,
                  aces::DisplayEncoding(aces::parse_eotf(o.display_eotf), 100.0)};

  CubeFile cube;
  cube.title = o.title;
  cube.dialect = CubeDialect::resolve;
  if (o.shaper_size > 0) {
    CubeTable shaper;
    shaper.size = o.shaper_size;
    for (int i = 0; i < o.shaper_size; ++i) {
      const float v = static_cast<float>(std::pow(static_cast<double>(i) / (o.shaper_size - 1), kShaperPower));
      shaper.values.insert(shaper.values.end(), {v, v, v});
    }
    cube.lut1d = std::move(shaper);
  }
  CubeTable t;
  t.size = o.size;
  t.values.reserve(3 * static_cast<std::size_t>(o.size) * o.size * o.size);
  for (int b = 0; b < o.size; ++b)
    for (int g = 0; g < o.size; ++g)
      for (int r = 0; r < o.size; ++r) {
        aces::Vec3 code(r, g, b);
        code /= (o.size - 1);
        if (o.shaper_size > 0) {
          for (int c = 0; c < 3; ++c) code[c] = std::pow(code[c], 1.0 / kShaperPower);
        }
        const aces::Vec3 v = look(code);
        t.values.insert(t.values.end(), {static_cast<float>(v[0]), static_cast<float>(v[1]), static_cast<float>(v[2])});
      }
  cube.lut3d = std::move(t);
  return cube;
}

std::string write_cube(const CubeFile& cube, const std::string& comment) {
  std::ostringstream o;
  if (!cube.title.empty()) o << "TITLE \"" << cube.title << "\"\n";
  if (!comment.empty()) {
    std::istringstream lines(comment);
    std::string line;
    while (std::getline(lines, line)) o << "# " << line << '\n';
  }
  auto range = [&](const char* key, const CubeTable& t) {
    if (t.domain_min[0] != 0.0 || t.domain_max[0] != 1.0) o << key << ' ' << t.domain_min[0] << ' ' << t.domain_max[0] << '\n';
  };
  if (cube.lut1d) {
    o << "LUT_1D_SIZE " << cube.lut1d->size << '\n';
    range("LUT_1D_INPUT_RANGE", *cube.lut1d);
  }
  if (cube.lut3d) {
    o << "LUT_3D_SIZE " << cube.lut3d->size << '\n';
    range("LUT_3D_INPUT_RANGE", *cube.lut3d);
  }
  char buf[96];
  auto table = [&](const CubeTable& t) {
    for (std::size_t i = 0; i + 2 < t.values.size(); i += 3) {
      std::snprintf(buf, sizeof buf, "%.6f %.6f %.6f\n", t.values[i], t.values[i + 1], t.values[i + 2]);
      o << buf;
    }
  };
  if (cube.lut1d) table(*cube.lut1d);
  if (cube.lut3d) table(*cube.lut3d);
  return o.str();
}

}  // namespace aceslab::lmt
