// SPDX-License-Identifier: Apache-2.0
#include "deliver/profile.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "color/chromaticity.h"
#include "color/error.h"

namespace aceslab::deliver {

using aces::ExrCompression;

namespace {

std::string names(const std::vector<ExrCompression>& list) {
  std::string out;
  for (ExrCompression c : list) {
    if (!out.empty()) out += ", ";
    out += aces::exr_compression_name(c);
  }
  return out;
}

}  // namespace

const char* profile_name(Profile profile) {
  switch (profile) {
    case Profile::st2065_4: return "st2065-4";
    case Profile::nam: return "nam";
    case Profile::vfx: return "vfx";
  }
  return "?";
}

Profile parse_profile(std::string_view name) {
  for (Profile p : {Profile::st2065_4, Profile::nam, Profile::vfx}) {
    if (name == profile_name(p)) return p;
  }
  throw Error(ErrorKind::usage, "unknown profile \"" + std::string(name) + "\" (st2065-4, nam or vfx)");
}

std::vector<ExrCompression> allowed_compressions(Profile profile) {
  switch (profile) {
    case Profile::st2065_4: return {ExrCompression::none};
    case Profile::nam: return {ExrCompression::none, ExrCompression::zip, ExrCompression::piz};
    case Profile::vfx:
      return {ExrCompression::none, ExrCompression::rle, ExrCompression::zips, ExrCompression::zip, ExrCompression::piz};
  }
  return {};
}

ExrCompression default_compression(Profile profile) {
  return profile == Profile::vfx ? ExrCompression::piz : ExrCompression::none;
}

std::optional<FrameSize> minimum_size(Profile profile) {
  if (profile == Profile::nam) return FrameSize{3840, 2160};  // Netflix NAM: "at least UHD"
  return std::nullopt;
}

ExrCompression resolve_compression(Profile profile, std::string_view requested) {
  if (requested.empty()) return default_compression(profile);
  const auto c = aces::exr_compression_from_name(requested);
  const std::vector<ExrCompression> allowed = allowed_compressions(profile);
  const std::string profile_text = std::string("profile ") + profile_name(profile);
  if (!c) {
    throw Error(ErrorKind::usage, "unknown compression \"" + std::string(requested) +
                                      "\" (OpenEXR has none, rle, zips, zip, piz, pxr24, b44, b44a, dwaa, dwab; " +
                                      profile_text + " allows " + names(allowed) + ")");
  }
  if (aces::exr_compression_is_lossy(*c)) {
    throw Error(ErrorKind::usage, std::string("lossy compression ") + aces::exr_compression_name(*c) +
                                      " is refused for " + profile_text + ": masters are lossless (allowed: " +
                                      names(allowed) + ")");
  }
  if (std::find(allowed.begin(), allowed.end(), *c) == allowed.end()) {
    throw Error(ErrorKind::usage, std::string("compression ") + aces::exr_compression_name(*c) + " is not allowed for " +
                                      profile_text + " (allowed: " + names(allowed) + ")");
  }
  return *c;
}

FrameSize parse_frame_size(std::string_view text, std::string_view flag) {
  const std::size_t x = text.find_first_of("xX");
  FrameSize size;
  auto number = [](std::string_view s, int& out) {
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size() && out > 0;
  };
  if (x == std::string_view::npos || !number(text.substr(0, x), size.width) || !number(text.substr(x + 1), size.height)) {
    throw Error(ErrorKind::usage, std::string(flag) + " \"" + std::string(text) + "\": expected WIDTHxHEIGHT, e.g. 3840x2160");
  }
  return size;
}

aces::ExrChromaticities ap0_chromaticities() {
  const aces::Chromaticities& c = aces::primaries::kAP0;
  return {static_cast<float>(c.red.x),  static_cast<float>(c.red.y),   static_cast<float>(c.green.x),
          static_cast<float>(c.green.y), static_cast<float>(c.blue.x), static_cast<float>(c.blue.y),
          static_cast<float>(c.white.x), static_cast<float>(c.white.y)};
}

std::array<float, 2> aces_white() {
  return {static_cast<float>(aces::primaries::kWhiteACES.x), static_cast<float>(aces::primaries::kWhiteACES.y)};
}

}  // namespace aceslab::deliver
