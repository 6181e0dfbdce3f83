// SPDX-License-Identifier: Apache-2.0
#include "amf/reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <pugixml.hpp>
#include <sstream>

#include "amf/hash.h"
#include "amf/schema.h"
#include "color/error.h"

namespace aceslab::amf {
namespace {

// Root namespaces from the two schema versions' targetNamespace.
constexpr std::string_view kNamespaceV1 = "urn:ampas:aces:amf:v1.0";
constexpr std::string_view kNamespaceV2 = "urn:ampas:aces:amf:v2.0";

std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string text_of(const pugi::xml_node& node) { return trimmed(node.child_value()); }

class Reader {
 public:
  Reader(std::string_view xml, std::string path, std::vector<Finding>* findings, bool strict)
      : m_xml(xml), m_path(std::move(path)), m_findings(findings), m_strict(strict) {
    for (std::size_t i = 0; i < xml.size(); ++i) {
      if (xml[i] == '\n') m_newlines.push_back(i);
    }
  }

  Amf read() {
    check_xml_safety(m_xml, m_path);
    const auto result = m_doc.load_buffer(m_xml.data(), m_xml.size(), pugi::parse_default, pugi::encoding_auto);
    if (!result) {
      std::string message = "not well-formed XML: ";
      message.append(result.description());
      throw Error(ErrorKind::invalid_input, message, {m_path, line_at(result.offset)});
    }
    if (m_xml.find("<!DOCTYPE") != std::string_view::npos) {
      report(Severity::info, "AMF-I002", "doctype-ignored", "the DOCTYPE declaration is ignored (nothing is resolved)",
             line_at(static_cast<std::ptrdiff_t>(m_xml.find("<!DOCTYPE"))), "!DOCTYPE");
    }
    const pugi::xml_node root = m_doc.document_element();
    Amf amf;
    amf.version = version_of(root);
    for (const auto& child : root.children()) {
      if (child.type() != pugi::node_element) continue;
      const auto name = local_name(child);
      if (name == "amfInfo") {
        read_info(child, amf.info, nullptr);
      } else if (name == "clipId") {
        amf.clip = read_clip(child);
      } else if (name == "pipeline") {
        amf.pipeline = read_pipeline(child);
      } else if (name == "archivedPipeline") {
        amf.archived_pipelines.push_back(read_pipeline(child));
      } else {
        amf.foreign.push_back(unknown(child, "acesMetadataFile"));
      }
    }
    return amf;
  }

  AmfVersion version_of(const pugi::xml_node& root) {
    if (!root || local_name(root) != "acesMetadataFile") {
      throw Error(ErrorKind::invalid_input, "not an ACES Metadata File (root element is not acesMetadataFile)",
                  {m_path, line_of(root), root ? root.name() : ""});
    }
    std::string_view name = root.name();
    const auto colon = name.find(':');
    std::string xmlns = "xmlns";
    if (colon != std::string_view::npos) xmlns.append(":").append(name.substr(0, colon));
    const std::string_view ns = root.attribute(xmlns.c_str()).value();
    if (ns == kNamespaceV2) return AmfVersion::v2_0;
    if (ns == kNamespaceV1) return AmfVersion::v1_0;
    // Pre-release drafts used other namespaces (urn:acesMetadata:acesMetadataFile:v2.0): read
    // them by their version attribute, with a warning; the schema check rejects them.
    const std::string_view version = root.attribute("version").value();
    if (!ns.empty()) {
      std::string message = "unknown AMF namespace \"";
      message.append(ns).append("\" (expected urn:ampas:aces:amf:v1.0 or v2.0); read as AMF ");
      message.append(version == "1.0" ? "1.0" : "2.0");
      report(Severity::warning, "AMF-W003", "namespace-unknown", message, line_of(root), root.name());
    }
    return version == "1.0" ? AmfVersion::v1_0 : AmfVersion::v2_0;
  }

 private:
  int line_at(std::ptrdiff_t offset) const {
    if (offset < 0) return 0;
    const auto it = std::lower_bound(m_newlines.begin(), m_newlines.end(), static_cast<std::size_t>(offset));
    return static_cast<int>(it - m_newlines.begin()) + 1;
  }
  int line_of(const pugi::xml_node& node) const { return node ? line_at(node.offset_debug()) : 0; }

