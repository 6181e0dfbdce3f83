// SPDX-License-Identifier: Apache-2.0
#include "idt/chart_geometry.h"

#include <Eigen/Dense>
#include <cmath>

#include "color/error.h"

namespace aceslab::idt {

Eigen::Vector2d patch_centre(int index) {
  const int row = index / kChartColumns;
  const int col = index % kChartColumns;
  return {col + 0.5 * kPatchSide, row + 0.5 * kPatchSide};
}

std::array<Eigen::Vector2d, 4> grid_corners() {
  return {Eigen::Vector2d(0.0, 0.0), Eigen::Vector2d(kGridWidth, 0.0), Eigen::Vector2d(kGridWidth, kGridHeight),
          Eigen::Vector2d(0.0, kGridHeight)};
}

ChartHomography::ChartHomography(const Eigen::Matrix3d& h) : m_h(h / h(2, 2)) {
  Eigen::FullPivLU<Eigen::Matrix3d> lu(m_h);
  if (!lu.isInvertible()) throw Error(ErrorKind::invalid_input, "chart corners are degenerate (singular homography)");
  m_inv = lu.inverse();
}

namespace {

// Similarity transform that centres points at the origin with mean distance sqrt(2) (Hartley's
// normalisation, "In defense of the eight-point algorithm", 1997) to condition the DLT.
Eigen::Matrix3d normaliser(const std::vector<Eigen::Vector2d>& pts) {
  Eigen::Vector2d mean = Eigen::Vector2d::Zero();
  for (const auto& p : pts) mean += p;
  mean /= static_cast<double>(pts.size());
  double dist = 0;
  for (const auto& p : pts) dist += (p - mean).norm();
  dist /= static_cast<double>(pts.size());
  const double s = dist > 0 ? std::sqrt(2.0) / dist : 1.0;
  Eigen::Matrix3d t;
  t << s, 0, -s * mean.x(), 0, s, -s * mean.y(), 0, 0, 1;
  return t;
}

double cross(const Eigen::Vector2d& a, const Eigen::Vector2d& b) { return a.x() * b.y() - a.y() * b.x(); }

}  // namespace

ChartHomography ChartHomography::fit(const std::vector<Eigen::Vector2d>& chart, const std::vector<Eigen::Vector2d>& pixel) {
  if (chart.size() != pixel.size() || chart.size() < 4) {
    throw Error(ErrorKind::internal, "homography fit needs >= 4 point pairs");
  }
  const Eigen::Matrix3d tc = normaliser(chart);
  const Eigen::Matrix3d tp = normaliser(pixel);
  Eigen::MatrixXd a(2 * chart.size(), 9);
  for (std::size_t i = 0; i < chart.size(); ++i) {
    const Eigen::Vector3d c = tc * chart[i].homogeneous();
    const Eigen::Vector3d p = tp * pixel[i].homogeneous();
    const double x = c.x(), y = c.y(), u = p.x(), v = p.y();
    a.row(2 * i) << -x, -y, -1, 0, 0, 0, u * x, u * y, u;
    a.row(2 * i + 1) << 0, 0, 0, -x, -y, -1, v * x, v * y, v;
  }
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(a, Eigen::ComputeFullV);
  const Eigen::VectorXd h = svd.matrixV().col(8);
  Eigen::Matrix3d hn;
  hn << h(0), h(1), h(2), h(3), h(4), h(5), h(6), h(7), h(8);
  const Eigen::Matrix3d full = tp.inverse() * hn * tc;
  if (std::abs(full(2, 2)) < 1e-12) throw Error(ErrorKind::invalid_input, "chart corners are degenerate");
  return ChartHomography(full);
}

ChartHomography ChartHomography::from_corners(const ChartCorners& corners) {
  // A convex quadrilateral with consistent winding: all four turns have the same sign and are not
  // tiny relative to its size (three corners on a line would make the map singular).
  double area = 0;
  for (int i = 0; i < 4; ++i) area += cross(corners[i], corners[(i + 1) % 4]);
  area = 0.5 * std::abs(area);
  if (!(area > 16.0)) {
    throw Error(ErrorKind::invalid_input, "chart corners enclose no area (need 4 distinct corners, clockwise)");
  }
  int sign = 0;
  for (int i = 0; i < 4; ++i) {
    const Eigen::Vector2d e1 = corners[(i + 1) % 4] - corners[i];
    const Eigen::Vector2d e2 = corners[(i + 2) % 4] - corners[(i + 1) % 4];
    const double turn = cross(e1, e2);
    const int s = turn > 0 ? 1 : -1;
    if (std::abs(turn) < 1e-3 * area || (sign != 0 && s != sign)) {
      throw Error(ErrorKind::invalid_input,
                  "chart corners do not form a convex quadrilateral (give them clockwise from the dark-skin corner)");
    }
    sign = s;
  }
  // With y pointing down, a clockwise order on screen turns right (positive cross products).
  if (sign < 0) {
    throw Error(ErrorKind::invalid_input,
                "chart corners are counter-clockwise (give them clockwise from the dark-skin corner)");
  }
  const auto g = grid_corners();
  return fit({g.begin(), g.end()}, {corners.begin(), corners.end()});
}

Eigen::Vector2d ChartHomography::to_pixel(const Eigen::Vector2d& chart) const {
  return (m_h * chart.homogeneous()).hnormalized();
}

Eigen::Vector2d ChartHomography::to_chart(const Eigen::Vector2d& pixel) const {
  return (m_inv * pixel.homogeneous()).hnormalized();
}

ChartCorners ChartHomography::corners() const {
  const auto g = grid_corners();
  return {to_pixel(g[0]), to_pixel(g[1]), to_pixel(g[2]), to_pixel(g[3])};
}

}  // namespace aceslab::idt
