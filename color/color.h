// SPDX-License-Identifier: Apache-2.0
// aceslab's colour library, the bottom of the core, in one include: colour maths and the vocabulary
// every other library speaks. Chromaticities, RGB <-> XYZ and chromatic adaptation
// (chromaticity.h); transfer functions, camera log curves among them (transfer_function.h,
// camera_log_curve.h); colour spaces as a curve plus a gamut (color_space.h); CIELAB and colour
// differences (color_difference.h); the immutable steps colour pipelines are built from
// (steps.h). Also the small utilities every library uses: the error type (error.h), safe output
// files (atomic_file.h), the shipped data folder (data_dir.h), half floats (half_bits.h) and
// chunked threads (parallel.h). It depends on Eigen only.
//
// "Add a camera encoding" happens here: its curve in transfer_functions_camera.cpp, its gamut in
// chromaticity.h, the space in color_space.cpp.
//
//   namespace aces = aceslab::aces;
//   const aces::ColorSpace& cs = aces::find_color_space("logc3-ei800-awg3");
//   const double lin = cs.transfer->to_linear(0.391);       // code value -> scene linear
//   const aces::Mat3 to_ap0 = cs.to_ACES2065_1();           // derived from the primaries
#pragma once

#include "color/atomic_file.h"
#include "color/chromaticity.h"
#include "color/color_difference.h"
#include "color/color_space.h"
#include "color/error.h"
#include "color/steps.h"
#include "color/transfer_function.h"
