// SPDX-License-Identifier: Apache-2.0
#include "idt/chart_candidates.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>

namespace aceslab::idt::detail {

namespace {


double percentile(std::vector<float> v, double q) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::ptrdiff_t>(q * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[static_cast<std::size_t>(k)];
}

// Largest channel gradient (central differences over a [1 2 1]-smoothed image) divided by the
// pixel's brightest channel, so about stops; the frame border is an edge so regions never run out
// of the image.
std::vector<float> gradient(const WorkingImage& r) {
  const int w = r.width, h = r.height;
  std::vector<float> smooth(r.linear.size()), tmp(r.linear.size());
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const int x0 = std::max(0, x - 1), x1 = std::min(w - 1, x + 1);
      for (int c = 0; c < 3; ++c) {
        tmp[3 * (static_cast<std::size_t>(y) * w + x) + c] =
            0.25f * (r.linear_at(x0, y)[c] + 2 * r.linear_at(x, y)[c] + r.linear_at(x1, y)[c]);
      }
    }
  }
  for (int y = 0; y < h; ++y) {
    const int y0 = std::max(0, y - 1), y1 = std::min(h - 1, y + 1);
    for (int x = 0; x < w; ++x) {
      for (int c = 0; c < 3; ++c) {
        smooth[3 * (static_cast<std::size_t>(y) * w + x) + c] =
            0.25f * (tmp[3 * (static_cast<std::size_t>(y0) * w + x) + c] + 2 * tmp[3 * (static_cast<std::size_t>(y) * w + x) + c] +
                     tmp[3 * (static_cast<std::size_t>(y1) * w + x) + c]);
      }
    }
  }
  auto at = [&](int x, int y) { return smooth.data() + 3 * (static_cast<std::size_t>(y) * w + x); };
  std::vector<float> g(static_cast<std::size_t>(w) * h, std::numeric_limits<float>::max());
  constexpr float kToStops = 1.4426950f;  // 1 / ln 2: a relative change in stops
  for (int y = 1; y + 1 < h; ++y) {
    for (int x = 1; x + 1 < w; ++x) {
      const float* p = at(x, y);
      const float level = std::max({p[0], p[1], p[2], 0.0f}) + static_cast<float>(kWorkingLogOffset);
      float best = 0;
      for (int c = 0; c < 3; ++c) {
        const float gx = 0.5f * (at(x + 1, y)[c] - at(x - 1, y)[c]);
        const float gy = 0.5f * (at(x, y + 1)[c] - at(x, y - 1)[c]);
        best = std::max(best, std::abs(gx) + std::abs(gy));
      }
      g[static_cast<std::size_t>(y) * w + x] = kToStops * best / level;
    }
  }
  return g;
}

void segment(const WorkingImage& r, const std::vector<float>& grad, float threshold, const CandidateOptions& o,
             std::vector<PatchCandidate>& out) {
  const int w = r.width, h = r.height;
  std::vector<char> seen(grad.size(), 0);
  std::vector<int> stack;
  const double max_area = o.max_area_fraction * w * h;
  const double f = r.factor;
  for (int start = 0; start < w * h; ++start) {
    if (seen[start] || grad[start] > threshold) continue;
    double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    Eigen::Vector3d sv = Eigen::Vector3d::Zero(), svv = Eigen::Vector3d::Zero();
    stack.assign(1, start);
    seen[start] = 1;
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
      const float* p = r.linear.data() + 3 * static_cast<std::size_t>(i);
      for (int c = 0; c < 3; ++c) {
        sv[c] += p[c];
        svv[c] += static_cast<double>(p[c]) * p[c];
      }
      const int nb[4] = {i - 1, i + 1, i - w, i + w};
      for (int j : nb) {
        if (j < 0 || j >= w * h || seen[j] || grad[j] > threshold) continue;
        seen[j] = 1;
        stack.push_back(j);
      }
    }
    if (n < o.min_area || n > max_area) continue;
    const Eigen::Vector3d var = (svv / n - (sv / n).cwiseAbs2()).cwiseMax(0.0);
    const double level = std::max((sv / n).maxCoeff(), 0.0) + kWorkingLogOffset;
    if (std::sqrt(var.maxCoeff()) / level > o.max_spread_stops * std::log(2.0)) continue;
    const double mx = sx / n, my = sy / n;
    Eigen::Matrix2d cov;
    cov << sxx / n - mx * mx, sxy / n - mx * my, sxy / n - mx * my, syy / n - my * my;
    // Pixels are cells, not points: a region one pixel wide has variance 1/12 across it.
    cov += Eigen::Matrix2d::Identity() / 12.0;
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> es(cov);
    const double l1 = std::max(es.eigenvalues()[0], 1e-9), l2 = std::max(es.eigenvalues()[1], 1e-9);
    PatchCandidate c;
    c.aspect = std::sqrt(l2 / l1);
    c.fill = n / (12.0 * std::sqrt(l1 * l2));
    if (c.aspect > o.max_aspect || c.fill < o.min_fill || c.fill > o.max_fill) continue;
    c.centre = Eigen::Vector2d(mx, my) * f;
    c.area = n * f * f;
    const Eigen::Matrix2d v = es.eigenvectors();
    const Eigen::Vector2d root(std::sqrt(12.0 * l1) * f, std::sqrt(12.0 * l2) * f);
    c.shape = v * root.asDiagonal() * v.transpose();
    c.shape_inverse = v * root.cwiseInverse().asDiagonal() * v.transpose();
    out.push_back(c);
  }
}

}  // namespace

