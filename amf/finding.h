// SPDX-License-Identifier: Apache-2.0
// Findings about an AMF: what the reader tolerated and what the validator found. Each has a stable
// id ("AMF-E012") and a short name ("hash-mismatch") that scripts may rely on, a severity, a
// message and a location (file, line, element). The catalogue of ids lives in validator.h.
#pragma once

#include <string>
#include <vector>

#include "color/error.h"

namespace aceslab::amf {

enum class Severity { info, warning, error };

const char* severity_name(Severity severity);  // "info", "warning", "error"

struct Finding {
  std::string id;    // "AMF-E012"
  std::string name;  // "hash-mismatch"
  Severity severity = Severity::error;
  std::string message;
  Location location;
};

// "file.amf:17: error: AMF-E012 hash-mismatch: message"
std::string format_finding(const Finding& finding);

}  // namespace aceslab::amf
