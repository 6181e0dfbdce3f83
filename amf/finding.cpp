// SPDX-License-Identifier: Apache-2.0
#include "amf/finding.h"

namespace aceslab::amf {

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "error";
}

std::string format_finding(const Finding& finding) {
  std::string out;
  if (!finding.location.path.empty()) {
    out.append(finding.location.path);
    if (finding.location.line > 0) out.append(":").append(std::to_string(finding.location.line));
    out.append(": ");
  }
  out.append(severity_name(finding.severity)).append(": ");
  out.append(finding.id).append(" ").append(finding.name).append(": ");
  if (!finding.location.element.empty()) out.append("<").append(finding.location.element).append("> ");
  out.append(finding.message);
  return out;
}

}  // namespace aceslab::amf