  void report(Severity severity, const char* id, const char* name, const std::string& message, int line,
              std::string element) {
    if (severity == Severity::error && m_strict) {
      throw Error(ErrorKind::invalid_input, message, {m_path, line, element});
    }
    if (m_findings) m_findings->push_back({id, name, severity, message, {m_path, line, std::move(element)}});
  }

  void malformed(const pugi::xml_node& node, const std::string& message) {
    report(Severity::error, "AMF-E003", "value-malformed", message, line_of(node), std::string(local_name(node)));
  }

  ForeignElement unknown(const pugi::xml_node& node, std::string_view parent) {
    std::string message = "unknown element <";
    message.append(node.name()).append("> in <").append(parent).append(">, kept but not interpreted");
    report(Severity::warning, "AMF-W001", "unknown-element", message, line_of(node), node.name());
    std::ostringstream xml;
    node.print(xml, "", pugi::format_raw);
    return {node.name(), xml.str(), line_of(node)};
  }

  void read_info(const pugi::xml_node& node, Info& info, std::optional<SystemVersion>* version) {
    info.line = line_of(node);
    for (const auto& child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      const auto name = local_name(child);
      if (name == "description") {
        info.description = text_of(child);
      } else if (name == "author") {
        Author a;
        for (const auto& part : child.children()) {
          if (part.type() != pugi::node_element) continue;
          if (local_name(part) == "name") a.name = text_of(part);
          else if (local_name(part) == "emailAddress") a.email = text_of(part);
          else unknown(part, "author");
        }
        info.authors.push_back(std::move(a));
      } else if (name == "dateTime") {
        for (const auto& part : child.children()) {
          if (part.type() != pugi::node_element) continue;
          if (local_name(part) == "creationDateTime") info.date_time.creation = text_of(part);
          else if (local_name(part) == "modificationDateTime") info.date_time.modification = text_of(part);
          else unknown(part, "dateTime");
        }
      } else if (name == "uuid") {
        info.uuid = text_of(child);
      } else if (name == "systemVersion" && version) {
        *version = read_version(child);
      } else {
        unknown(child, local_name(node));
      }
    }
  }

  SystemVersion read_version(const pugi::xml_node& node) {
    SystemVersion v{0, 0, 0};
    for (const auto& child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      const auto name = local_name(child);
      int* target = name == "majorVersion" ? &v.major : name == "minorVersion" ? &v.minor
                    : name == "patchVersion" ? &v.patch : nullptr;
      if (!target) {
        unknown(child, "systemVersion");
        continue;
      }
      const std::string text = text_of(child);
      const auto r = std::from_chars(text.data(), text.data() + text.size(), *target);
      if (r.ec != std::errc{} || r.ptr != text.data() + text.size()) {
        malformed(child, "expected an integer, got \"" + text + "\"");
      }
    }
    return v;
  }

  std::optional<ClipId> read_clip(const pugi::xml_node& node) {
    ClipId clip;
    clip.line = line_of(node);
    for (const auto& child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      const auto name = local_name(child);
      if (name == "clipName") {
        clip.clip_name = text_of(child);
      } else if (name == "file") {
        clip.file = text_of(child);
      } else if (name == "uuid") {
        clip.uuid = text_of(child);
      } else if (name == "sequence") {
        Sequence s;
        s.pattern = text_of(child);
        s.idx = child.attribute("idx").value();
        s.min = child.attribute("min").as_llong();
        s.max = child.attribute("max").as_llong();
        clip.sequence = s;
      } else {
        unknown(child, "clipId");
      }
    }
    return clip;
  }

  // description / hash / transformId / file / uuid; false if `child` is none of them.
  bool read_reference_part(const pugi::xml_node& child, Reference& ref) {
    const auto name = local_name(child);
    if (name == "description") {
      ref.description = text_of(child);
    } else if (name == "hash") {
      Hash h;
      h.value = text_of(child);
      h.line = line_of(child);
      const auto algorithm = hash_algorithm_from_uri(trimmed(child.attribute("algorithm").value()));
      if (!algorithm) {
        malformed(child, std::string("unknown hash algorithm \"") + child.attribute("algorithm").value() + "\"");
        return true;
      }
      h.algorithm = *algorithm;
      ref.hash = h;
    } else if (name == "transformId" || name == "transformID") {  // "transformID": pre-1.0 drafts (Pomfort 2019)
      ref.transform_id = text_of(child);
      ref.id_line = line_of(child);
      if (ref.transform_id.empty()) {
        report(Severity::error, "AMF-E023", "transform-id-empty", "empty transformId", line_of(child), "transformId");
      }
    } else if (name == "file") {
      ref.file = text_of(child);
      ref.id_line = line_of(child);
      if (ref.file.empty()) {
        report(Severity::error, "AMF-E015", "file-empty", "empty file reference", line_of(child), "file");
      }
    } else if (name == "uuid") {
      ref.uuid = text_of(child);
      ref.id_line = line_of(child);
    } else {
      return false;
    }
    return true;
  }

