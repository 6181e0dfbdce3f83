// SPDX-License-Identifier: Apache-2.0
#include "amf/schema.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include "clf/xml_safety.h"
#include "color/data_dir.h"
#include "color/error.h"
#include "color/input_file.h"

namespace aceslab::amf {
namespace fs = std::filesystem;
namespace {

std::string trim_message(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

struct Collector {
  std::vector<Finding>* findings;
  std::string path;
  const char* id;
  const char* name;
};

void collect_error(void* user, xmlErrorPtr error) {
  auto* c = static_cast<Collector*>(user);
  if (!error || error->level == XML_ERR_WARNING) return;
  Finding f;
  f.id = c->id;
  f.name = c->name;
  f.severity = Severity::error;
  f.message = trim_message(error->message);
  f.location = Location(c->path, error->line);
  c->findings->push_back(std::move(f));
}

// Refuses anything but local files while the schemas load (their imports name local files; the
// v1.0 originals named https URLs, rewritten in our copy).
xmlExternalEntityLoader g_previous_loader = nullptr;

xmlParserInputPtr local_only_loader(const char* url, const char* id, xmlParserCtxtPtr ctxt) {
  const std::string u = url ? url : "";
  if (u.find("://") != std::string::npos && u.rfind("file://", 0) != 0) return nullptr;
  return g_previous_loader(url, id, ctxt);
}

struct SchemaDeleter {
  void operator()(xmlSchema* s) const { xmlSchemaFree(s); }
};

std::mutex g_schema_mutex;

xmlSchemaPtr load_schema(AmfVersion version) {
  static std::map<AmfVersion, std::unique_ptr<xmlSchema, SchemaDeleter>> cache;
  std::lock_guard lock(g_schema_mutex);
  auto it = cache.find(version);
  if (it != cache.end()) return it->second.get();
  const fs::path path = schema_path(version);
  std::vector<Finding> errors;
  Collector collector{&errors, path.string(), "AMF-E000", "schema-load"};
  const xmlExternalEntityLoader previous = xmlGetExternalEntityLoader();
  g_previous_loader = previous;
  xmlSetExternalEntityLoader(local_only_loader);
  xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt(path.string().c_str());
  xmlSchemaPtr schema = nullptr;
  if (parser) {
    xmlSchemaSetParserStructuredErrors(parser, collect_error, &collector);
    schema = xmlSchemaParse(parser);
    xmlSchemaFreeParserCtxt(parser);
  }
  xmlSetExternalEntityLoader(previous);
  if (!schema) {
    std::string message = "cannot load the AMF schema";
    if (!errors.empty()) message.append(": ").append(errors.front().message);
    throw Error(ErrorKind::io, message, {path.string()});
  }
  cache[version].reset(schema);
  return schema;
}

struct DocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

}  // namespace

std::string read_xml_file(const fs::path& path, std::size_t max_bytes) {
  return read_input_file(path, max_bytes, "the XML file");
}

void check_xml_safety(std::string_view xml, const std::string& path) {
  if (xml.size() > kMaxAmfBytes) {
    throw Error(ErrorKind::invalid_input, "XML text larger than the 64 MB limit", {path});
  }
  // Neither parser loads an external DTD (pugixml never does; libxml2 runs without DTDLOAD and
  // with NONET), so a DOCTYPE that only names one is ignored as before; an internal subset is not.
  aces::XmlSafetyOptions options;
  options.tolerate_external_dtd = true;
  aces::check_untrusted_xml(xml, path, options);
}

fs::path schema_path(AmfVersion version) {
  return data_file(version == AmfVersion::v1_0 ? "amf/schema/v1.0/acesMetadataFile.xsd"
                                               : "amf/schema/v2/acesMetadataFile.xsd");
}

std::vector<Finding> validate_against_schema(std::string_view xml, const std::string& path, AmfVersion version) {
  std::vector<Finding> findings;
  try {
    check_xml_safety(xml, path);
  } catch (const Error& e) {
    findings.push_back({"AMF-E001", "xml-malformed", Severity::error, e.detail(), e.location()});
    return findings;
  }
  xmlSchemaPtr schema = load_schema(version);

  Collector parse_collector{&findings, path, "AMF-E001", "xml-malformed"};
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) throw Error(ErrorKind::internal, "libxml2: out of memory", {path});
  xmlSetStructuredErrorFunc(&parse_collector, collect_error);
  // NONET: never fetch; no NOENT (entities are not substituted) and no DTDLOAD/DTDATTR; BIG_LINES:
  // line numbers past 65535 are reported as they are, not as 65535.
  std::unique_ptr<xmlDoc, DocDeleter> doc(xmlCtxtReadMemory(ctxt, xml.data(), static_cast<int>(xml.size()),
                                                            path.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_BIG_LINES));
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  xmlFreeParserCtxt(ctxt);
  if (!doc) {
    if (findings.empty()) findings.push_back({"AMF-E001", "xml-malformed", Severity::error, "not well-formed XML", {path}});
    return findings;
  }
  findings.clear();  // recoverable parser warnings are not schema findings
  doc.reset();

  // Validated while parsing (SAX), not on the tree: libxml2 2.9 reports an error on a tree node
  // after walking all its previous siblings (looking for an XInclude start), so a document with
  // thousands of invalid siblings took time quadratic in its findings (a 46 MB AMF: 91 s).
  Collector collector{&findings, path, "AMF-E002", "schema-invalid"};
  xmlSchemaValidCtxtPtr valid = xmlSchemaNewValidCtxt(schema);
  if (!valid) throw Error(ErrorKind::internal, "libxml2: cannot create a schema validation context", {path});
  xmlSchemaSetValidStructuredErrors(valid, collect_error, &collector);
  xmlParserInputBufferPtr input =
      xmlParserInputBufferCreateMem(xml.data(), static_cast<int>(xml.size()), XML_CHAR_ENCODING_NONE);
  if (!input) {
    xmlSchemaFreeValidCtxt(valid);
    throw Error(ErrorKind::internal, "libxml2: out of memory", {path});
  }
  // The stream takes ownership of `input`.
  const int rc = xmlSchemaValidateStream(valid, input, XML_CHAR_ENCODING_NONE, nullptr, nullptr);
  xmlSchemaFreeValidCtxt(valid);
  if (rc != 0 && findings.empty()) {
    findings.push_back({"AMF-E002", "schema-invalid", Severity::error, "the document does not match the AMF schema", {path}});
  }
  return findings;
}

}  // namespace aceslab::amf
