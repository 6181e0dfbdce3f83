// SPDX-License-Identifier: Apache-2.0
#include "amf/paths.h"

#include <cctype>
#include <system_error>

#include "color/error.h"

namespace aceslab::amf {
namespace fs = std::filesystem;
namespace {

bool is_unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "file:", "http:", "C:" ... : RFC 3986 scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":".
bool has_scheme_or_drive(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  const auto slash = text.find('/');
  if (slash != std::string_view::npos && slash < colon) return false;
  if (!std::isalpha(static_cast<unsigned char>(text[0]))) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

fs::path amf_folder(const fs::path& amf_path) {
  fs::path folder = amf_path.parent_path();
  if (folder.empty()) folder = ".";
  return folder;
}

// True if `inner` (already normalised) lies inside `outer`.
bool is_within(const fs::path& outer, const fs::path& inner) {
  auto o = outer.begin();
  auto i = inner.begin();
  for (; o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // trailing separator
    if (i == inner.end() || *o != *i) return false;
  }
  return true;
}

}  // namespace

std::string percent_encode_path(std::string_view path) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || c == '/') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0x0F]);
    }
  }
  return out;
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int hi = hex_digit(text[i + 1]);
    const int lo = hex_digit(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    const char decoded = static_cast<char>(hi * 16 + lo);
    if (decoded == '\0') return std::nullopt;
    out.push_back(decoded);
    i += 2;
  }
  return out;
}

const char* reference_problem_text(ReferenceProblem problem) {
  switch (problem) {
    case ReferenceProblem::none: return "ok";
    case ReferenceProblem::empty: return "empty file reference";
    case ReferenceProblem::malformed: return "malformed percent-encoding";
    case ReferenceProblem::absolute: return "absolute path or URI (must be relative to the AMF)";
    case ReferenceProblem::escapes: return "path leaves the AMF's folder";
  }
  return "?";
}

ResolvedReference check_reference(const fs::path& amf_path, std::string_view file) {
  ResolvedReference r;
  std::string_view trimmed = file;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front()))) trimmed.remove_prefix(1);
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.remove_suffix(1);
  if (trimmed.empty()) {
    r.problem = ReferenceProblem::empty;
    return r;
  }
  auto decoded = percent_decode(trimmed);
  if (!decoded) {
    r.problem = ReferenceProblem::malformed;
    return r;
  }
  r.decoded = *decoded;
  // A scheme is judged on the raw text (an encoded ':' is part of a name, not a scheme); a drive
  // letter ("C:\\", "C:/") also after decoding.
  const bool drive = r.decoded.size() >= 3 && std::isalpha(static_cast<unsigned char>(r.decoded[0])) &&
                     r.decoded[1] == ':' && (r.decoded[2] == '/' || r.decoded[2] == '\\');
  if (has_scheme_or_drive(trimmed) || drive) {
    r.problem = ReferenceProblem::absolute;
    // file:///x maps to a local path; anything else (http:) cannot be resolved locally.
    if (r.decoded.rfind("file://", 0) == 0) r.path = fs::path(r.decoded.substr(7)).lexically_normal();
    return r;
  }
  if (r.decoded.front() == '/' || r.decoded.front() == '\\') {
    r.problem = ReferenceProblem::absolute;
    r.path = fs::path(r.decoded).lexically_normal();
    return r;
  }
  const fs::path folder = amf_folder(amf_path);
  r.path = (folder / fs::path(r.decoded)).lexically_normal();
  const fs::path relative = fs::path(r.decoded).lexically_normal();
  if (!relative.empty() && *relative.begin() == "..") {
    r.problem = ReferenceProblem::escapes;
    return r;
  }
  // Symlinks: compare the real locations. Both sides are made absolute first: weakly_canonical
  // leaves a relative path relative when none of it exists (a missing file next to an AMF named
  // without a folder), and that must read as "missing", not as "outside".
  std::error_code ec;
  const fs::path real_folder = fs::weakly_canonical(fs::absolute(folder, ec), ec);
  const fs::path real_file = ec ? fs::path{} : fs::weakly_canonical(fs::absolute(r.path, ec), ec);
  if (!ec && !is_within(real_folder, real_file)) r.problem = ReferenceProblem::escapes;
  return r;
}

fs::path resolve_reference(const fs::path& amf_path, const std::string& file, bool allow_outside) {
  const ResolvedReference r = check_reference(amf_path, file);
  const bool outside = r.problem == ReferenceProblem::absolute || r.problem == ReferenceProblem::escapes;
  if (r.problem == ReferenceProblem::none || (outside && allow_outside && !r.path.empty())) return r.path;
  std::string message = "file reference \"";
  message.append(file).append("\": ").append(reference_problem_text(r.problem));
  if (outside) message.append(" (use --allow-outside to permit)");
  throw Error(ErrorKind::invalid_input, message, {amf_path.string(), 0, "file"});
}

std::string reference_for(const fs::path& amf_path, const fs::path& file, bool allow_outside) {
  std::error_code ec;
  const fs::path folder = fs::weakly_canonical(fs::absolute(amf_folder(amf_path)), ec);
  const fs::path target = fs::weakly_canonical(fs::absolute(file), ec);
  if (ec) throw Error(ErrorKind::io, "cannot resolve path", {file.string()});
  const fs::path relative = target.lexically_relative(folder);
  const bool outside = relative.empty() || *relative.begin() == "..";
  if (outside && !allow_outside) {
    std::string message = "transform file is outside the AMF's folder ";
    message.append(folder.string()).append(" (use --allow-outside to permit)");
    throw Error(ErrorKind::invalid_input, message, {file.string()});
  }
  return percent_encode_path(relative.generic_string());
}

}  // namespace aceslab::amf
