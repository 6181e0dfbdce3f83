// SPDX-License-Identifier: Apache-2.0
#include "amf/rules.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <regex>
#include <sstream>

#include "pipeline/transform_registry.h"

namespace aceslab::amf::detail {
namespace {

// Recommended ASC CDL ranges beyond which a value is reported as extreme (a warning, not an
// error): the limits of common grading-panel software; the same thresholds the open-source
// aces-amf-lib validator uses (slope/power <= 5, |offset| <= 5, saturation <= 2).
constexpr double kCdlSlopeMax = 5.0;
constexpr double kCdlOffsetLimit = 5.0;
constexpr double kCdlPowerMax = 5.0;
constexpr double kCdlSaturationMax = 2.0;
// CDL values are written with a handful of decimals; 1e-6 separates "identity" from a real trim.
constexpr double kCdlIdentityTolerance = 1e-6;

constexpr std::string_view kAcesUrnPrefix = "urn:ampas:aces:transformId:";

void add(std::vector<Finding>& out, const std::string& path, Severity severity, const char* id, const char* name,
         const std::string& message, int line, const std::string& element) {
  out.push_back({id, name, severity, message, Location(path, line, element)});
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The ACES major versions a transformId names, from the id itself. Its URN version field decides
// ("v1.5" -> 1, "v2.0" -> 2); unprefixed legacy ids have only their ".aN." tag. An id whose tag names
// another version than its URN ("v2.0:Input.ARRI.Alexa-v3-logC-EI800.a1.v2") names both, unless
// the registry lists it: the ACES 2.0 registry adopted a few vendor CSCs with ".a1." tags. The
// registry only ever vouches for an id; an id it does not know is judged by what it says.
struct IdMajors {
  int major = 0;  // 0: the id names no ACES version
  int tag = 0;    // the tag's major when it differs from `major` (an unregistered, self-contradicting id)
};

constexpr int kNoSuchMajor = 999;

IdMajors id_majors(const std::string& id) {
  IdMajors m;
  static const std::regex tag(R"(\.a([0-9]+)\.)");
  std::smatch match;
  // A tag too long for an int (".a1222...2.", as a mangled file may carry) names no version that
  // exists: kNoSuchMajor, so the checks flag it instead of the parse throwing.
  int by_tag = 0;
  if (std::regex_search(id, match, tag)) {
    const std::string digits = match[1].str();
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), by_tag);
    if (ec != std::errc() || end != digits.data() + digits.size()) by_tag = kNoSuchMajor;
  }
  const int by_prefix = id.rfind(kAcesUrnPrefix, 0) == 0 ? aces::aces_major_of_id(id) : 0;
  m.major = by_prefix != 0 ? by_prefix : by_tag;
  if (by_prefix != 0 && by_tag != 0 && by_tag != by_prefix && !aces::TransformRegistry::shipped().find(id)) {
    m.tag = by_tag;
  }
  return m;
}

bool is_working_space_csc_name(const std::string& id) {
  return id.find("ACEScct") != std::string::npos || id.find("ACEScc") != std::string::npos ||
         id.find("ACEScg") != std::string::npos;
}

// "ACES_to_ACEScct" -> {"ACES", "ACEScct"}; empty if the id has no "_to_" part.
std::pair<std::string, std::string> conversion_ends(const std::string& id) {
  static const std::regex pattern(R"(([A-Za-z0-9\-]+)_to_([A-Za-z0-9\-]+))");
  std::smatch m;
  if (std::regex_search(id, m, pattern)) return {m[1].str(), m[2].str()};
  return {};
}

std::string describe(const TransformRef& t, const std::string& label) {
  if (!t.description.empty()) return label + " \"" + t.description + "\"";
  return label;
}

void check_cdl(const TransformRef& t, const std::string& label, const std::string& path, std::vector<Finding>& out) {
  const Cdl& c = *t.cdl;
  const int line = c.line ? c.line : t.line;
  const std::string who = describe(t, label);
  const char* channel[3] = {"red", "green", "blue"};
  auto num = [](double v) {
    std::ostringstream s;
    s << v;
    return s.str();
  };
  for (int i = 0; i < 3; ++i) {
    if (c.slope[i] < 0.0) {
      add(out, path, Severity::error, "AMF-E041", "cdl-value-invalid",
          who + ": " + channel[i] + " slope " + num(c.slope[i]) + " is negative (ASC CDL requires slope >= 0)", line, "Slope");
    } else if (c.slope[i] > kCdlSlopeMax) {
      add(out, path, Severity::warning, "AMF-W030", "cdl-value-extreme",
          who + ": " + channel[i] + " slope " + num(c.slope[i]) + " exceeds the usual range 0.." + num(kCdlSlopeMax), line, "Slope");
    }
    if (std::abs(c.offset[i]) > kCdlOffsetLimit) {
      add(out, path, Severity::warning, "AMF-W030", "cdl-value-extreme",
          who + ": " + channel[i] + " offset " + num(c.offset[i]) + " is outside the usual range +-" + num(kCdlOffsetLimit), line, "Offset");
    }
    if (c.power[i] <= 0.0) {
      add(out, path, Severity::error, "AMF-E041", "cdl-value-invalid",
          who + ": " + channel[i] + " power " + num(c.power[i]) + " is not positive (ASC CDL requires power > 0)", line, "Power");
    } else if (c.power[i] > kCdlPowerMax) {
      add(out, path, Severity::warning, "AMF-W030", "cdl-value-extreme",
          who + ": " + channel[i] + " power " + num(c.power[i]) + " exceeds the usual range 0.." + num(kCdlPowerMax), line, "Power");
    }
  }
  if (c.saturation < 0.0) {
    add(out, path, Severity::error, "AMF-E041", "cdl-value-invalid",
        who + ": saturation " + num(c.saturation) + " is negative (ASC CDL requires saturation >= 0)", line, "Saturation");
  } else if (c.saturation > kCdlSaturationMax) {
    add(out, path, Severity::warning, "AMF-W030", "cdl-value-extreme",
        who + ": saturation " + num(c.saturation) + " exceeds the usual range 0.." + num(kCdlSaturationMax), line, "Saturation");
  }
  bool identity = std::abs(c.saturation - 1.0) < kCdlIdentityTolerance;
  for (int i = 0; i < 3; ++i) {
    identity = identity && std::abs(c.slope[i] - 1.0) < kCdlIdentityTolerance &&
               std::abs(c.offset[i]) < kCdlIdentityTolerance && std::abs(c.power[i] - 1.0) < kCdlIdentityTolerance;
  }
  if (identity) {
    add(out, path, Severity::warning, "AMF-W031", "cdl-identity", who + ": the CDL is an identity (it has no effect)",
        line, "lookTransform");
  }
}

void check_working_space(const TransformRef& t, const std::string& label, const std::string& path,
                         std::vector<Finding>& out) {
  const std::string who = describe(t, label);
  if (!t.cdl_working_space) {
    add(out, path, Severity::error, "AMF-E040", "cdl-working-space-missing",
        who + ": a CDL needs a cdlWorkingSpace saying which space its values apply in", t.line, "lookTransform");
    return;
  }
  const CdlWorkingSpace& ws = *t.cdl_working_space;
  if (!ws.from) {
    add(out, path, Severity::error, "AMF-E040", "cdl-working-space-missing",
        who + ": cdlWorkingSpace has no fromCdlWorkingSpace (required)", ws.line, "cdlWorkingSpace");
    return;
  }
  if (!ws.to || ws.to->transform_id.empty() || ws.from->transform_id.empty()) return;
  const std::string& to = ws.to->transform_id;
  const std::string& from = ws.from->transform_id;
  bool mismatch = false;
  const auto& registry = aces::TransformRegistry::shipped();
  if (const auto* entry = registry.find(to); entry && !entry->inverse_id.empty() && registry.find(from)) {
    mismatch = entry->inverse_id != from;
  } else {
    const auto a = conversion_ends(to);
    const auto b = conversion_ends(from);
    if (!a.first.empty() && !b.first.empty()) mismatch = a.first != b.second || a.second != b.first;
  }
  if (mismatch) {
    add(out, path, Severity::error, "AMF-E042", "cdl-working-space-mismatch",
        who + ": fromCdlWorkingSpace " + from + " is not the inverse of toCdlWorkingSpace " + to, ws.from->id_line,
        "fromCdlWorkingSpace");
  }
}

void check_versions(const Pipeline& p, const std::string& path, std::vector<Finding>& out) {
  const int system_major = p.info.system_version ? p.info.system_version->major : 0;
  if (!p.info.system_version) {
    add(out, path, Severity::error, "AMF-E022", "system-version-missing",
        "pipelineInfo has no systemVersion: the ACES version the pipeline was built for is unknown", p.info.line,
        "pipelineInfo");
  }
  int seen[3] = {0, 0, 0};  // count of ids per major (index 1, 2)
  int first_line[3] = {0, 0, 0};
  for_each_reference(p, [&](const Reference& ref, const std::string& label, RefKind kind) {
    if (ref.transform_id.empty()) return;
    const IdMajors majors = id_majors(ref.transform_id);
    // A self-contradicting id is judged by the version that disagrees with the pipeline.
    const int major = (majors.tag != 0 && majors.major == system_major) ? majors.tag : majors.major;
    if (major != 1 && major != 2) return;
    const bool working_space = kind == RefKind::working_space;
    if (system_major == 1 || system_major == 2) {
      if (major != system_major) {
        if (working_space && major == 1 && system_major == 2 && is_working_space_csc_name(ref.transform_id)) {
          add(out, path, Severity::warning, "AMF-W013", "working-space-aces1-csc",
              label + ": ACES 1.x working-space conversion " + ref.transform_id +
                  " in an ACES 2 pipeline (the ACEScc/ACEScct encodings are unchanged in ACES 2; prefer the v2.0 id)",
              ref.id_line, "transformId");
        } else {
          std::string what = " is an ACES " + std::to_string(major) + ".x transform";
          if (majors.tag != 0) {
            what = " names ACES " + std::to_string(majors.major) + " in its URN but ACES " + std::to_string(majors.tag) +
                   " in its version tag (and the registry does not list it)";
          }
          add(out, path, Severity::error, "AMF-E020", "aces-version-mismatch",
              label + ": " + ref.transform_id + what + "; systemVersion says ACES " + std::to_string(system_major) +
                  "." + std::to_string(p.info.system_version->minor),
              ref.id_line, "transformId");
        }
      }
    } else if (!working_space) {
      ++seen[major];
      if (!first_line[major]) first_line[major] = ref.id_line;
    }
  });
  if (seen[1] > 0 && seen[2] > 0) {
    add(out, path, Severity::error, "AMF-E021", "aces-versions-mixed",
        "the pipeline mixes ACES 1.x and ACES 2.0 transforms", std::max(first_line[1], first_line[2]), "transformId");
  }
}

void check_registry(const Pipeline& p, const std::string& path, std::vector<Finding>& out) {
  const auto& registry = aces::TransformRegistry::shipped();
  for_each_reference(p, [&](const Reference& ref, const std::string& label, RefKind) {
    const std::string& id = ref.transform_id;
    if (id.empty() || registry.find(id)) return;
    if (const auto* current = registry.find_any(id)) {
      add(out, path, Severity::info, "AMF-I012", "transform-id-superseded",
          label + ": " + id + " is a previous id of " + current->transform_id, ref.id_line, "transformId");
      return;
    }
    const bool academy = id.rfind(kAcesUrnPrefix, 0) == 0;
    add(out, path, Severity::warning, "AMF-W010", "transform-id-unregistered",
        label + ": " + id +
            (academy ? " is not in the ACES transform registry (a custom or mistyped id)"
                     : " is a custom id outside the Academy's urn:ampas:aces:transformId namespace"),
        ref.id_line, "transformId");
  });
}

void check_applied_order(const Pipeline& p, const std::string& path, std::vector<Finding>& out) {
  // Input and looks: once one is not applied, none after it can be (the image cannot carry a
  // later scene-referred transform baked in without the earlier ones).
  std::vector<std::pair<const TransformRef*, std::string>> stages;
  if (p.input) stages.push_back({&*p.input, "input transform"});
  for (std::size_t i = 0; i < p.looks.size(); ++i) stages.push_back({&p.looks[i], "look " + std::to_string(i + 1)});
  const std::pair<const TransformRef*, std::string>* first_pending = nullptr;
  for (const auto& s : stages) {
    if (!s.first->applied) {
      if (!first_pending) first_pending = &s;
    } else if (first_pending) {
      add(out, path, Severity::error, "AMF-E030", "applied-order",
          describe(*s.first, s.second) + " is marked applied but comes after " + first_pending->second +
              " (line " + std::to_string(first_pending->first->line) +
              "), which is not: an image cannot have a later transform baked in without the earlier ones",
          s.first->line, "applied");
    }
  }
  // An applied output after pending looks makes those looks unusable on this (display-referred)
  // image; receipts keep such alternatives in archivedPipeline. Reported, not fatal.
  if (p.output && p.output->applied && first_pending) {
    add(out, path, Severity::warning, "AMF-W032", "applied-output-after-pending",
        describe(*p.output, "output transform") + " is marked applied but " + first_pending->second + " (line " +
            std::to_string(first_pending->first->line) + ") is not: the pending look(s) can no longer be applied to this image",
        p.output->line, "applied");
  }
}

void check_descriptions(const Pipeline& p, const std::string& path, std::vector<Finding>& out) {
  auto check = [&](const TransformRef& t, const std::string& label) {
    if (t.description.empty()) {
      add(out, path, Severity::warning, "AMF-W020", "description-missing",
          label + " has no description (readers see only an id or a file name)", t.line, "description");
    }
  };
  if (p.input) check(*p.input, "input transform");
  for (std::size_t i = 0; i < p.looks.size(); ++i) check(p.looks[i], "look " + std::to_string(i + 1));
  if (p.output) check(*p.output, "output transform");
}

void check_dates(const Info& info, const char* element, const std::string& path, std::vector<Finding>& out) {
  double created = 0.0, modified = 0.0;
  if (!parse_date_time(info.date_time.creation, created) || !parse_date_time(info.date_time.modification, modified)) {
    return;  // absent or malformed: the schema check reports it
  }
  if (created > modified) {
    add(out, path, Severity::error, "AMF-E051", "date-order",
        std::string(element) + ": creationDateTime " + info.date_time.creation + " is after modificationDateTime " +
            info.date_time.modification,
        info.line, "dateTime");
  }
}

void check_pipeline(const Pipeline& p, const std::string& path, std::vector<Finding>& out) {
  check_versions(p, path, out);
  check_registry(p, path, out);
  check_applied_order(p, path, out);
  check_descriptions(p, path, out);
  check_dates(p.info, "pipelineInfo", path, out);
  for (std::size_t i = 0; i < p.looks.size(); ++i) {
    const TransformRef& look = p.looks[i];
    const std::string label = "look " + std::to_string(i + 1);
    if (look.cdl) check_cdl(look, label, path, out);
    if (look.is_cdl()) check_working_space(look, label, path, out);
  }
  if (p.working_locations.size() > 1) {
    add(out, path, Severity::error, "AMF-E052", "working-location-repeated",
        "the pipeline has " + std::to_string(p.working_locations.size()) +
            " workingLocation markers; the working location is a single point",
        p.working_location_lines[1], "workingLocation");
  }
}

}  // namespace

