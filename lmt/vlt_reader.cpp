// SPDX-License-Identifier: Apache-2.0
#include "lmt/vlt_reader.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "clf/reader.h"
#include "color/error.h"
#include "color/input_file.h"

namespace aceslab::lmt {

CubeFile parse_vlt(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  CubeFile cube = parse_cube(in, name);
  if (cube.lut1d || !cube.lut3d) {
    throw Error(ErrorKind::invalid_input, "a .vlt file holds one 3D table (LUT_3D_SIZE) and nothing else",
                Location(name));
  }
  if (cube.dialect != CubeDialect::unspecified || cube.lut3d->domain_min != std::array<double, 3>{0, 0, 0} ||
      cube.lut3d->domain_max != std::array<double, 3>{1, 1, 1}) {
    throw Error(ErrorKind::invalid_input, "a .vlt file has no input range keywords (DOMAIN_*, LUT_*_INPUT_RANGE)",
                Location(name));
  }
  // The header lines count: the entry's line is the header's length plus its index.
  std::size_t header_lines = 0;
  {
    std::istringstream again(text);
    std::string line;
    while (read_line(again, line, 65536) == LineStatus::ok) {
      const auto first = line.find_first_not_of(" \t");
      if (first != std::string::npos && (std::isdigit(static_cast<unsigned char>(line[first])) || line[first] == '-' ||
                                         line[first] == '+' || line[first] == '.')) {
        break;
      }
      ++header_lines;
    }
  }
  std::vector<float>& v = cube.lut3d->values;
  float top = 0.0f;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] < 0.0f || v[i] > static_cast<float>(kVltMaxCode) || v[i] != std::floor(v[i])) {
      std::ostringstream m;
      m << "entry " << i / 3 << " (" << "RGB"[i % 3] << ") is " << v[i]
        << ": .vlt code values are 12-bit integers 0-" << kVltMaxCode;
      // Blank lines inside the table would shift this; Panasonic's files have none.
      throw Error(ErrorKind::invalid_input, m.str(), Location(name, static_cast<int>(header_lines + i / 3 + 1)));
    }
    top = std::max(top, v[i]);
    v[i] /= static_cast<float>(kVltMaxCode);
  }
  // Panasonic's and LUTCalc's files are 12-bit; a file whose codes all fit in 10 bits is either a
  // very dark look or 10-bit codes, which would read 4x too dark: say so (the LUT check then shows it).
  if (top <= 1023.0f) {
    cube.notes.push_back(name + ": every code is at most " + std::to_string(static_cast<int>(top)) +
                         " of 4095: read as 12-bit; if this file holds 10-bit codes its outputs are read 4x too dark");
  }
  return cube;
}

CubeFile read_vlt_file(const std::filesystem::path& path) {
  const std::string text = read_input_file(path, aces::ClfReadOptions{}.max_file_bytes, "the LUT file");
  return parse_vlt(text, path.string());
}

}  // namespace aceslab::lmt