  Reference read_reference(const pugi::xml_node& node) {
    Reference ref;
    ref.line = line_of(node);
    for (const auto& child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      if (!read_reference_part(child, ref)) unknown(child, local_name(node));
    }
    if (ref.id_line == 0) ref.id_line = ref.line;
    return ref;
  }

  bool read_applied(const pugi::xml_node& node) {
    const auto attr = node.attribute("applied");
    if (!attr) return false;  // required in v2.0; the schema check reports its absence
    const std::string v = trimmed(attr.value());
    if (v == "true" || v == "1") return true;
    if (v == "false" || v == "0") return false;
    malformed(node, "applied must be true or false, got \"" + v + "\"");
    return false;
  }

  std::array<double, 3> read_triplet(const pugi::xml_node& node) {
    std::array<double, 3> out{0.0, 0.0, 0.0};
    const std::string text = text_of(node);
    const char* p = text.data();
    const char* end = text.data() + text.size();
    int count = 0;
    while (p < end) {
      while (p < end && std::isspace(static_cast<unsigned char>(*p))) ++p;
      if (p == end) break;
      double v = 0.0;
      const auto r = std::from_chars(p, end, v);
      if (r.ec != std::errc{} || count >= 3) {
        count = -1;
        break;
      }
      out[static_cast<std::size_t>(count++)] = v;
      p = r.ptr;
      if (p < end && !std::isspace(static_cast<unsigned char>(*p))) {
        count = -1;
        break;
      }
    }
    if (count != 3) malformed(node, "expected 3 numbers, got \"" + text + "\"");
    return out;
  }

  double read_number(const pugi::xml_node& node) {
    const std::string text = text_of(node);
    double v = 0.0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec != std::errc{} || r.ptr != text.data() + text.size()) malformed(node, "expected a number, got \"" + text + "\"");
    return v;
  }

  void read_sop(const pugi::xml_node& node, Cdl& cdl) {
    cdl.line = line_of(node);
    cdl.has_sop = true;
    bool slope = false, offset = false, power = false;
    for (const auto& part : node.children()) {
      if (part.type() != pugi::node_element) continue;
      const auto name = local_name(part);
      if (name == "Slope") cdl.slope = read_triplet(part), slope = true;
      else if (name == "Offset") cdl.offset = read_triplet(part), offset = true;
      else if (name == "Power") cdl.power = read_triplet(part), power = true;
      else if (name == "Description") cdl.sop_description = text_of(part);
      else unknown(part, local_name(node));
    }
    // Missing parts keep the identity; the schema check reports them for AMF files.
    (void)slope, (void)offset, (void)power;
  }

  void read_sat(const pugi::xml_node& node, Cdl& cdl) {
    if (cdl.line == 0) cdl.line = line_of(node);
    cdl.has_sat = true;
    for (const auto& part : node.children()) {
      if (part.type() != pugi::node_element) continue;
      const auto name = local_name(part);
      if (name == "Saturation") cdl.saturation = read_number(part);
      else if (name == "Description") cdl.sat_description = text_of(part);
      else unknown(part, local_name(node));
    }
  }

