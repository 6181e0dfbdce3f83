// SPDX-License-Identifier: Apache-2.0
// Test helper: realistic photographs of a ColorChecker 24, made in software and seeded, so that
// chart detection and the IDT maker are tested on what cameras and phones produce rather than on
// clean renders. How a photograph is made (every step is a field of PhotoSpec):
//  1. Scene, in linear RGB: a textured background (multi-octave value noise tinted with colours of
//     the 190 rawtoaces training reflectances, plus clutter: rotated rectangles and ellipses, or a
//     tiled floor of squares with grout lines), then flat objects, each a plane seen through a
//     homography: distractors (a Digital SG-like 14x10 grid with a white/grey/black checkered
//     perimeter, random interior colours and a six-step grey ramp; grey cards; a second chart) and
//     the chart itself: 24 patches of given linear RGB (callers compute them from the Ohta
//     reflectances under an illuminant through CIE 1931 or a real camera's sensitivities) with a
//     gap fraction and border of the Classic, Mini or Passport (whose open case shows a grey card
//     beside the chart), optionally mirrored; patch print texture of 0.5 %.
//  2. Light: a linear falloff across the frame, a soft-edged elliptical shadow (a hand or the
//     camera), vignetting (cos^4-like, given as stops lost in the corners), 2x2 supersampling.
//  3. Optics and sensor: Gaussian defocus, Poisson-Gaussian noise (shot noise of a given full
//     well, read noise), film-like grain (blurred multiplicative noise), exposure (white patch
//     level; above 1 clips).
//  4. Encoding and processing: a transfer function (sRGB for phones, a camera log, or linear),
//     phone-style denoise (a blur blended in) and sharpening (unsharp mask with halos), 8- or
//     16-bit quantisation, and JPEG compression simulated here (BT.601 YCbCr, 4:2:0 chroma,
//     8x8 DCT quantised with the IJG tables scaled by quality) -- or an 8-bit 4:2:0 video frame
//     (BT.709 limited-range YCbCr, chroma averaged over 2x2 and interpolated back).
// The chart's pose comes from a 3D placement (tilt about any axis, in-plane rotation, a pinhole
// camera), so perspective is real foreshortening, not an arbitrary quadrilateral.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#include "color/transfer_function.h"
#include "idt/chart_geometry.h"
#include "idt/chart_reference.h"
#include "idt/spectral.h"
#include "idt/spectral_idt.h"
#include "image/image_io.h"

