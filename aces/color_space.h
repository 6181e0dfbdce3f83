// SPDX-License-Identifier: Apache-2.0
// Colour spaces: a transfer function plus a gamut (primaries and white), and the pipelines that
// take code values in one space to ACES2065-1, back, or directly to another space. The matrices are
// derived from the primaries in chromaticity.h with the chromatic adaptation each vendor's ACES
// transform uses (CAT02 for ARRI, Sony, Canon, Blackmagic; Bradford for RED, Panasonic, Apple and
// the ITU/P3 spaces; none for the AP1 spaces, whose white is the ACES white). Each space also names
// the ACES 2.0 registry CSC transform ids that describe it, when the registry has them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "aces/chromaticity.h"
#include "aces/pipeline.h"
#include "aces/transfer_function.h"

namespace aceslab::aces {

struct ColorSpace {
  std::string id;    // "logc3-ei800-awg3"
  std::string name;  // "ARRI LogC3 (EI 800) / ARRI Wide Gamut 3"
  const TransferFunction* transfer = nullptr;  // the "linear" curve for linear spaces
  Chromaticities gamut;
  Adaptation adaptation_to_aces = Adaptation::cat02;  // how its white maps to the ACES white
  std::string csc_to_aces_id;    // ACES 2.0 registry "..._to_ACES" CSC URN, empty if none
  std::string csc_from_aces_id;  // ACES 2.0 registry "ACES_to_..." CSC URN, empty if none

  // Linear RGB in `gamut` -> ACES2065-1 (AP0), derived from the primaries and the adaptation.
  Mat3 to_ACES2065_1() const;
  Mat3 from_ACES2065_1() const;
};

// Every registered colour space, in a stable order.
const std::vector<ColorSpace>& color_spaces();

// Unknown id -> aceslab::Error(ErrorKind::usage) listing the valid ids.
const ColorSpace& find_color_space(std::string_view id);

// Code values in `cs` -> ACES2065-1: the transfer function's decode, then the matrix to AP0. Steps
// that do nothing (a linear curve, an identity matrix) are left out.
Pipeline to_aces(const ColorSpace& cs);
// ACES2065-1 -> code values in `cs` (the exact reverse of to_aces).
Pipeline from_aces(const ColorSpace& cs);
// `from` -> `to` through ACES2065-1, with the two matrices folded into one.
Pipeline conversion(const ColorSpace& from, const ColorSpace& to);

}  // namespace aceslab::aces