Eigen::Vector3d WorkingImage::sample(const std::vector<Eigen::Vector2d>& points) const {
  std::vector<float> ch[3];
  for (const auto& p : points) {
    const int x = static_cast<int>(std::floor(p.x() / factor)), y = static_cast<int>(std::floor(p.y() / factor));
    if (x < 0 || y < 0 || x >= width || y >= height) continue;
    for (int c = 0; c < 3; ++c) ch[c].push_back(at(x, y)[c]);
  }
  if (ch[0].empty()) return Eigen::Vector3d::Constant(std::numeric_limits<double>::quiet_NaN());
  Eigen::Vector3d out;
  for (int c = 0; c < 3; ++c) out[c] = percentile(ch[c], 0.5);
  return out;
}

WorkingImage reduce_image(const aces::Image& image, int factor) {
  WorkingImage r;
  r.factor = std::max(1, factor);
  r.width = image.width / r.factor;
  r.height = image.height / r.factor;
  r.log_rgb.assign(static_cast<std::size_t>(r.width) * r.height * 3, 0.0f);
  r.linear.assign(r.log_rgb.size(), 0.0f);
  const double norm = 1.0 / (r.factor * r.factor);
  for (int y = 0; y < r.height; ++y) {
    for (int x = 0; x < r.width; ++x) {
      double sum[3] = {0, 0, 0};
      for (int dy = 0; dy < r.factor; ++dy) {
        const float* p = image.pixel(x * r.factor, y * r.factor + dy);
        for (int dx = 0; dx < r.factor; ++dx, p += 3) {
          for (int c = 0; c < 3; ++c) sum[c] += std::isfinite(p[c]) ? p[c] : 0.0f;
        }
      }
      const std::size_t i = 3 * (static_cast<std::size_t>(y) * r.width + x);
      for (int c = 0; c < 3; ++c) {
        r.linear[i + c] = static_cast<float>(sum[c] * norm);
        r.log_rgb[i + c] = static_cast<float>(std::log2(std::max(0.0, sum[c] * norm) + kWorkingLogOffset));
      }
    }
  }
  return r;
}

std::vector<PatchCandidate> find_patch_candidates(const WorkingImage& image, const CandidateOptions& options) {
  std::vector<PatchCandidate> all;
  if (image.width < 8 || image.height < 8) return all;
  const std::vector<float> grad = gradient(image);
  std::vector<float> inner;
  inner.reserve(grad.size());
  for (float g : grad) {
    if (g < std::numeric_limits<float>::max()) inner.push_back(g);
  }
  const double noise = percentile(inner, 0.25);
  for (double stops : options.edge_stops) {
    const float threshold = static_cast<float>(std::max(stops, options.noise_factor * noise));
    segment(image, grad, threshold, options, all);
  }
  // Merge duplicates (the same patch found at several thresholds): keep the fuller region.
  std::sort(all.begin(), all.end(), [](const PatchCandidate& a, const PatchCandidate& b) {
    return std::abs(a.fill - 1.0) < std::abs(b.fill - 1.0);
  });
  std::vector<PatchCandidate> kept;
  for (const PatchCandidate& c : all) {
    bool duplicate = false;
    for (const PatchCandidate& k : kept) {
      const double r = 0.3 * std::sqrt(std::min(c.area, k.area));
      if ((c.centre - k.centre).squaredNorm() < r * r && c.area < 2.5 * k.area && k.area < 2.5 * c.area) {
        duplicate = true;
        break;
      }
    }
    if (!duplicate) kept.push_back(c);
    if (kept.size() >= options.max_candidates) break;
  }
  return kept;
}

}  // namespace aceslab::idt::detail
