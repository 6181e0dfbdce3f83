// SPDX-License-Identifier: Apache-2.0
// The in-memory model of an ACES Metadata File (AMF, Academy specification v1.0 and v2.0, schema
// acesMetadataFile.xsd): the file's info block, the clip it belongs to, and the pipeline of
// transforms (input, looks with an optional working-location marker, output) plus any archived
// pipelines. Field order follows the schema so the writer can emit elements in sequence. Strings
// are kept as written (dates, uuids, percent-encoded file references) so a read -> write round
// trip changes nothing the schema defines.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace aceslab::amf {

enum class AmfVersion { v1_0, v2_0 };

// acesMetadataFile.xsd hashAlgoType: the three algorithm URIs the schema enumerates.
enum class HashAlgorithm { sha256, sha1, md5 };

struct Hash {
  HashAlgorithm algorithm = HashAlgorithm::sha256;
  std::string value;  // as written: base64 (schema type xs:base64Binary) or, leniently, hex
  int line = 0;
};

struct Author {
  std::string name;
  std::string email;
};

// xs:dateTime strings, e.g. "2026-03-26T19:19:49Z".
struct DateTime {
  std::string creation;
  std::string modification;
};

// infoType: shared by amfInfo and pipelineInfo.
struct Info {
  std::string description;
  std::vector<Author> authors;
  DateTime date_time;
  std::string uuid;  // "urn:uuid:..." (required in v2.0, optional in v1.0)
  int line = 0;
};

struct SystemVersion {
  int major = 2;
  int minor = 0;
  int patch = 0;
};

struct PipelineInfo : Info {
  std::optional<SystemVersion> system_version;  // required by the schema; optional here to report
};

// clipId: a clip name plus exactly one of sequence / file / uuid.
struct Sequence {
  std::string pattern;  // e.g. "A001_C012_AE0306_###.exr"
  std::string idx;      // the placeholder character, e.g. "#"
  long long min = 0;
  long long max = 0;
};

struct ClipId {
  std::string clip_name;
  std::optional<Sequence> sequence;
  std::string file;  // percent-encoded URI reference to the clip's media (need not exist)
  std::string uuid;
  int line = 0;
};

// Content the reader did not recognise, kept verbatim (the XML of the element) so tools can show
// or carry it; the writer does not emit it because the schema has no extension points.
struct ForeignElement {
  std::string name;  // qualified name as written
  std::string xml;
  int line = 0;
};

// One transform named in one of the schema's three ways: by ACES transformId, by file (relative
// to the AMF, percent-encoded) or by uuid; with an optional description and hash.
struct Reference {
  std::string description;
  std::optional<Hash> hash;
  std::string transform_id;
  std::string file;
  std::string uuid;
  int line = 0;
  int id_line = 0;  // line of the transformId/file/uuid element, for findings

  bool by_transform_id() const { return !transform_id.empty(); }
  bool by_file() const { return !file.empty(); }
  bool by_uuid() const { return !uuid.empty(); }
};

// cdlWorkingSpaceType: into the CDL's working space (optional) and back to ACES (required).
struct CdlWorkingSpace {
  std::optional<Reference> to;
  std::optional<Reference> from;
  int line = 0;
};

// ASC CDL v1.01 SOP + saturation. Defaults are the identity.
struct Cdl {
  std::array<double, 3> slope{1.0, 1.0, 1.0};
  std::array<double, 3> offset{0.0, 0.0, 0.0};
  std::array<double, 3> power{1.0, 1.0, 1.0};
  double saturation = 1.0;
  std::string sop_description;  // cdl:Description inside the SOP node, kept for round trips
  std::string sat_description;
  bool has_sop = true;
  bool has_sat = true;
  int line = 0;
};

enum class TransformRole { input, look, output };

// A pipeline stage (inputTransform, lookTransform or outputTransform).
//  - A plain reference (transformId / file / uuid, inherited from Reference).
//  - Looks only: an ASC CDL, embedded (`cdl`) or referenced from a .ccc file (`cdl_ref` + `file`),
//    both inside `cdl_working_space`.
//  - ACES 1.x split forms: an output as RRT + ODT; an input as an inverse output transform or an
//    inverse ODT + inverse RRT.
struct TransformRef : Reference {
  bool applied = false;
  std::optional<CdlWorkingSpace> cdl_working_space;
  std::optional<Cdl> cdl;
  std::string cdl_ref;  // cdl:ColorCorrectionRef/@ref, with `file` naming the .ccc
  std::optional<Reference> reference_rendering;          // output: RRT
  std::optional<Reference> output_device;                // output: ODT
  std::optional<Reference> inverse_output;               // input: InvOutput / InvRRTODT
  std::optional<Reference> inverse_output_device;        // input: InvODT
  std::optional<Reference> inverse_reference_rendering;  // input: InvRRT
  std::vector<ForeignElement> foreign;

  bool is_cdl() const { return cdl.has_value() || !cdl_ref.empty(); }
};

struct Pipeline {
  PipelineInfo info;
  std::optional<TransformRef> input;
  std::vector<TransformRef> looks;
  // Positions of <workingLocation/> markers: the number of looks before each one. The schema
  // allows the marker anywhere among the looks; more than one is reported by the validator.
  std::vector<std::size_t> working_locations;
  std::vector<int> working_location_lines;
  std::optional<TransformRef> output;
  int line = 0;
};

struct Amf {
  AmfVersion version = AmfVersion::v2_0;
  Info info;
  std::optional<ClipId> clip;
  Pipeline pipeline;
  std::vector<Pipeline> archived_pipelines;
  std::vector<ForeignElement> foreign;  // unrecognised elements outside transforms
};

}  // namespace aceslab::amf
