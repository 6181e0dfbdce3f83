// SPDX-License-Identifier: Apache-2.0
// Frame patterns and ranges as `render` and `deliver` take them (deliver/sequence.h): the first line
// is a sequence pattern (`A001C003.%06d.dpx`, `####`), the second a frame range (`--frames`), every
// further line a file name matched against the pattern; matched frames are spelled back.
#include <sstream>
#include <string>

#include "deliver/sequence.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aceslab;
  std::istringstream in{std::string(fuzz::as_text(data, size))};
  std::string pattern_text, range_text, name;
  std::getline(in, pattern_text);
  std::getline(in, range_text);
  fuzz::refusal_is_fine([&] {
    const deliver::FrameRange range = deliver::parse_frame_range(range_text, "--frames");
    (void)range.text();
    (void)range.count();
  });
  fuzz::refusal_is_fine([&] {
    const auto pattern = deliver::SequencePattern::parse(pattern_text);
    if (!pattern) return;
    (void)pattern->shot_name();
    while (std::getline(in, name)) {
      if (const auto frame = pattern->match(name)) {
        if (pattern->file_name(*frame) != name) __builtin_trap();  // a match spells back as itself
      }
    }
    (void)pattern->file_name(0);
  });
  return 0;
}
