// SPDX-License-Identifier: Apache-2.0
#include "idt/chart_detect.h"

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <sstream>
#include <vector>

#include "color/error.h"
#include "idt/chart_candidates.h"

namespace aceslab::idt {

namespace {

using detail::PatchCandidate;
using detail::WorkingImage;
using Cell = std::pair<int, int>;

// Grid neighbours in a candidate's shape-normalised frame: a patch is a unit square and the next
// patch's centre lies 1/(1 - gap) away (gaps of 5 to 30 % of the pitch), its diagonal neighbour
// 1.4 times further.
constexpr double kMinNeighbour = 0.95, kMaxNeighbour = 1.5;
// A neighbour's area may differ this much (perspective, segmentation).
constexpr double kAreaRatio = 2.2;
// A grid cell is filled by the candidate nearest its predicted centre within this fraction of the
// local pitch.
constexpr double kCellTolerance = 0.3;
// The sampled part of a patch for verification: +-0.2 pitch around its centre (5 x 5 points).
constexpr double kSampleHalf = 0.2;

double rot90_sign(const Eigen::Vector2d& a, const Eigen::Vector2d& b) { return a.x() * b.y() - a.y() * b.x(); }

struct Grid {
  std::map<Cell, int> cells;  // grid cell -> candidate
  ChartHomography h;          // grid coordinates (cell centres at integers) -> pixels
  bool fitted = false;
};

bool similar_size(const PatchCandidate& a, const PatchCandidate& b) {
  return a.area < kAreaRatio * b.area && b.area < kAreaRatio * a.area;
}

// Nearest unused candidate within `radius` of `at` that is of a size similar to `like`.
int nearest(const std::vector<PatchCandidate>& c, const std::vector<char>& used, const Eigen::Vector2d& at, double radius,
            const PatchCandidate& like) {
  int best = -1;
  double best_d = radius * radius;
  for (std::size_t k = 0; k < c.size(); ++k) {
    if (used[k]) continue;
    const double d = (c[k].centre - at).squaredNorm();
    if (d < best_d && similar_size(c[k], like)) {
      best_d = d;
      best = static_cast<int>(k);
    }
  }
  return best;
}

// Local pitch of the grid homography at a cell: sqrt of the Jacobian's determinant.
double local_pitch(const ChartHomography& h, const Eigen::Vector2d& g) {
  const Eigen::Vector2d p = h.to_pixel(g);
  const Eigen::Vector2d dx = h.to_pixel(g + Eigen::Vector2d(1, 0)) - p, dy = h.to_pixel(g + Eigen::Vector2d(0, 1)) - p;
  return std::sqrt(std::abs(rot90_sign(dx, dy)));
}

// The grid cells' bounding box: imin, imax, jmin, jmax.
std::array<int, 4> extent(const Grid& g) {
  std::array<int, 4> e{1 << 30, -(1 << 30), 1 << 30, -(1 << 30)};
  for (const auto& entry : g.cells) {
    const Cell& cell = entry.first;
    e[0] = std::min(e[0], cell.first);
    e[1] = std::max(e[1], cell.first);
    e[2] = std::min(e[2], cell.second);
    e[3] = std::max(e[3], cell.second);
  }
  return e;
}

bool fit_grid_once(const std::vector<PatchCandidate>& c, Grid& g) {
  std::vector<Eigen::Vector2d> gp, px;
  for (const auto& [cell, k] : g.cells) {
    gp.emplace_back(cell.first, cell.second);
    px.push_back(c[k].centre);
  }
  const auto [imin, imax, jmin, jmax] = extent(g);
  if (gp.size() < 4 || imax == imin || jmax == jmin) return false;
  try {
    g.h = ChartHomography::fit(gp, px);
  } catch (const Error&) {
    return false;
  }
  g.fitted = true;
  return true;
}

// Fits the grid's homography, dropping cells more than kOutlier pitch off it (a region split by a
// shadow edge, a blob of the background that happened to lie near a predicted cell) and refitting.
constexpr double kOutlier = 0.15;
bool fit_grid(const std::vector<PatchCandidate>& c, Grid& g) {
  for (int round = 0; round < 4; ++round) {
    if (!fit_grid_once(c, g)) return false;
    std::vector<std::pair<double, Cell>> off;
    for (const auto& [cell, k] : g.cells) {
      const Eigen::Vector2d gp(cell.first, cell.second);
      off.emplace_back((g.h.to_pixel(gp) - c[k].centre).norm() / local_pitch(g.h, gp), cell);
    }
    std::sort(off.begin(), off.end());
    if (off.back().first <= kOutlier) return true;
    // Drop the worst cells (those beyond the limit, at most a third at a time), keeping >= 5.
    std::size_t keep = off.size();
    while (keep > 5 && keep > 2 * off.size() / 3 && off[keep - 1].first > kOutlier) --keep;
    if (keep == off.size()) return true;
    for (std::size_t i = keep; i < off.size(); ++i) g.cells.erase(off[i].second);
  }
  return fit_grid_once(c, g);
}

// Grows a grid from `seed` (see the header, step 3). Candidates it takes are marked in `seeded`
// (they seed no other grid) but stay available to other grids: a chart beside a tiled floor must
// not lose its patches to the floor's grid.
Grid grow_grid(const std::vector<PatchCandidate>& c, std::vector<char>& seeded, int seed) {
  Grid g;
  std::vector<char> used(c.size(), 0);
  const PatchCandidate& s = c[seed];
  // The seed's nearest lateral neighbour in its normalised frame fixes the first grid direction;
  // the second is perpendicular to it in that frame.
  int first = -1;
  double first_r = kMaxNeighbour;
  for (std::size_t k = 0; k < c.size(); ++k) {
    if (used[k] || static_cast<int>(k) == seed || !similar_size(c[k], s)) continue;
    const double r = (s.shape_inverse * (c[k].centre - s.centre)).norm();
    if (r >= kMinNeighbour && r < first_r) {
      first_r = r;
      first = static_cast<int>(k);
    }
  }
  if (first < 0) return g;
  const Eigen::Vector2d b1 = c[first].centre - s.centre;
  const Eigen::Vector2d u1 = s.shape_inverse * b1;
  const Eigen::Vector2d b2 = s.shape * Eigen::Vector2d(-u1.y(), u1.x());

  struct Item {
    Cell cell;
    int k;
    Eigen::Vector2d b1, b2;
  };
  std::deque<Item> queue;
  g.cells[{0, 0}] = seed;
  used[seed] = seeded[seed] = 1;
  queue.push_back({{0, 0}, seed, b1, b2});
  while (!queue.empty()) {
    const Item it = queue.front();
    queue.pop_front();
    const int steps[4][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
    for (const auto& st : steps) {
      const Cell next{it.cell.first + st[0], it.cell.second + st[1]};
      if (g.cells.count(next)) continue;
      const Eigen::Vector2d step = st[0] * it.b1 + st[1] * it.b2;
      const double radius = kCellTolerance * std::min(it.b1.norm(), it.b2.norm());
      const int k = nearest(c, used, c[it.k].centre + step, radius, c[it.k]);
      if (k < 0) continue;
      used[k] = 1;
      g.cells[next] = k;
      const Eigen::Vector2d actual = c[k].centre - c[it.k].centre;
      queue.push_back({next, k, st[0] ? Eigen::Vector2d(actual * st[0]) : it.b1, st[1] ? Eigen::Vector2d(actual * st[1]) : it.b2});
    }
  }
  // Cells the growth could not reach (a patch missing between two found ones): predicted by the
  // grid's homography, twice.
  for (int round = 0; round < 2 && fit_grid(c, g); ++round) {
    const auto [imin, imax, jmin, jmax] = extent(g);
    bool added = false;
    for (int i = imin - 1; i <= imax + 1; ++i) {
      for (int j = jmin - 1; j <= jmax + 1; ++j) {
        if (g.cells.count({i, j})) continue;
        const Eigen::Vector2d gp(i, j);
        const Eigen::Vector2d at = g.h.to_pixel(gp);
        const int k = nearest(c, used, at, kCellTolerance * local_pitch(g.h, gp), s);
        if (k < 0) continue;
        used[k] = 1;
        g.cells[{i, j}] = k;
        added = true;
      }
    }
    if (!added) break;
  }
  g.fitted = false;
  if (!fit_grid(c, g)) return g;
  // Cells that sit on the grid and look like its other cells seed no further grid (the same grid
  // would grow again); a region another grid merely passed near stays a seed of its own.
  std::vector<double> areas;
  for (const auto& [cell, k] : g.cells) areas.push_back(c[k].area);
  std::nth_element(areas.begin(), areas.begin() + static_cast<std::ptrdiff_t>(areas.size() / 2), areas.end());
  const double median_area = areas[areas.size() / 2];
  for (const auto& [cell, k] : g.cells) {
    const Eigen::Vector2d gp(cell.first, cell.second);
    const bool on_grid = (g.h.to_pixel(gp) - c[k].centre).norm() < 0.1 * local_pitch(g.h, gp);
    if (on_grid && c[k].area > median_area / 1.5 && c[k].area < median_area * 1.5) seeded[k] = 1;
  }
  return g;
}

// Chart patch (col, row) -> grid cell, for a window at (i0, j0) in one of 8 orientations:
// wide windows (6 along i) 0 = as is, 1 = rotated 180, 2 = mirrored in i, 3 = mirrored in j;
// tall windows (6 along j) 4..7 = the same turned by 90 degrees.
Cell to_grid(int orientation, int i0, int j0, int col, int row) {
  const int c5 = kChartColumns - 1 - col, r3 = kChartRows - 1 - row;
  switch (orientation) {
    case 0: return {i0 + col, j0 + row};
    case 1: return {i0 + c5, j0 + r3};
    case 2: return {i0 + c5, j0 + row};
    case 3: return {i0 + col, j0 + r3};
    case 4: return {i0 + r3, j0 + col};
    case 5: return {i0 + row, j0 + c5};
    case 6: return {i0 + row, j0 + col};
    default: return {i0 + r3, j0 + c5};
  }
}

// The chart homography of a hypothesis: chart coordinates -> grid coordinates -> pixels.
ChartHomography chart_homography(const Grid& g, int orientation, int i0, int j0) {
  const Cell o = to_grid(orientation, i0, j0, 0, 0);
  const Cell ci = to_grid(orientation, i0, j0, 1, 0);
  const Cell cj = to_grid(orientation, i0, j0, 0, 1);
  Eigen::Matrix3d m = Eigen::Matrix3d::Identity();  // patch (col, row) -> grid (i, j), affine
  m(0, 0) = ci.first - o.first;
  m(1, 0) = ci.second - o.second;
  m(0, 1) = cj.first - o.first;
  m(1, 1) = cj.second - o.second;
  m(0, 2) = o.first;
  m(1, 2) = o.second;
  Eigen::Matrix3d centre = Eigen::Matrix3d::Identity();  // chart coordinates -> (col, row) of the patch centre
  centre(0, 2) = -0.5 * kPatchSide;
  centre(1, 2) = -0.5 * kPatchSide;
  return ChartHomography(g.h.matrix() * m * centre);
}

struct Hypothesis {
  ChartDetection detection;
  bool valid = false;
};

// Refits the chart homography of an accepted hypothesis on every segmented region lying where a
// patch is predicted (any candidate, also those no grid took): a grid grown over part of the chart
// extrapolates, and under strong perspective the far patches would otherwise drift towards their
// gaps. Returns the number of patches matched.
int refine_chart(const std::vector<PatchCandidate>& c, ChartHomography& h) {
  int matched = 0;
  for (int round = 0; round < 3; ++round) {
    std::vector<Eigen::Vector2d> chart, pixel;
    for (int p = 0; p < kChartPatches; ++p) {
      const Eigen::Vector2d centre = patch_centre(p);
      const Eigen::Vector2d at = h.to_pixel(centre);
      const double pitch = local_pitch(h, centre);
      const double expected_area = pitch * pitch * kPatchSide * kPatchSide;
      int best = -1;
      double best_d = std::pow(kCellTolerance * pitch, 2);
      for (std::size_t k = 0; k < c.size(); ++k) {
        const double d = (c[k].centre - at).squaredNorm();
        if (d < best_d && c[k].area > 0.35 * expected_area && c[k].area < 1.6 * expected_area) {
          best_d = d;
          best = static_cast<int>(k);
        }
      }
      if (best < 0) continue;
      chart.push_back(centre);
      pixel.push_back(c[best].centre);
    }
    matched = static_cast<int>(chart.size());
    if (matched < 6) break;
    try {
      h = ChartHomography::fit(chart, pixel);
    } catch (const Error&) {
      break;
    }
  }
  return matched;
}

class Verifier {
 public:
  Verifier(const WorkingImage& w, const std::vector<PatchCandidate>& c, const aces::Image& image)
      : m_w(w), m_c(c), m_width(image.width), m_height(image.height) {
    // Integer images clip at code 1 (a clipped white may equal the next neutral).
    m_clip = image.source_float ? std::numeric_limits<double>::infinity() : std::log2(0.98 + detail::kWorkingLogOffset);
  }

  void consider(const Grid& g, Hypothesis& best) {
    if (!g.fitted) return;
    const auto [imin, imax, jmin, jmax] = extent(g);
    std::map<Cell, Eigen::Vector3d> values;
    auto value = [&](const Cell& cell) -> const Eigen::Vector3d& {
      auto it = values.find(cell);
      if (it != values.end()) return it->second;
      std::vector<Eigen::Vector2d> pts;
      for (int a = -2; a <= 2; ++a)
        for (int b = -2; b <= 2; ++b)
          pts.push_back(g.h.to_pixel(Eigen::Vector2d(cell.first + a * kSampleHalf / 2, cell.second + b * kSampleHalf / 2)));
      return values.emplace(cell, m_w.sample(pts)).first->second;
    };
    for (int orientation = 0; orientation < 8; ++orientation) {
      const bool wide = orientation < 4;
      const int span_i = wide ? kChartColumns : kChartRows, span_j = wide ? kChartRows : kChartColumns;
      for (int i0 = imin - span_i + 1; i0 <= imax; ++i0) {
        for (int j0 = jmin - span_j + 1; j0 <= jmax; ++j0) {
          int matched = 0;
          for (int i = i0; i < i0 + span_i; ++i)
            for (int j = j0; j < j0 + span_j; ++j) matched += g.cells.count({i, j}) ? 1 : 0;
          if (matched < 5) continue;
          // The neutral row first: most hypotheses fail there.
          const Eigen::Vector3d& white = value(to_grid(orientation, i0, j0, 0, kChartRows - 1));
          const Eigen::Vector3d& black = value(to_grid(orientation, i0, j0, kChartColumns - 1, kChartRows - 1));
          if (!white.allFinite() || !black.allFinite() || !(white[1] > black[1])) continue;
          evaluate(g, orientation, i0, j0, matched, value, best);
        }
      }
    }
  }

 private:
  template <typename Value>
  void evaluate(const Grid& g, int orientation, int i0, int j0, int matched, Value& value, Hypothesis& best) {
    ChartEvidence e;
    e.patches_matched = matched;
    std::array<Eigen::Vector3d, kChartPatches> v;
    double sq = 0;
    int n = 0;
    for (int p = 0; p < kChartPatches; ++p) {
      const Cell cell = to_grid(orientation, i0, j0, p % kChartColumns, p / kChartColumns);
      v[p] = value(cell);
      auto it = g.cells.find(cell);
      if (it != g.cells.end()) {
        const Eigen::Vector2d gp(cell.first, cell.second);
        sq += (g.h.to_pixel(gp) - m_c[it->second].centre).squaredNorm() / std::pow(local_pitch(g.h, gp), 2);
        ++n;
      }
    }
    e.grid_residual = n ? std::sqrt(sq / n) : 1.0;
    colour_evidence(v, m_clip, e);
    const ChartHomography h = chart_homography(g, orientation, i0, j0);
    e.centres_inside = true;
    const double half = 0.25 * kPatchSide;
    for (int p = 0; p < kChartPatches && e.centres_inside; ++p) {
      for (const Eigen::Vector2d& d : {Eigen::Vector2d(-half, -half), Eigen::Vector2d(half, -half), Eigen::Vector2d(half, half),
                                       Eigen::Vector2d(-half, half)}) {
        const Eigen::Vector2d px = h.to_pixel(patch_centre(p) + d);
        if (!(px.x() >= 0 && px.y() >= 0 && px.x() < m_width && px.y() < m_height)) e.centres_inside = false;
      }
    }
    score_evidence(e);
    const ChartEvidence& b = best.detection.evidence;
    const bool better = !best.valid || e.confidence > b.confidence ||
                        (e.confidence == b.confidence && (e.hue_matches > b.hue_matches ||
                                                          (e.hue_matches == b.hue_matches && e.patches_matched > b.patches_matched)));
    if (!better) return;
    best.valid = true;
    ChartDetection& d = best.detection;
    d.chart = h;
    d.evidence = e;
    d.patches_found = matched;
    d.residual = e.grid_residual;
    d.mirrored = orientation == 2 || orientation == 3 || orientation == 6 || orientation == 7;
    d.working_factor = m_w.factor;
    const Eigen::Vector2d xdir = h.to_pixel(patch_centre(1)) - h.to_pixel(patch_centre(0));
    const double deg = std::atan2(xdir.y(), xdir.x()) * 180.0 / 3.14159265358979323846;
    d.rotation = (static_cast<int>(std::lround(deg / 90.0)) * 90 + 360) % 360;
  }

  const WorkingImage& m_w;
  const std::vector<PatchCandidate>& m_c;
  int m_width, m_height;
  double m_clip = 0;
};

[[noreturn]] void not_found(const std::string& name, const std::string& why) {
  throw Error(ErrorKind::invalid_input,
              "ColorChecker not found: " + why + " (give the chart's corners in the manifest: \"chart\": {\"corners\": ...})",
              Location(name));
}

}  // namespace

ChartDetection detect_chart(const aces::Image& image, const std::string& name, const DetectOptions& options) {
  if (image.width < 32 || image.height < 32) not_found(name, "image too small");
  const int longest = std::max(image.width, image.height);
  std::vector<int> factors{std::max(1, (longest + options.working_size - 1) / options.working_size)};
  while (factors.back() > 1) {
    const int f = factors.back() / 2;
    if (static_cast<double>(image.width / f) * (image.height / f) > options.max_working_pixels) break;
    factors.push_back(f);
  }
  Hypothesis best;
  std::size_t most_candidates = 0;
  for (int factor : factors) {
    const WorkingImage w = detail::reduce_image(image, factor);
    const std::vector<PatchCandidate> candidates = detail::find_patch_candidates(w);
    most_candidates = std::max(most_candidates, candidates.size());
    // Seeds in order of how square and large they look.
    std::vector<int> order(candidates.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int>(k);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
      return std::abs(candidates[a].fill - 1) + 0.02 * candidates[a].aspect < std::abs(candidates[b].fill - 1) + 0.02 * candidates[b].aspect;
    });
    std::vector<char> used(candidates.size(), 0);
    Verifier verifier(w, candidates, image);
    Hypothesis at_scale;
    for (int seed : order) {
      if (used[seed]) continue;
      const Grid g = grow_grid(candidates, used, seed);
      if (g.cells.size() < 5) continue;
      verifier.consider(g, at_scale);
    }
    if (at_scale.valid && (!best.valid || at_scale.detection.evidence.confidence > best.detection.evidence.confidence)) {
      best = at_scale;
    }
    if (best.valid && best.detection.evidence.confidence >= options.min_confidence) {
      ChartDetection& d = best.detection;
      const int matched = refine_chart(candidates, d.chart);
      if (matched > d.patches_found) d.patches_found = d.evidence.patches_matched = matched;
      return d;
    }
  }
  if (!best.valid) {
    not_found(name, "no grid of patches (" + std::to_string(most_candidates) + " patch-like regions seen)");
  }
  not_found(name, "the best candidate is not convincing: " + best.detection.evidence.describe());
}

}  // namespace aceslab::idt
