// SPDX-License-Identifier: Apache-2.0
// Internal to amf/recipe.cpp: the ASC CDLs of an AMF's looks as a pipeline step (a CDL of a .ccc
// file is read by amf/reader.h parse_ccc_correction, from the bytes its hash was checked on).
#pragma once

#include <filesystem>
#include <string>

#include "amf/model.h"
#include "pipeline/pipeline.h"

namespace aceslab::amf::detail {

// The CDL as an unclamped ASC_CDL step (AMF CDLs run in log working spaces whose values exceed 1).
aces::Pipeline cdl_pipeline(const Cdl& cdl);

}  // namespace aceslab::amf::detail
