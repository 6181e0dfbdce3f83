// SPDX-License-Identifier: Apache-2.0
// A direct decoder for the DPX layout cameras, scanners and conform tools write most (SMPTE 268M):
// one image element, RGB or RGBA, 10 bits, filled method A (three components per 32-bit word,
// two padding bits at the low end), no run-length encoding, either byte order. It unpacks straight
// into 16-bit codes by bit replication (code << 6 | code >> 4), which is what OpenImageIO's DPX
// reader returns for 10-bit data, so both paths give the same codes; it only skips OpenImageIO's
// generic conversions (a 4096x2160 frame in about a quarter of the time). Any other layout is
// left to OpenImageIO.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

namespace aceslab::aces {

enum class DpxDecode { done, not_this_layout };

// `dst`: width * height pixels of 3 (or 4 with `alpha`; 65535 when the file has none) codes.
// Returns not_this_layout, touching nothing, when the file is not of the layout above or its size
// differs from `width` x `height`. Throws aceslab::Error (io) naming the file when it is of the
// layout but cannot be read or is shorter than its header says (truncated).
DpxDecode read_dpx10_codes(const std::filesystem::path& path, int width, int height, bool alpha,
                           std::span<std::uint16_t> dst);

}  // namespace aceslab::aces
