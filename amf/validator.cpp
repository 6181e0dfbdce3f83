// SPDX-License-Identifier: Apache-2.0
#include "amf/validator.h"

#include <algorithm>
#include <pugixml.hpp>
#include <set>

#include "amf/hash.h"
#include "amf/paths.h"
#include "amf/reader.h"
#include "amf/rules.h"
#include "amf/schema.h"
#include "color/error.h"

namespace aceslab::amf {
namespace fs = std::filesystem;
namespace {

void add(std::vector<Finding>& out, const std::string& path, Severity severity, const char* id, const char* name,
         const std::string& message, int line, const std::string& element) {
  out.push_back({id, name, severity, message, Location(path, line, element)});
}

std::string lower_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// The ids of the ColorCorrections in a .ccc (or .cdl) file; findings for a malformed file.
std::set<std::string> ccc_ids(const fs::path& file, const std::string& amf_path, int line, std::vector<Finding>& out,
                              bool& ok) {
  std::set<std::string> ids;
  ok = false;
  std::string text;
  try {
    text = read_xml_file(file);
    check_xml_safety(text, file.string());
  } catch (const Error& e) {
    add(out, amf_path, Severity::error, "AMF-E044", "ccc-malformed", file.filename().string() + ": " + e.detail(), line,
        "file");
    return ids;
  }
  pugi::xml_document doc;
  const auto result = doc.load_buffer(text.data(), text.size());
  if (!result) {
    add(out, amf_path, Severity::error, "AMF-E044", "ccc-malformed",
        file.filename().string() + " is not well-formed XML: " + result.description(), line, "file");
    return ids;
  }
  int unnamed = 0;
  for (const auto& node : doc.select_nodes("//*[local-name()='ColorCorrection']")) {
    const std::string id = node.node().attribute("id").value();
    if (id.empty()) ++unnamed;
    else ids.insert(id);
  }
  if (unnamed > 0) {
    add(out, amf_path, Severity::error, "AMF-E044", "ccc-malformed",
        file.filename().string() + " has " + std::to_string(unnamed) +
            " ColorCorrection element(s) without an id (required by the ASC CDL schema)",
        line, "file");
  }
  ok = true;
  return ids;
}

struct FileCheck {
  bool resolved = false;
  bool exists = false;
  fs::path path;
};

// Path safety and existence of one <file> reference.
FileCheck check_file(const fs::path& amf_path, const std::string& file, int line, const std::string& label,
                     const ValidateOptions& options, std::vector<Finding>& out) {
  FileCheck fc;
  const std::string p = amf_path.string();
  const ResolvedReference r = check_reference(amf_path, file);
  switch (r.problem) {
    case ReferenceProblem::empty: return fc;  // reported by the reader (AMF-E015)
    case ReferenceProblem::malformed:
      add(out, p, Severity::error, "AMF-E016", "path-malformed", label + ": \"" + file + "\" has a malformed %-escape",
          line, "file");
      return fc;
    case ReferenceProblem::absolute:
      add(out, p, options.allow_outside ? Severity::warning : Severity::error, "AMF-E011", "path-absolute",
          label + ": \"" + r.decoded + "\" is absolute; AMF file references must be relative to the AMF's folder", line,
          "file");
      if (!options.allow_outside || r.path.empty()) return fc;
      break;
    case ReferenceProblem::escapes:
      add(out, p, options.allow_outside ? Severity::warning : Severity::error, "AMF-E013", "path-escapes",
          label + ": \"" + r.decoded + "\" leaves the AMF's folder", line, "file");
      if (!options.allow_outside) return fc;
      break;
    case ReferenceProblem::none: break;
  }
  fc.resolved = true;
  fc.path = r.path;
  std::error_code ec;
  fc.exists = fs::is_regular_file(r.path, ec);
  if (!fc.exists) {
    add(out, p, Severity::error, "AMF-E010", "file-missing",
        label + ": referenced file \"" + r.decoded + "\" not found (looked for " + r.path.string() + ")", line, "file");
  }
  return fc;
}

void check_hash(const Reference& ref, const FileCheck& fc, const std::string& amf_path, const std::string& label,
                std::vector<Finding>& out) {
  if (!ref.hash) {
    add(out, amf_path, Severity::info, "AMF-I041", "hash-missing",
        label + ": no hash for \"" + ref.file + "\"; a changed file would go unnoticed", ref.id_line, "file");
    return;
  }
  const auto decoded = decode_hash_value(ref.hash->value, ref.hash->algorithm);
  const std::string algo = hash_algorithm_name(ref.hash->algorithm);
  if (!decoded) {
    add(out, amf_path, Severity::error, "AMF-E014", "hash-malformed",
        label + ": hash value is neither base64 nor hex of a " + std::to_string(digest_size(ref.hash->algorithm)) +
            "-byte " + algo + " digest",
        ref.hash->line, "hash");
    return;
  }
  if (ref.hash->algorithm != HashAlgorithm::sha256) {
    add(out, amf_path, Severity::info, "AMF-I045", "hash-weak",
        label + ": " + algo + " is broken for integrity (collisions can be made); it is checked, but re-hash with "
                "SHA-256 ('aceslab amf create' writes SHA-256)",
        ref.hash->line, "hash");
  }
  if (decoded->encoding == HashEncoding::hex) {
    add(out, amf_path, Severity::info, "AMF-I043", "hash-hex-encoded",
        label + ": hash written as hex; the schema types it base64Binary (accepted)", ref.hash->line, "hash");
  }
  if (!fc.exists) return;
  const Digest actual = digest_file(fc.path, ref.hash->algorithm);
  if (actual != decoded->digest) {
    add(out, amf_path, Severity::error, "AMF-E012", "hash-mismatch",
        label + ": " + algo + " of \"" + ref.file + "\" is " + to_base64(actual) + " (hex " + to_hex(actual) +
            "), the AMF says " + ref.hash->value,
        ref.hash->line, "hash");
  }
}

void check_files(const Pipeline& p, const fs::path& amf_path, const ValidateOptions& options, std::vector<Finding>& out) {
  const std::string path = amf_path.string();
  detail::for_each_reference(p, [&](const Reference& ref, const std::string& label, detail::RefKind kind) {
    if (ref.hash && !ref.by_file()) {
      add(out, path, Severity::info, "AMF-I042", "hash-unverifiable",
          label + ": the hash belongs to a transform named by id or uuid; there is no file to check it against",
          ref.hash->line, "hash");
      if (!decode_hash_value(ref.hash->value, ref.hash->algorithm)) {
        add(out, path, Severity::warning, "AMF-W044", "hash-length-mismatch",
            label + ": hash value does not have the length of a " + std::string(hash_algorithm_name(ref.hash->algorithm)) +
                " digest in base64 or hex",
            ref.hash->line, "hash");
      }
    }
    if (!ref.by_file()) return;
    const auto* transform = kind == detail::RefKind::look ? static_cast<const TransformRef*>(&ref) : nullptr;
    const bool is_ccc = transform && !transform->cdl_ref.empty();
    const std::string ext = lower_extension(percent_decode(ref.file).value_or(ref.file));
    if (!is_ccc && ext != ".clf" && ext != ".ctf") {
      add(out, path, Severity::warning, "AMF-W040", "file-not-clf",
          label + ": \"" + ref.file + "\" is not a CLF (.clf) file; other LUT formats are not portable between AMF readers",
          ref.id_line, "file");
    }
    const FileCheck fc = check_file(amf_path, ref.file, ref.id_line, label, options, out);
    if (!fc.resolved) return;
    check_hash(ref, fc, path, label, out);
    if (is_ccc && fc.exists) {
      bool ok = false;
      const auto ids = ccc_ids(fc.path, path, ref.id_line, out, ok);
      if (ok && !ids.count(transform->cdl_ref)) {
        add(out, path, Severity::error, "AMF-E043", "ccc-id-missing",
            label + ": ColorCorrectionRef \"" + transform->cdl_ref + "\" is not an id in " + ref.file + " (" +
                std::to_string(ids.size()) + " ColorCorrection ids there)",
            ref.id_line, "ColorCorrectionRef");
      }
    }
  });
}

}  // namespace

std::size_t ValidationReport::count(Severity severity) const {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.severity == severity; }));
}

