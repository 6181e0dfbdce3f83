// SPDX-License-Identifier: Apache-2.0
// The Academy's looks (LMTs) that AMFs name by transformId instead of by file, evaluated through
// OpenColorIO 2.1's builtins: the ACES 1.x "Blue Light Artifact Fix" (a matrix) and the ACES 1.3
// Reference Gamut Compression, which the ACES 2.0 registry keeps as
// Look.Academy.ReferenceGamutCompress with the same algorithm and parameters (aces-look
// reference_gamut_compression/Look.Academy.ReferenceGamutCompress.ctl). Their inverse ids (InvLMT,
// InvLook) run the inverse. Both are applied in ACES2065-1.
//
//   bool inverse = false;
//   if (const auto* look = aces::match_aces_look(id, &inverse)) {
//     auto f = aces::aces_look_function(*look, inverse ? aces::Direction::inverse : aces::Direction::forward);
//     f(rgb);
//   }
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "color/steps.h"

namespace aceslab::aces {

struct AcesLook {
  std::string alias;         // "rgc", "blue-light-fix"
  std::string name;          // "ACES 1.3 Reference Gamut Compression"
  std::string ocio_builtin;  // "ACES-LMT - ACES 1.3 Reference Gamut Compression"
  std::vector<std::string> transform_ids;  // registry ids of the look (all ACES versions)
  std::vector<std::string> inverse_ids;    // registry ids of its inverse
};

const std::vector<AcesLook>& aces_looks();

// By registry id (with or without the URN prefix) or alias; an inverse id sets *inverse. nullptr
// when the id is not one of these looks.
const AcesLook* match_aces_look(std::string_view id_or_alias, bool* inverse = nullptr);

// ACES2065-1 -> ACES2065-1 on interleaved RGB floats, in place; thread-safe, cheap to copy.
std::function<void(std::span<float>)> aces_look_function(const AcesLook& look, Direction direction);

}  // namespace aceslab::aces
