// SPDX-License-Identifier: Apache-2.0
// Internal to amf/: the semantic rules of the validator that need only the model (versions,
// applied order, CDL values and working spaces, uuids, dates, descriptions), and the walk over
// every transform reference of a pipeline that the validator and `verify` share.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "amf/finding.h"
#include "amf/model.h"

namespace aceslab::amf::detail {

enum class RefKind { input, look, output, part, working_space };

// Calls `visit` for the stage itself and for each nested reference (RRT/ODT, inverse forms,
// CDL working-space transforms) with a label such as "look 2" or "output outputDeviceTransform".
void for_each_reference(const Pipeline& pipeline,
                        const std::function<void(const Reference&, const std::string& label, RefKind kind)>& visit);

// Appends the model-only findings for `amf` (read from `path`).
void check_semantics(const Amf& amf, const std::string& path, std::vector<Finding>& findings);

// The first value of `cdl` the ASC CDL forbids, in words ("red power -1 is not positive"), or
// empty: slope >= 0, power > 0 and saturation >= 0, all finite.
std::string cdl_value_problem(const Cdl& cdl);

// Seconds since 1970 (UTC) of an xs:dateTime ("2026-03-26T19:19:49Z", "...-07:00", no zone =
// UTC); false if it does not parse.
bool parse_date_time(const std::string& text, double& seconds);

}  // namespace aceslab::amf::detail
