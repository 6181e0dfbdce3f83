// SPDX-License-Identifier: Apache-2.0
// Applying an AMF: its pipeline (input transform → looks → output transform) turned into a chain of
// executable transforms. Transforms named by ACES transformId are resolved to aceslab's own
// implementations (camera CSCs through the colour-space core, ACES 2.0 outputs through the output
// transform engine); transforms named by file are evaluated from the CLF (or any OCIO LUT format);
// ASC CDLs run inside their working space. Parts marked applied are skipped unless asked for.
//
//   amf::RecipeOptions options;
//   aces::TransformChain chain = amf::recipe_chain("shot.amf", options);
//   chain.apply(rgb_buffer, 0);
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "amf/model.h"
#include "pipeline/transform_chain.h"

namespace aceslab::amf {

struct RecipeOptions {
  bool include_applied = false;  // also run parts the AMF marks applied (`apply --all`)
  bool allow_outside = false;    // allow referenced files outside the AMF's folder
  bool check_hashes = true;      // refuse a referenced file whose hash does not match the AMF
  // Render through this ACES 2.0 output transform (URN or alias) instead of the AMF's own output,
  // e.g. to view an ACES 1.x recipe through ACES 2.0 or a recipe on another display.
  std::string replace_output;
  bool skip_output = false;  // stop before the output transform: ACES2065-1 out
  bool skip_looks = false;   // input transform only (a non-graded master, `render --amf`)
};

// One step of the recipe in words, as `amf inspect` and `apply --amf -v` show it.
struct RecipeStep {
  std::string role;         // "input", "look 1", "output"
  std::string what;         // "CSC ... (logc3-ei800-awg3 to ACES2065-1)", "CLF looks/show.clf", "CDL in ACEScct"
  bool applied = false;     // marked applied in the AMF
  bool will_run = false;    // part of the chain with the given options
};

// Throws aceslab::Error naming the AMF and the element when a part cannot be resolved: an unknown
// transformId (with what aceslab does implement), a missing or escaping file, a hash mismatch.
aces::TransformChain recipe_chain(const std::filesystem::path& amf_path, const RecipeOptions& options,
                                  std::vector<RecipeStep>* steps = nullptr);

// The pipeline of an ACES CSC transformId (v2.0 URN, or a 1.x/legacy id the registry maps to one):
// a camera or working-space encoding to ACES2065-1 or back. Throws aceslab::Error (unsupported).
aces::Pipeline csc_pipeline(const std::string& transform_id);

}  // namespace aceslab::amf
