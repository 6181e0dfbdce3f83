// SPDX-License-Identifier: Apache-2.0
#include "lmt/sample_lut.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <sstream>

#include "aces2/display_encoding.h"
#include "color/chromaticity.h"
#include "color/color_space.h"
#include "color/error.h"
#include "lmt/lut_encoding.h"

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
  aces::Mat3 camera_to_limiting;
  std::optional<aces::Mat3> limiting_to_encoding;  // none when they are the same primaries
  aces::Vec3 luminance_weights;  // camera gamut -> Y
  aces::Vec3 contrast;           // per channel (equal for the filmic style)
  aces::Vec3 shoulder;           // per channel: S-curve scale s putting grey on its display level
  double peak;                   // display-linear peak (1 = 100 cd/m^2, or relative for SDR)
  double overshoot;              // > 1: the shoulder goes past the peak (unclamped LUTs)
  bool print;
  bool clamp;
  aces::DisplayEncoding encoding;

  aces::Vec3 operator()(const aces::Vec3& code) const {
    aces::Vec3 lin(decode->to_linear(code[0]), decode->to_linear(code[1]), decode->to_linear(code[2]));
    // Split toning: warm highlights, teal shadows, in stops, weighted by exposure around grey.
    const double y_scene = std::max(1e-6, luminance_weights.dot(lin));
    const double w = smoothstep(-3.0, 3.0, std::log2(y_scene / 0.18));
    const aces::Vec3 stops(0.06 * w - 0.03 * (1.0 - w), 0.01 * (1.0 - w), -0.06 * w + 0.04 * (1.0 - w));
    for (int c = 0; c < 3; ++c) lin[c] *= std::exp2(stops[c]);
    if (print) {
      // Dye cross-talk: each channel's density (stops from grey) picks up some of the others'.
      // Rows sum to 1, so a neutral stays neutral before the per-channel curves.
      static const aces::Mat3 kCrossTalk = (aces::Mat3() << 1.0, 0.06, -0.06, -0.04, 1.0, 0.04, 0.02, -0.08, 1.06).finished();
      aces::Vec3 e;
      for (int c = 0; c < 3; ++c) e[c] = std::log2(std::max(lin[c], 1e-6) / 0.18);
      e = kCrossTalk * e;
      for (int c = 0; c < 3; ++c) lin[c] = lin[c] > 0.0 ? 0.18 * std::exp2(e[c]) : lin[c];
    }
    // Filmic S-curve per channel (toe power, soft shoulder towards the peak).
    aces::Vec3 t;
    for (int c = 0; c < 3; ++c) {
      const double x = std::max(0.0, lin[c]);
      const double xc = std::pow(x, contrast[c]);
      t[c] = overshoot * peak * xc / (xc + std::pow(shoulder[c], contrast[c]));
    }
    // Saturation: slightly reduced overall, more so towards the highlights.
    const double y = luminance_weights.dot(t);
    const double sat = 0.95 - 0.35 * smoothstep(0.4, 1.0, y / peak);
    t = aces::Vec3::Constant(y) + sat * (t - aces::Vec3::Constant(y));
    aces::Vec3 d = camera_to_limiting * t;
    if (clamp) {
      // Gamut compression towards the achromatic axis, then the display's range.
      const double ach = d.maxCoeff();
      if (ach > 0.0) {
        for (int c = 0; c < 3; ++c) d[c] = ach - compress_distance((ach - d[c]) / ach) * ach;
      }
      for (int c = 0; c < 3; ++c) d[c] = std::clamp(d[c], 0.0, peak);
    }
    if (limiting_to_encoding) d = *limiting_to_encoding * d;
    float out[3];
    for (int c = 0; c < 3; ++c) out[c] = static_cast<float>(d[c]);
    encoding.encode(std::span<float>(out, 3));
    return {out[0], out[1], out[2]};
  }
};

constexpr double kShaperPower = 0.8;
// Display light of 18% grey: 10% of peak on SDR displays, 15 cd/m^2 on HDR ones (as ACES 1's HDR
// outputs), the levels show LUTs are made to.
constexpr double kSdrGrey = 0.10;
constexpr double kHdrGreyNits = 15.0;

bool same_primaries(const aces::Chromaticities& a, const aces::Chromaticities& b) {
  return a.red.x == b.red.x && a.red.y == b.red.y && a.green.x == b.green.x && a.green.y == b.green.y &&
         a.blue.x == b.blue.x && a.blue.y == b.blue.y && a.white.x == b.white.x && a.white.y == b.white.y;
}

// Display-linear peak of `d` (1 = 100 cd/m^2; SDR and cinema displays are relative, peak 1).
double display_peak(const SampleDisplay& d) { return d.peak_nits > 100.0 ? d.peak_nits / 100.0 : 1.0; }

// S-curve scale s with `peak * 0.18^c / (0.18^c + s^c) = grey`.
double shoulder_for(double contrast, double peak, double grey) {
  return 0.18 * std::pow(peak / grey - 1.0, 1.0 / contrast);
}

const SampleDisplay& resolve_display(const SampleLutOptions& o, SampleDisplay& storage) {
  if (!o.display.empty()) return find_sample_display(o.display);
  storage = find_sample_display("rec709-bt1886");
  storage.eotf = aces::parse_eotf(o.display_eotf);
  return storage;
}

}  // namespace

