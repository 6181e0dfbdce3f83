// SPDX-License-Identifier: Apache-2.0
// An AMF's recipe in words: each stage of the pipeline in order (input, looks, working-location
// marker, output) with what it is (registry name of a transformId, a CLF file and whether it is
// present and matches its hash, CDL values and working space) and whether it is already applied.
// `aceslab amf inspect` prints this; it stays useful when referenced files are missing.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "amf/model.h"
#include "amf/validator.h"

namespace aceslab::amf {

struct StageSummary {
  std::string role;  // "input", "look 1", "output", "working location"
  bool applied = false;
  std::string kind;          // "transformId", "file", "uuid", "cdl", "cdl-ref", "rrt+odt", "inverse-output", "marker"
  std::string description;   // from the AMF
  std::string text;          // one line in words
  std::vector<std::string> details;  // further lines (ids of sub-transforms, working space, hash state)
  std::string transform_id;
  std::string file;          // as written
  std::filesystem::path resolved;
  bool file_present = false;
  std::string hash_status;   // hash_status_name(), empty if not a file reference
  int line = 0;
};

// Never throws for missing or unsafe files: they are marked in the stage's text and details.
std::vector<StageSummary> summarize_pipeline(const std::filesystem::path& amf_path, const Pipeline& pipeline,
                                             bool allow_outside = false);

}  // namespace aceslab::amf
