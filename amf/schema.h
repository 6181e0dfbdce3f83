// SPDX-License-Identifier: Apache-2.0
// XML Schema validation of AMF text with libxml2 against the official schemas shipped in
// data/amf/schema/{v2,v1.0}/ (see SOURCE.txt there), and the XML safety rules every AMF input
// passes first: a size limit, and clf/xml_safety.h (no DTD internal subset: billion laughs, XXE). libxml2 parses
// with XML_PARSE_NONET and without XML_PARSE_NOENT / XML_PARSE_DTDLOAD, so nothing external is
// ever fetched or substituted; schema imports are loaded from the local folder only.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "amf/finding.h"
#include "amf/model.h"

namespace aceslab::amf {

// Upper bound on an AMF's size: real AMFs are a few kB; this only stops resource exhaustion.
constexpr std::size_t kMaxAmfBytes = 64u * 1024u * 1024u;

// Reads a whole AMF (or .ccc) file once; throws aceslab::Error naming the file: io if it is
// missing, not a regular file (a FIFO, a device) or unreadable, invalid_input if it is larger than
// `max_bytes`.
std::string read_xml_file(const std::filesystem::path& path, std::size_t max_bytes = kMaxAmfBytes);

// Throws aceslab::Error (invalid_input) with the line when the text is not safe to parse
// (clf/xml_safety.h): not UTF-8, a DOCTYPE internal subset (entity declarations or not), nesting
// deeper than 64. A DOCTYPE that only names an external DTD is accepted and ignored: neither parser
// loads it.
void check_xml_safety(std::string_view xml, const std::string& path);

// The schema file for a version: data_dir()/amf/schema/v2/acesMetadataFile.xsd (or v1.0).
std::filesystem::path schema_path(AmfVersion version);

// Schema findings (id AMF-E002 "schema-invalid", one per libxml2 message, with its line); a
// document libxml2 cannot parse gives AMF-E001 "xml-malformed". Throws aceslab::Error (io) only
// when the schema itself cannot be loaded.
std::vector<Finding> validate_against_schema(std::string_view xml, const std::string& path, AmfVersion version);

}  // namespace aceslab::amf
