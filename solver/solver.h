// SPDX-License-Identifier: Apache-2.0
// aceslab's solver library, in one include: the Ceres fits of the IDT maker — a camera's
// linearisation from the neutral patches of an exposure series (curve_fit.h), the white-preserving
// 3x3 matrix to ACES2065-1 under a perceptual error (matrix_fit.h), and their joint refinement
// (joint_fit.h); and the ASC CDL closest to a look, for CDL-only pipelines (cdl_fit.h, the LMT
// maker's). The only library that includes Ceres; depends on color/ for the colour
// differences its residuals minimise.
//
//   namespace solver = aceslab::solver;
//   const solver::MatrixFitResult fit = solver::fit_idt_matrix(observations);   // camera -> ACES
//   if (!fit.usable) ...;
#pragma once

#include "solver/cdl_fit.h"
#include "solver/curve_fit.h"
#include "solver/joint_fit.h"
#include "solver/matrix_fit.h"
