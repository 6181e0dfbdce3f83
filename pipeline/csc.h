// SPDX-License-Identifier: Apache-2.0
// The pipelines of the ACES registry's colour space conversions (CSC) by transform id: every
// `urn:ampas:aces:transformId:v2.0:CSC.*` id of the registry, in both directions where the registry
// has them, and the ACES 1.x ids (IDT.*, ACEScsc.*) that are the same conversion, either because
// the registry lists them as previous equivalents of an ACES 2.0 CSC or because a colour space of
// color/color_space.h names them. Camera and working-space CSCs come from the colour spaces; the
// film density ones (ADX10, ADX16) are built here from color/film_density.h; CSC.Academy.Unity is
// the identity.
//
//   const aces::Pipeline p = aces::csc_pipeline("urn:ampas:aces:transformId:v2.0:CSC.Sony.Venice_SLog3_SGamut3_to_ACES.a2.v1");
#pragma once

#include <optional>
#include <string_view>

#include "pipeline/pipeline.h"

namespace aceslab::aces {

// The pipeline of a CSC id, or std::nullopt when aceslab has no implementation of it.
std::optional<Pipeline> find_csc_pipeline(std::string_view transform_id);

// The same; an unknown id throws Error (unsupported) naming it and what to do instead.
Pipeline csc_pipeline(std::string_view transform_id);

// `transform_id` without its "urn:ampas:aces:transformId:vX.Y:" prefix (unchanged if it has none).
std::string_view strip_transform_urn(std::string_view transform_id);

}  // namespace aceslab::aces
