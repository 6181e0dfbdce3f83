// SPDX-License-Identifier: Apache-2.0
// aceslab's own reader of `.cube` LUT files, for both dialects in use:
//  - Resolve: LUT_1D_SIZE, LUT_3D_SIZE, LUT_1D_INPUT_RANGE, LUT_3D_INPUT_RANGE, TITLE, and a 1D
//    shaper followed by a 3D table in one file (the 1D entries come first);
//  - Adobe/Iridas (Cube LUT Specification 1.0): TITLE, per-channel DOMAIN_MIN / DOMAIN_MAX, either a
//    1D or a 3D table.
// OpenColorIO 2.1 refuses some valid files of each dialect (TITLE in Resolve files, 1D + 3D with
// DOMAIN_*), which is why aceslab parses `.cube` itself. Every problem is an aceslab::Error naming the
// file and line (`show.cube:17: expected 3 numbers, got "0.1 0.2"`); sizes are checked before
// anything is allocated, so a hostile `LUT_3D_SIZE 5000` is refused, not allocated.
#pragma once

#include <array>
#include <filesystem>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace aceslab::lmt {

// Limits from the Resolve and Adobe cube specifications (2..256 for 3D, 2..65536 for 1D).
constexpr int kCubeMin1DSize = 2;
constexpr int kCubeMax1DSize = 65536;
constexpr int kCubeMin3DSize = 2;
constexpr int kCubeMax3DSize = 256;

// One table with its input domain per channel: inputs are clamped to [domain_min, domain_max] and
// mapped linearly onto the table's entries, as both dialects define it.
struct CubeTable {
  int size = 0;               // entries per axis
  std::vector<float> values;  // RGB triplets: `size` (1D) or `size^3` (3D, red varies fastest)
  std::array<double, 3> domain_min{0.0, 0.0, 0.0};
  std::array<double, 3> domain_max{1.0, 1.0, 1.0};
};

enum class CubeDialect { resolve, adobe, unspecified };

struct CubeFile {
  std::string title;
  CubeDialect dialect = CubeDialect::unspecified;
  std::optional<CubeTable> lut1d;  // in a 1D + 3D file, the shaper applied first
  std::optional<CubeTable> lut3d;
  // Tolerated oddities worth telling the user (e.g. a 3D-only file whose domain was given by
  // LUT_1D_INPUT_RANGE, as Colour 0.3.11 wrote them), each prefixed with file:line.
  std::vector<std::string> notes;
};

// Parses a `.cube` file. Throws aceslab::Error (io when unreadable, invalid_input when malformed,
// with the file and line).
CubeFile read_cube_file(const std::filesystem::path& path);
// Same from a stream; `name` is the path used in messages.
CubeFile parse_cube(std::istream& in, const std::string& name);

}  // namespace aceslab::lmt
