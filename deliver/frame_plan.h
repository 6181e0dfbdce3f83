// SPDX-License-Identifier: Apache-2.0
// Which source frame becomes which output frame. The cut (`--frames A-B`, source numbers) is
// widened by `--handles N` frames on each side (they must exist); the first frame of that range
// is written as `--start-frame S` (default: the source numbers themselves) and every other frame
// keeps its distance to it, so numbering stays continuous; `--slate` adds a slate frame numbered
// S-1. `--chunk A-B` then selects output frames A..B of this mapping, so farm tasks split one
// render without changing a single output name.
//
//   --frames 86408-86455 --handles 8 --start-frame 1001
//   source 86400..86463 -> output 1001..1064, first frame of action 1009
//
// Source frames missing on disk stop the plan (all of them listed) unless gaps are allowed; then
// their output numbers are left out, never filled with a neighbour.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "deliver/sequence.h"

namespace aceslab::deliver {

struct PlanRequest {
  std::optional<FrameRange> cut;        // source numbers; default: every frame on disk
  long long handles = 0;
  std::optional<long long> start_frame;  // output number of the first frame (handles included)
  bool slate = false;
  std::optional<FrameRange> chunk;       // output numbers
  bool allow_gaps = false;
};

struct PlannedFrame {
  long long output = 0;
  long long source = 0;  // meaningless for the slate
  bool slate = false;
};

struct FramePlan {
  FrameRange cut;                   // source numbers
  FrameRange source_range;          // cut with handles
  FrameRange output_range;          // every output number of the mapping, slate included
  long long first_of_action = 0;    // output number of the cut's first frame
  std::vector<PlannedFrame> frames;      // the whole mapping in output order, without missing frames
  std::vector<PlannedFrame> selected;    // the frames of the chunk (all of them without --chunk)
  std::vector<long long> missing;        // source frames of the range not on disk
};

// `available`: the source frame numbers present, ascending. Throws aceslab::Error: usage for a
// request that cannot be met (a cut outside the source, handles the source does not have, a chunk
// outside the output range, a start frame that would number the slate below 0), invalid_input
// for missing frames without `allow_gaps` (the message lists them as ranges).
FramePlan plan_frames(const std::vector<long long>& available, const PlanRequest& request);

// "86410-86412, 86420" for a sorted list of numbers.
std::string describe_numbers(const std::vector<long long>& numbers, std::size_t max_ranges = 20);

}  // namespace aceslab::deliver