namespace aceslab::idt::testing::photo {

constexpr double kPi = 3.14159265358979323846;

// ---------------------------------------------------------------------------------------------
// Colour of reflectances: CIE 1931 XYZ under an illuminant (perfect white Y = 1), then linear
// Rec.709 -- white-balanced (von Kries in LMS of CAT02 to D65) or not (the illuminant's cast kept).
inline Eigen::Vector3d reflectance_rec709(const Spectrum& refl, const Spectrum& illuminant, bool white_balance) {
  const auto& cmf = cie1931_2deg_cmfs();
  Eigen::Vector3d xyz = Eigen::Vector3d::Zero(), white = Eigen::Vector3d::Zero();
  for (double nm = 380; nm <= 780; nm += 5) {
    const double i = illuminant.value_at(nm);
    for (int c = 0; c < 3; ++c) {
      xyz[c] += i * refl.value_at(nm) * cmf[c].value_at(nm);
      white[c] += i * cmf[c].value_at(nm);
    }
  }
  xyz /= white[1];
  white /= white[1];
  Eigen::Matrix3d cat02;
  cat02 << 0.7328, 0.4296, -0.1624, -0.7036, 1.6975, 0.0061, 0.0030, 0.0136, 0.9834;
  const Eigen::Vector3d d65(0.95047, 1.0, 1.08883);
  if (white_balance) {
    const Eigen::Vector3d gain = (cat02 * d65).cwiseQuotient(cat02 * white);
    xyz = cat02.inverse() * gain.asDiagonal() * cat02 * xyz;
  }
  Eigen::Matrix3d to709;  // IEC 61966-2-1
  to709 << 3.2406, -1.5372, -0.4986, -0.9689, 1.8758, 0.0415, 0.0557, -0.2040, 1.0570;
  return (to709 * xyz).cwiseMax(0.0);
}

// Linear RGB of the 24 chart patches and of the training reflectances (background colours).
struct Palette {
  std::array<Eigen::Vector3d, kChartPatches> chart;
  std::vector<Eigen::Vector3d> others;
};

inline Palette rec709_palette(const Spectrum& illuminant, bool white_balance) {
  Palette p;
  const auto& cc = colorchecker_classic_ohta();
  for (int i = 0; i < kChartPatches; ++i) p.chart[i] = reflectance_rec709(cc[i], illuminant, white_balance);
  for (const Spectrum& s : rawtoaces_training_set()) p.others.push_back(reflectance_rec709(s, illuminant, white_balance));
  return p;
}

// ---------------------------------------------------------------------------------------------
// Geometry: a plane object of `width` x `height` units (its own coordinates, y down) placed in 3D.
struct Pose {
  double cx = 0.5, cy = 0.5;     // where the object's centre lands, as fractions of the frame
  double width_fraction = 0.5;   // object width / frame width when seen frontally
  double roll_degrees = 0;       // in-plane rotation, clockwise on screen
  double tilt_degrees = 0;       // angle between the object's normal and the view axis
  double tilt_axis_degrees = 0;  // direction of the tilt axis in the object plane
  double focal = 1.2;            // focal length / frame width (1.2 ~ normal lens, 0.6 wide)
};

// Homography object units -> pixels for an object of size (w, h) (centre at (w/2, h/2)).
inline ChartHomography place(const Pose& pose, double w, double h, int width, int height) {
  const double f = pose.focal * width;
  const double z = f / (pose.width_fraction * width) * w;  // distance making the object width_fraction wide
  const double ra = pose.roll_degrees * kPi / 180, ta = pose.tilt_degrees * kPi / 180, aa = pose.tilt_axis_degrees * kPi / 180;
  const Eigen::Vector3d axis(std::cos(aa), std::sin(aa), 0);
  const Eigen::Matrix3d tilt = Eigen::AngleAxisd(ta, axis).toRotationMatrix();
  const Eigen::Matrix3d roll = Eigen::AngleAxisd(ra, Eigen::Vector3d::UnitZ()).toRotationMatrix();
  const Eigen::Matrix3d r = roll * tilt;
  // The centre of the object projects to (cx, cy): put it on that ray at depth z.
  const Eigen::Vector3d ray((pose.cx * width - 0.5 * width) / f, (pose.cy * height - 0.5 * height) / f, 1.0);
  const Eigen::Vector3d t = ray * z;
  Eigen::Matrix3d k;
  k << f, 0, 0.5 * width, 0, f, 0.5 * height, 0, 0, 1;
  Eigen::Matrix3d rt;
  rt.col(0) = r.col(0);
  rt.col(1) = r.col(1);
  rt.col(2) = t;
  Eigen::Matrix3d centre = Eigen::Matrix3d::Identity();
  centre(0, 2) = -0.5 * w;
  centre(1, 2) = -0.5 * h;
  return ChartHomography(k * rt * centre);
}

// ---------------------------------------------------------------------------------------------
// Objects of the scene.
struct ChartObject {
  std::array<Eigen::Vector3d, kChartPatches> patches;  // linear RGB, chart order
  double gap = kPatchGapFraction;   // gap between patches / pitch
  double border = 0.35;             // frame around the patch grid, in pitches
  Eigen::Vector3d border_rgb = Eigen::Vector3d::Constant(0.03);
  bool mirrored = false;            // layout flipped left-right (a chart seen in a mirror)
  Pose pose;
  ChartHomography h;                // object units (border included) -> pixels, set by finalise()

