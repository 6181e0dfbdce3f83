// SPDX-License-Identifier: Apache-2.0
#include "idt/chart_detect.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <sstream>
#include <vector>

#include "color/error.h"

namespace aceslab::idt {

namespace {

// Offset added before log2 so black and negative codes stay finite: 1/1024 is about one 10-bit code.
constexpr double kLogOffset = 1.0 / 1024.0;

struct Reduced {
  int width = 0, height = 0, factor = 1;
  std::vector<float> log_rgb;  // log2(code + offset), interleaved
  const float* at(int x, int y) const { return log_rgb.data() + 3 * (static_cast<std::size_t>(y) * width + x); }
};

Reduced reduce(const aces::Image& image, int working_size) {
  Reduced r;
  r.factor = std::max(1, (std::max(image.width, image.height) + working_size - 1) / working_size);
  r.width = image.width / r.factor;
  r.height = image.height / r.factor;
  r.log_rgb.assign(static_cast<std::size_t>(r.width) * r.height * 3, 0.0f);
  const double norm = 1.0 / (r.factor * r.factor);
  for (int y = 0; y < r.height; ++y) {
    for (int x = 0; x < r.width; ++x) {
      double sum[3] = {0, 0, 0};
      for (int dy = 0; dy < r.factor; ++dy) {
        const float* p = image.pixel(x * r.factor, y * r.factor + dy);
        for (int dx = 0; dx < r.factor; ++dx, p += 3) {
          sum[0] += p[0];
          sum[1] += p[1];
          sum[2] += p[2];
        }
      }
      float* out = r.log_rgb.data() + 3 * (static_cast<std::size_t>(y) * r.width + x);
      for (int c = 0; c < 3; ++c) out[c] = static_cast<float>(std::log2(std::max(0.0, sum[c] * norm) + kLogOffset));
    }
  }
  return r;
}

struct Region {
  double area = 0;
  Eigen::Vector2d centroid;  // full-resolution pixels
  double aspect = 0;
  double fill = 0;           // area / (12 sqrt(l1 l2)): 1 for a filled rectangle
};

// Central-difference gradient, the largest over the channels, in stops.
std::vector<float> gradient(const Reduced& r) {
  std::vector<float> g(static_cast<std::size_t>(r.width) * r.height, 0.0f);
  for (int y = 1; y + 1 < r.height; ++y) {
    for (int x = 1; x + 1 < r.width; ++x) {
      float best = 0;
      for (int c = 0; c < 3; ++c) {
        const float gx = 0.5f * (r.at(x + 1, y)[c] - r.at(x - 1, y)[c]);
        const float gy = 0.5f * (r.at(x, y + 1)[c] - r.at(x, y - 1)[c]);
        best = std::max(best, std::abs(gx) + std::abs(gy));
      }
      g[static_cast<std::size_t>(y) * r.width + x] = best;
    }
  }
  // The frame border has no gradient estimate: make it an edge so regions never touch it.
  for (int x = 0; x < r.width; ++x) g[x] = g[static_cast<std::size_t>(r.height - 1) * r.width + x] = 1e9f;
  for (int y = 0; y < r.height; ++y) g[static_cast<std::size_t>(y) * r.width] = g[static_cast<std::size_t>(y) * r.width + r.width - 1] = 1e9f;
  return g;
}

std::vector<Region> segment(const Reduced& r, const std::vector<float>& grad, float threshold) {
  const int w = r.width, h = r.height;
  std::vector<int> label(grad.size(), -1);
  std::vector<Region> regions;
  std::vector<int> stack;
  for (int start = 0; start < w * h; ++start) {
    if (label[start] >= 0 || grad[start] > threshold) continue;
    const int id = static_cast<int>(regions.size());
    double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    stack.assign(1, start);
    label[start] = id;
    while (!stack.empty()) {
      const int i = stack.back();
      stack.pop_back();
      const double x = i % w + 0.5, y = i / w + 0.5;
      n += 1;
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
      const int nb[4] = {i - 1, i + 1, i - w, i + w};
      for (int j : nb) {
        if (j < 0 || j >= w * h || label[j] >= 0 || grad[j] > threshold) continue;
        label[j] = id;
        stack.push_back(j);
      }
    }
    Region reg;
    reg.area = n;
    const double mx = sx / n, my = sy / n;
    reg.centroid = Eigen::Vector2d(mx, my) * r.factor;
    Eigen::Matrix2d cov;
    cov << sxx / n - mx * mx, sxy / n - mx * my, sxy / n - mx * my, syy / n - my * my;
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> es(cov);
    const double l1 = std::max(es.eigenvalues()[0], 1e-9), l2 = std::max(es.eigenvalues()[1], 1e-9);
    reg.aspect = std::sqrt(l2 / l1);
    reg.fill = n / (12.0 * std::sqrt(l1 * l2));
    regions.push_back(reg);
  }
  return regions;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// Mean log2 value of the reduced image over the central half of a patch located by `h`.
Eigen::Vector3d patch_log_value(const Reduced& r, const ChartHomography& h, int index) {
  const Eigen::Vector2d c = patch_centre(index);
  const double half = 0.25 * kPatchSide;
  Eigen::Vector3d sum = Eigen::Vector3d::Zero();
  int n = 0;
  for (int sy = -2; sy <= 2; ++sy) {
    for (int sx = -2; sx <= 2; ++sx) {
      const Eigen::Vector2d px = h.to_pixel(c + Eigen::Vector2d(sx, sy) * (half / 2)) / r.factor;
      const int x = static_cast<int>(px.x()), y = static_cast<int>(px.y());
      if (x < 0 || y < 0 || x >= r.width || y >= r.height) continue;
      for (int ch = 0; ch < 3; ++ch) sum[ch] += r.at(x, y)[ch];
      ++n;
    }
  }
  return n ? Eigen::Vector3d(sum / n) : Eigen::Vector3d::Constant(-20.0);
}

// How much the bottom row looks like the neutral ramp: steps that get darker in each channel from
// white to black (0..15), minus the spread of the channel ratios along the row (neutrals keep
// them constant whatever the white balance).
double neutral_row_score(const Reduced& r, const ChartHomography& h) {
  std::array<Eigen::Vector3d, 6> v;
  for (int i = 0; i < 6; ++i) v[i] = patch_log_value(r, h, 18 + i);
  double score = 0;
  for (int i = 0; i < 5; ++i) {
    for (int c = 0; c < 3; ++c) score += v[i][c] > v[i + 1][c] ? 1.0 : 0.0;
  }
  Eigen::Vector2d mean = Eigen::Vector2d::Zero();
  for (const auto& x : v) mean += Eigen::Vector2d(x[0] - x[1], x[2] - x[1]);
  mean /= 6.0;
  double spread = 0;
  for (const auto& x : v) spread += (Eigen::Vector2d(x[0] - x[1], x[2] - x[1]) - mean).squaredNorm();
  return score - std::sqrt(spread / 6.0);
}

[[noreturn]] void not_found(const std::string& name, const std::string& why) {
  throw Error(ErrorKind::invalid_input,
              "ColorChecker not found: " + why + " (give the chart's corners in the manifest: \"chart\": {\"corners\": ...})",
              Location(name));
}

}  // namespace

ChartDetection detect_chart(const aces::Image& image, const std::string& name, const DetectOptions& options) {
  if (image.width < 32 || image.height < 32) not_found(name, "image too small");
  const Reduced r = reduce(image, options.working_size);
  const std::vector<float> grad = gradient(r);

  // Edge threshold: well above the gradient of flat areas (noise), never below min_edge_stops.
  std::vector<double> inner;
  inner.reserve(grad.size());
  for (float g : grad) {
    if (g < 1e8f) inner.push_back(g);
  }
  const double noise = median(inner);
  const float threshold = static_cast<float>(std::max(options.min_edge_stops, 6.0 * noise));

  std::vector<Region> regions = segment(r, grad, threshold);
  const double min_area = 12.0;
  const double max_area = 0.05 * r.width * r.height;
  std::vector<Region> squares;
  for (const Region& reg : regions) {
    if (reg.area >= min_area && reg.area <= max_area && reg.aspect <= options.max_aspect && reg.fill > 0.8 && reg.fill < 1.12) {
      squares.push_back(reg);
    }
  }
  if (static_cast<int>(squares.size()) < options.min_patches) {
    std::ostringstream msg;
    msg << "only " << squares.size() << " uniform square patches seen";
    not_found(name, msg.str());
  }
  // Keep the most common size: the patches of one chart are alike; other squares usually are not.
  std::size_t best_i = 0;
  int best_count = -1;
  for (std::size_t i = 0; i < squares.size(); ++i) {
    int count = 0;
    for (const Region& other : squares) count += (other.area > 0.6 * squares[i].area && other.area < 1.6 * squares[i].area) ? 1 : 0;
    if (count > best_count) {
      best_count = count;
      best_i = i;
    }
  }
  const double ref_area = squares[best_i].area;
  std::vector<Eigen::Vector2d> pts;
  for (const Region& reg : squares) {
    if (reg.area > 0.6 * ref_area && reg.area < 1.6 * ref_area) pts.push_back(reg.centroid);
  }
  if (static_cast<int>(pts.size()) < options.min_patches) {
    not_found(name, "only " + std::to_string(pts.size()) + " patches of a common size");
  }

  // Pitch and rotation from nearest neighbours.
  std::vector<double> nn_dist;
  double s4 = 0, c4 = 0;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    double best = 1e300;
    Eigen::Vector2d best_d(0, 0);
    for (std::size_t j = 0; j < pts.size(); ++j) {
      if (i == j) continue;
      const double d = (pts[j] - pts[i]).norm();
      if (d < best) {
        best = d;
        best_d = pts[j] - pts[i];
      }
    }
    nn_dist.push_back(best);
    const double a = std::atan2(best_d.y(), best_d.x());
    s4 += std::sin(4 * a);
    c4 += std::cos(4 * a);
  }
  const double pitch = median(nn_dist);
  const double angle = std::atan2(s4, c4) / 4.0;
  // Grid coordinates relative to the candidate nearest the middle of all candidates.
  Eigen::Vector2d mid = Eigen::Vector2d::Zero();
  for (const auto& p : pts) mid += p;
  mid /= static_cast<double>(pts.size());
  const Eigen::Vector2d origin = *std::min_element(pts.begin(), pts.end(), [&](const auto& a, const auto& b) {
    return (a - mid).squaredNorm() < (b - mid).squaredNorm();
  });
  Eigen::Matrix2d basis;  // grid (i, j) -> pixel offset
  basis << std::cos(angle), -std::sin(angle), std::sin(angle), std::cos(angle);
  basis *= pitch;
  Eigen::Vector2d offset = origin;
  std::vector<Eigen::Vector2i> grid(pts.size());
  for (int iter = 0; iter < 3; ++iter) {
    const Eigen::Matrix2d inv = basis.inverse();
    for (std::size_t k = 0; k < pts.size(); ++k) {
      const Eigen::Vector2d g = inv * (pts[k] - offset);
      grid[k] = Eigen::Vector2i(static_cast<int>(std::lround(g.x())), static_cast<int>(std::lround(g.y())));
    }
    // Affine refit: pixel = offset + basis * grid, over points within a few pitches of the origin.
    Eigen::MatrixXd a(pts.size(), 3);
    Eigen::MatrixXd b(pts.size(), 2);
    for (std::size_t k = 0; k < pts.size(); ++k) {
      a.row(k) << grid[k].x(), grid[k].y(), 1.0;
      b.row(k) << pts[k].x(), pts[k].y();
    }
    const Eigen::MatrixXd sol = a.colPivHouseholderQr().solve(b);
    basis << sol(0, 0), sol(1, 0), sol(0, 1), sol(1, 1);
    offset = Eigen::Vector2d(sol(2, 0), sol(2, 1));
    if (std::abs(basis.determinant()) < 1e-6 * pitch * pitch) not_found(name, "patch grid is degenerate");
  }

