// SPDX-License-Identifier: Apache-2.0
// Reading any Common LUT Format file (Academy S-2014-006 v3, and v2 files OpenColorIO accepts) and
// evaluating it through OpenColorIO 2.1. The document is first checked by aceslab with pugixml:
// size and nesting limits, no DTD-based entity expansion (XXE and "billion laughs" files are
// refused before any parser resolves anything), a ProcessList root, and only the elements CLF v3
// defines outside Info. Its metadata (ids, names, descriptions, ACES Info) are read here; the
// arithmetic is OpenColorIO's. Errors are aceslab::Error naming the file and, where known, the line
// and element.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "clf/ocio_bridge.h"

namespace aceslab::aces {

struct ClfReadOptions {
  // Refused before reading: the largest LUT3D OpenColorIO reads (129^3) takes 77 MB with 9 digits.
  std::uintmax_t max_file_bytes = 256ull << 20;
  int max_depth = 64;                             // element nesting; CLF itself needs 5
  // Elements in all: the data of a CLF sits in a few Array texts, and a document of a million tiny
  // nodes costs OpenColorIO 15 times its size in memory (issue 15: 114 MB took 1.7 GB).
  long long max_elements = 10000;
  // OCIO's interpolation request. INTERP_DEFAULT keeps each LUT's own: LUT1D linear, LUT3D as
  // its interpolation attribute says, trilinear when absent (CLF v3 section 7.3). INTERP_BEST
  // would turn every LUT3D tetrahedral, which differs from the spec for files without the attribute.
  OCIO::Interpolation interpolation = OCIO::INTERP_DEFAULT;
  OcioOptimization optimization = OcioOptimization::none;
};

struct ClfInfo {
  std::string id;                 // ProcessList id attribute
  std::string name;               // ProcessList name attribute
  std::string comp_clf_version;   // compCLFversion attribute ("3.0", "3", "ST2136-1:2024")
  bool smpte = false;             // in the SMPTE ST 2136-1 namespace (clf/st2136.h)
  std::string st2136_id;          // its <Id> element, a urn:uuid
  std::vector<std::string> descriptions;
  std::string input_descriptor, output_descriptor;
  std::string aces_transform_id;  // Info/ACEStransformID
  std::string aces_user_name;     // Info/ACESuserName
  std::vector<std::string> node_types;  // process nodes in order: "Matrix", "LUT1D", ...
  std::vector<std::string> warnings;    // what OpenColorIO reported while loading
};

// Reads and checks the document's structure and metadata without evaluating it: Academy CLF v3
// (and v2) and SMPTE ST 2136-1 (clf/st2136.h). Throws aceslab::Error: io (unreadable),
// invalid_input (malformed, hostile or not CLF), unsupported (too large, or a newer ST 2136-1
// edition than 2024).
ClfInfo read_clf_info(const std::filesystem::path& path, const ClfReadOptions& options = {});
// The same checks on a document already in memory; `path` names it in messages.
ClfInfo check_clf_document(const std::string& bytes, const std::filesystem::path& path,
                           const ClfReadOptions& options = {});

// An OpenColorIO processor for a LUT file's `bytes`, which the caller has read and checked: OCIO
// reads them from a private temporary copy (mode 0600, named with `extension` so OCIO picks the
// format; removed afterwards, also when a signal ends the process), so it evaluates exactly those
// bytes and never a version cached under the same path. OCIO's warnings go to `warnings`; its
// errors become aceslab::Error (invalid_input) naming `path`.
OCIO::ConstProcessorRcPtr ocio_file_processor(const std::string& bytes, const std::filesystem::path& path,
                                              std::string_view extension, OCIO::Interpolation interpolation,
                                              std::vector<std::string>* warnings = nullptr);

class ClfTransform {
 public:
  // Reads `path` once, checks it (as read_clf_info), then builds OpenColorIO's CPU processor from
  // a private temporary copy of exactly those bytes (so the file cannot change between check and
  // load, and OCIO's path-keyed cache never serves an older version). OCIO's warnings are
  // collected in info().warnings instead of printed.
  explicit ClfTransform(const std::filesystem::path& path, const ClfReadOptions& options = {});
  // The same from bytes already read (and hashed) by the caller; `path` names them in messages.
  // Whoever checks a file's hash and then loads it must use this: reading the file twice would
  // let it be swapped between the check and the load.
  static ClfTransform from_bytes(const std::string& bytes, const std::filesystem::path& path,
                                 const ClfReadOptions& options = {});

  const std::filesystem::path& path() const { return m_path; }
  const ClfInfo& info() const { return m_info; }
  const std::string& id() const { return m_info.id; }
  const std::string& name() const { return m_info.name; }

  // In place on interleaved RGB triplets.
  void apply(std::span<float> rgb) const;

 private:
  struct FromBytes {};
  ClfTransform(FromBytes, const std::string& bytes, const std::filesystem::path& path, const ClfReadOptions& options);

  std::filesystem::path m_path;
  ClfInfo m_info;
  OCIO::ConstCPUProcessorRcPtr m_processor;
};

}  // namespace aceslab::aces
