// SPDX-License-Identifier: Apache-2.0
#include "deliver/sequence.h"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <limits>

#include "color/error.h"

namespace aceslab::deliver {
namespace fs = std::filesystem;

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::optional<long long> to_number(std::string_view s) {
  long long value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || value < 0) return std::nullopt;
  return value;
}

// Position and length of the frame field in `name`, its padding; nullopt when there is none.
struct Field {
  std::size_t pos = 0;
  std::size_t length = 0;
  int padding = 0;
};

std::optional<Field> find_field(const std::string& name) {
  std::optional<Field> found;
  auto add = [&](Field f) {
    if (found) throw Error(ErrorKind::usage, "more than one frame-number field in \"" + name + "\"");
    found = f;
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '%') {
      std::size_t j = i + 1;
      int padding = 0;
      if (j < name.size() && name[j] == '0') {
        std::size_t k = j + 1;
        while (k < name.size() && std::isdigit(static_cast<unsigned char>(name[k]))) ++k;
        if (k == j + 1 || k >= name.size() || name[k] != 'd') continue;
        padding = std::stoi(name.substr(j + 1, k - j - 1));
        j = k;
      }
      if (j < name.size() && name[j] == 'd') {
        if (padding > 18) throw Error(ErrorKind::usage, "frame padding above 18 digits in \"" + name + "\"");
        add({i, j - i + 1, padding});
        i = j;
      }
    } else if (name[i] == '#') {
      std::size_t j = i;
      while (j < name.size() && name[j] == '#') ++j;
      if (j - i > 18) throw Error(ErrorKind::usage, "frame padding above 18 digits in \"" + name + "\"");
      add({i, j - i, static_cast<int>(j - i)});
      i = j - 1;
    }
  }
  return found;
}

}  // namespace

std::string FrameRange::text() const {
  return first == last ? std::to_string(first) : std::to_string(first) + "-" + std::to_string(last);
}

FrameRange parse_frame_range(std::string_view text, std::string_view flag) {
  const std::string where(flag);
  auto bad = [&](const std::string& why) {
    return Error(ErrorKind::usage, where + " \"" + std::string(text) + "\": " + why);
  };
  const std::size_t dash = text.find('-', 1);
  const std::string_view a = dash == std::string_view::npos ? text : text.substr(0, dash);
  const std::string_view b = dash == std::string_view::npos ? text : text.substr(dash + 1);
  if (!all_digits(a) || !all_digits(b)) throw bad("expected FIRST-LAST or FRAME, with non-negative frame numbers");
  const auto first = to_number(a), last = to_number(b);
  if (!first || !last) throw bad("frame number out of range");
  if (*last < *first) throw bad("the last frame is before the first");
  return {*first, *last};
}

std::optional<SequencePattern> SequencePattern::parse(const fs::path& pattern) {
  const std::string name = pattern.filename().string();
  const auto field = find_field(name);
  if (!field) return std::nullopt;
  SequencePattern p;
  p.m_folder = pattern.has_parent_path() ? pattern.parent_path() : fs::path(".");
  p.m_prefix = name.substr(0, field->pos);
  p.m_suffix = name.substr(field->pos + field->length);
  p.m_padding = field->padding;
  p.m_text = name;
  return p;
}

std::string SequencePattern::file_name(long long frame) const {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%0*lld", m_padding, frame);
  return m_prefix + digits + m_suffix;
}

std::optional<long long> SequencePattern::match(std::string_view name) const {
  if (name.size() <= m_prefix.size() + m_suffix.size()) return std::nullopt;
  if (name.substr(0, m_prefix.size()) != m_prefix) return std::nullopt;
  if (name.substr(name.size() - m_suffix.size()) != m_suffix) return std::nullopt;
  const std::string_view digits = name.substr(m_prefix.size(), name.size() - m_prefix.size() - m_suffix.size());
  if (!all_digits(digits) || digits.size() > 18) return std::nullopt;
  const auto number = to_number(digits);
  if (!number) return std::nullopt;
  // The spelling must be the one file_name() gives for that number.
  if (static_cast<int>(digits.size()) < m_padding) return std::nullopt;
  if (static_cast<int>(digits.size()) > std::max(m_padding, 1) && digits[0] == '0') return std::nullopt;
  return number;
}

std::string SequencePattern::shot_name() const {
  std::string name = m_prefix;
  while (!name.empty() && (name.back() == '.' || name.back() == '_' || name.back() == '-')) name.pop_back();
  return name.empty() ? std::string("shot") : name;
}

std::map<long long, fs::path> list_frames(const SequencePattern& pattern) {
  std::map<long long, fs::path> frames;
  std::error_code ec;
  if (!fs::is_directory(pattern.folder(), ec)) return frames;
  for (const auto& entry : fs::directory_iterator(pattern.folder(), ec)) {
    if (!entry.is_regular_file(ec)) continue;
    const std::string name = entry.path().filename().string();
    const auto frame = pattern.match(name);
    if (!frame) continue;
    const auto [it, inserted] = frames.emplace(*frame, entry.path());
    if (!inserted) {
      throw Error(ErrorKind::usage, "frame " + std::to_string(*frame) + " is there twice: " + it->second.filename().string() +
                                        " and " + name + " (mixed padding)",
                  {pattern.folder().string()});
    }
  }
  return frames;
}

bool is_portable_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace aceslab::deliver