  // The 6x4 or 4x6 window with most candidates.
  std::map<std::pair<int, int>, std::size_t> cell;
  int imin = 1 << 30, imax = -(1 << 30), jmin = 1 << 30, jmax = -(1 << 30);
  for (std::size_t k = 0; k < pts.size(); ++k) {
    cell[{grid[k].x(), grid[k].y()}] = k;
    imin = std::min(imin, grid[k].x());
    imax = std::max(imax, grid[k].x());
    jmin = std::min(jmin, grid[k].y());
    jmax = std::max(jmax, grid[k].y());
  }
  int best_window = -1, wi0 = 0, wj0 = 0;
  bool wide = true;
  for (int shape = 0; shape < 2; ++shape) {
    const int cw = shape == 0 ? kChartColumns : kChartRows, ch = shape == 0 ? kChartRows : kChartColumns;
    for (int i0 = imin - cw + 1; i0 <= imax; ++i0) {
      for (int j0 = jmin - ch + 1; j0 <= jmax; ++j0) {
        int count = 0;
        for (int i = 0; i < cw; ++i) {
          for (int j = 0; j < ch; ++j) count += cell.count({i0 + i, j0 + j}) ? 1 : 0;
        }
        if (count > best_window) {
          best_window = count;
          wi0 = i0;
          wj0 = j0;
          wide = shape == 0;
        }
      }
    }
  }
  if (best_window < options.min_patches) {
    not_found(name, "only " + std::to_string(best_window) + " patches on a 6x4 grid");
  }

