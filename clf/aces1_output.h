// SPDX-License-Identifier: Apache-2.0
// ACES 1.x output transforms (RRT + ODT, and the combined RRTODTs of ACES 1.1+) and their inverses,
// evaluated by OpenColorIO 2.1's ACES 1.x builtins exactly as OCIO's ACES 1.3 configs compose them:
// a view transform `ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - …` (RRT + the ODT's tone scale, surround
// and limiting) followed by a display encoding `DISPLAY - CIE-XYZ-D65_to_…`. The few ODTs whose
// display encoding OCIO 2.1 has no builtin for (DCDM X'Y'Z', Display P3) get theirs from OCIO
// matrix / range / exponent transforms built from the ODT's CTL (cited in aces1_output.cpp).
//
// Every output answers to the registry ids of all its versions and spellings (ODT.Academy.… and
// RRTODT.Academy.…, with or without the "urn:ampas:aces:transformId:v1.5:" prefix, a1.0.0 … a1.1.0),
// its inverse ids (InvODT / InvRRTODT), and a short alias built like the ACES 2.0 aliases with an
// "aces1-" prefix: aces1-rec709-bt1886-100nit, aces1-rec2100-pq-1000nit, aces1-xyz-gamma2.6-48nit…
//
// Forward = ACES2065-1 -> display code values, clamped to [0, 1] as the CTL ODTs clamp their display
// values (OCIO's display builtins leave that clamp to the config). Inverse = display code values ->
// ACES2065-1, the exact inverse OCIO computes for the same group (the CTL's InvODT + InvRRT for the
// outputs aceslab evaluates itself).
//
// The ACES 1.0.x HDR ODTs (the c9-spline PQ ODTs of 2014-2016, "ST2048" / "ST2084" / "PQ",
// superseded by the 1.1 RRTODTs) have no OCIO builtin: aceslab evaluates those from the Academy's
// CTL itself (aces1_odt.h; `ctl` names the CTL followed), so every ODT / RRTODT id of the
// registry's ACES 1.x part resolves.
//
//   namespace aces = aceslab::aces;
//   const aces::Aces1Output& out = aces::find_aces1_output("ODT.Academy.Rec709_100nits_dim.a1.0.3");
//   auto to_display = aces::aces1_output_function(out, aces::Direction::forward);
//   to_display(rgb);   // ACES2065-1 triplets -> Rec.709 BT.1886 code values, in place
#pragma once

#include <OpenColorIO/OpenColorIO.h>

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "color/steps.h"

namespace aceslab::aces {

namespace OCIO = OCIO_NAMESPACE;

struct Aces1Output {
  std::string alias;        // "aces1-rec709-bt1886-100nit"
  std::string name;         // "ACES 1.0 Output - Rec.709"
  std::string odt_name;     // the id body all versions share: "Rec709_100nits_dim"
  std::string display;      // the display encoding in words: "Rec.709 primaries, BT.1886 (gamma 2.4)"
  double peak_luminance = 100.0;  // cd/m^2 of code value 1 (48 for cinema, the PQ peak for HDR)
  std::string ocio_output;   // the OCIO 2.1 "ACES-OUTPUT - …" builtin
  std::string ocio_display;  // the OCIO 2.1 "DISPLAY - …" builtin; empty when built from OCIO ops
  // The alias of the ACES 2.0 output preset (aces2/output_presets.h) with the same display encoding
  // (primaries, white, EOTF, peak), for rendering the same show in ACES 2.0; empty if ACES 2.0 has
  // none (Rec.2020 SDR, P3-DCI, P3-D60).
  std::string aces2_equivalent;
  // The CTL aceslab evaluates itself when OCIO 2.1 has no builtin ("ODT.Academy.P3D60_ST2084_1000nits.a1.0.3";
  // ocio_output and ocio_display are then empty); empty for the outputs OCIO evaluates.
  std::string ctl;
  std::vector<std::string> transform_ids;  // every ODT / RRTODT id of the shipped registry
  std::vector<std::string> inverse_ids;    // every InvODT / InvRRTODT id of the shipped registry
};

// Every supported ACES 1.x output, in a stable order.
const std::vector<Aces1Output>& aces1_outputs();

// By registry id (any version, with or without the URN prefix) or alias. An inverse id sets
// *inverse = true (if given). nullptr when the id is not an ACES 1.x output at all.
// Throws Error (unsupported) for an Academy ODT / RRTODT id aceslab has no implementation of.
const Aces1Output* match_aces1_output(std::string_view id_or_alias, bool* inverse = nullptr);
// The same, but an unknown id throws Error (usage) listing the aliases.
const Aces1Output& find_aces1_output(std::string_view id_or_alias, bool* inverse = nullptr);

// The OCIO transform of the output in the given direction (a fresh group; builtins, matrices,
// ranges and exponents only). Throws Error (unsupported) for the outputs aceslab evaluates from the
// CTL (non-empty `ctl`).
OCIO::GroupTransformRcPtr aces1_output_ocio(const Aces1Output& output, Direction direction);
// A cached CPU processor for it (float32 in and out, lossless optimisation); thread-safe.
OCIO::ConstCPUProcessorRcPtr aces1_output_processor(const Aces1Output& output, Direction direction);
// The output as a callable on interleaved RGB floats, in place; thread-safe, cheap to copy. OCIO's
// processor, or aceslab's CTL evaluation (aces1_odt.h) for the outputs OCIO has no builtin for.
std::function<void(std::span<float>)> aces1_output_function(const Aces1Output& output, Direction direction);

}  // namespace aceslab::aces
