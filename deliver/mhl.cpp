// SPDX-License-Identifier: Apache-2.0
#include "deliver/mhl.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

#include "amf/schema.h"
#include "color/atomic_file.h"
#include "color/error.h"

namespace aceslab::deliver {
namespace fs = std::filesystem;

namespace {

constexpr const char* kMhlNamespace = "urn:ASC:MHL:v2.0";
constexpr const char* kChainNamespace = "urn:ASC:MHL:DIRECTORY:v2.0";
constexpr const char* kChainFile = "ascmhl_chain.xml";
constexpr std::size_t kMaxMhlBytes = 1ull << 30;  // a feature's worth of frames is tens of MB

std::string iso_from_time(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
  return text;
}

std::string local_name(const pugi::xml_node& n) {
  std::string name = n.name();
  const auto colon = name.find(':');
  return colon == std::string::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& n, const char* name) {
  for (pugi::xml_node c : n.children()) {
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  }
  return {};
}

void sort_hashes(std::vector<MhlHash>& hashes) {
  std::stable_sort(hashes.begin(), hashes.end(), [](const MhlHash& a, const MhlHash& b) { return a.type < b.type; });
}

void add_hash(pugi::xml_node parent, const MhlHash& h) {
  pugi::xml_node e = parent.append_child(hash_type_name(h.type));
  e.text().set(h.value.c_str());
  if (!h.action.empty()) e.append_attribute("action").set_value(h.action.c_str());
  if (!h.hash_date.empty()) e.append_attribute("hashdate").set_value(h.hash_date.c_str());
}

void add_hashes(pugi::xml_node parent, std::vector<MhlHash> hashes) {
  sort_hashes(hashes);
  for (const MhlHash& h : hashes) add_hash(parent, h);
}

std::vector<MhlHash> read_hashes(const pugi::xml_node& parent) {
  std::vector<MhlHash> out;
  for (pugi::xml_node c : parent.children()) {
    if (c.type() != pugi::node_element) continue;
    const std::string name = local_name(c);
    for (HashType t : all_hash_types()) {
      if (name == hash_type_name(t)) {
        out.push_back({t, c.text().get(), c.attribute("action").value(), c.attribute("hashdate").value()});
      }
    }
  }
  return out;
}

std::string save(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

pugi::xml_document load(const std::string& xml, const std::string& path) {
  amf::check_xml_safety(xml, path);
  pugi::xml_document doc;
  const pugi::xml_parse_result r = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default);
  if (!r) {
    throw Error(ErrorKind::invalid_input, std::string("not well-formed XML: ") + r.description(), {path});
  }
  return doc;
}

std::string read_text(const fs::path& path) { return amf::read_xml_file(path, kMaxMhlBytes); }

// "0003_A001_2026-03-14_091500Z.mhl" -> 3; 0 when the name does not follow the rule.
int generation_number(const std::string& name) {
  if (name.size() < 9 || name.substr(name.size() - 4) != ".mhl") return 0;
  std::size_t digits = 0;
  while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits]))) ++digits;
  if (digits < 4 || digits >= name.size() || name[digits] != '_') return 0;
  return std::stoi(name.substr(0, digits));
}

std::string chain_xml(const std::vector<MhlChainEntry>& chain) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node root = doc.append_child("ascmhldirectory");
  root.append_attribute("xmlns") = kChainNamespace;
  for (const MhlChainEntry& e : chain) {
    pugi::xml_node h = root.append_child("hashlist");
    h.append_attribute("sequencenr") = e.number;
    h.append_child("path").text().set(e.file_name.c_str());
    h.append_child("c4").text().set(e.c4.c_str());
  }
  return save(doc);
}

}  // namespace

std::vector<std::string> default_ignore_patterns() { return {".DS_Store", "ascmhl", "ascmhl/"}; }

