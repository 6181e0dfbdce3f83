// SPDX-License-Identifier: Apache-2.0
// Least-squares fit of a LUT3D's node values: instead of sampling a function S at the lattice
// nodes (point sampling), choose the node values V that minimise the error of the *interpolated*
// table, as consumers apply it (tetrahedral), against S over a dense sample of the domain:
//
//   minimise  sum_i  r_i sum_c  w_c(cell of u_i) ( sum_k phi_k(u_i) V_kc - S_c(u_i) )^2
//             + anchor * sum_k sum_c  A_kkc ( V_kc - P_kc )^2
//
// phi_k(u) are the tetrahedral interpolation weights (4 non-zero per sample), r_i a per-sample
// factor (0 leaves a sample out), w_c a per-cell, per-channel weight (the LMT maker's perceptual
// sensitivity at the cell's mean target times its natural-colour weight), P the point-sampled
// values (S at the nodes) that anchor, weakly (relative to the node's own diagonal A_kk), nodes
// the samples barely constrain. Nodes on a
// coarser sub-lattice (every `fixed_stride`-th node, the show LUT's own lattice points) can be held
// at P. The problem is linear and separable per channel: one sparse symmetric positive definite
// system per channel (15-point stencil of the Kuhn triangulation), solved by Eigen's
// ConjugateGradient (Jacobi preconditioner) from P, with a bounded number of iterations.
//
// Samples: 12 per lattice cell at fixed positions, two in each of its 6 tetrahedra (barycentric
// (0.4, 0.4, 0.1, 0.1) and (0.1, 0.1, 0.4, 0.4)), evaluated slab by slab (the cells with one red
// index). Slabs are accumulated in two passes (even, then odd), every node receiving its sums in
// one fixed order, and each channel's conjugate gradient runs on one thread, so the result is the
// same for any thread count. Finally each node value is kept within `max_change` of P (bounded).
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace aceslab::lmt {

struct LatticeFitOptions {
  double anchor = 0.5;         // weight of the point-sampled values, relative to the node's diagonal
  int max_iterations = 200;    // per channel (conjugate gradient)
  double tolerance = 1e-6;     // relative residual of the normal equations
  double max_change = 0.25;    // |V - P| bound per node and channel (value units)
  unsigned threads = 0;        // 0 = all cores
};

struct LatticeFitReport {
  std::size_t samples = 0;
  std::size_t samples_used = 0;    // with a non-zero factor
  int iterations[3] = {0, 0, 0};
  double residual[3] = {0, 0, 0};  // CG relative residuals
  bool converged = false;
  double max_change = 0.0;         // largest |V - P|
  std::size_t bounded = 0;         // node channels held at max_change
  double seconds = 0.0;
  double seconds_samples = 0.0;   // node weights, sample targets
  double seconds_assembly = 0.0;  // normal equations
  double seconds_solve = 0.0;     // conjugate gradient
};

struct LatticeFitProblem {
  int size = 0;  // lattice nodes per axis (m); nodes in CLF order: blue fastest
  // The samples: lattice coordinates u in [0,1]^3 (interleaved RGB) -> S(u) in place, and each
  // sample's factor r into `factor` (three per sample, pre-filled with 1; the smallest is kept, one
  // float per sample; 0 leaves the sample out).
  // Must be thread-safe.
  std::function<void(std::span<float> u, std::span<float> factor)> samples;
  // Per-cell weights: cell centres u and the mean target of the cell's accepted samples (3 each)
  // -> w (3 each). Empty: 1 everywhere.
  std::function<void(std::span<const float> u, std::span<const float> targets, std::span<float> out)> cell_weights;
  // Nodes held at their point-sampled values: every `fixed_stride`-th node on every axis whose own
  // sample the sample function accepts (factor > 0); 0 = none.
  int fixed_stride = 0;
};

// `values`: the point-sampled values P on input (size^3 * 3, CLF order), the fitted V on output.
// Throws aceslab::Error (usage) for a size < 2 or a mismatched `values`.
LatticeFitReport fit_lattice(const LatticeFitProblem& problem, std::vector<float>& values,
                             const LatticeFitOptions& options = {});

}  // namespace aceslab::lmt
