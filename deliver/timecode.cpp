// SPDX-License-Identifier: Apache-2.0
#include "deliver/timecode.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "color/error.h"
#include "image/image_metadata.h"

namespace aceslab::deliver {

using aces::ExrRational;
using aces::ExrTimecode;

namespace {

// Frames dropped per minute by drop-frame counting: 2 at 30000/1001, 4 at 60000/1001 (ST 12-1).
int dropped_per_minute(const ExrRational& fps) {
  const int base = timecode_base(fps);
  if (fps.denominator != 1001) return 0;
  return base == 30 ? 2 : (base == 60 ? 4 : 0);
}

}  // namespace

ExrRational parse_fps(std::string_view text, std::string_view flag) {
  const std::string t(text);
  auto bad = [&] {
    return Error(ErrorKind::usage, std::string(flag) + " \"" + t + "\": expected a frame rate such as 24, 25, 23.976 or 24000/1001");
  };
  if (const std::size_t slash = t.find('/'); slash != std::string::npos) {
    int n = 0;
    unsigned d = 0;
    const auto r1 = std::from_chars(t.data(), t.data() + slash, n);
    const auto r2 = std::from_chars(t.data() + slash + 1, t.data() + t.size(), d);
    if (r1.ec != std::errc() || r1.ptr != t.data() + slash || r2.ec != std::errc() || r2.ptr != t.data() + t.size() || n <= 0 || d == 0) {
      throw bad();
    }
    return {n, d};
  }
  double value = 0.0;
  const auto r = std::from_chars(t.data(), t.data() + t.size(), value);
  if (r.ec != std::errc() || r.ptr != t.data() + t.size() || !(value > 0.0) || value > 1000.0) throw bad();
  const double rounded = std::round(value);
  if (std::fabs(value - rounded) < 1e-9) return {static_cast<int>(rounded), 1};
  // 23.976, 29.97, 47.952, 59.94, 119.88: n * 1000 / 1001 within the precision they are written to.
  const double ntsc = std::round(value * 1.001);
  if (std::fabs(value - ntsc / 1.001) < 0.0051) return {static_cast<int>(ntsc) * 1000, 1001};
  throw bad();
}

std::string format_fps(const ExrRational& fps) {
  return fps.denominator == 1 ? std::to_string(fps.numerator) : std::to_string(fps.numerator) + "/" + std::to_string(fps.denominator);
}

ExrTimecode parse_timecode_flag(std::string_view text, std::string_view flag) {
  const auto tc = aces::parse_timecode(std::string(text));
  if (!tc || text.size() != 11) {
    throw Error(ErrorKind::usage, std::string(flag) + " \"" + std::string(text) + "\": expected HH:MM:SS:FF (HH:MM:SS;FF for drop frame)");
  }
  return *tc;
}

std::string format_timecode(const ExrTimecode& tc) {
  char text[16];
  std::snprintf(text, sizeof text, "%02d:%02d:%02d%c%02d", tc.hours, tc.minutes, tc.seconds, tc.drop_frame ? ';' : ':', tc.frame);
  return text;
}

int timecode_base(const ExrRational& fps) {
  return static_cast<int>(std::lround(static_cast<double>(fps.numerator) / static_cast<double>(fps.denominator)));
}

ExrTimecode add_frames(const ExrTimecode& tc, long long frames, const ExrRational& fps) {
  const int base = timecode_base(fps);
  const int drop = tc.drop_frame ? dropped_per_minute(fps) : 0;
  if (base <= 0 || tc.frame >= base) {
    throw Error(ErrorKind::usage, "time code " + format_timecode(tc) + " has a frame beyond the rate " + format_fps(fps));
  }
  if (tc.drop_frame && drop == 0) {
    throw Error(ErrorKind::usage, "drop-frame time code " + format_timecode(tc) + " at " + format_fps(fps) +
                                      " (drop frame exists at 30000/1001 and 60000/1001 only)");
  }
  const long long per_10min = 10LL * 60 * base - 9LL * drop;
  const long long per_day = 24LL * 6 * per_10min;
  const long long minutes = tc.hours * 60LL + tc.minutes;
  if (drop > 0 && tc.seconds == 0 && tc.minutes % 10 != 0 && tc.frame < drop) {
    throw Error(ErrorKind::usage, "time code " + format_timecode(tc) + " names a frame number drop frame skips");
  }
  // Label -> frame count: subtract the labels skipped in every minute not divisible by ten.
  long long count = ((minutes * 60 + tc.seconds) * base + tc.frame) - drop * (minutes - minutes / 10);
  count = ((count + frames) % per_day + per_day) % per_day;
  // Frame count -> label.
  long long labels = count;
  if (drop > 0) {
    const long long tens = count / per_10min;
    long long rest = count % per_10min;
    labels += 9LL * drop * tens;
    if (rest >= drop) labels += drop * ((rest - drop) / (60LL * base - drop));
  }
  ExrTimecode out;
  out.drop_frame = tc.drop_frame;
  out.frame = static_cast<int>(labels % base);
  const long long total_seconds = labels / base;
  out.seconds = static_cast<int>(total_seconds % 60);
  out.minutes = static_cast<int>((total_seconds / 60) % 60);
  out.hours = static_cast<int>((total_seconds / 3600) % 24);
  return out;
}

}  // namespace aceslab::deliver
