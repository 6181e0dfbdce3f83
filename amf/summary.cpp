// SPDX-License-Identifier: Apache-2.0
#include "amf/summary.h"

#include <sstream>

#include "amf/hash.h"
#include "amf/paths.h"
#include "pipeline/transform_registry.h"

namespace aceslab::amf {
namespace fs = std::filesystem;
namespace {

std::string id_in_words(const std::string& id) {
  std::string out = id;
  try {
    const auto& registry = aces::TransformRegistry::shipped();
    if (const auto* entry = registry.find_any(id)) {
      if (!entry->user_name.empty()) out.append(" (").append(entry->user_name).append(")");
    } else {
      out.append(" (not in the ACES registry)");
    }
  } catch (const std::exception&) {
    // Registry unavailable: the id alone still says what the stage is.
  }
  return out;
}

std::string triplet(const std::array<double, 3>& v) {
  std::ostringstream s;
  s << v[0] << " " << v[1] << " " << v[2];
  return s.str();
}

// File state in words, filling the summary's file fields.
std::string file_in_words(const fs::path& amf_path, const Reference& ref, bool allow_outside, StageSummary& s) {
  s.file = ref.file;
  const ResolvedReference r = check_reference(amf_path, ref.file);
  std::string out = r.decoded.empty() ? ref.file : r.decoded;
  const bool outside = r.problem == ReferenceProblem::absolute || r.problem == ReferenceProblem::escapes;
  if (r.problem != ReferenceProblem::none && !(outside && allow_outside && !r.path.empty())) {
    out.append(" [REFUSED: ").append(reference_problem_text(r.problem)).append("]");
    s.hash_status = hash_status_name(HashStatus::refused_path);
    return out;
  }
  s.resolved = r.path;
  std::error_code ec;
  s.file_present = fs::is_regular_file(r.path, ec);
  if (!s.file_present) {
    out.append(" [MISSING]");
    s.hash_status = hash_status_name(HashStatus::missing_file);
    return out;
  }
  if (!ref.hash) {
    s.hash_status = hash_status_name(HashStatus::no_hash);
    out.append(" [present, no hash]");
    return out;
  }
  const auto decoded = decode_hash_value(ref.hash->value, ref.hash->algorithm);
  if (!decoded) {
    s.hash_status = hash_status_name(HashStatus::malformed_hash);
    out.append(" [present, hash malformed]");
  } else if (digest_file(r.path, ref.hash->algorithm) == decoded->digest) {
    s.hash_status = hash_status_name(HashStatus::match);
    out.append(" [present, ").append(hash_algorithm_name(ref.hash->algorithm)).append(" ok]");
  } else {
    s.hash_status = hash_status_name(HashStatus::mismatch);
    out.append(" [present, ").append(hash_algorithm_name(ref.hash->algorithm)).append(" MISMATCH]");
  }
  return out;
}

std::string reference_in_words(const fs::path& amf_path, const Reference& ref, bool allow_outside, StageSummary& s) {
  if (ref.by_transform_id()) {
    s.kind = "transformId";
    s.transform_id = ref.transform_id;
    return id_in_words(ref.transform_id);
  }
  if (ref.by_file()) {
    s.kind = "file";
    return "file " + file_in_words(amf_path, ref, allow_outside, s);
  }
  if (ref.by_uuid()) {
    s.kind = "uuid";
    return "transform with uuid " + ref.uuid + " (resolved by the receiving system)";
  }
  return "(names no transform)";
}

StageSummary summarize(const fs::path& amf_path, const TransformRef& t, const std::string& role, bool allow_outside) {
  StageSummary s;
  s.role = role;
  s.applied = t.applied;
  s.description = t.description;
  s.line = t.line;
  if (t.cdl) {
    s.kind = "cdl";
    const Cdl& c = *t.cdl;
    std::ostringstream text;
    text << "ASC CDL slope (" << triplet(c.slope) << ") offset (" << triplet(c.offset) << ") power ("
         << triplet(c.power) << ") saturation " << c.saturation;
    s.text = text.str();
  } else if (!t.cdl_ref.empty()) {
    s.kind = "cdl-ref";
    StageSummary file_state;
    s.text = "ASC CDL \"" + t.cdl_ref + "\" from " + file_in_words(amf_path, t, allow_outside, file_state);
    s.file = file_state.file;
    s.resolved = file_state.resolved;
    s.file_present = file_state.file_present;
    s.hash_status = file_state.hash_status;
  } else if (t.reference_rendering && t.output_device) {
    s.kind = "rrt+odt";
    StageSummary a, b;
    s.text = "ACES 1.x RRT + ODT";
    s.details.push_back("RRT " + reference_in_words(amf_path, *t.reference_rendering, allow_outside, a));
    s.details.push_back("ODT " + reference_in_words(amf_path, *t.output_device, allow_outside, b));
    s.transform_id = b.transform_id;
  } else if (t.inverse_output) {
    s.kind = "inverse-output";
    StageSummary a;
    s.text = "inverse output transform " + reference_in_words(amf_path, *t.inverse_output, allow_outside, a);
    s.transform_id = a.transform_id;
  } else if (t.inverse_output_device && t.inverse_reference_rendering) {
    s.kind = "inverse-odt+rrt";
    StageSummary a, b;
    s.text = "ACES 1.x inverse ODT + inverse RRT";
    s.details.push_back("inverse ODT " + reference_in_words(amf_path, *t.inverse_output_device, allow_outside, a));
    s.details.push_back("inverse RRT " + reference_in_words(amf_path, *t.inverse_reference_rendering, allow_outside, b));
  } else {
    s.text = reference_in_words(amf_path, t, allow_outside, s);
  }
  if (t.cdl_working_space) {
    StageSummary a, b;
    if (t.cdl_working_space->to) {
      s.details.push_back("into working space: " + reference_in_words(amf_path, *t.cdl_working_space->to, allow_outside, a));
    }
    if (t.cdl_working_space->from) {
      s.details.push_back("back to ACES: " + reference_in_words(amf_path, *t.cdl_working_space->from, allow_outside, b));
    }
  } else if (t.is_cdl()) {
    s.details.push_back("no cdlWorkingSpace: the space the CDL applies in is unknown");
  }
  return s;
}

}  // namespace

std::vector<StageSummary> summarize_pipeline(const fs::path& amf_path, const Pipeline& p, bool allow_outside) {
  std::vector<StageSummary> out;
  auto marker = [&](std::size_t looks_before) {
    for (std::size_t i = 0; i < p.working_locations.size(); ++i) {
      if (p.working_locations[i] != looks_before) continue;
      StageSummary s;
      s.role = "working location";
      s.kind = "marker";
      s.text = "VFX / grading work happens here";
      s.line = p.working_location_lines.size() > i ? p.working_location_lines[i] : 0;
      out.push_back(s);
    }
  };
  if (p.input) out.push_back(summarize(amf_path, *p.input, "input", allow_outside));
  for (std::size_t i = 0; i < p.looks.size(); ++i) {
    marker(i);
    out.push_back(summarize(amf_path, p.looks[i], "look " + std::to_string(i + 1), allow_outside));
  }
  marker(p.looks.size());
  if (p.output) out.push_back(summarize(amf_path, *p.output, "output", allow_outside));
  return out;
}

}  // namespace aceslab::amf
