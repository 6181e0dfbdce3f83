// SPDX-License-Identifier: Apache-2.0
#include "amf/writer.h"

#include <openssl/rand.h>

#include <charconv>
#include <cmath>
#include <chrono>
#include <ctime>
#include <pugixml.hpp>
#include <sstream>

#include "amf/hash.h"
#include "color/error.h"
#include "color/text.h"

namespace aceslab::amf {
namespace {

// Namespaces from acesMetadataFile.xsd (targetNamespace) and ASC-CDL_schema_v1.01.xsd.
constexpr const char* kAmfNamespaceV2 = "urn:ampas:aces:amf:v2.0";
constexpr const char* kCdlNamespace = "urn:ASC:CDL:v1.01";

std::string format_number(double v) {
  if (!std::isfinite(v)) {
    throw Error(ErrorKind::invalid_input, "a CDL value to write is not finite (NaN or Inf), which an AMF cannot hold");
  }
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), v);
  return std::string(buffer, result.ptr);
}

std::string format_triplet(const std::array<double, 3>& v) {
  std::string out = format_number(v[0]);
  out.append(" ").append(format_number(v[1])).append(" ").append(format_number(v[2]));
  return out;
}

// Text from outside (names, descriptions, file names) as valid XML 1.0 text (color/text.h).
void text_child(pugi::xml_node parent, const char* name, const std::string& text) {
  parent.append_child(name).text().set(to_xml_text(text).c_str());
}

void write_info(pugi::xml_node node, const Info& info) {
  if (!info.description.empty()) text_child(node, "aces:description", info.description);
  for (const auto& author : info.authors) {
    auto a = node.append_child("aces:author");
    text_child(a, "aces:name", author.name);
    text_child(a, "aces:emailAddress", author.email);
  }
  const std::string now = utc_now();
  auto dt = node.append_child("aces:dateTime");
  text_child(dt, "aces:creationDateTime", info.date_time.creation.empty() ? now : info.date_time.creation);
  text_child(dt, "aces:modificationDateTime",
             info.date_time.modification.empty() ? now : info.date_time.modification);
  text_child(node, "aces:uuid", info.uuid.empty() ? new_uuid_urn() : info.uuid);
}

void write_description_and_hash(pugi::xml_node node, const Reference& ref) {
  if (!ref.description.empty()) text_child(node, "aces:description", ref.description);
  if (ref.hash) {
    auto h = node.append_child("aces:hash");
    h.append_attribute("algorithm").set_value(hash_algorithm_uri(ref.hash->algorithm));
    h.text().set(to_xml_text(ref.hash->value).c_str());
  }
}

// The schema's (uuid | file | transformId) choice; returns false when none is set.
bool write_identification(pugi::xml_node node, const Reference& ref) {
  if (ref.by_transform_id()) {
    text_child(node, "aces:transformId", ref.transform_id);
  } else if (ref.by_file()) {
    text_child(node, "aces:file", ref.file);
  } else if (ref.by_uuid()) {
    text_child(node, "aces:uuid", ref.uuid);
  } else {
    return false;
  }
  return true;
}

void write_reference(pugi::xml_node parent, const char* name, const Reference& ref) {
  auto node = parent.append_child(name);
  write_description_and_hash(node, ref);
  if (!write_identification(node, ref)) {
    throw Error(ErrorKind::usage, "a transform needs a transformId, a file or a uuid", {"", 0, name});
  }
}

void set_applied(pugi::xml_node node, bool applied) {
  node.append_attribute("applied").set_value(applied ? "true" : "false");
}

void write_input(pugi::xml_node parent, const TransformRef& t) {
  auto node = parent.append_child("aces:inputTransform");
  set_applied(node, t.applied);
  write_description_and_hash(node, t);
  if (write_identification(node, t)) return;
  if (t.inverse_output) {
    write_reference(node, "aces:inverseOutputTransform", *t.inverse_output);
  } else if (t.inverse_output_device && t.inverse_reference_rendering) {
    write_reference(node, "aces:inverseOutputDeviceTransform", *t.inverse_output_device);
    write_reference(node, "aces:inverseReferenceRenderingTransform", *t.inverse_reference_rendering);
  } else {
    throw Error(ErrorKind::usage, "the input transform names no transform", {"", 0, "inputTransform"});
  }
}

void write_output(pugi::xml_node parent, const TransformRef& t) {
  auto node = parent.append_child("aces:outputTransform");
  set_applied(node, t.applied);
  write_description_and_hash(node, t);
  if (write_identification(node, t)) return;
  if (t.reference_rendering && t.output_device) {
    write_reference(node, "aces:referenceRenderingTransform", *t.reference_rendering);
    write_reference(node, "aces:outputDeviceTransform", *t.output_device);
  } else {
    throw Error(ErrorKind::usage, "the output transform names no transform", {"", 0, "outputTransform"});
  }
}

void write_cdl_node_description(pugi::xml_node node, const std::string& description) {
  if (!description.empty()) text_child(node, "cdl:Description", description);
}

