// SPDX-License-Identifier: Apache-2.0
// The neutral-axis table: a second LUT3D after the LMT's table (lmt_maker.h), on its node values,
// whose lattice is dense around the neutral axis and which corrects the first table there.
//
// Why: the inverse ACES 2.0 output transform is a cone around the neutral axis (and has a thin
// uncompressed core in the shadows: tests/aces2/neutral_cone_test.cpp), so the LMT's table A,
// a tetrahedral LUT3D over display code values, keeps an error proportional to its cell size for
// nearly neutral colours whatever its node values: the top 1 % of the natural-colour errors
// (PQ 1000 nit class, fitted: 65^3 0.394, 97^3 0.216, 129^3 0.172, first order in the size).
// No per-channel shaper in front of A can make its cells small across the neutral axis only.
//
// What: B maps A's output y (node values) to T(A^-1(y)), T the exact function A holds, so that
// B(A(x)) = T(x) where it applies. Its lattice is in rotated node coordinates
//   z = R y,  z0 = (r + g + b) / sqrt 3 along the neutral axis, z1, z2 across it (R orthonormal),
// through a CLF Matrix (R, scaled and offset into [0,1]) and a LUT1D: z0's lattice planes at A's
// own levels along its diagonal (resampled to B's size: dense where A's warp is), z1 and z2 on a
// graded sinh spacing with a lattice plane at exactly 0 (the neutral axis is a lattice line), the
// first interval kFirstStep wide and each next one wider. The LUT1D is piecewise linear with its
// kinks at the lattice planes, which lie on its own entries, so B's lattice coordinates are a
// linear function of y inside every cell: B holding y at a node is the identity, exactly, in every
// cell whose nodes hold their own positions.
//
// Node values: inside the tube (within 6 of A's cells of the axis, where B's cells across it are
// no wider than A's), T(x) with x solving A(x) = y (Newton on the piecewise-linear A from the
// neutral point of the same level); elsewhere its own position, the identity, so B leaves every
// colour A already holds well alone. A node keeps its position too when its solve does not reach
// kSolveTolerance (y outside A's image), when A is flat at the solution (a clipped LUT: other
// x give the same y) or when the correction would exceed kMaxCorrectionCells. Where A folds (a
// merged-layout LUT that clips), one y comes from several x that need different corrections: B
// can then move a colour by up to that bound, which is why the LMT maker keeps B only when the
// LMT verifies no worse with it (lmt_maker.h). B's box is the bounding box of A's node values in
// z (A's output is a convex combination of them), so nothing A can produce is clamped by B.
//
// Measured (lmt_maker.h, README): natural dE2000 p99 of the test library's classes 36-69 % lower
// (PQ 1000 nit at 65^3 0.394 -> 0.124, SDR 0.100-0.150 -> 0.056-0.092). The tube (5-6 of A's
// cells wide where B's cells are no wider than A's, rather than 3 cells and half as wide: PQ
// 0.191 -> 0.138; 8 cells 0.133) and the planes along the axis at A's levels (not uniform: 0.201
// -> 0.191) were chosen on the PQ and IPP2-like classes and checked on all.
// The cost: a 65^3 table (~10 MB of CLF text), ~0.25 s to build on two cores, and one more LUT3D
// for a consumer to apply.
#pragma once

#include <cstddef>
#include <functional>
#include <span>

#include "color/steps.h"
#include "pipeline/pipeline.h"

namespace aceslab::lmt {

// B's size: the table's, at least kNeutralTableSize and at most kMaxNeutralTableSize.
constexpr int kNeutralTableSize = 65;
constexpr int kMaxNeutralTableSize = 97;
// Entries of the LUT1D that carries the graded spacing (its grid holds B's lattice planes).
constexpr int kNeutralShaperEntries = 8192;
// The first interval across the neutral axis, node-value units (~display code values).
constexpr double kFirstStep = 4e-4;
// |A(x) - y| (node values, max channel) below which a node's solve counts.
constexpr double kSolveTolerance = 2e-6;
// A correction larger than this share of A's cell across the axis there (node units) is not A's
// interpolation error (the cone's is ~0.1 of the cell): a solve that found another preimage of a
// folded or clipped A. Such a node keeps its position; no correction is larger.
constexpr double kMaxCorrectionCells = 0.3;

struct NeutralTable {
  aces::Pipeline steps;         // Matrix, LUT1D, LUT3D: node values -> node values
  std::size_t nodes = 0;        // size^3
  std::size_t corrected = 0;    // nodes holding T(A^-1(y)) rather than their position
  std::size_t unsolved = 0;     // nodes inside the tube whose solve failed (identity kept)
  double max_correction = 0.0;  // largest |T(A^-1(y)) - y|, node units
  double tube = 0.0;            // largest radius across the axis with corrected nodes
  double seconds = 0.0;
};

// `table`: A (size^3 values in CLF order over lattice coordinates [0,1]^3, tetrahedral).
// `target`: lattice coordinates of A -> the exact node values A approximates, in place
// (thread-safe). `threads` 0 = all cores. Throws aceslab::Error (usage) for a malformed table.
NeutralTable make_neutral_table(const aces::Lut3DStep& table, const std::function<void(std::span<float>)>& target,
                                unsigned threads, int size = kNeutralTableSize);

}  // namespace aceslab::lmt
