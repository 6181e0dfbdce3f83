// SPDX-License-Identifier: Apache-2.0
#include "lmt/lattice_fit.h"

#include <Eigen/IterativeLinearSolvers>
#include <Eigen/Sparse>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <numeric>
#include <thread>

#include "color/error.h"
#include "color/parallel.h"

namespace aceslab::lmt {
namespace {

using Bary = std::array<double, 4>;
// Sample positions in the canonical tetrahedron 1 >= x >= y >= z >= 0 (corners (0,0,0), (1,0,0),
// (1,1,0), (1,1,1)) as barycentric weights of those corners; mapped onto each of a cell's 6
// tetrahedra. Two points, one near each end of the tetrahedron's long axis, measured to fit as
// well as 4-5 points per tetrahedron for the LMT at less than half the cost.
constexpr std::array<Bary, 2> kPattern = {{{0.4, 0.4, 0.1, 0.1}, {0.1, 0.1, 0.4, 0.4}}};
// The 6 orderings of the axes (largest fraction first): one tetrahedron each.
constexpr int kOrders[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
constexpr int kPerCell = 6 * static_cast<int>(kPattern.size());
constexpr int kStencil = 15;  // a node and its 14 neighbours in the Kuhn triangulation

struct Lattice {
  int m = 0;
  std::size_t nodes = 0;
  std::array<std::ptrdiff_t, 3> stride{};        // r, g, b (CLF order: blue fastest)
  std::array<std::array<int, 3>, kStencil> offsets{};
  std::array<int, 27> slot{};                     // (dr+1)*9 + (dg+1)*3 + (db+1) -> slot, -1 if none
  std::array<int, kStencil> column_order{};       // slots by increasing column index

  explicit Lattice(int size) : m(size) {
    nodes = static_cast<std::size_t>(m) * m * m;
    stride = {static_cast<std::ptrdiff_t>(m) * m, m, 1};
    slot.fill(-1);
    const std::array<std::array<int, 3>, 7> dirs = {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {1, 0, 1}, {0, 1, 1}, {1, 1, 1}}};
    int s = 0;
    auto add = [&](int dr, int dg, int db) {
      offsets[s] = {dr, dg, db};
      slot[(dr + 1) * 9 + (dg + 1) * 3 + (db + 1)] = s;
      ++s;
    };
    add(0, 0, 0);
    for (const auto& d : dirs) {
      add(d[0], d[1], d[2]);
      add(-d[0], -d[1], -d[2]);
    }
    std::iota(column_order.begin(), column_order.end(), 0);
    std::sort(column_order.begin(), column_order.end(), [&](int a, int b) { return delta(a) < delta(b); });
  }
  std::ptrdiff_t delta(int s) const {
    return offsets[s][0] * stride[0] + offsets[s][1] * stride[1] + offsets[s][2] * stride[2];
  }
  std::size_t index(int r, int g, int b) const { return static_cast<std::size_t>(r * stride[0] + g * stride[1] + b); }
};

// A sample's place in its cell: its fractions, its 4 corners (node index offsets from the cell's
// first node), their weights, and the stencil slot of every corner pair.
struct CellSample {
  std::array<double, 3> frac;
  std::array<int, 4> corner;  // 4 dr + 2 dg + db
  std::array<double, 4> weight;
};

// The corner pairs of a cell that are edges of its tetrahedra (one corner's offset contains the
// other's), with the stencil slot of the second relative to the first.
struct CornerPair {
  int p, q, slot;
};

std::array<CellSample, kPerCell> cell_samples() {
  std::array<CellSample, kPerCell> out{};
  for (int k = 0; k < kPerCell; ++k) {
    const int* order = kOrders[k % 6];
    const Bary& w = kPattern[static_cast<std::size_t>(k / 6)];
    CellSample& c = out[static_cast<std::size_t>(k)];
    // Along the path v0 -> v1 -> v2 -> v3 each step adds one axis, in the order of the fractions.
    c.frac[order[0]] = 1.0 - w[0];
    c.frac[order[1]] = w[2] + w[3];
    c.frac[order[2]] = w[3];
    std::array<std::array<int, 3>, 4> pos{};
    for (int v = 0; v < 4; ++v) {
      if (v > 0) {
        pos[v] = pos[v - 1];
        ++pos[v][order[v - 1]];
      }
      c.corner[v] = 4 * pos[v][0] + 2 * pos[v][1] + pos[v][2];
      c.weight[v] = w[v];
    }
  }
  return out;
}

std::vector<CornerPair> corner_pairs(const Lattice& L) {
  std::vector<CornerPair> out;
  for (int p = 0; p < 8; ++p)
    for (int q = 0; q < 8; ++q) {
      if ((p & q) != p && (p & q) != q) continue;  // not comparable: never in one tetrahedron
      const int d[3] = {((q >> 2) & 1) - ((p >> 2) & 1), ((q >> 1) & 1) - ((p >> 1) & 1), (q & 1) - (p & 1)};
      out.push_back({p, q, L.slot[(d[0] + 1) * 9 + (d[1] + 1) * 3 + (d[2] + 1)]});
    }
  return out;
}

// Runs fn(item, worker) for items 0..n-1 on up to `threads` workers (items taken in turn).
template <typename Fn>
void parallel_items(int first, int n, int step, unsigned threads, Fn&& fn) {
  const int count = (n - first + step - 1) / step;
  const unsigned t = std::max(1u, std::min<unsigned>(aces::thread_count(threads), static_cast<unsigned>(std::max(count, 1))));
  std::atomic<int> next{first};
  std::vector<std::exception_ptr> errors(t);
  auto work = [&](unsigned w) {
    try {
      for (int i = next.fetch_add(step); i < n; i = next.fetch_add(step)) fn(i);
    } catch (...) {
      errors[w] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < t; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& th : pool) th.join();
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

double finite_or_zero(float v) { return std::isfinite(v) ? static_cast<double>(v) : 0.0; }

class Timer {
 public:
  double lap() {
    const auto now = std::chrono::steady_clock::now();
    const double s = std::chrono::duration<double>(now - m_t).count();
    m_t = now;
    return s;
  }

 private:
  std::chrono::steady_clock::time_point m_t = std::chrono::steady_clock::now();
};

}  // namespace

LatticeFitReport fit_lattice(const LatticeFitProblem& problem, std::vector<float>& values, const LatticeFitOptions& o) {
  Timer total, timer;
  const int m = problem.size;
  if (m < 2) throw Error(ErrorKind::usage, "lattice fit: the lattice needs at least 2 nodes per axis");
  const Lattice L(m);
  if (values.size() != 3 * L.nodes) throw Error(ErrorKind::usage, "lattice fit: values do not match the lattice size");
  if (!problem.samples) throw Error(ErrorKind::usage, "lattice fit: no sample function");
  const std::vector<float> point = values;
  const auto cells = cell_samples();
  const std::vector<CornerPair> pairs = corner_pairs(L);
  std::array<std::ptrdiff_t, 8> corner_offset{};
  for (int k = 0; k < 8; ++k) corner_offset[k] = ((k >> 2) & 1) * L.stride[0] + ((k >> 1) & 1) * L.stride[1] + (k & 1);
  const int slabs = m - 1;
  const std::size_t cells_per_slab = static_cast<std::size_t>(m - 1) * (m - 1);
  const std::size_t per_slab = cells_per_slab * kPerCell;
  const double inv = 1.0 / (m - 1);

  // Sample targets and factors, slab by slab (cells in g, b order, then the samples of a cell).
  std::vector<float> target(3 * per_slab * slabs);
  std::vector<float> factor(per_slab * slabs, 1.0f);  // one per sample (the smallest channel's)
  parallel_items(0, slabs, 1, o.threads, [&](int s) {
    float* u = &target[3 * per_slab * static_cast<std::size_t>(s)];
    std::size_t i = 0;
    for (int cg = 0; cg < m - 1; ++cg)
      for (int cb = 0; cb < m - 1; ++cb)
        for (const CellSample& c : cells) {
          u[3 * i] = static_cast<float>((s + c.frac[0]) * inv);
          u[3 * i + 1] = static_cast<float>((cg + c.frac[1]) * inv);
          u[3 * i + 2] = static_cast<float>((cb + c.frac[2]) * inv);
          ++i;
        }
    std::vector<float> channels(3 * per_slab, 1.0f);
    problem.samples(std::span<float>(u, 3 * per_slab), channels);
    float* f = &factor[per_slab * static_cast<std::size_t>(s)];
    for (std::size_t k = 0; k < per_slab; ++k) {
      float r = channels[3 * k];
      for (int c = 1; c < 3; ++c) r = std::isnan(channels[3 * k + c]) ? channels[3 * k + c] : std::min(r, channels[3 * k + c]);
      f[k] = r;
    }
  });

  LatticeFitReport report;
  report.seconds_samples = timer.lap();
  report.samples = factor.size();
  for (std::size_t i = 0; i < report.samples; ++i) {
    bool ok = std::isfinite(target[3 * i]) && std::isfinite(target[3 * i + 1]) && std::isfinite(target[3 * i + 2]);
    ok = ok && std::isfinite(factor[i]) && factor[i] > 0.0f;
    if (ok) {
      ++report.samples_used;
    } else {
      factor[i] = 0.0f;
    }
  }
  report.converged = true;

  // Per-cell weights at the cell's mean target, each channel floored at a small fraction of its
  // median (a cell the metric does not see, such as a clipped black, still needs some weight).
  const std::size_t n_cells = cells_per_slab * slabs;
  std::vector<float> cell_w(3 * n_cells, 1.0f);
  if (problem.cell_weights) {
    std::vector<float> centre(3 * n_cells), mean(3 * n_cells, 0.0f);
    std::vector<char> any(n_cells, 0);
    for (std::size_t cell = 0; cell < n_cells; ++cell) {
      const int s = static_cast<int>(cell / cells_per_slab);
      const int cg = static_cast<int>((cell % cells_per_slab) / (m - 1)), cb = static_cast<int>(cell % (m - 1));
      centre[3 * cell] = static_cast<float>((s + 0.5) * inv);
      centre[3 * cell + 1] = static_cast<float>((cg + 0.5) * inv);
      centre[3 * cell + 2] = static_cast<float>((cb + 0.5) * inv);
      double sum[3] = {0, 0, 0};
      int used = 0;
      for (int k = 0; k < kPerCell; ++k) {
        const std::size_t i = cell * kPerCell + static_cast<std::size_t>(k);
        if (factor[i] == 0.0f) continue;
        for (int c = 0; c < 3; ++c) sum[c] += target[3 * i + c];
        ++used;
      }
      if (used == 0) continue;
      any[cell] = 1;
      for (int c = 0; c < 3; ++c) mean[3 * cell + c] = static_cast<float>(sum[c] / used);
    }
    aces::for_chunks(std::span<float>(cell_w), o.threads, [&](std::span<float> chunk, std::size_t first) {
      problem.cell_weights(std::span<const float>(centre).subspan(3 * first, chunk.size()),
                           std::span<const float>(mean).subspan(3 * first, chunk.size()), chunk);
    });
    for (int ch = 0; ch < 3; ++ch) {
      std::vector<float> c;
      c.reserve(n_cells);
      for (std::size_t k = 0; k < n_cells; ++k) {
        float& w = cell_w[3 * k + ch];
        if (!any[k] || !std::isfinite(w) || w < 0.0f) w = 0.0f;
        if (any[k]) c.push_back(w);
      }
      if (c.empty()) continue;
      std::nth_element(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(c.size() / 2), c.end());
      const float floor = std::max(1e-3f * c[c.size() / 2], 1e-12f);
      for (std::size_t k = 0; k < n_cells; ++k) cell_w[3 * k + ch] = std::max(cell_w[3 * k + ch], floor);
    }
  }

  // Which nodes' own samples the sample function accepts. Fixed nodes: the sub-lattice's accepted
  // nodes (a node whose own target is left out, such as an unreachable colour whose point sample
  // is a clamp's value, is better fitted from its neighbours).
  std::vector<char> accepted(L.nodes, 1);
  {
    std::vector<float> u(3 * L.nodes), accept(3 * L.nodes, 1.0f);
    for (int r = 0; r < m; ++r)
      for (int g = 0; g < m; ++g)
        for (int b = 0; b < m; ++b) {
          float* p = &u[3 * L.index(r, g, b)];
          p[0] = static_cast<float>(r * inv);
          p[1] = static_cast<float>(g * inv);
          p[2] = static_cast<float>(b * inv);
        }
    aces::for_chunks(std::span<float>(u), o.threads, [&](std::span<float> chunk, std::size_t first) {
      problem.samples(chunk, std::span<float>(accept).subspan(3 * first, chunk.size()));
    });
    for (std::size_t k = 0; k < L.nodes; ++k) accepted[k] = accept[3 * k] > 0.0f;
  }
  const int fs = problem.fixed_stride;
  auto fixed = [&](int r, int g, int b) {
    return fs > 0 && r % fs == 0 && g % fs == 0 && b % fs == 0 && accepted[L.index(r, g, b)] != 0;
  };
  std::vector<double> stencil(kStencil * L.nodes);
  std::vector<double> rhs(L.nodes);
  for (int ch = 0; ch < 3; ++ch) {
    std::fill(stencil.begin(), stencil.end(), 0.0);
    std::fill(rhs.begin(), rhs.end(), 0.0);
    // Normal equations. Slab s touches the node planes s and s+1: even slabs first, then odd ones,
    // so no two workers share a node and every node's sums come in the same order.
    for (int parity = 0; parity < 2; ++parity) {
      parallel_items(parity, slabs, 2, o.threads, [&](int s) {
        std::size_t si = per_slab * static_cast<std::size_t>(s);
        for (int cg = 0; cg < m - 1; ++cg)
          for (int cb = 0; cb < m - 1; ++cb) {
            const std::size_t base = L.index(s, cg, cb);
            const std::size_t cell = si / kPerCell;
            // The cell's own 8x8 block first (in cache), then into the rows of its corners.
            double local[8][8] = {};
            double local_rhs[8] = {};
            bool any = false;
            for (const CellSample& c : cells) {
              const std::size_t i = si++;
              if (factor[i] == 0.0f) continue;
              any = true;
              const double w = static_cast<double>(factor[i]) * cell_w[3 * cell + ch];
              const double t = target[3 * i + ch];
              for (int p = 0; p < 4; ++p) {
                const double wp = w * c.weight[p];
                local_rhs[c.corner[p]] += wp * t;
                for (int q = 0; q < 4; ++q) local[c.corner[p]][c.corner[q]] += wp * c.weight[q];
              }
            }
            if (!any) continue;
            for (int k = 0; k < 8; ++k) rhs[base + corner_offset[k]] += local_rhs[k];
            for (const CornerPair& pq : pairs) stencil[kStencil * (base + corner_offset[pq.p]) + pq.slot] += local[pq.p][pq.q];
          }
      });
    }
    // Anchor: each node towards its point-sampled value, relative to its own diagonal (a node
    // without samples keeps its value).
    for (std::size_t k = 0; k < L.nodes; ++k) {
      const double a = stencil[kStencil * k] > 0.0
                           ? o.anchor * stencil[kStencil * k]
                           : 1.0;
      stencil[kStencil * k] += a;
      rhs[k] += a * finite_or_zero(point[3 * k + ch]);
    }
    // Fixed nodes keep their values: their rows become the identity and their columns move to the
    // right-hand side (the system stays symmetric).
    if (fs > 0) {
      for (int r = 0; r < m; ++r)
        for (int g = 0; g < m; ++g)
          for (int b = 0; b < m; ++b) {
            const std::size_t k = L.index(r, g, b);
            double* a = &stencil[kStencil * k];
            if (fixed(r, g, b)) {
              std::fill(a, a + kStencil, 0.0);
              a[0] = 1.0;
              rhs[k] = finite_or_zero(point[3 * k + ch]);
              continue;
            }
            for (int sl = 1; sl < kStencil; ++sl) {
              const auto& off = L.offsets[sl];
              const int rr = r + off[0], gg = g + off[1], bb = b + off[2];
              if (rr < 0 || gg < 0 || bb < 0 || rr >= m || gg >= m || bb >= m || !fixed(rr, gg, bb)) continue;
              rhs[k] -= a[sl] * finite_or_zero(point[3 * L.index(rr, gg, bb) + ch]);
              a[sl] = 0.0;
            }
          }
    }
    // Compressed rows, columns in increasing order, written straight into the matrix: one pass
    // counts each row's entries, the second fills them (no intermediate copy of the system).
    using Matrix = Eigen::SparseMatrix<double, Eigen::RowMajor>;
    const auto n = static_cast<Eigen::Index>(L.nodes);
    auto for_row = [&](int r, int g, int b, auto&& emit) {
      const std::size_t k = L.index(r, g, b);
      for (int sl : L.column_order) {
        const double v = stencil[kStencil * k + sl];
        if (v == 0.0) continue;
        const auto& off = L.offsets[sl];
        const int rr = r + off[0], gg = g + off[1], bb = b + off[2];
        if (rr < 0 || gg < 0 || bb < 0 || rr >= m || gg >= m || bb >= m) continue;
        emit(static_cast<int>(L.index(rr, gg, bb)), v);
      }
    };
    Matrix A(n, n);
    std::size_t nonzeros = 0;
    for (int r = 0; r < m; ++r)
      for (int g = 0; g < m; ++g)
        for (int b = 0; b < m; ++b) for_row(r, g, b, [&](int, double) { ++nonzeros; });
    A.resizeNonZeros(static_cast<Eigen::Index>(nonzeros));
    {
      int* outer = A.outerIndexPtr();
      int* inner = A.innerIndexPtr();
      double* coef = A.valuePtr();
      int at = 0;
      outer[0] = 0;
      for (int r = 0; r < m; ++r)
        for (int g = 0; g < m; ++g)
          for (int b = 0; b < m; ++b) {
            for_row(r, g, b, [&](int column, double v) {
              inner[at] = column;
              coef[at] = v;
              ++at;
            });
            outer[L.index(r, g, b) + 1] = at;
          }
    }
    report.seconds_assembly += timer.lap();

    const Eigen::VectorXd rhs_v = Eigen::Map<const Eigen::VectorXd>(rhs.data(), n);
    Eigen::VectorXd x0(n);
    for (std::size_t k = 0; k < L.nodes; ++k) x0[static_cast<Eigen::Index>(k)] = finite_or_zero(point[3 * k + ch]);
    Eigen::ConjugateGradient<Matrix, Eigen::Lower | Eigen::Upper> cg;
    cg.setMaxIterations(o.max_iterations);
    cg.setTolerance(o.tolerance);
    cg.compute(A);
    const Eigen::VectorXd x = cg.solveWithGuess(rhs_v, x0);
    report.iterations[ch] = static_cast<int>(cg.iterations());
    report.residual[ch] = cg.error();
    if (cg.info() != Eigen::Success) report.converged = false;
    for (std::size_t k = 0; k < L.nodes; ++k) {
      const double p = x0[static_cast<Eigen::Index>(k)];
      double v = x[static_cast<Eigen::Index>(k)];
      if (!std::isfinite(v)) v = p;
      if (std::fabs(v - p) > o.max_change) {
        v = p + std::copysign(o.max_change, v - p);
        ++report.bounded;
      }
      report.max_change = std::max(report.max_change, std::fabs(v - p));
      values[3 * k + ch] = static_cast<float>(v);
    }
    report.seconds_solve += timer.lap();
  }
  report.seconds = total.lap();
  return report;
}

}  // namespace aceslab::lmt