  double object_width() const { return kChartColumns - gap + 2 * border; }
  double object_height() const { return kChartRows - gap + 2 * border; }
  // Patch index at object coordinates, -1 on the border or a gap, -2 outside.
  int patch_at(const Eigen::Vector2d& o) const {
    if (o.x() < 0 || o.y() < 0 || o.x() > object_width() || o.y() > object_height()) return -2;
    const double u = o.x() - border, v = o.y() - border;
    const double col = std::floor(u), row = std::floor(v);
    if (col < 0 || row < 0 || col >= kChartColumns || row >= kChartRows) return -1;
    if (u - col > 1 - gap || v - row > 1 - gap) return -1;
    const int c = mirrored ? kChartColumns - 1 - static_cast<int>(col) : static_cast<int>(col);
    return static_cast<int>(row) * kChartColumns + c;
  }
  // Pixel centre of chart patch `index`.
  Eigen::Vector2d centre_pixel(int index) const {
    int col = index % kChartColumns;
    const int row = index / kChartColumns;
    if (mirrored) col = kChartColumns - 1 - col;
    return h.to_pixel({border + col + 0.5 * (1 - gap), border + row + 0.5 * (1 - gap)});
  }
  // True when pixel `px` lies inside patch `index` (shrunk by `margin` of the patch side each side).
  bool inside_patch(const Eigen::Vector2d& px, int index, double margin = 0.0) const {
    const Eigen::Vector2d o = h.to_chart(px);
    int col = index % kChartColumns;
    const int row = index / kChartColumns;
    if (mirrored) col = kChartColumns - 1 - col;
    const double side = 1 - gap;
    const double u = o.x() - border - col, v = o.y() - border - row;
    return u > margin * side && u < (1 - margin) * side && v > margin * side && v < (1 - margin) * side;
  }
};

struct CardObject {  // a uniform card (grey card, white balance card)
  Eigen::Vector3d rgb = Eigen::Vector3d::Constant(0.18);
  double aspect = 1.4;  // width / height
  Pose pose;
  ChartHomography h;
};

struct GridObject {  // a Digital SG-like grid: columns x rows contiguous patches
  int columns = 14, rows = 10;
  std::vector<Eigen::Vector3d> cells;  // row-major
  Pose pose;
  ChartHomography h;
};

enum class Background { texture, clutter, tiles };
enum class Output { integer16, float32, integer8, jpeg, video420 };

struct PhotoSpec {
  int width = 1024, height = 768;
  std::uint32_t seed = 1;
  std::vector<Eigen::Vector3d> background_colours;  // linear RGB; empty: greys
  Background background = Background::texture;
  std::vector<ChartObject> charts;    // first = the chart; more = other charts in the frame
  std::vector<CardObject> cards;
  std::vector<GridObject> grids;
  // Light.
  double falloff = 0.0;               // relative light loss from one side of the frame to the other
  double falloff_angle = 0.0;         // its direction, degrees
  bool shadow = false;
  Eigen::Vector2d shadow_centre{0.5, 0.5};  // fractions of the frame
  Eigen::Vector2d shadow_radii{0.1, 0.2};   // fractions of the frame width
  double shadow_angle = 0, shadow_depth = 0.5, shadow_softness = 0.02;  // light left in it; edge width / frame width
  double vignetting_stops = 0.0;      // light lost in the corners
  // Optics and sensor (linear, after exposure).
  double exposure = 1.0;              // multiplies the scene (white patch ~0.9 x exposure)
  double defocus_sigma = 0.0;         // pixels
  double full_well = 0.0;             // electrons at linear 1 (shot noise); 0 = none
  double read_noise = 0.0;            // linear units
  double grain = 0.0;                 // relative, film-like
  // Encoding and processing.
  const aces::TransferFunction* encoding = nullptr;  // nullptr: linear
  double encode_gain = 1.0;           // sensor level (1 = saturation) -> the encoding's scene-linear
  double denoise = 0.0;               // 0..1 blend with a blur (sigma 1.2 px)
  double sharpen = 0.0;               // unsharp mask amount (sigma 1.5 px)
  Output output = Output::integer16;
  int jpeg_quality = 90;
};

// Finalise poses (homographies) once the frame size is known.
inline void finalise(PhotoSpec& s) {
  for (auto& c : s.charts) c.h = place(c.pose, c.object_width(), c.object_height(), s.width, s.height);
  for (auto& c : s.cards) c.h = place(c.pose, c.aspect, 1.0, s.width, s.height);
  for (auto& g : s.grids) g.h = place(g.pose, g.columns, g.rows, s.width, s.height);
}

// ---------------------------------------------------------------------------------------------
namespace detail {

inline std::uint32_t hash(std::uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}
inline double lattice(int x, int y, std::uint32_t seed) {
  return hash(static_cast<std::uint32_t>(x) * 73856093U ^ static_cast<std::uint32_t>(y) * 19349663U ^ seed) / 4294967295.0;
}
// Smooth value noise in [0,1] at scale `cell` pixels.
inline double value_noise(double x, double y, double cell, std::uint32_t seed) {
  const double u = x / cell, v = y / cell;
  const int i = static_cast<int>(std::floor(u)), j = static_cast<int>(std::floor(v));
  double fu = u - i, fv = v - j;
  fu = fu * fu * (3 - 2 * fu);
  fv = fv * fv * (3 - 2 * fv);
  const double a = lattice(i, j, seed), b = lattice(i + 1, j, seed), c = lattice(i, j + 1, seed), d = lattice(i + 1, j + 1, seed);
  return (a * (1 - fu) + b * fu) * (1 - fv) + (c * (1 - fu) + d * fu) * fv;
}

struct Clutter {
  Eigen::Vector2d centre, half;
  double angle;
  bool ellipse;
  Eigen::Vector3d rgb;
  double cos_a = 1, sin_a = 0, radius2 = 0;  // derived: rotation, squared bounding radius
};

inline void gaussian_blur(std::vector<float>& img, int w, int h, double sigma) {
  if (sigma <= 0.05) return;
  const int r = std::max(1, static_cast<int>(std::ceil(3 * sigma)));
  std::vector<float> k(2 * r + 1);
  double sum = 0;
  for (int i = -r; i <= r; ++i) sum += k[i + r] = static_cast<float>(std::exp(-0.5 * i * i / (sigma * sigma)));
  for (float& v : k) v = static_cast<float>(v / sum);
  std::vector<float> tmp(img.size());
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      float acc[3] = {0, 0, 0};
      for (int i = -r; i <= r; ++i) {
        const int xx = std::clamp(x + i, 0, w - 1);
        const float* p = &img[3 * (static_cast<std::size_t>(y) * w + xx)];
        for (int c = 0; c < 3; ++c) acc[c] += k[i + r] * p[c];
      }
      for (int c = 0; c < 3; ++c) tmp[3 * (static_cast<std::size_t>(y) * w + x) + c] = acc[c];
    }
  }
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      float acc[3] = {0, 0, 0};
      for (int i = -r; i <= r; ++i) {
        const int yy = std::clamp(y + i, 0, h - 1);
        const float* p = &tmp[3 * (static_cast<std::size_t>(yy) * w + x)];
        for (int c = 0; c < 3; ++c) acc[c] += k[i + r] * p[c];
      }
      for (int c = 0; c < 3; ++c) img[3 * (static_cast<std::size_t>(y) * w + x) + c] = acc[c];
    }
  }
}

