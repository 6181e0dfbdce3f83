// SPDX-License-Identifier: Apache-2.0
// `aceslab amf create|inspect|validate|verify`: ACES Metadata Files from the command line, thin
// over the amf library (amf/amf.h).
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "aces2/output_presets.h"
#include "amf/amf.h"
#include "amf/rules.h"
#include "cli/cli.h"
#include "color/error.h"
#include "color/input_file.h"
#include "color/text.h"
#include "pipeline/transform_registry.h"

namespace aceslab::cli {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

json finding_json(const amf::Finding& f) {
  return {{"id", f.id},
          {"name", f.name},
          {"severity", amf::severity_name(f.severity)},
          {"message", f.message},
          {"path", f.location.path},
          {"line", f.location.line},
          {"element", f.location.element}};
}

// "aceslab: shot.amf:12: warning: AMF-W001 ...": the finding's own severity, once; warnings and
// notes are silenced by -q, errors are not.
void print_finding(const amf::Finding& f) {
  if (f.severity != amf::Severity::error && quiet()) return;
  std::cerr << "aceslab: " << to_valid_utf8(amf::format_finding(f)) << '\n';
}

const char* version_text(amf::AmfVersion v) { return v == amf::AmfVersion::v1_0 ? "1.0" : "2.0"; }

// ---- validate -------------------------------------------------------------------------------

struct ValidateArgs {
  std::string file;
  bool json = false;
  bool no_schema = false;
  bool no_files = false;
  bool allow_outside = false;
};

void run_validate(const ValidateArgs& a) {
  amf::ValidateOptions options;
  options.schema = !a.no_schema;
  options.check_files = !a.no_files;
  options.allow_outside = a.allow_outside;
  const amf::ValidationReport report = amf::validate_amf(a.file, options);
  const auto errors = report.count(amf::Severity::error);
  if (a.json) {
    json doc{{"command", "amf validate"},
             {"path", a.file},
             {"amf_version", report.version ? json(version_text(*report.version)) : json(nullptr)},
             {"valid", errors == 0},
             {"errors", errors},
             {"warnings", report.count(amf::Severity::warning)},
             {"infos", report.count(amf::Severity::info)},
             {"findings", json::array()}};
    for (const auto& f : report.findings) doc["findings"].push_back(finding_json(f));
    print_json(std::move(doc));
  } else {
    for (const auto& f : report.findings) std::cout << amf::format_finding(f) << '\n';
    std::cout << a.file << ": " << (errors == 0 ? "valid" : "INVALID") << " (" << errors << " error(s), "
              << report.count(amf::Severity::warning) << " warning(s), " << report.count(amf::Severity::info)
              << " note(s))\n";
  }
  if (errors > 0) set_exit_code(kExitFailure);
}

// ---- verify ---------------------------------------------------------------------------------

struct VerifyArgs {
  std::string file;
  bool json = false;
  bool allow_outside = false;
  bool require_hashes = false;
};

void run_verify(const VerifyArgs& a) {
  std::vector<amf::Finding> warnings;
  const amf::Amf doc = amf::read_amf(a.file, &warnings);
  const auto checks = amf::verify_hashes(a.file, doc, a.allow_outside);
  bool failed = false;
  for (const auto& c : checks) {
    switch (c.status) {
      case amf::HashStatus::match: break;
      case amf::HashStatus::no_hash: failed = failed || a.require_hashes; break;
      default: failed = true;
    }
  }
  if (a.json) {
    json doc_json{{"command", "amf verify"}, {"path", a.file}, {"ok", !failed}, {"files", json::array()}};
    for (const auto& c : checks) {
      doc_json["files"].push_back({{"role", c.role},
                                   {"file", c.file},
                                   {"resolved", c.resolved.string()},
                                   {"line", c.line},
                                   {"status", amf::hash_status_name(c.status)},
                                   {"algorithm", c.algorithm},
                                   {"expected_hex", c.expected},
                                   {"actual_hex", c.actual}});
    }
    print_json(std::move(doc_json));
  } else {
    for (const auto& c : checks) {
      std::cout << a.file << ':' << c.line << ": " << c.role << ": " << c.file << ": " << amf::hash_status_name(c.status);
      if (!c.algorithm.empty()) std::cout << " (" << c.algorithm << ")";
      if (c.algorithm == "md5" || c.algorithm == "sha1") std::cout << " [weak digest: re-hash with SHA-256]";
      if (c.status == amf::HashStatus::mismatch) std::cout << " expected " << c.expected << " got " << c.actual;
      std::cout << '\n';
    }
    if (checks.empty()) std::cout << a.file << ": no file references to verify\n";
    std::cout << a.file << ": " << (failed ? "FAILED" : "ok") << '\n';
  }
  if (failed) set_exit_code(kExitFailure);
}

// ---- inspect --------------------------------------------------------------------------------

struct InspectArgs {
  std::string file;
  bool json = false;
  bool allow_outside = false;
};

std::string system_version_text(const amf::PipelineInfo& info) {
  if (!info.system_version) return "unknown";
  std::ostringstream s;
  s << info.system_version->major << '.' << info.system_version->minor << '.' << info.system_version->patch;
  return s.str();
}

json stage_json(const amf::StageSummary& s) {
  return {{"role", s.role},         {"applied", s.applied},           {"kind", s.kind},
          {"description", s.description}, {"text", s.text},           {"details", s.details},
          {"transform_id", s.transform_id}, {"file", s.file},         {"resolved", s.resolved.string()},
          {"file_present", s.file_present}, {"hash_status", s.hash_status}, {"line", s.line}};
}

void print_pipeline_text(const char* title, const amf::Pipeline& p, const std::vector<amf::StageSummary>& stages) {
  std::cout << title << ": ACES " << system_version_text(p.info);
  if (!p.info.description.empty()) std::cout << " - " << p.info.description;
  std::cout << '\n';
  int n = 0;
  for (const auto& s : stages) {
    if (s.kind == "marker") {
      std::cout << "     -- working location: " << s.text << " --\n";
      continue;
    }
    std::cout << "  " << ++n << ". " << s.role << (s.applied ? " [already applied]" : " [to apply]") << ": " << s.text
              << '\n';
    if (!s.description.empty()) std::cout << "       \"" << s.description << "\"\n";
    for (const auto& d : s.details) std::cout << "       " << d << '\n';
  }
  if (stages.empty()) std::cout << "  (no transforms)\n";
}

void run_inspect(const InspectArgs& a) {
  std::vector<amf::Finding> warnings;
  const amf::Amf doc = amf::read_amf(a.file, &warnings);
  const auto stages = amf::summarize_pipeline(a.file, doc.pipeline, a.allow_outside);
  if (a.json) {
    json j{{"command", "amf inspect"},
           {"path", a.file},
           {"amf_version", version_text(doc.version)},
           {"description", doc.info.description},
           {"uuid", doc.info.uuid},
           {"created", doc.info.date_time.creation},
           {"modified", doc.info.date_time.modification},
           {"authors", json::array()},
           {"system_version", system_version_text(doc.pipeline.info)},
           {"stages", json::array()},
           {"archived_pipelines", doc.archived_pipelines.size()},
           {"warnings", json::array()}};
    for (const auto& au : doc.info.authors) j["authors"].push_back({{"name", au.name}, {"email", au.email}});
    if (doc.clip) {
      j["clip"] = {{"name", doc.clip->clip_name}, {"file", doc.clip->file}, {"uuid", doc.clip->uuid}};
      if (doc.clip->sequence) j["clip"]["sequence"] = doc.clip->sequence->pattern;
    }
    for (const auto& s : stages) j["stages"].push_back(stage_json(s));
    for (const auto& w : warnings) j["warnings"].push_back(finding_json(w));
    print_json(std::move(j));
    return;
  }
  std::cout << "AMF " << version_text(doc.version) << "  " << a.file << '\n';
  if (!doc.info.description.empty()) std::cout << "  description: " << doc.info.description << '\n';
  for (const auto& au : doc.info.authors) std::cout << "  author: " << au.name << " <" << au.email << ">\n";
  if (!doc.info.date_time.creation.empty()) {
    std::cout << "  created " << doc.info.date_time.creation << ", modified " << doc.info.date_time.modification << '\n';
  }
  if (doc.clip) {
    std::cout << "  clip: " << doc.clip->clip_name;
    if (doc.clip->sequence) std::cout << " (frames " << doc.clip->sequence->pattern << ")";
    else if (!doc.clip->file.empty()) std::cout << " (file " << doc.clip->file << ")";
    std::cout << '\n';
  }
  print_pipeline_text("pipeline", doc.pipeline, stages);
  for (std::size_t i = 0; i < doc.archived_pipelines.size(); ++i) {
    const std::string title = "archived pipeline " + std::to_string(i + 1);
    print_pipeline_text(title.c_str(), doc.archived_pipelines[i],
                        amf::summarize_pipeline(a.file, doc.archived_pipelines[i], a.allow_outside));
  }
  for (const auto& w : warnings) {
    if (w.severity != amf::Severity::info) print_finding(w);
  }
}

// ---- create ---------------------------------------------------------------------------------

struct CreateArgs {
  std::string output;
  std::string from_json;
  std::string input_id;
  std::string input_clf;
  std::vector<std::string> looks;
  std::string output_transform;
  std::string clip_name;
  std::string clip_file;
  std::string description;
  std::vector<std::string> authors;
  std::string system_version = "2.0.0";
  bool allow_outside = false;
  Overwrite* overwrite = nullptr;
};

Error usage_error(const std::string& message, const std::string& element = {}) {
  return Error(ErrorKind::usage, message, Location({}, 0, element));
}

// Full Output URN for an id or alias: the output-preset table when it knows it, else a registered
// id as given.
std::string resolve_output_id(const std::string& value) {
  try {
    return aces::find_output_preset(value).transform_id;
  } catch (const Error&) {
    if (aces::TransformRegistry::shipped().find(value)) return value;
    throw usage_error("unknown output transform \"" + value + "\" (see 'aceslab list output-transforms')",
                      "output-transform");
  }
}

amf::Cdl parse_cdl_values(const std::vector<double>& v, const std::string& where) {
  if (v.size() != 10) {
    throw usage_error(where + ": a CDL needs 10 numbers: slope r g b, offset r g b, power r g b, saturation");
  }
  amf::Cdl c;
  c.slope = {v[0], v[1], v[2]};
  c.offset = {v[3], v[4], v[5]};
  c.power = {v[6], v[7], v[8]};
  c.saturation = v[9];
  // Refused before anything is written (the AMF would not validate).
  if (const std::string problem = amf::detail::cdl_value_problem(c); !problem.empty()) {
    throw usage_error(where + ": the CDL " + problem);
  }
  return c;
}

// --look VALUE: "cdl:s,s,s,o,o,o,p,p,p,sat", a Look transformId (urn:...), or a CLF path.
amf::TransformRef look_from_flag(const std::string& value, const fs::path& amf_path, bool allow_outside) {
  if (value.rfind("cdl:", 0) == 0) {
    std::vector<double> numbers;
    std::stringstream in(value.substr(4));
    std::string item;
    while (std::getline(in, item, ',')) {
      try {
        std::size_t used = 0;
        numbers.push_back(std::stod(item, &used));
        if (used != item.size()) throw std::invalid_argument(item);
      } catch (const std::exception&) {
        throw usage_error("--look " + value + ": \"" + item + "\" is not a number", "look");
      }
    }
    return amf::cdl_look_in_acescct(parse_cdl_values(numbers, "--look " + value));
  }
  if (value.rfind("urn:", 0) == 0) return amf::look_by_id(value);
  if (!fs::is_regular_file(value)) throw Error(ErrorKind::io, "look file not found", {value, 0, "look"});
  return amf::file_reference(amf_path, value, false, allow_outside);
}

amf::Author parse_author(const std::string& text) {
  const auto lt = text.find('<');
  const auto gt = text.find('>', lt == std::string::npos ? 0 : lt);
  if (lt == std::string::npos || gt == std::string::npos) {
    throw usage_error("--author \"" + text + "\": expected \"Name <email@host>\"", "author");
  }
  std::string name = text.substr(0, lt);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  return {name, text.substr(lt + 1, gt - lt - 1)};
}

amf::SystemVersion parse_system_version(const std::string& text) {
  amf::SystemVersion v{};
  char dot1 = 0, dot2 = 0;
  std::istringstream in(text);
  if (!(in >> v.major >> dot1 >> v.minor >> dot2 >> v.patch) || dot1 != '.' || dot2 != '.' || v.major < 0 ||
      v.major > 9 || v.minor < 0 || v.minor > 9 || v.patch < 0 || v.patch > 9) {
    throw usage_error("system version \"" + text + "\": expected MAJOR.MINOR.PATCH with single digits", "system-version");
  }
  return v;
}

std::vector<double> json_numbers(const json& j, const std::string& pointer) {
  if (!j.is_array()) throw Error(ErrorKind::invalid_input, "expected an array of numbers", {{}, 0, pointer});
  std::vector<double> out;
  for (const auto& x : j) {
    if (!x.is_number()) throw Error(ErrorKind::invalid_input, "expected a number", {{}, 0, pointer});
    out.push_back(x.get<double>());
  }
  return out;
}

// The JSON recipe (paths relative to the JSON file's folder):
// {"description", "authors":[{"name","email"}], "clip":{"name","file"}, "system_version":"2.0.0",
//  "input":{"transform_id"|"file"}, "looks":[{"file"}|{"transform_id"}|{"cdl":{"slope":[3],
//  "offset":[3],"power":[3],"saturation":x}}], "output":{"transform_id"|"alias"}}
amf::Amf amf_from_json(const fs::path& json_path, const fs::path& amf_path, bool allow_outside) {
  constexpr std::uintmax_t kMaxJsonBytes = 16u << 20;  // a description is a few kB
  const std::string text = read_input_file(json_path, kMaxJsonBytes, "the JSON description");
  const fs::path base = json_path.parent_path();
  amf::Amf doc;
  try {
    const json j = json::parse(text);
    doc.info.description = j.value("description", "");
    for (const auto& au : j.value("authors", json::array())) {
      doc.info.authors.push_back({au.at("name").get<std::string>(), au.at("email").get<std::string>()});
    }
    if (j.contains("clip")) {
      doc.clip = amf::ClipId{};
      doc.clip->clip_name = j["clip"].at("name").get<std::string>();
      doc.clip->file = amf::percent_encode_path(j["clip"].value("file", doc.clip->clip_name));
    }
    doc.pipeline.info.system_version = parse_system_version(j.value("system_version", "2.0.0"));
    if (j.contains("input")) {
      const auto& i = j["input"];
      if (i.contains("file")) doc.pipeline.input = amf::file_reference(amf_path, base / i["file"].get<std::string>(), false, allow_outside);
      else doc.pipeline.input = amf::input_by_id(i.at("transform_id").get<std::string>());
      doc.pipeline.input->applied = i.value("applied", false);
      if (i.contains("description")) doc.pipeline.input->description = i["description"].get<std::string>();
    }
    const json looks = j.value("looks", json::array());
    for (std::size_t n = 0; n < looks.size(); ++n) {
      const auto& l = looks[n];
      const std::string pointer = "/looks/" + std::to_string(n);
      amf::TransformRef t;
      if (l.contains("cdl")) {
        const auto& c = l["cdl"];
        std::vector<double> v = json_numbers(c.at("slope"), pointer + "/cdl/slope");
        const auto o = json_numbers(c.at("offset"), pointer + "/cdl/offset");
        const auto p = json_numbers(c.at("power"), pointer + "/cdl/power");
        v.insert(v.end(), o.begin(), o.end());
        v.insert(v.end(), p.begin(), p.end());
        v.push_back(c.value("saturation", 1.0));
        t = amf::cdl_look_in_acescct(parse_cdl_values(v, json_path.string() + pointer));
      } else if (l.contains("file")) {
        t = amf::file_reference(amf_path, base / l["file"].get<std::string>(), false, allow_outside);
      } else {
        t = amf::look_by_id(l.at("transform_id").get<std::string>());
      }
      t.applied = l.value("applied", false);
      if (l.contains("description")) t.description = l["description"].get<std::string>();
      doc.pipeline.looks.push_back(std::move(t));
    }
    if (j.contains("output")) {
      const auto& o = j["output"];
      const std::string id = o.contains("alias") ? o["alias"].get<std::string>() : o.at("transform_id").get<std::string>();
      doc.pipeline.output = amf::output_by_id(resolve_output_id(id), o.value("applied", false));
      if (o.contains("description")) doc.pipeline.output->description = o["description"].get<std::string>();
    }
  } catch (const json::exception& e) {
    throw Error(ErrorKind::invalid_input, std::string("bad JSON description: ") + e.what(), {json_path.string()});
  }
  return doc;
}

void describe_ids(amf::Amf& doc) {
  // Give stages named by id the registry's user name as description, so readers see words.
  auto fill = [](std::optional<amf::TransformRef>& t) {
    if (!t || !t->description.empty() || t->transform_id.empty()) return;
    if (const auto* e = aces::TransformRegistry::shipped().find(t->transform_id)) t->description = e->user_name;
  };
  fill(doc.pipeline.input);
  fill(doc.pipeline.output);
  for (auto& l : doc.pipeline.looks) {
    if (!l.description.empty() || l.transform_id.empty()) continue;
    if (const auto* e = aces::TransformRegistry::shipped().find(l.transform_id)) l.description = e->user_name;
  }
}

void run_create(const CreateArgs& a) {
  const fs::path out = a.output;
  check_writable(out, *a.overwrite);
  // However spelled and with or without --force, the AMF may not be written over a file it reads.
  std::vector<RoleAndPath> inputs{{"--from-json", a.from_json}, {"--input-clf", a.input_clf}};
  for (const auto& l : a.looks) {
    if (l.rfind("cdl:", 0) != 0 && l.rfind("urn:", 0) != 0) inputs.push_back({"--look", l});
  }
  check_distinct_files(inputs, {{"-o", out}});
  amf::Amf doc;
  if (!a.from_json.empty()) {
    doc = amf_from_json(a.from_json, out, a.allow_outside);
  } else {
    doc.pipeline.info.system_version = parse_system_version(a.system_version);
    if (!a.input_id.empty()) doc.pipeline.input = amf::input_by_id(a.input_id);
    if (!a.input_clf.empty()) {
      if (!fs::is_regular_file(a.input_clf)) throw Error(ErrorKind::io, "input CLF not found", {a.input_clf});
      doc.pipeline.input = amf::file_reference(out, a.input_clf, false, a.allow_outside);
    }
    for (const auto& l : a.looks) doc.pipeline.looks.push_back(look_from_flag(l, out, a.allow_outside));
    if (!a.output_transform.empty()) doc.pipeline.output = amf::output_by_id(resolve_output_id(a.output_transform));
  }
  // Flags complete or override the JSON description.
  if (!a.description.empty()) doc.info.description = a.description;
  for (const auto& au : a.authors) doc.info.authors.push_back(parse_author(au));
  if (!a.clip_name.empty()) {
    doc.clip = amf::ClipId{};
    doc.clip->clip_name = a.clip_name;
    doc.clip->file = amf::percent_encode_path(a.clip_file.empty() ? a.clip_name : a.clip_file);
  }
  describe_ids(doc);
  // Validated as written, before it is published: an AMF that would not validate is not left behind.
  const std::string text = amf::write_amf(doc);
  std::vector<amf::Finding> findings;
  write_path_atomically(
      out,
      [&](const fs::path& temp) {
        write_file_atomically(temp, text, Overwrite::allow);
        findings = amf::validate_amf(temp, {true, true, a.allow_outside}).findings;
        std::size_t errors = 0;
        for (auto& f : findings) {
          if (f.location.path == temp.string()) f.location.path = out.string();
          errors += f.severity == amf::Severity::error;
        }
        if (errors == 0) return;
        for (const auto& f : findings) {
          if (f.severity == amf::Severity::error) print_finding(f);
        }
        throw Error(ErrorKind::invalid_input,
                    "not written: the AMF would not validate (" + std::to_string(errors) + " error(s) above)",
                    {out.string()});
      },
      *a.overwrite);
  for (const auto& f : findings) {
    if (f.severity == amf::Severity::warning) print_finding(f);
  }
  std::cout << out.string() << '\n';
}

void register_amf(CLI::App& app) {
  auto* amf_cmd = app.add_subcommand("amf", "ACES Metadata Files: create, inspect, validate, verify hashes");
  amf_cmd->require_subcommand(1);
  amf_cmd->footer("Example:\n  aceslab amf validate shot.amf --json");

  auto validate = std::make_shared<ValidateArgs>();
  auto* v = amf_cmd->add_subcommand("validate", "Check an AMF against the schema and the semantic rules (exit 1 on errors)");
  v->add_option("file", validate->file, "AMF file")->required();
  v->add_flag("--json", validate->json, "Print the findings as one JSON document");
  v->add_flag("--no-schema", validate->no_schema, "Skip the XSD check");
  v->add_flag("--no-files", validate->no_files, "Do not open referenced files (no existence/hash/CCC checks)");
  v->add_flag("--allow-outside", validate->allow_outside, "Report absolute or escaping paths as warnings, not errors");
  v->footer("Finding ids are stable (AMF-E012 hash-mismatch, ...); warnings do not fail.\n"
            "Example:\n  aceslab amf validate shot.amf --json");
  v->callback([validate] { run_validate(*validate); });

  auto verify = std::make_shared<VerifyArgs>();
  auto* h = amf_cmd->add_subcommand("verify", "Check the hashes of the files an AMF references (exit 1 on mismatch)");
  h->add_option("file", verify->file, "AMF file")->required();
  h->add_flag("--json", verify->json, "Print the result as one JSON document");
  h->add_flag("--allow-outside", verify->allow_outside, "Follow references outside the AMF's folder");
  h->add_flag("--require-hashes", verify->require_hashes, "Also fail when a referenced file has no hash");
  h->footer("Example:\n  aceslab amf verify shot.amf");
  h->callback([verify] { run_verify(*verify); });

  auto inspect = std::make_shared<InspectArgs>();
  auto* i = amf_cmd->add_subcommand("inspect", "Describe an AMF's recipe in words, in order, with files resolved");
  i->add_option("file", inspect->file, "AMF file")->required();
  i->add_flag("--json", inspect->json, "Print the recipe as one JSON document");
  i->add_flag("--allow-outside", inspect->allow_outside, "Resolve references outside the AMF's folder");
  i->footer("Missing files are marked [MISSING], not fatal.\nExample:\n  aceslab amf inspect shot.amf");
  i->callback([inspect] { run_inspect(*inspect); });

  auto create = std::make_shared<CreateArgs>();
  auto* c = amf_cmd->add_subcommand("create", "Write a new AMF v2.0 from flags or a JSON description");
  c->add_option("-o,--output", create->output, "AMF file to write")->required();
  c->add_option("--from-json", create->from_json, "JSON description (paths relative to it); --description, --author and --clip-name add to it");
  auto* in_id = c->add_option("--input-id", create->input_id, "Input transform id (urn:ampas:aces:transformId:...)");
  auto* in_clf = c->add_option("--input-clf", create->input_clf, "Input transform as a CLF file");
  in_id->excludes(in_clf);
  c->add_option("--look", create->looks,
                "A look, repeatable, in order: a CLF file, a Look transformId, or "
                "cdl:SR,SG,SB,OR,OG,OB,PR,PG,PB,SAT (applied in ACEScct)")
      ->allow_extra_args(false);
  c->add_option("--output-transform", create->output_transform, "Output transform id or alias");
  c->add_option("--clip-name", create->clip_name, "Clip name");
  c->add_option("--clip-file", create->clip_file, "Clip media file name (need not exist; default: the clip name)");
  c->add_option("--description", create->description, "What this AMF is for");
  c->add_option("--author", create->authors, "\"Name <email>\", repeatable")->allow_extra_args(false);
  c->add_option("--system-version", create->system_version, "ACES system version")->capture_default_str();
  c->add_flag("--allow-outside", create->allow_outside, "Allow referenced files outside the AMF's folder");
  create->overwrite = &add_force_flag(*c);
  c->footer(
      "Referenced files get a SHA-256 hash (base64) and a path relative to the AMF.\n"
      "Example:\n"
      "  aceslab amf create -o shot.amf --clip-name A001C003 \\\n"
      "    --input-id urn:ampas:aces:transformId:v2.0:CSC.Arri.LogC4_to_ACES.a2.v1 \\\n"
      "    --look show_lmt.clf --look cdl:1.1,1,0.95,0.01,0,0,1,1,1,1.05 \\\n"
      "    --output-transform rec709-100nit-bt1886 --author \"Ada <ada@example.com>\"");
  c->callback([create] { run_create(*create); });
}

ACESLAB_REGISTER_COMMAND(60, register_amf);

}  // namespace
}  // namespace aceslab::cli
