// SPDX-License-Identifier: Apache-2.0
// Validation of an AMF beyond its schema. `validate_amf` runs the XSD (libxml2) and semantic
// checks and returns every finding with a stable id, a severity and a line:
//
//   errors                                     warnings / info
//   AMF-E001 xml-malformed                     AMF-W001 unknown-element
//   AMF-E002 schema-invalid                    AMF-I002 doctype-ignored
//   AMF-E003 value-malformed                   AMF-W010 transform-id-unregistered (custom id)
//   AMF-E004 not-an-amf                        AMF-I012 transform-id-superseded
//   AMF-E005 file-unreadable                   AMF-W003 namespace-unknown
//   AMF-E010 file-missing                      AMF-W013 working-space-aces1-csc
//   AMF-E011 path-absolute                     AMF-W020 description-missing
//   AMF-E012 hash-mismatch                     AMF-W021 author-missing
//   AMF-E013 path-escapes                      AMF-W030 cdl-value-extreme
//   AMF-E014 hash-malformed                    AMF-W031 cdl-identity
//   AMF-E015 file-empty                        AMF-W040 file-not-clf
//   AMF-E016 path-malformed                    AMF-I041 hash-missing
//   AMF-E020 aces-version-mismatch             AMF-I042 hash-unverifiable
//   AMF-E021 aces-versions-mixed               AMF-I043 hash-hex-encoded
//   AMF-E022 system-version-missing            AMF-W005 registry-unavailable
//   AMF-E023 transform-id-empty                AMF-W044 hash-length-mismatch (on an id)
//   AMF-E053 element-repeated                  AMF-I045 hash-weak (MD5 or SHA-1)
//   AMF-E030 applied-order                     AMF-W032 applied-output-after-pending
//   AMF-E040 cdl-working-space-missing
//   AMF-E041 cdl-value-invalid
//   AMF-E042 cdl-working-space-mismatch
//   AMF-E043 ccc-id-missing
//   AMF-E044 ccc-malformed
//   AMF-E050 uuid-duplicate
//   AMF-E051 date-order
//   AMF-E052 working-location-repeated
//
// The clip's own media (clipId/file) is never required to exist.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "amf/finding.h"
#include "amf/model.h"

namespace aceslab::amf {

struct ValidateOptions {
  bool schema = true;          // run the XSD check
  bool check_files = true;     // resolve referenced files: existence, hashes, CCC ids
  bool allow_outside = false;  // absolute / escaping paths become warnings instead of errors
};

struct ValidationReport {
  std::filesystem::path path;
  std::optional<AmfVersion> version;  // empty if the file could not be read as an AMF
  std::vector<Finding> findings;      // in line order

  std::size_t count(Severity severity) const;
  bool has_errors() const { return count(Severity::error) > 0; }
};

// Never throws for problems in the file (they are findings); throws aceslab::Error (io) only when
// the shipped schema or registry cannot be loaded at all.
ValidationReport validate_amf(const std::filesystem::path& path, const ValidateOptions& options = {});

// The hash check of one referenced file, for `aceslab amf verify`.
enum class HashStatus { match, mismatch, missing_file, no_hash, malformed_hash, refused_path };
const char* hash_status_name(HashStatus status);

struct HashCheck {
  std::string role;  // "input", "look 2", "output", "look 1 toCdlWorkingSpace"...
  std::string file;  // as written in the AMF
  std::filesystem::path resolved;
  int line = 0;
  HashStatus status = HashStatus::no_hash;
  std::string algorithm;  // "sha256"...
  std::string expected;   // hex of the digest the AMF states
  std::string actual;     // hex of the file's digest
};

// Every file reference in the pipelines, with its hash checked. Never throws for the AMF's content.
std::vector<HashCheck> verify_hashes(const std::filesystem::path& amf_path, const Amf& amf, bool allow_outside = false);

}  // namespace aceslab::amf