// In-place 8x8 DCT-II / DCT-III (orthonormal), separable.
struct Dct8 {
  double c[8][8];
  Dct8() {
    for (int k = 0; k < 8; ++k)
      for (int n = 0; n < 8; ++n) c[k][n] = (k == 0 ? std::sqrt(0.125) : 0.5) * std::cos((2 * n + 1) * k * kPi / 16);
  }
  void forward(double b[64]) const { pass(b, false); }
  void inverse(double b[64]) const { pass(b, true); }
  void pass(double b[64], bool inv) const {
    double t[64];
    for (int y = 0; y < 8; ++y)
      for (int k = 0; k < 8; ++k) {
        double s = 0;
        for (int n = 0; n < 8; ++n) s += (inv ? c[n][k] : c[k][n]) * b[y * 8 + n];
        t[y * 8 + k] = s;
      }
    for (int x = 0; x < 8; ++x)
      for (int k = 0; k < 8; ++k) {
        double s = 0;
        for (int n = 0; n < 8; ++n) s += (inv ? c[n][k] : c[k][n]) * t[n * 8 + x];
        b[k * 8 + x] = s;
      }
  }
};

// JPEG baseline quantisation tables (ITU-T T.81 annex K) scaled by quality as libjpeg does.
inline void jpeg_tables(int quality, int luma[64], int chroma[64]) {
  static const int kLuma[64] = {16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57,
                                69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64,
                                81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
  static const int kChroma[64] = {17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99,
                                  99, 99, 47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
                                  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};
  quality = std::clamp(quality, 1, 100);
  const int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  for (int i = 0; i < 64; ++i) {
    luma[i] = std::clamp((kLuma[i] * scale + 50) / 100, 1, 255);
    chroma[i] = std::clamp((kChroma[i] * scale + 50) / 100, 1, 255);
  }
}

// One plane (0..255 values) through 8x8 DCT quantisation.
inline void jpeg_plane(std::vector<double>& plane, int w, int h, const int table[64]) {
  static const Dct8 dct;
  for (int by = 0; by < h; by += 8) {
    for (int bx = 0; bx < w; bx += 8) {
      double b[64];
      for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x) b[y * 8 + x] = plane[std::min(by + y, h - 1) * static_cast<std::size_t>(w) + std::min(bx + x, w - 1)] - 128;
      dct.forward(b);
      for (int i = 0; i < 64; ++i) b[i] = std::round(b[i] / table[i]) * table[i];
      dct.inverse(b);
      for (int y = 0; y < 8 && by + y < h; ++y)
        for (int x = 0; x < 8 && bx + x < w; ++x) plane[(by + y) * static_cast<std::size_t>(w) + bx + x] = b[y * 8 + x] + 128;
    }
  }
}

