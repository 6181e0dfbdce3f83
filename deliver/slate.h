// SPDX-License-Identifier: Apache-2.0
// The slate frame of a delivery (numbered start - 1): shot name, source range, recipe and date as
// text rendered into the picture with aceslab's own 5x7 pixel font, so the same lines give the
// same pixels on every machine (no system font, no font library). Lower case is drawn as upper
// case; characters the font lacks are drawn as '?'. The text is scaled to the largest size at
// which every line fits; ACES2065-1 values: background 0, text 0.5.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace aceslab::deliver {

// Fills `rgb` (width * height * channels floats, channels 3 or 4; alpha 1) with the slate.
void render_slate(int width, int height, int channels, const std::vector<std::string>& lines, std::span<float> rgb);

// The 7 rows of 5 pixels of `c` (bit 4 = leftmost), or of '?' when the font lacks it.
const std::uint8_t* slate_glyph(char c);

}  // namespace aceslab::deliver
