// SPDX-License-Identifier: Apache-2.0
// Panasonic `.vlt` 3D LUTs (VariCam, EVA1, Lumix; "# panasonic vlt file version 1.0"): the layout of
// a `.cube` 3D table — a LUT_3D_SIZE line, then one RGB row per lattice point, red fastest — with
// '#' header lines and output code values written as 12-bit integers (0-4095, full range), the way
// Panasonic's LUT tools and LUTCalc write them. OpenColorIO 2.1 has no reader for it.
#pragma once

#include <filesystem>
#include <string>

#include "lmt/cube_reader.h"

namespace aceslab::lmt {

// The largest 12-bit code value: a VLT entry v stands for the display code value v / 4095.
constexpr int kVltMaxCode = 4095;

// Reads a `.vlt` file as a 3D table over [0,1] with outputs scaled to [0,1]. Throws aceslab::Error
// (io, or invalid_input naming the file and line: a 1D table, DOMAIN keywords, an entry that is not
// an integer 0-4095).
CubeFile read_vlt_file(const std::filesystem::path& path);
// Same from the file's text; `name` is the path used in messages.
CubeFile parse_vlt(const std::string& text, const std::string& name);

}  // namespace aceslab::lmt
