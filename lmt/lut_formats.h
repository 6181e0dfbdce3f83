// SPDX-License-Identifier: Apache-2.0
// Writing one show LUT table in every format OpenColorIO 2.1 reads, so the LMT maker can be tested
// on "the same table in another format" (lut_classes.h). OpenColorIO's own Baker writes the formats
// it can write (Flame and Lustre `.3dl` with their integer mesh and 12-bit outputs, cinespace `.csp`
// with its shaper as a preLUT, Truelight `.cub`, Iridas `.cube`, CLF with a LUT3D and a LUT1D
// shaper); aceslab writes the others (Resolve `.cube`, `.spi3d`, Iridas `.look`). The table is
// baked at its own lattice points, so every file holds the same values (to the format's precision:
// 12-bit integers in `.3dl`, 6 decimals in text formats, exact floats in `.look` and CLF). A 1D
// shaper is written where the format has one: Resolve `.cube`, `.csp` (preLUT), `.cub` (InputLUT),
// CLF (LUT1D), and Flame `.3dl`, whose mesh line OpenColorIO reads as a shaper when it is not the
// identity.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "color/atomic_file.h"
#include "lmt/cube_reader.h"

namespace aceslab::lmt {

enum class LutFormat {
  cube_resolve,    // aceslab (1D shaper + 3D allowed)
  cube_iridas,     // OCIO Baker "iridas_cube" (3D only)
  threedl_flame,   // OCIO Baker "flame": 10-bit mesh line, 12-bit integer outputs; with a shaper,
                   // aceslab writes the shaper as the mesh line (one entry per lattice point)
  threedl_lustre,  // OCIO Baker "lustre": "3DMESH / Mesh N 12" header, 12-bit integer outputs
  spi3d,           // aceslab (Sony Imageworks 3D)
  csp,             // OCIO Baker "cinespace" (the shaper becomes the preLUT)
  cub,             // OCIO Baker "truelight" (InputLUT + Cube); with a shaper, aceslab writes it
                   // (the Baker writes an identity InputLUT whatever the shaper)
  look,            // aceslab (Iridas .look: hex floats)
  clf,             // OCIO Baker "Academy/ASC Common LUT Format" (LUT1D shaper + LUT3D)
};

// "cube-resolve", "3dl-flame", ...; and the file extension (".cube", ".3dl", ...).
std::string_view lut_format_id(LutFormat f);
std::string_view lut_format_extension(LutFormat f);
LutFormat parse_lut_format(std::string_view id);  // throws aceslab::Error (usage)
const std::vector<LutFormat>& all_lut_formats();
// Formats that carry a 1D shaper before the 3D table.
bool lut_format_has_shaper(LutFormat f);

// The file text of `cube` (a 3D table over [0,1], optionally with a 1D shaper over [0,1]) in
// `format`. Throws aceslab::Error (usage) when the format cannot hold the table (a shaper in a
// format without one, a 1D-only table).
std::string lut_file_text(const CubeFile& cube, LutFormat format);

// Writes it atomically.
void write_lut_file(const CubeFile& cube, LutFormat format, const std::filesystem::path& path,
                    Overwrite overwrite);

}  // namespace aceslab::lmt
