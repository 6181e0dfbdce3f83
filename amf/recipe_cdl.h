// SPDX-License-Identifier: Apache-2.0
// Internal to amf/recipe.cpp: the ASC CDLs of an AMF's looks, read from .ccc files by id, and as a
// pipeline step.
#pragma once

#include <filesystem>
#include <string>

#include "amf/model.h"
#include "pipeline/pipeline.h"

namespace aceslab::amf::detail {

// A CDL referenced from a .ccc file by id: <ColorCorrection id="..."> with SOPNode and SATNode.
// Throws aceslab::Error naming the file and the id.
Cdl cdl_from_ccc(const std::filesystem::path& ccc_path, const std::string& id);

// The CDL as an unclamped ASC_CDL step (AMF CDLs run in log working spaces whose values exceed 1).
aces::Pipeline cdl_pipeline(const Cdl& cdl);

}  // namespace aceslab::amf::detail
