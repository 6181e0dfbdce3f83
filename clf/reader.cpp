// SPDX-License-Identifier: Apache-2.0
#include "clf/reader.h"

#include <algorithm>
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

#include "color/error.h"

namespace aceslab::aces {
namespace {

// --- reading the bytes safely ----------------------------------------------------------------

std::string read_bounded(const std::filesystem::path& path, std::uintmax_t limit) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) {
    std::string msg = "cannot read CLF file: ";
    msg += ec.message();
    throw Error(ErrorKind::io, msg, Location(path.string()));
  }
  if (size > limit) {
    std::ostringstream msg;
    msg << "file is " << size << " bytes, more than the " << limit << "-byte limit for CLF documents";
    throw Error(ErrorKind::unsupported, msg.str(), Location(path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  std::string data(static_cast<std::size_t>(size), '\0');
  if (!in || !in.read(data.data(), static_cast<std::streamsize>(size))) {
    throw Error(ErrorKind::io, "cannot read CLF file", Location(path.string()));
  }
  return data;
}

int line_at(const std::string& data, std::ptrdiff_t offset) {
  if (offset < 0) return 0;
  const auto end = data.begin() + std::min<std::ptrdiff_t>(offset, static_cast<std::ptrdiff_t>(data.size()));
  return 1 + static_cast<int>(std::count(data.begin(), end, '\n'));
}

// CLF documents are UTF-8 XML (S-2014-006 section 5.2). A UTF-16/32 byte order mark or NUL bytes
// would also hide markup from the DOCTYPE check below.
void check_encoding(const std::string& data, const std::filesystem::path& path) {
  const auto* u = reinterpret_cast<const unsigned char*>(data.data());
  const bool utf16 = data.size() >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE));
  if (utf16 || data.find('\0') != std::string::npos) {
    throw Error(ErrorKind::invalid_input, "not a UTF-8 text file (CLF documents are UTF-8 XML)",
                Location(path.string()));
  }
}

// XML external entities (XXE) and nested entity expansion ("billion laughs") both need a
// DOCTYPE that declares entities or names an external DTD. CLF uses neither, so such documents
// are refused here, before any XML parser (ours or OpenColorIO's expat) sees them.
void check_doctype(const std::string& data, const std::filesystem::path& path) {
  const std::size_t doctype = data.find("<!DOCTYPE");
  const std::size_t entity = data.find("<!ENTITY");
  if (entity != std::string::npos) {
    throw Error(ErrorKind::invalid_input,
                "entity declarations (<!ENTITY>) are refused: CLF does not use DTDs, and entities enable "
                "XXE and entity-expansion attacks",
                Location(path.string(), line_at(data, static_cast<std::ptrdiff_t>(entity)), "!ENTITY"));
  }
  if (doctype == std::string::npos) return;
  const std::size_t end = data.find('>', doctype);
  const std::string decl = data.substr(doctype, end == std::string::npos ? std::string::npos : end - doctype);
  if (decl.find('[') != std::string::npos || decl.find("SYSTEM") != std::string::npos ||
      decl.find("PUBLIC") != std::string::npos) {
    throw Error(ErrorKind::invalid_input,
                "a DOCTYPE with an internal subset or an external DTD is refused: CLF does not use DTDs",
                Location(path.string(), line_at(data, static_cast<std::ptrdiff_t>(doctype)), "!DOCTYPE"));
  }
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
      }
    }
  }
};

bool is_smpte_namespace(const pugi::xml_node& root) {
  for (pugi::xml_attribute a : root.attributes()) {
    const std::string name = a.name();
    if ((name == "xmlns" || name.rfind("xmlns:", 0) == 0) &&
        std::string(a.value()).find("smpte-ra.org/ns/2136") != std::string::npos) {
      return true;
    }
  }
  return false;
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


// OCIO reads files by path (and caches them by path). To evaluate exactly the bytes that were
// checked (no swap between check and load) and never a stale cached version, OCIO is given a
// private copy with a unique name, removed once the processor is built.
class PrivateCopy {
 public:
  PrivateCopy(const std::string& data, const std::filesystem::path& original) {
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    std::ostringstream name;
    name << "aceslab-clf-" << ::getpid() << '-' << counter++ << '-' << std::hex << rd() << ".clf";
    m_path = std::filesystem::temp_directory_path() / name.str();
    std::ofstream out(m_path, std::ios::binary | std::ios::trunc);
    if (!out || !out.write(data.data(), static_cast<std::streamsize>(data.size())) || !out.flush()) {
      std::error_code ec;
      std::filesystem::remove(m_path, ec);
      throw Error(ErrorKind::io, "cannot write a private copy for OpenColorIO in the temporary folder",
                  Location(original.string()));
    }
  }
  ~PrivateCopy() {
    std::error_code ec;
    std::filesystem::remove(m_path, ec);
  }
  PrivateCopy(const PrivateCopy&) = delete;
  PrivateCopy& operator=(const PrivateCopy&) = delete;
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

ClfInfo check_document(const std::string& data, const std::filesystem::path& path, const ClfReadOptions& options) {
  check_encoding(data, path);
  check_doctype(data, path);

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
  const bool smpte = is_smpte_namespace(root);
  if (info.comp_clf_version.rfind("ST2136", 0) == 0) {
    std::string msg = "compCLFversion \"";
    msg += info.comp_clf_version;
    msg += "\" is a SMPTE ST 2136-1 document; this reader implements Academy CLF v3 (and v2)";
    throw Error(ErrorKind::unsupported, msg, check.where(root));
  }
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
      // ST 2136-1 moves the id into an element; the attribute stays for CLF v3 readers.
      if (info.id.empty()) info.id = trimmed(child.text().get());
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

ClfInfo read_clf_info(const std::filesystem::path& path, const ClfReadOptions& options) {
  return check_document(read_bounded(path, options.max_file_bytes), path, options);
}

ClfTransform::ClfTransform(const std::filesystem::path& path, const ClfReadOptions& options) : m_path(path) {
  const std::string data = read_bounded(path, options.max_file_bytes);
  m_info = check_document(data, path, options);
  const PrivateCopy copy(data, path);
  LogCapture capture(m_info.warnings);
  try {
    auto file = OCIO::FileTransform::Create();
    file->setSrc(copy.path().c_str());
    file->setInterpolation(options.interpolation);
    OCIO::ConstConfigRcPtr config = OCIO::Config::CreateRaw();
    OCIO::ConstProcessorRcPtr processor = config->getProcessor(file);
    const auto flags =
        options.optimization == OcioOptimization::none ? OCIO::OPTIMIZATION_NONE : OCIO::OPTIMIZATION_LOSSLESS;
    m_processor = processor->getOptimizedCPUProcessor(OCIO::BIT_DEPTH_F32, OCIO::BIT_DEPTH_F32, flags);
  } catch (const OCIO::Exception& e) {
    throw ocio_error(e.what(), copy.path(), path);
  }
  for (std::string& warning : m_info.warnings) replace_all(warning, copy.path().string(), path.string());
}

void ClfTransform::apply(std::span<float> rgb) const { ocio_apply(m_processor, rgb); }

}  // namespace aceslab::aces
