// SPDX-License-Identifier: Apache-2.0
#include "clf/reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <atomic>
#include <random>
#include <unistd.h>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <vector>

#include <pugixml.hpp>

#include "clf/parser.h"
#include "clf/st2136.h"
#include "clf/xml_safety.h"
#include "color/atomic_file.h"
#include "color/error.h"
#include "color/input_file.h"
#include "color/text.h"

namespace aceslab::aces {
namespace {

// --- reading the bytes safely ----------------------------------------------------------------

std::string read_bounded(const std::filesystem::path& path, std::uintmax_t limit) {
  return read_input_file(path, limit, "the CLF file");
}

int line_at(const std::string& data, std::ptrdiff_t offset) {
  if (offset < 0) return 0;
  const auto end = data.begin() + std::min<std::ptrdiff_t>(offset, static_cast<std::ptrdiff_t>(data.size()));
  return 1 + static_cast<int>(std::count(data.begin(), end, '\n'));
}

// --- structure ---------------------------------------------------------------------------------

std::string local_name(const char* name) {
  const char* colon = std::strchr(name, ':');
  return colon ? std::string(colon + 1) : std::string(name);
}

const std::set<std::string>& process_nodes() {
  static const std::set<std::string> kNodes = {"Matrix", "LUT1D", "LUT3D", "Range", "Log", "Exponent", "ASC_CDL"};
  return kNodes;
}

// Elements CLF v3 allows inside each element (section 6 and 7); Info is free-form.
const std::map<std::string, std::set<std::string>>& allowed_children() {
  static const std::map<std::string, std::set<std::string>> kAllowed = {
      {"Matrix", {"Description", "Array"}},
      {"LUT1D", {"Description", "Array"}},
      {"LUT3D", {"Description", "Array"}},
      {"Range", {"Description", "minInValue", "maxInValue", "minOutValue", "maxOutValue"}},
      {"Log", {"Description", "LogParams"}},
      {"Exponent", {"Description", "ExponentParams"}},
      {"ASC_CDL", {"Description", "SOPNode", "SatNode"}},
      {"SOPNode", {"Description", "Slope", "Offset", "Power"}},
      {"SatNode", {"Description", "Saturation"}},
  };
  return kAllowed;
}

const std::set<std::string>& numeric_attributes();

struct Checker {
  const std::string& data;
  const std::filesystem::path& path;
  int max_depth;

  Location where(const pugi::xml_node& node) const {
    return Location(path.string(), line_at(data, node.offset_debug()), node.name());
  }

  [[noreturn]] void fail(const pugi::xml_node& node, const std::string& msg) const {
    throw Error(ErrorKind::invalid_input, msg, where(node));
  }

  // Nesting depth, iteratively (a recursive walk could itself overflow the stack).
  void check_depth(const pugi::xml_node& root) const {
    std::vector<std::pair<pugi::xml_node, int>> stack{{root, 1}};
    while (!stack.empty()) {
      auto [node, depth] = stack.back();
      stack.pop_back();
      if (depth > max_depth) {
        fail(node, "elements nested more than " + std::to_string(max_depth) + " deep");
      }
      for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
        if (child.type() == pugi::node_element) stack.emplace_back(child, depth + 1);
      }
    }
  }

  void check_text_only(const pugi::xml_node& node) const {
    for (pugi::xml_node child : node.children()) {
      if (child.type() == pugi::node_element) {
        std::string msg = "unexpected element <";
        msg += child.name();
        msg += "> inside <";
        msg += local_name(node.name());
        msg += ">, which holds text only";
        fail(child, msg);
      }
    }
  }

  void check_node(const pugi::xml_node& node) const {
    const std::string type = local_name(node.name());
    const auto& allowed = allowed_children().at(type);
    for (pugi::xml_node child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      const std::string name = local_name(child.name());
      if (name == "IndexMap") {
        fail(child, "IndexMap is not part of CLF v3 (it was removed after v2); use a Range or LUT1D shaper instead");
      }
      if (!allowed.count(name)) {
        std::string msg = "unknown element <";
        msg += child.name();
        msg += "> in <";
        msg += type;
        msg += ">";
        fail(child, msg);
      }
      if (allowed_children().count(name)) {
        check_node(child);  // SOPNode, SatNode
      } else {
        check_text_only(child);
        if (name != "Description") {
          for (pugi::xml_node text : child.children()) check_numbers(child, text.value(), name.c_str());
        }
        for (pugi::xml_attribute a : child.attributes()) {
          if (numeric_attributes().count(a.name())) check_numbers(child, a.value(), a.name());
        }
      }
    }
  }