std::string utc_now_iso() {
  return iso_from_time(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
}

std::string file_time_iso(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return utc_now_iso();
  return iso_from_time(st.st_mtime);
}

std::string mhl_xml(const MhlGeneration& g) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node list = doc.append_child("hashlist");
  list.append_attribute("version") = "2.0";
  list.append_attribute("xmlns") = kMhlNamespace;

  pugi::xml_node creator = list.append_child("creatorinfo");
  creator.append_child("creationdate").text().set(g.creation_date.c_str());
  creator.append_child("hostname").text().set(g.hostname.c_str());
  pugi::xml_node tool = creator.append_child("tool");
  tool.text().set(g.tool.c_str());
  tool.append_attribute("version").set_value(g.tool_version.c_str());

  pugi::xml_node process = list.append_child("processinfo");
  process.append_child("process").text().set(g.process.c_str());
  if (!g.root_content.empty()) {
    pugi::xml_node root = process.append_child("roothash");
    add_hashes(root.append_child("content"), g.root_content);
    add_hashes(root.append_child("structure"), g.root_structure);
  }
  if (!g.ignore.empty()) {
    pugi::xml_node ignore = process.append_child("ignore");
    for (const std::string& p : g.ignore) ignore.append_child("pattern").text().set(p.c_str());
  }

  if (!g.entries.empty()) {  // the schema wants at least one entry inside <hashes>
    pugi::xml_node hashes = list.append_child("hashes");
    for (const MhlEntry& e : g.entries) {
      pugi::xml_node node = hashes.append_child(e.directory ? "directoryhash" : "hash");
      pugi::xml_node path = node.append_child("path");
      path.text().set(e.path.c_str());
      if (!e.directory && e.size) path.append_attribute("size").set_value(static_cast<unsigned long long>(*e.size));
      if (!e.last_modified.empty()) path.append_attribute("lastmodificationdate").set_value(e.last_modified.c_str());
      if (e.directory) {
        add_hashes(node.append_child("content"), e.hashes);
        add_hashes(node.append_child("structure"), e.structure);
      } else {
        add_hashes(node, e.hashes);
      }
    }
  }
  return save(doc);
}

MhlGeneration parse_mhl(const std::string& xml, const std::string& path) {
  const pugi::xml_document doc = load(xml, path);
  const pugi::xml_node list = doc.document_element();
  if (local_name(list) != "hashlist") {
    throw Error(ErrorKind::invalid_input, "not an ASC MHL v2.0 file (root element <" + std::string(list.name()) + ">)", {path});
  }
  MhlGeneration g;
  g.file_name = fs::path(path).filename().string();
  g.number = generation_number(g.file_name);
  const pugi::xml_node creator = child(list, "creatorinfo");
  g.creation_date = child(creator, "creationdate").text().get();
  g.hostname = child(creator, "hostname").text().get();
  g.tool = child(creator, "tool").text().get();
  g.tool_version = child(creator, "tool").attribute("version").value();
  const pugi::xml_node process = child(list, "processinfo");
  g.process = child(process, "process").text().get();
  if (const pugi::xml_node root = child(process, "roothash")) {
    g.root_content = read_hashes(child(root, "content"));
    g.root_structure = read_hashes(child(root, "structure"));
  }
  for (pugi::xml_node p : child(process, "ignore").children()) {
    if (p.type() == pugi::node_element && local_name(p) == "pattern") g.ignore.push_back(p.text().get());
  }
  for (pugi::xml_node n : child(list, "hashes").children()) {
    if (n.type() != pugi::node_element) continue;
    const std::string kind = local_name(n);
    if (kind != "hash" && kind != "directoryhash") continue;
    MhlEntry e;
    e.directory = kind == "directoryhash";
    const pugi::xml_node p = child(n, "path");
    e.path = p.text().get();
    if (e.path.empty()) {
      throw Error(ErrorKind::invalid_input, "<" + kind + "> without a path", {path, 0, kind});
    }
    if (const pugi::xml_attribute size = p.attribute("size")) e.size = size.as_ullong();
    e.last_modified = p.attribute("lastmodificationdate").value();
    if (e.directory) {
      e.hashes = read_hashes(child(n, "content"));
      e.structure = read_hashes(child(n, "structure"));
    } else {
      e.hashes = read_hashes(n);
    }
    g.entries.push_back(std::move(e));
  }
  return g;
}