void for_each_reference(const Pipeline& p,
                        const std::function<void(const Reference&, const std::string&, RefKind)>& visit) {
  auto parts = [&](const TransformRef& t, const std::string& label) {
    if (t.reference_rendering) visit(*t.reference_rendering, label + " referenceRenderingTransform", RefKind::part);
    if (t.output_device) visit(*t.output_device, label + " outputDeviceTransform", RefKind::part);
    if (t.inverse_output) visit(*t.inverse_output, label + " inverseOutputTransform", RefKind::part);
    if (t.inverse_output_device) visit(*t.inverse_output_device, label + " inverseOutputDeviceTransform", RefKind::part);
    if (t.inverse_reference_rendering) {
      visit(*t.inverse_reference_rendering, label + " inverseReferenceRenderingTransform", RefKind::part);
    }
    if (t.cdl_working_space) {
      if (t.cdl_working_space->to) visit(*t.cdl_working_space->to, label + " toCdlWorkingSpace", RefKind::working_space);
      if (t.cdl_working_space->from) {
        visit(*t.cdl_working_space->from, label + " fromCdlWorkingSpace", RefKind::working_space);
      }
    }
  };
  if (p.input) {
    visit(*p.input, "input transform", RefKind::input);
    parts(*p.input, "input transform");
  }
  for (std::size_t i = 0; i < p.looks.size(); ++i) {
    const std::string label = "look " + std::to_string(i + 1);
    visit(p.looks[i], label, RefKind::look);
    parts(p.looks[i], label);
  }
  if (p.output) {
    visit(*p.output, "output transform", RefKind::output);
    parts(*p.output, "output transform");
  }
}

