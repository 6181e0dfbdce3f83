// SPDX-License-Identifier: Apache-2.0
// What other tools write into AMFs that the specification does not say, and what aceslab does about
// it: one table (vendor_quirks(), printed by `aceslab list vendor-quirks` and in the README),
// and the custom transform ids whose meaning is unambiguous (vendor_id_target). Anything not in the
// table is never guessed: an unknown id is an error naming it and how to map it (`--map-id OLD=NEW`
// or a CLF file).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aceslab::amf {

struct VendorQuirk {
  std::string vendor;    // "DaVinci Resolve", "Pomfort Livegrade", "any"
  std::string quirk;     // what the files contain
  std::string handling;  // what aceslab does, and where
};

const std::vector<VendorQuirk>& vendor_quirks();

// A vendor's custom transformId (with or without the URN prefix) whose meaning is unambiguous ->
// what aceslab applies for it: a colour space id of color/color_space.h (input transforms), or a
// registry transformId. std::nullopt for any other id.
std::optional<std::string> vendor_id_target(std::string_view transform_id);

// The colour space CDLs without a cdlWorkingSpace are applied in (Resolve's convention: its ACES
// projects grade CDLs in ACEScct), announced with a warning.
constexpr std::string_view kDefaultCdlWorkingSpace = "acescct";

}  // namespace aceslab::amf
