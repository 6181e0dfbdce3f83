// SPDX-License-Identifier: Apache-2.0
// Delivery profiles: what an EXR master may be, per the documents productions send.
//   st2065-4  SMPTE ST 2065-4 (the ACES image container): uncompressed only.
//   nam       Netflix Non-Graded Archival Master, ACES projects: half-float ACES2065-1 EXR,
//             uncompressed, ZIP or PIZ (lossless only), at least UHD 3840x2160, no crop, no
//             upscaling; a checksum manifest. Default compression: none.
//   vfx       a VFX pull ("ACES AP0 linear EXRs as 16-bit PIZ"): any lossless compression,
//             default PIZ.
// Every profile writes linear AP0 with AP0 chromaticities; lossy compressions are refused by all
// of them. A file carries acesImageContainerFlag = 1 exactly when it is ST 2065-4 compliant, i.e.
// uncompressed (the policy OpenImageIO 3.1 calls "relaxed").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "image/exr_writer.h"

namespace aceslab::deliver {

enum class Profile { st2065_4, nam, vfx };

struct FrameSize {
  int width = 0;
  int height = 0;
};

const char* profile_name(Profile profile);  // "st2065-4", "nam", "vfx"
// Throws aceslab::Error (usage) for an unknown name, listing the three.
Profile parse_profile(std::string_view name);

std::vector<aces::ExrCompression> allowed_compressions(Profile profile);
aces::ExrCompression default_compression(Profile profile);
// The smallest frame the profile accepts (nam: 3840x2160), nullopt for no minimum.
std::optional<FrameSize> minimum_size(Profile profile);

// `requested` empty: the profile's default. Throws aceslab::Error (usage) for an unknown name
// (listing OpenEXR's), a lossy compression ("lossy compression dwaa is refused for profile nam:
// masters are lossless; allowed: none, zip, piz") or a lossless one the profile does not allow.
aces::ExrCompression resolve_compression(Profile profile, std::string_view requested);

// "WxH" (e.g. "3840x2160"); throws aceslab::Error (usage) naming `flag` otherwise.
FrameSize parse_frame_size(std::string_view text, std::string_view flag);

// AP0 primaries and white (SMPTE ST 2065-1) as the EXR chromaticities attribute stores them, and
// the ACES white as adoptedNeutral.
aces::ExrChromaticities ap0_chromaticities();
std::array<float, 2> aces_white();

}  // namespace aceslab::deliver