std::string cdl_value_problem(const Cdl& c) {
  const char* channel[3] = {"red", "green", "blue"};
  auto num = [](double v) {
    std::ostringstream s;
    s << v;
    return s.str();
  };
  for (int i = 0; i < 3; ++i) {
    if (!(c.slope[i] >= 0.0) || !std::isfinite(c.slope[i])) {
      return std::string(channel[i]) + " slope " + num(c.slope[i]) + " is not a finite number >= 0";
    }
    if (!std::isfinite(c.offset[i])) return std::string(channel[i]) + " offset " + num(c.offset[i]) + " is not finite";
    if (!(c.power[i] > 0.0) || !std::isfinite(c.power[i])) {
      return std::string(channel[i]) + " power " + num(c.power[i]) + " is not a finite number > 0";
    }
  }
  if (!(c.saturation >= 0.0) || !std::isfinite(c.saturation)) {
    return "saturation " + num(c.saturation) + " is not a finite number >= 0";
  }
  return {};
}

bool parse_date_time(const std::string& text, double& seconds) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  double second = 0.0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%n", &year, &month, &day, &hour, &minute, &second,
                  &consumed) != 6) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second >= 61.0) return false;
  double offset = 0.0;
  const std::string zone = text.substr(static_cast<std::size_t>(consumed));
  if (!zone.empty() && zone != "Z") {
    int zh = 0, zm = 0;
    char sign = 0;
    if (std::sscanf(zone.c_str(), "%c%2d:%2d", &sign, &zh, &zm) != 3 || (sign != '+' && sign != '-')) return false;
    offset = (sign == '+' ? 1.0 : -1.0) * (zh * 3600.0 + zm * 60.0);
  }
  // Days from civil (proleptic Gregorian), H. Hinnant's algorithm.
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const double days = static_cast<double>(era) * 146097.0 + doe - 719468.0;
  seconds = days * 86400.0 + hour * 3600.0 + minute * 60.0 + second - offset;
  return true;
}

