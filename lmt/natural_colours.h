// SPDX-License-Identifier: Apache-2.0
// The "natural colours" an LMT is verified on: real surface reflectances (the rawtoaces 190-patch
// training set and the ColorChecker Classic 24, Ohta / ISO 17321-1) lit by CIE D65, D55 and A
// (tungsten), seen by the CIE 1931 2 degree observer, at a series of exposures. Each sample is
// scene-linear ACES2065-1 (CAT02 from the illuminant's white to the ACES white), scaled so that a
// perfect white diffuser at 0 EV has Y = 1 (18% grey ~ 0.18).
//
// The spectral tables are read from aceslab's shipped data (data/colour/, see its SOURCE.txt).
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace aceslab::lmt {

struct NaturalColourSet {
  std::vector<std::array<float, 3>> aces;  // ACES2065-1 per sample
  std::vector<std::string> labels;         // "colorchecker/dark skin/D65/+0EV"
};

struct NaturalColourOptions {
  int min_ev = -6;
  int max_ev = 6;
  std::vector<std::string> illuminants{"D65", "D55", "A"};  // columns of the CIE illuminant table
};

// Reads the spectral tables from `colour_dir` (default data_dir()/colour) and builds the set.
// Throws aceslab::Error naming the file when a table is missing or malformed.
NaturalColourSet natural_colours(const NaturalColourOptions& options = {},
                                 const std::filesystem::path& colour_dir = {});

}  // namespace aceslab::lmt