ValidationReport validate_amf(const fs::path& path, const ValidateOptions& options) {
  ValidationReport report;
  report.path = path;
  const std::string p = path.string();
  auto& out = report.findings;
  std::string xml;
  try {
    xml = read_xml_file(path);
    report.version = detect_amf_version(xml, p);
  } catch (const Error& e) {
    const bool io = e.kind() == ErrorKind::io;
    const bool not_amf = e.detail().find("not an ACES Metadata File") != std::string::npos ||
                         e.detail().find("unknown AMF namespace") != std::string::npos;
    // A file that cannot be read (missing, a folder, unreadable, too large) is not malformed XML.
    out.push_back({io ? "AMF-E005" : not_amf ? "AMF-E004" : "AMF-E001", io ? "file-unreadable" : not_amf ? "not-an-amf" : "xml-malformed",
                   Severity::error, e.detail(), e.location().path.empty() ? Location(p) : e.location()});
    return report;
  }
  if (options.schema) {
    auto schema = validate_against_schema(xml, p, *report.version);
    out.insert(out.end(), schema.begin(), schema.end());
  }
  Amf amf;
  try {
    amf = parse_amf(xml, p, &out, false);
  } catch (const Error& e) {
    out.push_back({"AMF-E001", "xml-malformed", Severity::error, e.detail(), e.location()});
    return report;
  }
  try {
    detail::check_semantics(amf, p, out);
  } catch (const Error& e) {
    // The registry is shipped data; without it the id checks cannot run.
    out.push_back({"AMF-W005", "registry-unavailable", Severity::warning, e.what(), Location(p)});
  }
  if (options.check_files) {
    check_files(amf.pipeline, path, options, out);
    for (const auto& archived : amf.archived_pipelines) check_files(archived, path, options, out);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Finding& a, const Finding& b) { return a.location.line < b.location.line; });
  return report;
}