  // Try the orientations the window allows; chart patch (col, row) -> grid cell.
  ChartDetection best;
  double best_score = -1e300;
  for (int o = 0; o < 2; ++o) {
    std::vector<Eigen::Vector2d> chart_pts, pixel_pts;
    for (int index = 0; index < kChartPatches; ++index) {
      const int col = index % kChartColumns, row = index / kChartColumns;
      int gi, gj;
      if (wide) {
        gi = o == 0 ? wi0 + col : wi0 + kChartColumns - 1 - col;
        gj = o == 0 ? wj0 + row : wj0 + kChartRows - 1 - row;
      } else {
        gi = o == 0 ? wi0 + kChartRows - 1 - row : wi0 + row;
        gj = o == 0 ? wj0 + col : wj0 + kChartColumns - 1 - col;
      }
      auto it = cell.find({gi, gj});
      if (it == cell.end()) continue;
      chart_pts.push_back(patch_centre(index));
      pixel_pts.push_back(pts[it->second]);
    }
    ChartHomography h;
    try {
      h = ChartHomography::fit(chart_pts, pixel_pts);
    } catch (const Error&) {
      continue;
    }
    double sq = 0;
    for (std::size_t k = 0; k < chart_pts.size(); ++k) sq += (h.to_pixel(chart_pts[k]) - pixel_pts[k]).squaredNorm();
    const double residual = std::sqrt(sq / static_cast<double>(chart_pts.size())) / pitch;
    const double score = neutral_row_score(r, h);
    if (score > best_score) {
      best_score = score;
      best.chart = h;
      best.patches_found = static_cast<int>(chart_pts.size());
      best.residual = residual;
      // Direction of the chart's x axis in the image gives the rotation.
      const Eigen::Vector2d xdir = h.to_pixel(Eigen::Vector2d(1, 0)) - h.to_pixel(Eigen::Vector2d(0, 0));
      const double deg = std::atan2(xdir.y(), xdir.x()) * 180.0 / 3.14159265358979323846;
      best.rotation = (static_cast<int>(std::lround(deg / 90.0)) * 90 + 360) % 360;
    }
  }
  if (best.patches_found == 0) not_found(name, "no consistent patch grid");
  if (best.residual > options.max_residual) {
    std::ostringstream msg;
    msg << "patch grid too irregular (residual " << best.residual << " pitch)";
    not_found(name, msg.str());
  }
  return best;
}

}  // namespace aceslab::idt
