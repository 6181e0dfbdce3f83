// SPDX-License-Identifier: Apache-2.0
#include "amf/vendor_quirks.h"

#include "pipeline/csc.h"

namespace aceslab::amf {
namespace {

struct IdTarget {
  std::string_view id;      // without the URN prefix
  std::string_view target;  // colour space id or registry transformId
};

// Custom ids seen in other tools' AMFs whose meaning is unambiguous.
//  - Pomfort Livegrade (2020 samples, "ACES 1.0 Input - RED log3G10 (by Pomfort)"): RED Log3G10
//    comes only with REDWideGamutRGB in RED's IPP2 pipeline, the same conversion as the registry's
//    CSC.Red.Log3G10_RWG_to_ACES.
constexpr IdTarget kTargets[] = {
    {"IDT.Pomfort.RED-log3G10.a1.v1", "log3g10-rwg"},
};

}  // namespace

const std::vector<VendorQuirk>& vendor_quirks() {
  static const std::vector<VendorQuirk> table = {
      {"DaVinci Resolve", "CDL looks without <cdlWorkingSpace>",
       "applied in ACEScct (Resolve grades CDLs in ACEScct in its ACES projects), with a warning naming "
       "the assumption (amf/recipe.cpp)"},
      {"DaVinci Resolve", "hashes written as hexadecimal md5 where the schema says base64",
       "accepted: a hash value is read as hex or base64 of the algorithm's digest (amf/hash.cpp)"},
      {"DaVinci Resolve", "a <!DOCTYPE> declaration before the root element",
       "accepted when it declares no entities; DTDs and entities are never resolved (amf/schema.cpp)"},
      {"Pomfort Livegrade", "IDT.Pomfort.RED-log3G10.a1.v1 as the input transform",
       "applied as RED Log3G10 / REDWideGamutRGB (CSC.Red.Log3G10_RWG_to_ACES) (amf/vendor_quirks.cpp)"},
      {"Pomfort Livegrade, ACES 1.x tools", "ACES 1.x IDTs (IDT.ARRI/Sony/Canon...) and ACEScsc ids",
       "applied when the registry or a colour space names them as the same conversion (pipeline/csc.cpp)"},
      {"ACES 1.x tools", "RRT + ODT outputs and InvODT + InvRRT inputs",
       "applied through OpenColorIO 2.1's ACES 1.x builtins (clf/aces1_output.h)"},
      {"any", "other custom ids (IDT.Acme.*, LMT.ACME.*, RRTODT.Acme.*)",
       "refused with an error naming the id: map it with --map-id OLD=NEW or reference a CLF file"},
  };
  return table;
}

std::optional<std::string> vendor_id_target(std::string_view transform_id) {
  const std::string_view bare = aces::strip_transform_urn(transform_id);
  for (const IdTarget& t : kTargets) {
    if (t.id == bare) return std::string(t.target);
  }
  return std::nullopt;
}

}  // namespace aceslab::amf