// RGB (0..1) -> YCbCr, chroma 2x2 averaged (4:2:0), optionally DCT-quantised, and back to RGB.
// `video`: BT.709 limited range (16-235 / 16-240, as H.264 video) without the DCT; otherwise JPEG
// (BT.601 full range, JFIF).
inline void ycbcr_420(aces::Image& img, bool video, int quality) {
  const int w = img.width, h = img.height, cw = (w + 1) / 2, ch = (h + 1) / 2;
  const double kr = video ? 0.2126 : 0.299, kb = video ? 0.0722 : 0.114, kg = 1 - kr - kb;
  const double ys = video ? 219.0 : 255.0, yo = video ? 16.0 : 0.0, cs = video ? 224.0 : 255.0;
  std::vector<double> Y(static_cast<std::size_t>(w) * h), Cb(static_cast<std::size_t>(cw) * ch, 0.0), Cr(Cb.size(), 0.0);
  std::vector<int> count(Cb.size(), 0);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const float* p = img.pixel(x, y);
      const double r = std::clamp<double>(p[0], 0, 1), g = std::clamp<double>(p[1], 0, 1), b = std::clamp<double>(p[2], 0, 1);
      const double luma = kr * r + kg * g + kb * b;
      Y[y * static_cast<std::size_t>(w) + x] = std::round(yo + ys * luma);
      const std::size_t ci = (y / 2) * static_cast<std::size_t>(cw) + x / 2;
      Cb[ci] += (b - luma) / (2 * (1 - kb));
      Cr[ci] += (r - luma) / (2 * (1 - kr));
      ++count[ci];
    }
  }
  for (std::size_t i = 0; i < Cb.size(); ++i) {
    Cb[i] = std::round(128 + cs * Cb[i] / count[i]);
    Cr[i] = std::round(128 + cs * Cr[i] / count[i]);
  }
  if (!video) {
    int lt[64], ct[64];
    jpeg_tables(quality, lt, ct);
    jpeg_plane(Y, w, h, lt);
    jpeg_plane(Cb, cw, ch, ct);
    jpeg_plane(Cr, cw, ch, ct);
  }
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      // Bilinear chroma upsampling from the 2x2 block centres.
      const double u = std::clamp((x - 0.5) / 2.0, 0.0, cw - 1.0), v = std::clamp((y - 0.5) / 2.0, 0.0, ch - 1.0);
      const int u0 = static_cast<int>(u), v0 = static_cast<int>(v), u1 = std::min(u0 + 1, cw - 1), v1 = std::min(v0 + 1, ch - 1);
      const double fu = u - u0, fv = v - v0;
      auto at = [&](const std::vector<double>& c) {
        return (c[v0 * cw + u0] * (1 - fu) + c[v0 * cw + u1] * fu) * (1 - fv) + (c[v1 * cw + u0] * (1 - fu) + c[v1 * cw + u1] * fu) * fv;
      };
      const double luma = (std::round(std::clamp(Y[y * static_cast<std::size_t>(w) + x], 0.0, 255.0)) - yo) / ys;
      const double cb = (at(Cb) - 128) / cs, cr = (at(Cr) - 128) / cs;
      const double r = luma + 2 * (1 - kr) * cr, b = luma + 2 * (1 - kb) * cb, g = (luma - kr * r - kb * b) / kg;
      float* p = img.pixel(x, y);
      p[0] = static_cast<float>(std::clamp(r, 0.0, 1.0));
      p[1] = static_cast<float>(std::clamp(g, 0.0, 1.0));
      p[2] = static_cast<float>(std::clamp(b, 0.0, 1.0));
    }
  }
}

