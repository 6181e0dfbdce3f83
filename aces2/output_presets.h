// SPDX-License-Identifier: Apache-2.0
// Named presets for every ACES 2.0 Output Transform in the Academy registry (the 54
// `urn:ampas:aces:transformId:v2.0:Output.Academy.*` ids), with their InvOutput ids, a user-facing
// name and a short alias, and a cache of shared engines.
//
// Parameters come from the id grammar
//   Output.Academy.<limiting>-<white>_<nits>nit_in_<encoding>-<white>_<EOTF>.a2.v1
// following the Academy's aces-output CTL presets:
//   * 48-nit cinema presets render at 100 nit (code 1.0 = 48 nit on screen, relative);
//   * 108- and 300-nit cinema HDR presets render at 225 / 625 nit with a linear scale of 0.48;
//   * 48-nit XYZ-E (DCDM) presets scale by 48/52.37 (DCDM code 1.0 = 52.37 cd/m^2);
//   * a D60 limiting white with a D65 or E encoding white enables D60 simulation (white scaling).
//
// Alias scheme (lower case, '-' separated):
//   <encoding>-<eotf>-<nits>nit[-<limiting>][-d60sim]
//   encoding: rec709 | p3d65 | rec2100 | xyz          (encoding primaries and white)
//   eotf:     bt1886 | srgb | gamma2.2 | gamma2.6 | pq | hlg   (eotf_id of display_encoding.h)
//   nits:     the nominal peak in the id (48, 100, 108, 300, 500, 1000, 2000, 4000)
//   limiting: rec709 | p3 | rec2020, present only when the limiting primaries differ from the
//             encoding primaries; "-d60sim" when the limiting white is ACES ~D60.
// Examples: rec709-bt1886-100nit, rec709-srgb-100nit, p3d65-gamma2.6-48nit,
//           rec2100-pq-1000nit-p3, p3d65-pq-1000nit-d60sim, xyz-gamma2.6-48nit-p3.
// A few everyday presets also answer to shorter names (`short_aliases`): rec709-100nit-bt1886,
// srgb-100nit, p3d65-48nit (the spellings of the original issue, used in docs and --help).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "aces2/output_transform.h"

namespace aceslab::aces {

struct OutputPreset {
  std::string transform_id;  // full Output URN
  std::string inverse_id;    // full InvOutput URN
  std::string alias;
  std::string user_name;
  OutputTransformParams params;
  std::vector<std::string> short_aliases;  // extra names find_output_preset accepts
};

// All presets, in the order of the registry ids (sorted).
const std::vector<OutputPreset>& output_presets();

// Accepts the Output URN, the InvOutput URN (sets *inverse = true if non-null), the id without
// the URN prefix (e.g. "Output.Academy.…a2.v1"), or an alias. Unknown -> aceslab::Error (usage)
// whose message lists the valid aliases.
const OutputPreset& find_output_preset(std::string_view id_or_alias, bool* inverse = nullptr);

// Cached, shared engine per preset (tables built once, thread-safe).
std::shared_ptr<const OutputTransform> output_transform(const OutputPreset& preset);

// Parses one id body ("Output.Academy.<...>.a2.v1" or the full URN) into a preset; throws
// aceslab::Error (invalid_input) naming the part it does not understand.
OutputPreset parse_output_id(std::string_view id);

}  // namespace aceslab::aces