  // Every number of a value: OpenColorIO reads "nan" as NaN and "1e400" as infinity or 0, which
  // then evaluate to plausible-looking colours; CLF values are finite (section 6).
  void check_numbers(const pugi::xml_node& node, const char* text, const char* what) const {
    const char* p = text;
    while (true) {
      while (*p && (std::isspace(static_cast<unsigned char>(*p)) || *p == ',')) ++p;
      if (!*p) return;
      const char* end = p;
      while (*end && !std::isspace(static_cast<unsigned char>(*end)) && *end != ',') ++end;
      double v = 0.0;
      const char* start = *p == '+' ? p + 1 : p;
      const auto [stop, ec] = std::from_chars(start, end, v);
      bool finite = ec == std::errc() && stop == end && std::isfinite(v);
      if (ec == std::errc::result_out_of_range && stop == end) {
        // from_chars says out of range for underflow too; a value that rounds to 0 is harmless.
        finite = std::fabs(std::strtod(std::string(start, end).c_str(), nullptr)) < 1.0;
      }
      if (!finite && ec != std::errc::invalid_argument) {
        std::string msg = "value ";
        msg += quote_excerpt(std::string_view(p, static_cast<std::size_t>(end - p)));
        msg += " in ";
        msg += what;
        msg += " is not a finite number";
        fail(node, msg);
      }
      p = end;
    }
  }
};

const std::set<std::string>& numeric_attributes() {
  static const std::set<std::string> kNames = {"base", "logSideSlope", "logSideOffset", "linSideSlope", "linSideOffset",
                                               "linSideBreak", "linearSlope", "exponent", "offset"};
  return kNames;
}

// The namespace of the root element: xmlns, or xmlns:<prefix> for a prefixed root.
std::string root_namespace(const pugi::xml_node& root) {
  const std::string name = root.name();
  const auto colon = name.find(':');
  const std::string attribute = colon == std::string::npos ? "xmlns" : "xmlns:" + name.substr(0, colon);
  return root.attribute(attribute.c_str()).value();
}

std::string trimmed(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

// --- OpenColorIO ---------------------------------------------------------------------------------

// OCIO logs warnings (unknown attributes, deprecated elements) through a process-wide logging
// function. While a CLF loads, they are collected into its ClfInfo instead of printed, since
// library code never prints. The mutex serialises loads so collections do not mix.
std::mutex g_log_mutex;
std::vector<std::string>* g_log_sink = nullptr;

void collect_log(const char* message) {
  if (g_log_sink) g_log_sink->push_back(trimmed(message));
}

class LogCapture {
 public:
  explicit LogCapture(std::vector<std::string>& sink) : m_lock(g_log_mutex) {
    g_log_sink = &sink;
    OCIO::SetLoggingFunction(&collect_log);
  }
  ~LogCapture() {
    OCIO::ResetToDefaultLoggingFunction();
    g_log_sink = nullptr;
  }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

 private:
  std::lock_guard<std::mutex> m_lock;
};

// OCIO's FileTransform message wraps the CLF reader's own in boilerplate ("could not be loaded.
// All formats have been tried..."). Keep the reader's reason and its line number.
void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t pos = text.find(from); !from.empty() && pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

Error ocio_error(const std::string& what, const std::filesystem::path& ocio_path, const std::filesystem::path& path) {
  std::string detail = what;
  const std::size_t failed = detail.find("failed with: ");
  if (failed != std::string::npos) detail = detail.substr(failed + 13);
  detail = trimmed(detail);
  int line = 0;
  if (detail.rfind("At line ", 0) == 0) {
    line = std::atoi(detail.c_str() + 8);
    const std::size_t colon = detail.find(": ");
    if (colon != std::string::npos) detail = detail.substr(colon + 2);
  } else if (const std::size_t at = detail.rfind("At line ("); at != std::string::npos) {
    line = std::atoi(detail.c_str() + at + 9);
    detail = trimmed(detail.substr(0, at));
  }
  // The file name is in the location already.
  const std::string quoted = " (" + ocio_path.string() + ")";
  if (const std::size_t pos = detail.find(quoted); pos != std::string::npos) detail.erase(pos, quoted.size());
  replace_all(detail, ocio_path.string(), path.string());
  detail = trimmed(detail);
  std::string msg = "OpenColorIO: ";
  msg += detail;
  return Error(ErrorKind::invalid_input, msg, Location(path.string(), line));
}


ClfInfo check_document(const std::string& data, const std::filesystem::path& path, const ClfReadOptions& options) {
  check_untrusted_xml(data, path.string(), {options.max_depth, options.max_elements, false});

  pugi::xml_document doc;
  // Default options: no DOCTYPE processing, only the five predefined entities are expanded.
  const pugi::xml_parse_result parsed = doc.load_buffer(data.data(), data.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    std::string msg = "malformed XML: ";
    msg += parsed.description();
    throw Error(ErrorKind::invalid_input, msg, Location(path.string(), line_at(data, parsed.offset)));
  }
  const Checker check{data, path, options.max_depth};
  const pugi::xml_node root = doc.document_element();
  if (!root || local_name(root.name()) != "ProcessList") {
    std::string msg = "not a CLF document: the root element is <";
    msg += root ? root.name() : "";
    msg += ">, expected <ProcessList>";
    throw Error(ErrorKind::invalid_input, msg, Location(path.string(), root ? line_at(data, root.offset_debug()) : 0));
  }
  check.check_depth(root);

  ClfInfo info;
  info.id = root.attribute("id").value();
  info.name = root.attribute("name").value();
  info.comp_clf_version = root.attribute("compCLFversion").value();
  const std::string ns = root_namespace(root);
  const std::string year = st2136_namespace_year(ns);
  info.smpte = !year.empty();
  if (info.smpte && year != kSt2136Namespace.substr(kSt2136NamespacePrefix.size())) {
    throw Error(ErrorKind::unsupported,
                "namespace \"" + ns + "\" is not the edition this reader implements (" + std::string(kSt2136Namespace) + ")",
                check.where(root));
  }
  if (info.comp_clf_version.rfind("ST2136", 0) == 0 && info.comp_clf_version != kSt2136Version) {
    throw Error(ErrorKind::unsupported,
                "compCLFversion \"" + info.comp_clf_version + "\" is not " + std::string(kSt2136Version) +
                    ", the SMPTE edition this reader implements",
                check.where(root));
  }
  if (info.comp_clf_version == kSt2136Version && !info.smpte) {
    throw Error(ErrorKind::invalid_input,
                "compCLFversion \"" + info.comp_clf_version + "\" needs the namespace " + std::string(kSt2136Namespace),
                check.where(root));
  }
  const bool smpte = info.smpte;
  for (pugi::xml_node child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string name = local_name(child.name());
    if (name == "Description") {
      check.check_text_only(child);
      info.descriptions.push_back(trimmed(child.text().get()));
    } else if (name == "InputDescriptor" || name == "OutputDescriptor") {
      check.check_text_only(child);
      (name == "InputDescriptor" ? info.input_descriptor : info.output_descriptor) = trimmed(child.text().get());
    } else if (name == "Info") {
      for (pugi::xml_node item : child.children()) {
        const std::string item_name = local_name(item.name());
        if (item_name == "ACEStransformID") info.aces_transform_id = trimmed(item.text().get());
        if (item_name == "ACESuserName") info.aces_user_name = trimmed(item.text().get());
      }
    } else if (name == "Id" && smpte) {
      // ST 2136-1 moves the id into an element (a urn:uuid); the attribute stays for v3 readers.
      check.check_text_only(child);
      info.st2136_id = trimmed(child.text().get());
      if (!is_st2136_id(info.st2136_id)) {
        check.fail(child, "Id " + quote_excerpt(info.st2136_id) +
                              " is not a SMPTE ST 2136-1 Id (urn:uuid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
      }
      if (info.id.empty()) info.id = info.st2136_id;
    } else if (process_nodes().count(name)) {
      check.check_node(child);
      info.node_types.push_back(name);
    } else {
      std::string msg = "unknown element <";
      msg += child.name();
      msg += "> in <ProcessList> (CLF v3 section 5.4: only Info may hold other elements)";
      check.fail(child, msg);
    }
  }
  if (info.node_types.empty()) {
    throw Error(ErrorKind::invalid_input, "the ProcessList has no process node", check.where(root));
  }
  return info;
}

}  // namespace

ClfInfo check_clf_document(const std::string& bytes, const std::filesystem::path& path, const ClfReadOptions& options) {
  return check_document(bytes, path, options);
}

ClfInfo read_clf_info(const std::filesystem::path& path, const ClfReadOptions& options) {
  return check_document(read_bounded(path, options.max_file_bytes), path, options);
}

OCIO::ConstProcessorRcPtr ocio_file_processor(const std::string& bytes, const std::filesystem::path& path,
                                              std::string_view extension, OCIO::Interpolation interpolation,
                                              std::vector<std::string>* warnings) {
  // OCIO reads files by path (and caches them by path). To evaluate exactly the bytes that were
  // checked (no swap between check and load) and never a stale cached version, OCIO is given a
  // private copy with a unique name (mode 0600, removed afterwards, and on signals).
  const TemporaryFile copy(std::filesystem::temp_directory_path(), "aceslab-ocio", extension);
  {
    std::ofstream out(copy.path(), std::ios::binary | std::ios::trunc);
    if (!out || !out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())) || !out.flush()) {
      throw Error(ErrorKind::io, "cannot write a private copy for OpenColorIO in the temporary folder",
                  Location(path.string()));
    }
  }
  std::vector<std::string> collected;
  OCIO::ConstProcessorRcPtr processor;
  {
    LogCapture capture(collected);
    try {
      auto file = OCIO::FileTransform::Create();
      file->setSrc(copy.path().c_str());
      file->setInterpolation(interpolation);
      processor = OCIO::Config::CreateRaw()->getProcessor(file);
    } catch (const OCIO::Exception& e) {
      throw ocio_error(e.what(), copy.path(), path);
    }
  }
  for (std::string& warning : collected) replace_all(warning, copy.path().string(), path.string());
  if (warnings) warnings->insert(warnings->end(), collected.begin(), collected.end());
  return processor;
}

