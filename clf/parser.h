// SPDX-License-Identifier: Apache-2.0
// Reading a CLF v3 document into aceslab's own Pipeline, so a CLF can be inspected, inverted,
// combined with other steps and evaluated without OpenColorIO (which ClfTransform uses). The
// document passes the same safety and structure checks as ClfTransform (read_clf_info), then each
// process node becomes a step with its bit-depth scaling folded into its parameters (CLF v3
// section 8, "Bit Depth"): the pipeline always works on normalised floats.
#pragma once

#include <filesystem>
#include <string>

#include "clf/reader.h"
#include "pipeline/pipeline.h"

namespace aceslab::aces {

// Throws aceslab::Error (invalid_input with file, line and element) for malformed nodes, and
// (unsupported) for valid CLF this parser does not model.
Pipeline read_clf_pipeline(const std::filesystem::path& path, const ClfReadOptions& options = {});

// The same from a document in memory; `name` is used in error locations.
Pipeline parse_clf_pipeline(const std::string& document, const std::string& name = "<memory>");

}  // namespace aceslab::aces