const std::vector<SampleDisplay>& sample_displays() {
  using namespace aces::primaries;
  static const std::vector<SampleDisplay> displays = {
      {"rec709-bt1886", kRec709, kRec709, aces::Eotf::bt1886, 100.0},
      {"rec709-srgb", kRec709, kRec709, aces::Eotf::srgb, 100.0},
      {"p3d65-gamma2.6", kP3D65, kP3D65, aces::Eotf::gamma2_6, 100.0},
      {"p3dci-gamma2.6", kP3DCI, kP3DCI, aces::Eotf::gamma2_6, 100.0},
      {"p3d65-pq-1000nit", kP3D65, kP3D65, aces::Eotf::pq, 1000.0},
      {"rec2100-pq-1000nit-p3", kRec2020, kP3D65, aces::Eotf::pq, 1000.0},
      {"rec2100-hlg-1000nit-p3", kRec2020, kP3D65, aces::Eotf::hlg, 1000.0},
      // DCDM (SMPTE 428-1): CIE XYZ, code 1.0 = 52.37 cd/m^2, the 48 cd/m^2 white at 48/52.37.
      {"xyz-gamma2.6-p3", kXYZ_E, kP3D65, aces::Eotf::gamma2_6, 100.0, 48.0 / 52.37},
  };
  return displays;
}

const SampleDisplay& find_sample_display(const std::string& id) {
  std::string valid;
  for (const auto& d : sample_displays()) {
    if (d.id == id) return d;
    valid += (valid.empty() ? "" : ", ") + d.id;
  }
  throw Error(ErrorKind::usage, "unknown sample display \"" + id + "\" (valid: " + valid + ")");
}

CubeFile make_sample_lut(const SampleLutOptions& o) {
  if (o.size < kCubeMin3DSize || o.size > kCubeMax3DSize) throw Error(ErrorKind::usage, "sample LUT size out of range");
  const aces::ColorSpace& cs = aces::find_color_space(o.input);
  SampleDisplay storage;
  const SampleDisplay& display = resolve_display(o, storage);
  const aces::Mat3 to_xyz = aces::rgb_to_XYZ_matrix(cs.gamut);
  const bool hdr = display.peak_nits > 100.0;
  const double peak = display_peak(display);
  const double grey = hdr ? kHdrGreyNits / 100.0 : kSdrGrey;
  const bool print = o.style == LookStyle::print;
  // Print: each channel its own contrast and grey level, so hues cross over with exposure.
  const aces::Vec3 contrast = print ? aces::Vec3(aces::Vec3(0.90, 1.0, 1.12) * o.contrast) : aces::Vec3(aces::Vec3::Constant(o.contrast));
  const aces::Vec3 grey_rgb = print ? aces::Vec3(aces::Vec3(1.04, 1.0, 0.94) * grey) : aces::Vec3(aces::Vec3::Constant(grey));
  aces::Vec3 shoulder;
  for (int c = 0; c < 3; ++c) shoulder[c] = shoulder_for(contrast[c], peak, grey_rgb[c]);
  // The camera's white becomes the display's (Bradford when they differ, as OpenColorIO's
  // DCI-P3 display builtin adapts D65; CAT02 otherwise, where it is the identity).
  const bool same_white = cs.gamut.white.x == display.limiting.white.x && cs.gamut.white.y == display.limiting.white.y;
  const aces::Adaptation adaptation = same_white ? aces::Adaptation::cat02 : aces::Adaptation::bradford;
  std::optional<aces::Mat3> limiting_to_encoding;
  if (!same_primaries(display.limiting, display.encoding) || display.linear_scale != 1.0) {
    limiting_to_encoding = display.linear_scale * aces::XYZ_to_rgb_matrix(display.encoding) * aces::rgb_to_XYZ_matrix(display.limiting);
  }
  const Look look{cs.transfer,
                  aces::rgb_to_rgb_matrix(cs.gamut, display.limiting, adaptation),
                  limiting_to_encoding,
                  to_xyz.row(1).transpose(),
                  contrast,
                  shoulder,
                  peak,
                  o.clamp ? 1.0 : 1.12,
                  print,
                  o.clamp,
                  aces::DisplayEncoding(display.eotf, display.peak_nits)};

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
        if (o.legal_input) {
          for (int c = 0; c < 3; ++c) code[c] = legal_to_full(static_cast<float>(code[c]));
        }
        aces::Vec3 v = look(code);
        if (o.legal_output) {
          for (int c = 0; c < 3; ++c) v[c] = full_to_legal(static_cast<float>(v[c]));
        }
        t.values.insert(t.values.end(), {static_cast<float>(v[0]), static_cast<float>(v[1]), static_cast<float>(v[2])});
      }
  cube.lut3d = std::move(t);
  return cube;
}

CubeFile make_sample_lut_1d(const std::string& input, const std::string& display_eotf, int size, double contrast) {
  if (size < kCubeMin1DSize || size > kCubeMax1DSize) throw Error(ErrorKind::usage, "sample LUT size out of range");
  const aces::TransferFunction* decode = aces::find_color_space(input).transfer;
  const aces::DisplayEncoding encoding(aces::parse_eotf(display_eotf), 100.0);
  const double shoulder = shoulder_for(contrast, 1.0, kSdrGrey);
  CubeFile cube;
  cube.title = "aceslab sample 1D show LUT: " + input + " to " + display_eotf;
  cube.dialect = CubeDialect::resolve;
  CubeTable t;
  t.size = size;
  for (int i = 0; i < size; ++i) {
    const double x = std::max(0.0, decode->to_linear(static_cast<double>(i) / (size - 1)));
    const double xc = std::pow(x, contrast);
    const float v = encoding.encode_channel(static_cast<float>(xc / (xc + std::pow(shoulder, contrast))));
    t.values.insert(t.values.end(), {v, v, v});
  }
  cube.lut1d = std::move(t);
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