template <typename F>
void parallel_rows(int height, F&& f) {
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  const int chunk = (height + static_cast<int>(threads) - 1) / static_cast<int>(threads);
  for (unsigned t = 0; t < threads; ++t) {
    const int y0 = static_cast<int>(t) * chunk, y1 = std::min(height, y0 + chunk);
    if (y0 < y1) pool.emplace_back([&f, y0, y1] { f(y0, y1); });
  }
  for (auto& t : pool) t.join();
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// The photograph, as the file would hold it (code values; quantised for integer outputs).
inline aces::Image render_photo(PhotoSpec s) {
  finalise(s);
  std::mt19937 rng(s.seed);
  std::uniform_real_distribution<double> U(0, 1);
  const int w = s.width, h = s.height;
  std::vector<Eigen::Vector3d> colours = s.background_colours;
  if (colours.empty()) colours = {Eigen::Vector3d::Constant(0.1), Eigen::Vector3d::Constant(0.3)};
  auto pick = [&] { return colours[static_cast<std::size_t>(U(rng) * colours.size()) % colours.size()]; };
  const Eigen::Vector3d base_a = pick(), base_b = pick(), base_c = pick();
  std::vector<detail::Clutter> clutter;
  if (s.background == Background::clutter) {
    const int n = 25 + static_cast<int>(U(rng) * 40);
    for (int i = 0; i < n; ++i) {
      const double size = w * (0.02 + 0.15 * U(rng) * U(rng));
      detail::Clutter k{{U(rng) * w, U(rng) * h}, {size * (0.4 + U(rng)), size * (0.4 + U(rng))}, U(rng) * kPi, U(rng) < 0.35, pick()};
      k.cos_a = std::cos(k.angle);
      k.sin_a = std::sin(k.angle);
      k.radius2 = k.half.squaredNorm();
      clutter.push_back(k);
    }
  }
  const double tile = w * (0.03 + 0.06 * U(rng)), grout = tile * (0.06 + 0.1 * U(rng)), tile_angle = U(rng) * kPi / 2;
  std::vector<Eigen::Vector3d> tile_colours;
  for (int i = 0; i < 4; ++i) tile_colours.push_back(pick());
  const std::uint32_t nseed = rng();
  const double cell = w * (0.05 + 0.2 * U(rng));

  auto background = [&](double x, double y) -> Eigen::Vector3d {
    const double n1 = detail::value_noise(x, y, cell, nseed), n2 = detail::value_noise(x, y, cell * 0.23, nseed + 1);
    const double fine = detail::value_noise(x, y, 2.5, nseed + 2);
    Eigen::Vector3d c = base_a * (1 - n1) + base_b * n1;
    c = c * (0.7 + 0.6 * n2) + base_c * 0.15 * fine;
    if (s.background == Background::clutter) {
      for (const auto& k : clutter) {
        const Eigen::Vector2d d(x - k.centre.x(), y - k.centre.y());
        if (d.squaredNorm() > k.radius2) continue;
        const double ca = k.cos_a, sa = k.sin_a;
        const double u = (ca * d.x() + sa * d.y()) / k.half.x(), v = (-sa * d.x() + ca * d.y()) / k.half.y();
        if (k.ellipse ? u * u + v * v < 1 : (std::abs(u) < 1 && std::abs(v) < 1)) c = k.rgb * (0.9 + 0.2 * fine);
      }
    } else if (s.background == Background::tiles) {
      const double ca = std::cos(tile_angle), sa = std::sin(tile_angle);
      const double u = (ca * x + sa * y) / tile, v = (-sa * x + ca * y) / tile;
      const double fu = u - std::floor(u), fv = v - std::floor(v);
      if (fu * tile < grout || fv * tile < grout) {
        c = Eigen::Vector3d::Constant(0.25) * (0.9 + 0.2 * fine);
      } else {
        const int idx = static_cast<int>(detail::lattice(static_cast<int>(std::floor(u)), static_cast<int>(std::floor(v)), nseed) * 4) % 4;
        c = tile_colours[idx] * (0.92 + 0.16 * n2);
      }
    }
    return c;
  };
  // Background once per pixel (it is smooth or already aliased); objects and light per sub-sample.
  auto scene = [&](double x, double y, const Eigen::Vector3d& back) -> Eigen::Vector3d {
    Eigen::Vector3d c = back;
    const Eigen::Vector2d px(x, y);
    for (const auto& g : s.grids) {
      const Eigen::Vector2d o = g.h.to_chart(px);
      if (o.x() >= 0 && o.y() >= 0 && o.x() < g.columns && o.y() < g.rows) {
        c = g.cells[static_cast<std::size_t>(std::floor(o.y())) * g.columns + static_cast<std::size_t>(std::floor(o.x()))];
      } else if (o.x() >= -0.3 && o.y() >= -0.3 && o.x() < g.columns + 0.3 && o.y() < g.rows + 0.3) {
        c = Eigen::Vector3d::Constant(0.04);
      }
    }
    for (const auto& card : s.cards) {
      const Eigen::Vector2d o = card.h.to_chart(px);
      if (o.x() >= 0 && o.y() >= 0 && o.x() < card.aspect && o.y() < 1) c = card.rgb;
    }
    for (auto it = s.charts.rbegin(); it != s.charts.rend(); ++it) {
      const int p = it->patch_at(it->h.to_chart(px));
      if (p >= 0) {
        c = it->patches[p] * (1 + 0.005 * (detail::value_noise(x, y, 1.5, nseed + 7) - 0.5));
      } else if (p == -1) {
        c = it->border_rgb;
      }
    }
    return c;
  };
  // Light: falloff, shadow, vignetting (smooth: once per pixel).
  const double fa = s.falloff_angle * kPi / 180, fcos = std::cos(fa), fsin = std::sin(fa);
  const double sa = s.shadow_angle * kPi / 180, scos = std::cos(sa), ssin = std::sin(sa);
  const double shadow_edge = std::max(1e-6, s.shadow_softness / std::max(1e-6, std::min(s.shadow_radii.x(), s.shadow_radii.y())));
  auto light_at = [&](double x, double y) {
    const double t = ((x / w - 0.5) * fcos + (y / h - 0.5) * fsin) + 0.5;
    double light = 1 - s.falloff * std::clamp(t, 0.0, 1.0);
    if (s.shadow) {
      const Eigen::Vector2d d(x / w - s.shadow_centre.x(), (y - s.shadow_centre.y() * h) / w);
      const double u = (scos * d.x() + ssin * d.y()) / s.shadow_radii.x();
      const double v = (-ssin * d.x() + scos * d.y()) / s.shadow_radii.y();
      const double r = std::sqrt(u * u + v * v);  // 1 on the edge
      const double inside = std::clamp(0.5 - (r - 1) / shadow_edge, 0.0, 1.0);
      light *= 1 - (1 - s.shadow_depth) * inside;
    }
    const double rx = (x / w - 0.5) * 2, ry = (y / h - 0.5) * 2 * h / w;
    const double r2 = (rx * rx + ry * ry) / (1 + static_cast<double>(h * h) / (w * w));  // 1 in the corners
    return s.vignetting_stops > 0 ? light * std::exp2(-s.vignetting_stops * r2 * r2) : light;
  };

  std::vector<float> lin(static_cast<std::size_t>(w) * h * 3);
  detail::parallel_rows(h, [&](int y0, int y1) {
    for (int y = y0; y < y1; ++y) {
      for (int x = 0; x < w; ++x) {
        Eigen::Vector3d sum = Eigen::Vector3d::Zero();
        const Eigen::Vector3d back = background(x + 0.5, y + 0.5);
        for (int sy = 0; sy < 2; ++sy)
          for (int sx = 0; sx < 2; ++sx) sum += scene(x + 0.25 + 0.5 * sx, y + 0.25 + 0.5 * sy, back);
        const double k = 0.25 * s.exposure * light_at(x + 0.5, y + 0.5);
        for (int c = 0; c < 3; ++c) lin[3 * (static_cast<std::size_t>(y) * w + x) + c] = static_cast<float>(k * sum[c]);
      }
    }
  });
  detail::gaussian_blur(lin, w, h, s.defocus_sigma);
  // Gaussian deviates from a seeded table, indexed by a hash (the normal distribution of the
  // standard library dominated the time of a photograph).
  std::vector<float> normal(1 << 16);
  {
    std::normal_distribution<float> N(0, 1);
    for (float& v : normal) v = N(rng);
  }
  std::uint32_t state = rng();
  auto gauss = [&] {
    state = state * 1664525u + 1013904223u;
    return normal[detail::hash(state) >> 16];
  };
  if (s.grain > 0) {
    std::vector<float> g(lin.size());
    for (std::size_t i = 0; i < g.size(); i += 3) g[i] = g[i + 1] = g[i + 2] = gauss();
    detail::gaussian_blur(g, w, h, 0.7);
    for (std::size_t i = 0; i < g.size(); ++i) lin[i] *= static_cast<float>(1 + s.grain * 2.5 * g[i]);
  }
  if (s.full_well > 0 || s.read_noise > 0) {
    for (float& v : lin) {
      const double var = (s.full_well > 0 ? std::max(0.0, static_cast<double>(v)) / s.full_well : 0.0) + s.read_noise * s.read_noise;
      v = static_cast<float>(v + std::sqrt(var) * gauss());
    }
  }
  const bool integer = s.output != Output::float32;
  for (float& v : lin) {
    if (integer) v = std::min(v, 1.0f);  // the sensor clips
    if (s.encoding) v = static_cast<float>(s.encoding->to_code(v * s.encode_gain));
  }
  if (s.denoise > 0) {
    std::vector<float> blur = lin;
    detail::gaussian_blur(blur, w, h, 1.2);
    for (std::size_t i = 0; i < lin.size(); ++i) lin[i] = static_cast<float>((1 - s.denoise) * lin[i] + s.denoise * blur[i]);
  }
  if (s.sharpen > 0) {
    std::vector<float> blur = lin;
    detail::gaussian_blur(blur, w, h, 1.5);
    for (std::size_t i = 0; i < lin.size(); ++i) lin[i] = static_cast<float>(lin[i] + s.sharpen * (lin[i] - blur[i]));
  }
  aces::Image img;
  img.width = w;
  img.height = h;
  img.rgb = std::move(lin);
  img.source_float = !integer;
  img.source_bits = s.output == Output::integer16 ? 16 : (integer ? 8 : 32);
  if (s.output == Output::jpeg || s.output == Output::video420) {
    detail::ycbcr_420(img, s.output == Output::video420, s.jpeg_quality);
  }
  if (integer) {
    const double top = s.output == Output::integer16 ? 65535.0 : 255.0;
    for (float& v : img.rgb) v = static_cast<float>(std::round(std::clamp<double>(v, 0, 1) * top) / top);
  }
  return img;
}

}  // namespace aceslab::idt::testing::photo
