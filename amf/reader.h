// SPDX-License-Identifier: Apache-2.0
// Reading AMF v1.0 and v2.0 files into the model (pugixml). The reader is lenient about what it
// does not know: unrecognised elements become warnings (AMF-W001 unknown-element) and are kept
// verbatim in the model; a DOCTYPE is skipped without resolving anything (entity declarations
// are refused, see schema.h). Malformed values (a CDL slope that is not three numbers, an
// `applied` that is not a boolean) are errors naming the file, line and element. Schema
// conformance is checked separately (schema.h, validator.h).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "amf/finding.h"
#include "amf/model.h"

namespace aceslab::amf {

// Throws aceslab::Error (io) when the file is missing, unreadable or over 64 MB, and
// (invalid_input) when it is not well-formed XML, not an AMF, declares entities, or holds a
// malformed value. Warnings (unknown elements, ignored DOCTYPE) go to `warnings` if given.
Amf read_amf(const std::filesystem::path& path, std::vector<Finding>* warnings = nullptr);

// Same from text; `path` is only used in messages. With `strict` false, malformed values are
// reported in `findings` as errors instead of thrown (the validator's mode); XML that cannot be
// parsed at all still throws.
Amf parse_amf(std::string_view xml, const std::string& path, std::vector<Finding>* findings = nullptr,
              bool strict = true);

// The CDL of <ColorCorrection id="`id`"> in an ASC CDL XML document (.ccc, .cdl, .cc), read as
// strictly as an AMF's own CDL: three finite numbers per SOP value, a finite saturation, values the
// ASC CDL allows. Throws aceslab::Error (invalid_input) naming `path`, the line and the element.
Cdl parse_ccc_correction(std::string_view xml, const std::string& path, const std::string& id);

// The AMF version a document declares by its root namespace (urn:ampas:aces:amf:v1.0 / v2.0),
// falling back to its version attribute; throws aceslab::Error (invalid_input) if it is not an AMF.
AmfVersion detect_amf_version(std::string_view xml, const std::string& path);

}  // namespace aceslab::amf
