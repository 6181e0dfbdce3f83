// SPDX-License-Identifier: Apache-2.0
// File references inside an AMF: <file> elements hold xs:anyURI values, i.e. paths relative to
// the AMF's folder with reserved characters percent-encoded (RFC 3986 section 2.1). This module
// encodes and decodes them and resolves them safely: an absolute path, a URI with a scheme, or a
// path that leaves the AMF's folder (through "..", or a symlink) is refused unless the caller
// explicitly allows references outside the folder.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace aceslab::amf {

// Percent-encodes every byte outside RFC 3986 "unreserved" (ALPHA DIGIT - . _ ~), keeping '/' as
// the segment separator: "looks/show look#1.clf" -> "looks/show%20look%231.clf".
std::string percent_encode_path(std::string_view path);
// Decodes %XX escapes; nullopt on a malformed escape or an encoded NUL byte.
std::optional<std::string> percent_decode(std::string_view text);

enum class ReferenceProblem {
  none,
  empty,      // the element is empty
  malformed,  // bad percent-escape
  absolute,   // absolute path, drive letter or URI scheme (file:, http:)
  escapes,    // resolves outside the AMF's folder
};

const char* reference_problem_text(ReferenceProblem problem);

struct ResolvedReference {
  ReferenceProblem problem = ReferenceProblem::none;
  std::string decoded;               // the percent-decoded text
  std::filesystem::path path;        // resolved against the AMF's folder (empty if not resolvable)
};

// Never throws; `path` is filled whenever the text could be decoded and is not a foreign URI,
// even when the reference is absolute or escapes (callers decide what to do with it).
ResolvedReference check_reference(const std::filesystem::path& amf_path, std::string_view file);

// The resolved path of `file`, or aceslab::Error (invalid_input) naming the AMF when the
// reference is empty, malformed, absolute or escapes the AMF's folder and `allow_outside` is false.
std::filesystem::path resolve_reference(const std::filesystem::path& amf_path, const std::string& file,
                                        bool allow_outside);

// The percent-encoded reference to write for `file` in an AMF at `amf_path`: relative to the
// AMF's folder. Throws aceslab::Error (invalid_input) if `file` is outside that folder and
// `allow_outside` is false.
std::string reference_for(const std::filesystem::path& amf_path, const std::filesystem::path& file,
                          bool allow_outside = false);

}  // namespace aceslab::amf
