// SPDX-License-Identifier: Apache-2.0
// Applying an AMF: its pipeline (input transform → looks → output transform) turned into a chain of
// executable transforms. Transforms named by ACES transformId are resolved to aceslab's own
// implementations: every CSC of the registry and the ACES 1.x IDTs equivalent to one
// (pipeline/csc.h), ACES 2.0 outputs through the output transform engine, ACES 1.x RRT + ODT outputs
// and their inverses (InvODT + InvRRT, InvRRTODT) through OpenColorIO's ACES 1.x builtins
// (clf/aces1_output.h), the Academy's looks by id (clf/aces_looks.h); vendors' custom ids through
// the quirks table (vendor_quirks.h) or the caller's id map. Transforms named by file are evaluated
// from the CLF (or any OCIO LUT format); ASC CDLs run inside their working space (ACEScct when the
// AMF names none, with a note). Parts marked applied are skipped unless asked for. Each step says
// which ACES version its transform belongs to.
//
//   amf::RecipeOptions options;
//   aces::TransformChain chain = amf::recipe_chain("shot.amf", options);
//   chain.apply(rgb_buffer, 0);
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "amf/model.h"
#include "pipeline/transform_chain.h"

namespace aceslab::amf {

struct RecipeOptions {
  bool include_applied = false;  // also run parts the AMF marks applied (`apply --all`)
  bool allow_outside = false;    // allow referenced files outside the AMF's folder
  bool check_hashes = true;      // refuse a referenced file whose hash does not match the AMF
  // Render through this output transform (an ACES 2.0 URN or alias, or an ACES 1.x output id or
  // aces1-… alias) instead of the AMF's own output, e.g. to view an ACES 1.x recipe through ACES 2.0
  // or a recipe on another display.
  std::string replace_output;
  bool skip_output = false;  // stop before the output transform: ACES2065-1 out
  bool skip_looks = false;   // input transform only (a non-graded master, `render --amf`)
  // Custom ids mapped to what aceslab should apply instead (`apply --map-id OLD=NEW`): OLD as the
  // AMF writes it (with or without the URN prefix), NEW a registry transformId, a colour space id
  // (input and working-space conversions), an output alias (aces1-…, ACES 2.0) or a look alias.
  std::map<std::string, std::string> id_map;
};

// One step of the recipe in words, as `amf inspect` and `apply --amf -v` show it.
struct RecipeStep {
  std::string role;         // "input", "look 1", "output"
  std::string what;         // "CSC ... (logc3-ei800-awg3 to ACES2065-1)", "CLF looks/show.clf", "CDL in ACEScct"
  bool applied = false;     // marked applied in the AMF
  bool will_run = false;    // part of the chain with the given options
  int aces_major = 0;       // ACES version of the transform: 2, 1, or 0 (a file, a CDL, a custom id)
  std::string note;         // an assumption made or a mapping used, for a warning; empty if none
};

// Throws aceslab::Error naming the AMF and the element when a part cannot be resolved: an unknown
// transformId (with what aceslab does implement), a missing or escaping file, a hash mismatch.
aces::TransformChain recipe_chain(const std::filesystem::path& amf_path, const RecipeOptions& options,
                                  std::vector<RecipeStep>* steps = nullptr);

// The pipeline of an ACES CSC transformId (v2.0 URN, or a 1.x/legacy id the registry maps to one):
// a camera or working-space encoding to ACES2065-1 or back (aces::csc_pipeline). Throws
// aceslab::Error (unsupported).
aces::Pipeline csc_pipeline(const std::string& transform_id);

}  // namespace aceslab::amf