MhlHistory read_mhl_history(const fs::path& root) {
  MhlHistory h;
  h.root = root;
  h.folder = root / "ascmhl";
  std::error_code ec;
  if (!fs::is_directory(h.folder, ec)) return h;
  for (const auto& entry : fs::directory_iterator(h.folder, ec)) {
    const std::string name = entry.path().filename().string();
    const int number = generation_number(name);
    if (number > 0 && entry.is_regular_file(ec)) h.generations.push_back({number, name, {}});
  }
  std::sort(h.generations.begin(), h.generations.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
  for (std::size_t i = 1; i < h.generations.size(); ++i) {
    if (h.generations[i].number == h.generations[i - 1].number) {
      throw Error(ErrorKind::invalid_input, "generation " + std::to_string(h.generations[i].number) + " is there twice: " +
                                                h.generations[i - 1].file_name + " and " + h.generations[i].file_name,
                  {h.folder.string()});
    }
  }
  const fs::path chain_path = h.folder / kChainFile;
  if (fs::exists(chain_path, ec)) {
    const std::string text = read_text(chain_path);
    const pugi::xml_document doc = load(text, chain_path.string());
    for (pugi::xml_node n : doc.document_element().children()) {
      if (n.type() != pugi::node_element || local_name(n) != "hashlist") continue;
      h.chain.push_back({n.attribute("sequencenr").as_int(), child(n, "path").text().get(), child(n, "c4").text().get()});
    }
    for (MhlChainEntry& g : h.generations) {
      for (const MhlChainEntry& c : h.chain) {
        if (c.file_name == g.file_name) g.c4 = c.c4;
      }
    }
  }
  return h;
}

MhlGeneration read_mhl_generation(const MhlHistory& history, const MhlChainEntry& entry) {
  const fs::path path = history.folder / entry.file_name;
  return parse_mhl(read_text(path), path.string());
}

fs::path append_mhl_generation(const fs::path& root, MhlGeneration& g) {
  MhlHistory history = read_mhl_history(root);
  std::error_code ec;
  fs::create_directories(history.folder, ec);
  if (!fs::is_directory(history.folder, ec)) throw Error(ErrorKind::io, "cannot create the ascmhl folder", {history.folder.string()});
  g.number = history.last_number() + 1;
  // "2026-03-14T09:15:00+00:00" -> "2026-03-14_091500Z"
  const std::string& d = g.creation_date;
  const std::string stamp = d.size() >= 19 ? d.substr(0, 10) + "_" + d.substr(11, 2) + d.substr(14, 2) + d.substr(17, 2) + "Z" : "unknown";
  std::string folder_name = fs::weakly_canonical(fs::absolute(root), ec).filename().string();
  if (folder_name.empty()) folder_name = "root";
  char number[16];
  std::snprintf(number, sizeof number, "%04d", g.number);
  g.file_name = std::string(number) + "_" + folder_name + "_" + stamp + ".mhl";
  const fs::path path = history.folder / g.file_name;
  const std::string xml = mhl_xml(g);
  write_file_atomically(path, xml, Overwrite::refuse);
  // The chain lists every generation with the c4 ID of its file (ascmhl's reference hash).
  std::vector<MhlChainEntry> chain;
  for (const MhlChainEntry& e : history.generations) {
    chain.push_back({e.number, e.file_name, e.c4.empty() ? hash_file(history.folder / e.file_name, HashType::c4) : e.c4});
  }
  chain.push_back({g.number, g.file_name, hash_bytes(xml, HashType::c4)});
  write_file_atomically(history.folder / kChainFile, chain_xml(chain), Overwrite::allow);
  return path;
}

}  // namespace aceslab::deliver