const char* hash_status_name(HashStatus status) {
  switch (status) {
    case HashStatus::match: return "match";
    case HashStatus::mismatch: return "mismatch";
    case HashStatus::missing_file: return "missing-file";
    case HashStatus::no_hash: return "no-hash";
    case HashStatus::malformed_hash: return "malformed-hash";
    case HashStatus::refused_path: return "refused-path";
  }
  return "?";
}

std::vector<HashCheck> verify_hashes(const fs::path& amf_path, const Amf& amf, bool allow_outside) {
  std::vector<HashCheck> checks;
  auto visit_pipeline = [&](const Pipeline& p) {
    detail::for_each_reference(p, [&](const Reference& ref, const std::string& label, detail::RefKind) {
      if (!ref.by_file()) return;
      HashCheck c;
      c.role = label;
      c.file = ref.file;
      c.line = ref.id_line;
      const ResolvedReference r = check_reference(amf_path, ref.file);
      const bool outside = r.problem == ReferenceProblem::absolute || r.problem == ReferenceProblem::escapes;
      c.resolved = r.path;
      if (r.problem != ReferenceProblem::none && !(outside && allow_outside && !r.path.empty())) {
        c.status = HashStatus::refused_path;
        checks.push_back(std::move(c));
        return;
      }
      std::error_code ec;
      if (ref.hash) {
        c.algorithm = hash_algorithm_name(ref.hash->algorithm);
        const auto decoded = decode_hash_value(ref.hash->value, ref.hash->algorithm);
        if (!decoded) {
          c.status = HashStatus::malformed_hash;
        } else {
          c.expected = to_hex(decoded->digest);
          if (!fs::is_regular_file(r.path, ec)) {
            c.status = HashStatus::missing_file;
          } else {
            c.actual = to_hex(digest_file(r.path, ref.hash->algorithm));
            c.status = c.actual == c.expected ? HashStatus::match : HashStatus::mismatch;
          }
        }
      } else {
        c.status = fs::is_regular_file(r.path, ec) ? HashStatus::no_hash : HashStatus::missing_file;
      }
      checks.push_back(std::move(c));
    });
  };
  visit_pipeline(amf.pipeline);
  for (const auto& archived : amf.archived_pipelines) visit_pipeline(archived);
  return checks;
}

}  // namespace aceslab::amf