void write_look(pugi::xml_node parent, const TransformRef& t) {
  auto node = parent.append_child("aces:lookTransform");
  set_applied(node, t.applied);
  write_description_and_hash(node, t);
  if (!t.is_cdl()) {
    if (!write_identification(node, t)) {
      throw Error(ErrorKind::usage, "a look transform needs a transformId, a file, a uuid or a CDL",
                  {"", 0, "lookTransform"});
    }
    return;
  }
  if (!t.cdl_working_space || !t.cdl_working_space->from) {
    throw Error(ErrorKind::usage, "a CDL look needs a cdlWorkingSpace with at least fromCdlWorkingSpace",
                {"", 0, "lookTransform"});
  }
  auto ws = node.append_child("aces:cdlWorkingSpace");
  if (t.cdl_working_space->to) write_reference(ws, "aces:toCdlWorkingSpace", *t.cdl_working_space->to);
  write_reference(ws, "aces:fromCdlWorkingSpace", *t.cdl_working_space->from);
  if (t.cdl) {
    auto sop = node.append_child("cdl:SOPNode");
    write_cdl_node_description(sop, t.cdl->sop_description);
    text_child(sop, "cdl:Slope", format_triplet(t.cdl->slope));
    text_child(sop, "cdl:Offset", format_triplet(t.cdl->offset));
    text_child(sop, "cdl:Power", format_triplet(t.cdl->power));
    auto sat = node.append_child("cdl:SatNode");
    write_cdl_node_description(sat, t.cdl->sat_description);
    text_child(sat, "cdl:Saturation", format_number(t.cdl->saturation));
  } else {
    if (t.file.empty()) {
      throw Error(ErrorKind::usage, "a ColorCorrectionRef needs the .ccc file it refers to", {"", 0, "lookTransform"});
    }
    node.append_child("cdl:ColorCorrectionRef").append_attribute("ref").set_value(to_xml_text(t.cdl_ref).c_str());
    text_child(node, "aces:file", t.file);
  }
}

void write_pipeline(pugi::xml_node parent, const char* name, const Pipeline& p) {
  auto node = parent.append_child(name);
  auto info = node.append_child("aces:pipelineInfo");
  write_info(info, p.info);
  const SystemVersion v = p.info.system_version.value_or(SystemVersion{});
  auto sv = info.append_child("aces:systemVersion");
  text_child(sv, "aces:majorVersion", std::to_string(v.major));
  text_child(sv, "aces:minorVersion", std::to_string(v.minor));
  text_child(sv, "aces:patchVersion", std::to_string(v.patch));
  if (p.input) write_input(node, *p.input);
  for (std::size_t i = 0; i <= p.looks.size(); ++i) {
    for (std::size_t marker : p.working_locations) {
      if (marker == i) node.append_child("aces:workingLocation");
    }
    if (i < p.looks.size()) write_look(node, p.looks[i]);
  }
  if (p.output) write_output(node, *p.output);
}

}  // namespace

std::string new_uuid_urn() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof(b)) != 1) throw Error(ErrorKind::internal, "OpenSSL RAND_bytes failed");
  // RFC 4122 section 4.4: version 4 in the high nibble of byte 6, variant 10xx in byte 8.
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  const std::string hex = to_hex(Digest(b, b + 16));
  std::string out = "urn:uuid:";
  out.append(hex.substr(0, 8)).append("-").append(hex.substr(8, 4)).append("-").append(hex.substr(12, 4));
  out.append("-").append(hex.substr(16, 4)).append("-").append(hex.substr(20, 12));
  return out;
}

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string write_amf(const Amf& amf) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");
  auto root = doc.append_child("aces:acesMetadataFile");
  root.append_attribute("xmlns:aces").set_value(kAmfNamespaceV2);
  root.append_attribute("xmlns:cdl").set_value(kCdlNamespace);
  root.append_attribute("version").set_value("2.0");

  write_info(root.append_child("aces:amfInfo"), amf.info);
  if (amf.clip) {
    auto clip = root.append_child("aces:clipId");
    text_child(clip, "aces:clipName", amf.clip->clip_name);
    if (amf.clip->sequence) {
      auto s = clip.append_child("aces:sequence");
      s.append_attribute("idx").set_value(to_xml_text(amf.clip->sequence->idx).c_str());
      s.append_attribute("min").set_value(amf.clip->sequence->min);
      s.append_attribute("max").set_value(amf.clip->sequence->max);
      s.text().set(to_xml_text(amf.clip->sequence->pattern).c_str());
    } else if (!amf.clip->uuid.empty()) {
      text_child(clip, "aces:uuid", amf.clip->uuid);
    } else {
      text_child(clip, "aces:file", amf.clip->file);
    }
  }
  write_pipeline(root, "aces:pipeline", amf.pipeline);
  for (const auto& archived : amf.archived_pipelines) write_pipeline(root, "aces:archivedPipeline", archived);

  std::ostringstream out;
  doc.save(out, "    ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

void write_amf_file(const std::filesystem::path& path, const Amf& amf, Overwrite overwrite) {
  const std::string text = write_amf(amf);
  write_file_atomically(path, text, overwrite);
}

}  // namespace aceslab::amf
