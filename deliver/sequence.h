// SPDX-License-Identifier: Apache-2.0
// Frame numbers and numbered file names: frame ranges ("86408-86455"), sequence patterns
// (`A001C003.%06d.dpx`, `A001C003.######.dpx`, `%d` for unpadded), the frames of a pattern present
// on disk, and the portable-name rule of deliveries ([A-Za-z0-9._-]).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace aceslab::deliver {

struct FrameRange {
  long long first = 0;
  long long last = -1;

  long long count() const { return last >= first ? last - first + 1 : 0; }
  bool contains(long long frame) const { return frame >= first && frame <= last; }
  std::string text() const;  // "1001-1064" (or "1001" for one frame)
  bool operator==(const FrameRange&) const = default;
};

// "A-B" or "A" (non-negative integers, A <= B). Throws aceslab::Error (usage) naming `flag` (e.g.
// "--frames") and what is wrong.
FrameRange parse_frame_range(std::string_view text, std::string_view flag);

// A file name with one frame-number field: prefix, field, suffix.
class SequencePattern {
 public:
  // nullopt when the file name has no frame field: `%d`, `%0Nd` (N digits), or a run of N `#`
  // (N digits). Throws aceslab::Error (usage) for a name with more than one field.
  static std::optional<SequencePattern> parse(const std::filesystem::path& pattern);

  const std::filesystem::path& folder() const { return m_folder; }
  const std::string& prefix() const { return m_prefix; }
  const std::string& suffix() const { return m_suffix; }
  int padding() const { return m_padding; }  // 0 for unpadded
  std::string file_name(long long frame) const;
  std::filesystem::path path(long long frame) const { return m_folder / file_name(frame); }
  // The frame number when `name` belongs to the sequence: exactly `padding` digits, or more
  // digits when the number needs them (frame 1000000 of a 6-digit pattern); unpadded patterns
  // accept numbers without leading zeros.
  std::optional<long long> match(std::string_view name) const;
  // As written: "A001C003.%06d.dpx".
  const std::string& text() const { return m_text; }
  // The name without the frame field and the separator before it ("A001C003").
  std::string shot_name() const;

 private:
  std::filesystem::path m_folder;
  std::string m_prefix, m_suffix, m_text;
  int m_padding = 0;
};

// The frames of `pattern` present in its folder, by number (a folder that does not exist has
// none). Throws aceslab::Error (usage) when two files give the same number (mixed padding such as
// `a.0001.dpx` and `a.00001.dpx` under `a.#####.dpx` cannot happen; `%d` with `a.1.dpx` and
// `a.01.dpx` can).
std::map<long long, std::filesystem::path> list_frames(const SequencePattern& pattern);

// True when every character is one of [A-Za-z0-9._-] and the name is not empty.
bool is_portable_name(std::string_view name);

}  // namespace aceslab::deliver
