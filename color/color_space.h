// SPDX-License-Identifier: Apache-2.0
// Colour spaces: a transfer function plus a gamut (primaries and white). The matrices are derived
// from the primaries in chromaticity.h with the chromatic adaptation each vendor's ACES transform
// uses (CAT02 for ARRI, Sony, Canon, Blackmagic, DJI; Bradford for RED, Panasonic, Apple and the
// ITU/P3 spaces; none for the AP1 spaces, whose white is the ACES white; CAT02, the Academy's IDT
// convention, for cameras the registry has no transform for). A few vendors publish a matrix that
// is not derived from primaries (Sony's S-Log1/S-Log2 and Canon's tungsten transforms): those spaces
// carry it. Each space names the ACES 2.0 registry CSC ids that describe it, when the registry has
// them, and the other registry ids (ACES 1.x IDTs and CSCs) that are the same conversion. The
// pipelines from a space to ACES2065-1, back, or to another space are in
// pipeline/color_space_pipeline.h; every registry CSC id resolves in pipeline/csc.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "color/chromaticity.h"
#include "color/transfer_function.h"

namespace aceslab::aces {

struct ColorSpace {
  std::string id;    // "logc3-ei800-awg3"
  std::string name;  // "ARRI LogC3 (EI 800) / ARRI Wide Gamut 3"
  const TransferFunction* transfer = nullptr;  // the "linear" curve for linear spaces
  Chromaticities gamut;
  Adaptation adaptation_to_aces = Adaptation::cat02;  // how its white maps to the ACES white
  std::string csc_to_aces_id;    // ACES 2.0 registry "..._to_ACES" CSC URN, empty if none
  std::string csc_from_aces_id;  // ACES 2.0 registry "ACES_to_..." CSC URN, empty if none
  // Other registry ids for the same conversion, without the "urn:ampas:aces:transformId:vX.Y:" prefix
  // (ACES 1.x IDTs such as "IDT.Sony.SLog1_SGamut_10i.a1.v1", ACEScsc ids), to ACES and from ACES.
  std::vector<std::string> equivalent_to_aces_ids;
  std::vector<std::string> equivalent_from_aces_ids;
  // A vendor's published matrix to ACES2065-1 (not derived from the primaries), if any.
  std::optional<Mat3> published_to_aces;

  // Linear RGB in `gamut` -> ACES2065-1 (AP0): the published matrix, or derived from the primaries
  // and the adaptation.
  Mat3 to_ACES2065_1() const;
  Mat3 from_ACES2065_1() const;
};

// Every registered colour space, in a stable order.
const std::vector<ColorSpace>& color_spaces();

// Unknown id -> aceslab::Error(ErrorKind::usage) listing the valid ids.
const ColorSpace& find_color_space(std::string_view id);


}  // namespace aceslab::aces
