// SPDX-License-Identifier: Apache-2.0
// Writing AMF v2.0 XML from the model, with elements in the order acesMetadataFile.xsd requires
// (description, hash, then the transform's identification; CDL as cdlWorkingSpace + SOPNode +
// SatNode or ColorCorrectionRef + file). Required values the model leaves empty are filled in:
// a fresh urn:uuid (RFC 4122 version 4) for amfInfo/pipelineInfo, the current UTC time for
// dateTime, ACES system version 2.0.0. Unrecognised elements kept by the reader (ForeignElement)
// are not written, since the schema has no extension points. Output always validates against the
// v2.0 schema when the transform ids match the schema's patterns (tests check this with libxml2).
#pragma once

#include <filesystem>
#include <string>

#include "amf/model.h"
#include "color/atomic_file.h"

namespace aceslab::amf {

// XML text of `amf` as AMF v2.0 (also for a model read from a v1.0 file).
std::string write_amf(const Amf& amf);

// Writes atomically (temporary file + rename); refuses an existing file unless `overwrite` allows.
void write_amf_file(const std::filesystem::path& path, const Amf& amf, Overwrite overwrite = Overwrite::refuse);

// "urn:uuid:xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" from OpenSSL's CSPRNG.
std::string new_uuid_urn();
// Current UTC time as xs:dateTime, e.g. "2026-11-23T02:40:00Z".
std::string utc_now();

}  // namespace aceslab::amf