  TransformRef read_transform(const pugi::xml_node& node, TransformRole role) {
    TransformRef t;
    t.line = line_of(node);
    t.applied = read_applied(node);
    for (const auto& child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      if (read_reference_part(child, t)) continue;
      const auto name = local_name(child);
      if (role == TransformRole::output && name == "referenceRenderingTransform") {
        t.reference_rendering = read_reference(child);
      } else if (role == TransformRole::output && name == "outputDeviceTransform") {
        t.output_device = read_reference(child);
      } else if (role == TransformRole::input && name == "inverseOutputTransform") {
        t.inverse_output = read_reference(child);
      } else if (role == TransformRole::input && name == "inverseOutputDeviceTransform") {
        t.inverse_output_device = read_reference(child);
      } else if (role == TransformRole::input && name == "inverseReferenceRenderingTransform") {
        t.inverse_reference_rendering = read_reference(child);
      } else if (role == TransformRole::look && name == "cdlWorkingSpace") {
        CdlWorkingSpace ws;
        ws.line = line_of(child);
        for (const auto& part : child.children()) {
          if (part.type() != pugi::node_element) continue;
          if (local_name(part) == "toCdlWorkingSpace") ws.to = read_reference(part);
          else if (local_name(part) == "fromCdlWorkingSpace") ws.from = read_reference(part);
          else t.foreign.push_back(unknown(part, "cdlWorkingSpace"));
        }
        t.cdl_working_space = ws;
      } else if (role == TransformRole::look && (name == "SOPNode" || name == "ASC_SOP")) {
        if (!t.cdl) t.cdl = Cdl{}, t.cdl->has_sat = false;
        read_sop(child, *t.cdl);
      } else if (role == TransformRole::look && (name == "SatNode" || name == "ASC_SAT" || name == "SATNode")) {
        if (!t.cdl) t.cdl = Cdl{}, t.cdl->has_sop = false;
        read_sat(child, *t.cdl);
      } else if (role == TransformRole::look && (name == "ColorCorrectionRef" || name == "ASC_CC_XML")) {
        t.cdl_ref = trimmed(child.attribute("ref").value());
        if (t.id_line == 0) t.id_line = line_of(child);
        if (t.cdl_ref.empty()) malformed(child, "ColorCorrectionRef without a ref attribute");
      } else {
        t.foreign.push_back(unknown(child, local_name(node)));
      }
    }
    if (t.id_line == 0) t.id_line = t.line;
    return t;
  }

  Pipeline read_pipeline(const pugi::xml_node& node) {
    Pipeline p;
    p.line = line_of(node);
    for (const auto& child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      const auto name = local_name(child);
      if (name == "pipelineInfo") {
        read_info(child, p.info, &p.info.system_version);
      } else if (name == "inputTransform") {
        p.input = read_transform(child, TransformRole::input);
      } else if (name == "lookTransform") {
        p.looks.push_back(read_transform(child, TransformRole::look));
      } else if (name == "workingLocation") {
        p.working_locations.push_back(p.looks.size());
        p.working_location_lines.push_back(line_of(child));
      } else if (name == "outputTransform") {
        p.output = read_transform(child, TransformRole::output);
      } else {
        unknown(child, "pipeline");
      }
    }
    return p;
  }

  std::string_view m_xml;
  std::string m_path;
  std::vector<Finding>* m_findings;
  bool m_strict;
  std::vector<std::size_t> m_newlines;
  pugi::xml_document m_doc;
};

}  // namespace

Amf parse_amf(std::string_view xml, const std::string& path, std::vector<Finding>* findings, bool strict) {
  Reader reader(xml, path, findings, strict);
  return reader.read();
}

Amf read_amf(const std::filesystem::path& path, std::vector<Finding>* warnings) {
  const std::string xml = read_xml_file(path);
  return parse_amf(xml, path.string(), warnings, true);
}

AmfVersion detect_amf_version(std::string_view xml, const std::string& path) {
  // Cheap: parse and look at the root only (safety checked first).
  check_xml_safety(xml, path);
  pugi::xml_document doc;
  const auto result = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_auto);
  if (!result) {
    throw Error(ErrorKind::invalid_input, std::string("not well-formed XML: ") + result.description(), {path});
  }
  const pugi::xml_node root = doc.document_element();
  std::string_view name = root.name();
  const auto colon = name.find(':');
  std::string xmlns = "xmlns";
  if (colon != std::string_view::npos) xmlns.append(":").append(name.substr(0, colon));
  const std::string_view local = colon == std::string_view::npos ? name : name.substr(colon + 1);
  if (local != "acesMetadataFile") {
    throw Error(ErrorKind::invalid_input, "not an ACES Metadata File (root element is not acesMetadataFile)", {path});
  }
  const std::string_view ns = root.attribute(xmlns.c_str()).value();
  if (ns == kNamespaceV1) return AmfVersion::v1_0;
  if (ns == kNamespaceV2) return AmfVersion::v2_0;
  // Drafts with other namespaces: by the version attribute (the reader warns about them).
  if (std::string_view(root.attribute("version").value()) == "1.0") return AmfVersion::v1_0;
  return AmfVersion::v2_0;
}

}  // namespace aceslab::amf