ClfTransform::ClfTransform(const std::filesystem::path& path, const ClfReadOptions& options)
    : ClfTransform(FromBytes{}, read_bounded(path, options.max_file_bytes), path, options) {}

ClfTransform ClfTransform::from_bytes(const std::string& bytes, const std::filesystem::path& path,
                                      const ClfReadOptions& options) {
  if (bytes.size() > options.max_file_bytes) {
    throw Error(ErrorKind::invalid_input,
                "the CLF file is " + std::to_string(bytes.size()) + " bytes, more than the " +
                    std::to_string(options.max_file_bytes) + "-byte limit",
                Location(path.string()));
  }
  return ClfTransform(FromBytes{}, bytes, path, options);
}

ClfTransform::ClfTransform(FromBytes, const std::string& data, const std::filesystem::path& path,
                           const ClfReadOptions& options)
    : m_path(path) {
  m_info = check_document(data, path, options);
  OCIO::ConstProcessorRcPtr processor;
  if (m_info.comp_clf_version == kSt2136Version) {
    // OpenColorIO 2.1 reads the ST 2136-1 form OCIO 2.6 writes (compCLFversion="3"), not this
    // version string or prefixed elements: OCIO evaluates aceslab's reading of the document.
    try {
      processor = OCIO::Config::CreateRaw()->getProcessor(pipeline_to_ocio(parse_clf_pipeline(data, path.string())));
    } catch (const OCIO::Exception& e) {
      throw Error(ErrorKind::invalid_input, std::string("OpenColorIO: ") + e.what(), Location(path.string()));
    }
  } else {
    processor = ocio_file_processor(data, path, ".clf", options.interpolation, &m_info.warnings);
  }
  try {
    const auto flags =
        options.optimization == OcioOptimization::none ? OCIO::OPTIMIZATION_NONE : OCIO::OPTIMIZATION_LOSSLESS;
    m_processor = processor->getOptimizedCPUProcessor(OCIO::BIT_DEPTH_F32, OCIO::BIT_DEPTH_F32, flags);
  } catch (const OCIO::Exception& e) {
    throw Error(ErrorKind::invalid_input, std::string("OpenColorIO: ") + e.what(), Location(path.string()));
  }
}

void ClfTransform::apply(std::span<float> rgb) const { ocio_apply(m_processor, rgb); }

}  // namespace aceslab::aces