void check_semantics(const Amf& amf, const std::string& path, std::vector<Finding>& out) {
  if (amf.info.authors.empty()) {
    add(out, path, Severity::warning, "AMF-W021", "author-missing",
        "amfInfo names no author: nobody to ask about this AMF", amf.info.line, "amfInfo");
  }
  check_dates(amf.info, "amfInfo", path, out);
  check_pipeline(amf.pipeline, path, out);
  for (const auto& archived : amf.archived_pipelines) check_pipeline(archived, path, out);

  // uuids must be unique within the file (RFC 4122 comparison is case-insensitive).
  std::map<std::string, int> first_seen;
  auto note_uuid = [&](const std::string& uuid, int line, const std::string& element) {
    if (uuid.empty()) return;
    const auto [it, inserted] = first_seen.emplace(lower(uuid), line);
    if (!inserted) {
      add(out, path, Severity::error, "AMF-E050", "uuid-duplicate",
          uuid + " is used again (first on line " + std::to_string(it->second) + ")", line, element);
    }
  };
  note_uuid(amf.info.uuid, amf.info.line, "amfInfo");
  if (amf.clip) note_uuid(amf.clip->uuid, amf.clip->line, "clipId");
  auto pipeline_uuids = [&](const Pipeline& p) {
    note_uuid(p.info.uuid, p.info.line, "pipelineInfo");
    for_each_reference(p, [&](const Reference& ref, const std::string&, RefKind) {
      note_uuid(ref.uuid, ref.id_line, "uuid");
    });
  };
  pipeline_uuids(amf.pipeline);
  for (const auto& archived : amf.archived_pipelines) pipeline_uuids(archived);
}

}  // namespace aceslab::amf::detail
