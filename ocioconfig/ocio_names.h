// SPDX-License-Identifier: Apache-2.0
// What OpenColorIO calls aceslab's transforms: the OCIO config profile versions aceslab writes, the
// built-in transforms (BuiltinTransform styles) of OCIO 2.1 and 2.4 that are the same conversion as
// an ACES 2.0 output preset, a display encoding, an ACES CSC transformId or a Look transformId, and
// the display and view names the Academy/ASWF ACES studio config uses for them.
//
// Sources (names and parameters, not code): OpenColorIO v2.4.0
// src/OpenColorIO/transforms/builtins/ACES.cpp and Displays.cpp (the registry of styles and the
// parameters of each ACES 2.0 output builtin); the ACES studio config
// "studio-config-v4.0.0_aces-v2.0_ocio-v2.5" shipped in OpenColorIO 2.5 (display and view names,
// transformId -> style pairs of its `amf_transform_ids`).
//
// An output preset maps onto OCIO 2.4 only when both halves exist and agree with aceslab: a view transform
// ("ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - ..._2.0") whose rendering parameters equal the
// preset's (peak, limiting primaries and white, white scaling, linear scale) and a display
// builtin ("DISPLAY - CIE-XYZ-D65_to_...") for its encoding primaries and EOTF. Presets without one
// are baked (ocioconfig/output_bake.h): P3-D65 gamma 2.2 (no display builtin), the DCDM D60 SDR
// preset (OCIO's builtin does not scale the white) and HLG (OCIO's HLG display builtin puts some
// colours several thousandths of a code value away from aceslab's HLG). Display builtins OCIO 2.1
// also has are checked against aceslab's encodings on the transform's own output
// (tests/ocioconfig/ocio_names_test).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "aces2/output_presets.h"

namespace aceslab::ocioconfig {

// The config profiles aceslab writes: 2.4 (ACES 2.0 by OCIO's built-in transforms; loads in
// OCIO 2.4 and later) and 2.1 (every ACES 2.0 view baked into a CLF; loads in OCIO 2.1 and later).
enum class OcioVersion { v2_1, v2_4 };
std::string_view ocio_version_id(OcioVersion v);  // "2.1", "2.4"
// "2.1", "2.4" (also "2.5", "2.6": those load 2.4 configs). Throws aceslab::Error (usage) otherwise.
OcioVersion parse_ocio_version(std::string_view text);

// The display an output preset's code values are meant for: its name as the ACES studio config
// spells it ("Rec.1886 Rec.709 - Display"), and OCIO's display builtin from CIE XYZ D65
// (display-linear, 1.0 = 100 cd/m^2) to those code values, empty when OCIO has none.
struct DisplayMapping {
  std::string name;
  std::string builtin;             // "DISPLAY - CIE-XYZ-D65_to_REC.1886-REC.709", or ""
  OcioVersion since = OcioVersion::v2_1;
  bool hdr = false;                // "hdr-video" encoding (else "sdr-video")
};
DisplayMapping display_for(const aces::OutputPreset& preset);

// The view of an output preset: its name as the studio config spells it ("ACES 2.0 - SDR 100 nits
// (Rec.709)", with "D60 sim." parts where it has none) and OCIO 2.4's ACES 2.0 output builtin of
// the same rendering (ACES2065-1 to CIE XYZ D65), empty when OCIO has none.
struct ViewMapping {
  std::string name;
  std::string builtin;  // "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-100nit-REC709_2.0", or ""
};
ViewMapping view_for(const aces::OutputPreset& preset);

// True when an OCIO 2.4 config can express the preset with built-ins (view and display).
bool has_builtins(const aces::OutputPreset& preset, OcioVersion version);

// An ACES CSC transformId (v2.0 URN) that OCIO implements as a built-in: the style (always written
// "X_to_ACES2065-1"), whether the id is its inverse ("ACES_to_X"), the first OCIO version that has
// it, and the studio config's colour space name.
struct BuiltinCsc {
  std::string style;
  bool inverse = false;
  OcioVersion since = OcioVersion::v2_1;
  std::string name;
};
std::optional<BuiltinCsc> builtin_for_csc(std::string_view transform_id);

// A Look transformId OCIO implements as a built-in (ACES 1.3 Reference Gamut Compression).
std::optional<BuiltinCsc> builtin_for_look(std::string_view transform_id);

}  // namespace aceslab::ocioconfig
