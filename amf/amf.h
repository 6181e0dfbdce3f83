// SPDX-License-Identifier: Apache-2.0
// aceslab's ACES Metadata File (AMF) library, in one include: the model (model.h), reading v1.0
// and v2.0 files (reader.h), writing v2.0 (writer.h), hashes (hash.h), safe file references
// (paths.h), XSD validation (schema.h) and semantic validation (validator.h).
//
// A maker (LMT or IDT tool) writing an AMF next to its CLF:
//
//   namespace amf = aceslab::amf;
//   amf::Amf doc;
//   doc.info.description = "Show LUT as LMT";
//   doc.info.authors.push_back({"DIT", "dit@example.com"});
//   doc.clip = amf::ClipId{.clip_name = "A001C003", .file = "A001C003.mxf"};
//   doc.pipeline.info.system_version = amf::SystemVersion{2, 0, 0};
//   doc.pipeline.input = amf::input_by_id("urn:ampas:aces:transformId:v2.0:CSC.Arri.LogC4_to_ACES.a2.v1");
//   doc.pipeline.looks.push_back(amf::file_reference("out/shot.amf", "out/show_lmt.clf"));
//   doc.pipeline.output = amf::output_by_id(
//       "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1");
//   amf::write_amf_file("out/shot.amf", doc, aceslab::Overwrite::refuse);
//
// A reader (apply --amf):
//
//   std::vector<amf::Finding> warnings;
//   const amf::Amf doc = amf::read_amf("shot.amf", &warnings);
//   for (const auto& look : doc.pipeline.looks)
//     if (look.by_file()) use(amf::resolve_reference("shot.amf", look.file, /*allow_outside=*/false));
//
// Validation: `amf::validate_amf("shot.amf").has_errors()`.
#pragma once

#include <filesystem>
#include <string>

#include "amf/finding.h"
#include "amf/hash.h"
#include "amf/model.h"
#include "amf/paths.h"
#include "amf/reader.h"
#include "amf/schema.h"
#include "amf/summary.h"
#include "amf/validator.h"
#include "amf/writer.h"

namespace aceslab::amf {

// A stage referencing `file` for an AMF to be written at `amf_path`: the reference is relative to
// the AMF's folder and percent-encoded, with the file's SHA-256 as base64; the description is the
// file name. Throws aceslab::Error if the file cannot be read or lies outside the AMF's folder
// (unless `allow_outside`).
TransformRef file_reference(const std::filesystem::path& amf_path, const std::filesystem::path& file,
                            bool applied = false, bool allow_outside = false);

// Stages named by transformId (description left empty for the caller to fill in).
TransformRef input_by_id(const std::string& transform_id, bool applied = false);
TransformRef look_by_id(const std::string& transform_id, bool applied = false);
TransformRef output_by_id(const std::string& transform_id, bool applied = false);

// A look that is an ASC CDL applied in ACEScct (the usual on-set working space): to/from the
// ACES 2.0 CSC ids for ACEScct.
TransformRef cdl_look_in_acescct(const Cdl& cdl, bool applied = false);

}  // namespace aceslab::amf
