// SPDX-License-Identifier: Apache-2.0
// SMPTE ST 12-1 time code arithmetic for renders: a time code plus N frames at a frame rate,
// non-drop and drop frame (29.97 and 59.94: frame numbers 0-1, resp. 0-3, skipped at the start of
// every minute except each tenth), and frame rates written as "24", "23.976" or "24000/1001".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "image/exr_writer.h"

namespace aceslab::deliver {

// "24", "25", "23.976", "29.97", "24000/1001". Decimal spellings of the NTSC rates map to their
// exact n*1000/1001 form. Throws aceslab::Error (usage) naming `flag`.
aces::ExrRational parse_fps(std::string_view text, std::string_view flag);
std::string format_fps(const aces::ExrRational& fps);  // "24000/1001", "25"

// "HH:MM:SS:FF" (";" before FF for drop frame). Throws aceslab::Error (usage) naming `flag`.
aces::ExrTimecode parse_timecode_flag(std::string_view text, std::string_view flag);
std::string format_timecode(const aces::ExrTimecode& tc);

// The frames per second a time code counts (24 for 23.976, 30 for 29.97).
int timecode_base(const aces::ExrRational& fps);

// `tc` moved by `frames` (may be negative) at `fps`, wrapping at 24 hours. Throws aceslab::Error
// (usage) when `tc` is not a valid time code at that rate (a frame field beyond the rate, a
// dropped frame number, drop frame at a rate that has none).
aces::ExrTimecode add_frames(const aces::ExrTimecode& tc, long long frames, const aces::ExrRational& fps);

}  // namespace aceslab::deliver
