// SPDX-License-Identifier: Apache-2.0
#include "deliver/frame_plan.h"

#include <algorithm>
#include <set>

#include "color/error.h"

namespace aceslab::deliver {

std::string describe_numbers(const std::vector<long long>& numbers, std::size_t max_ranges) {
  std::string out;
  std::size_t ranges = 0;
  for (std::size_t i = 0; i < numbers.size();) {
    std::size_t j = i;
    while (j + 1 < numbers.size() && numbers[j + 1] == numbers[j] + 1) ++j;
    if (ranges == max_ranges) {
      out += ", ... (" + std::to_string(numbers.size()) + " frames in all)";
      break;
    }
    if (!out.empty()) out += ", ";
    out += FrameRange{numbers[i], numbers[j]}.text();
    ++ranges;
    i = j + 1;
  }
  return out;
}

FramePlan plan_frames(const std::vector<long long>& available, const PlanRequest& request) {
  if (available.empty()) throw Error(ErrorKind::invalid_input, "the source has no frames");
  if (request.handles < 0) throw Error(ErrorKind::usage, "--handles must be 0 or more");
  const FrameRange on_disk{available.front(), available.back()};
  FramePlan plan;
  plan.cut = request.cut.value_or(on_disk);
  if (request.cut && (plan.cut.first < on_disk.first || plan.cut.last > on_disk.last)) {
    throw Error(ErrorKind::usage, "--frames " + plan.cut.text() + " is outside the source, which has frames " + on_disk.text());
  }
  plan.source_range = {plan.cut.first - request.handles, plan.cut.last + request.handles};
  if (request.handles > 0 && (plan.source_range.first < on_disk.first || plan.source_range.last > on_disk.last)) {
    throw Error(ErrorKind::usage, "--handles " + std::to_string(request.handles) + " needs source frames " +
                                      plan.source_range.text() + "; the source has frames " + on_disk.text());
  }

  const long long start = request.start_frame.value_or(plan.source_range.first);
  const long long offset = start - plan.source_range.first;
  if (start < 0 || (request.slate && start < 1)) {
    throw Error(ErrorKind::usage, "--start-frame " + std::to_string(start) + " would number frames below 0" +
                                      std::string(request.slate ? " (the slate is numbered start - 1)" : ""));
  }
  plan.first_of_action = plan.cut.first + offset;
  plan.output_range = {start - (request.slate ? 1 : 0), plan.source_range.last + offset};

  const std::set<long long> present(available.begin(), available.end());
  for (long long f = plan.source_range.first; f <= plan.source_range.last; ++f) {
    if (present.count(f) == 0) plan.missing.push_back(f);
  }
  if (!plan.missing.empty() && !request.allow_gaps) {
    throw Error(ErrorKind::invalid_input, std::to_string(plan.missing.size()) + " source frame(s) missing: " +
                                              describe_numbers(plan.missing) +
                                              " (--allow-gaps renders the others and leaves their numbers out)");
  }

  if (request.slate) plan.frames.push_back({start - 1, 0, true});
  for (long long f = plan.source_range.first; f <= plan.source_range.last; ++f) {
    if (present.count(f) != 0) plan.frames.push_back({f + offset, f, false});
  }
  if (request.chunk) {
    const FrameRange& c = *request.chunk;
    if (c.first < plan.output_range.first || c.last > plan.output_range.last) {
      throw Error(ErrorKind::usage, "--chunk " + c.text() + " is outside the output frames " + plan.output_range.text());
    }
    for (const PlannedFrame& f : plan.frames) {
      if (c.contains(f.output)) plan.selected.push_back(f);
    }
  } else {
    plan.selected = plan.frames;
  }
  return plan;
}

}  // namespace aceslab::deliver
