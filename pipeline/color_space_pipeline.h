// SPDX-License-Identifier: Apache-2.0
// The pipelines between a colour space of color/color_space.h and ACES2065-1 (or another space): the
// transfer function's decode and the derived matrix, with steps that do nothing left out.
#pragma once

#include "color/color_space.h"
#include "pipeline/pipeline.h"

namespace aceslab::aces {

// Code values in `cs` -> ACES2065-1: the transfer function's decode, then the matrix to AP0. Steps
// that do nothing (a linear curve, an identity matrix) are left out.
Pipeline to_aces(const ColorSpace& cs);
// ACES2065-1 -> code values in `cs` (the exact reverse of to_aces).
Pipeline from_aces(const ColorSpace& cs);
// `from` -> `to` through ACES2065-1, with the two matrices folded into one.
Pipeline conversion(const ColorSpace& from, const ColorSpace& to);

}  // namespace aceslab::aces
