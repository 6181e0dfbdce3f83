// SPDX-License-Identifier: Apache-2.0
// ASC MHL generations: making one (create_manifest) and verifying against the newest
// (verify_manifest). checksum.txt is in checksum_txt.cpp.
#include "deliver/manifest.h"

#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>

#include "color/error.h"
#include "color/text.h"
#include "deliver/checksum_txt.h"
#include "deliver/mhl.h"
#include "deliver/tree_entry.h"

namespace aceslab::deliver {
namespace fs = std::filesystem;

namespace {

#ifndef ACESLAB_VERSION
#define ACESLAB_VERSION "0"
#endif

// The order in which a recorded hash is preferred for re-hashing: fastest first.
constexpr HashType kPreference[] = {HashType::xxh128, HashType::xxh3, HashType::xxh64, HashType::md5, HashType::sha1, HashType::c4};

using Records = std::map<std::string, RecordedFile>;

struct Node {
  std::string name;
  bool directory = false;
  std::uintmax_t size = 0;
  std::vector<Node> children;  // sorted by name
};

std::string hostname_or(const std::string& given) {
  if (!given.empty()) return given;
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == 0) return "localhost";
  return name;
}

// ascmhl matches gitwildmatch patterns; those of deliveries are names (".DS_Store", "ascmhl",
// "ascmhl/" for folders only) or simple globs of a name ("*.tmp"), matched here on the name.
bool ignored(const std::string& name, bool directory, const std::vector<std::string>& patterns) {
  for (std::string p : patterns) {
    const bool folders_only = !p.empty() && p.back() == '/';
    if (folders_only) p.pop_back();
    if (p.empty() || (folders_only && !directory)) continue;
    if (::fnmatch(p.c_str(), name.c_str(), 0) == 0) return true;
  }
  return false;
}

Node list_tree(const fs::path& folder, const std::vector<std::string>& ignore, std::size_t& files, const fs::path& root) {
  Node node;
  node.directory = true;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    const bool is_link = entry.is_symlink(ec);
    const bool is_dir = entry.is_directory(ec);
    if (ignored(name, is_dir, ignore)) continue;
    if (to_xml_text(name) != name) {
      // Written as is, the name would make the MHL invalid XML (Latin-1 bytes, control characters).
      throw Error(ErrorKind::invalid_input,
                  "the name " + quote_excerpt(name) + " is not valid UTF-8 text that XML can hold: rename it",
                  {to_valid_utf8(entry.path().string())});
    }
    if (is_dir) {
      if (is_link) continue;  // ascmhl does not follow linked folders
      Node sub = list_tree(entry.path(), ignore, files, root);
      sub.name = name;
      node.children.push_back(std::move(sub));
    } else {
      require_coverable(entry.path(), root);
      if (!entry.is_regular_file(ec)) continue;
      node.children.push_back({name, false, entry.file_size(ec), {}});
      ++files;
    }
  }
  if (ec) throw Error(ErrorKind::io, "cannot list the folder: " + ec.message(), {folder.string()});
  std::sort(node.children.begin(), node.children.end(), [](const Node& a, const Node& b) { return a.name < b.name; });
  return node;
}

struct Seal {
  HashType type = HashType::xxh128;
  const Records* records = nullptr;
  std::string date;
  MhlGeneration generation;
  std::vector<std::string> original, verified, failed;
  std::set<std::string> seen;
  std::size_t done = 0, total = 0;
  const HashProgress* progress = nullptr;
};

std::string join(const std::string& rel, const std::string& name) { return rel.empty() ? name : rel + "/" + name; }

void seal_file(Seal& s, const fs::path& path, const std::string& rel, std::uintmax_t size, std::string& content) {
  s.seen.insert(rel);
  const auto record = s.records->find(rel);
  std::vector<HashType> types = {s.type};
  std::optional<HashType> compare;  // the recorded format the file is compared in
  if (record != s.records->end()) {
    if (record->second.hashes.count(s.type) != 0) {
      compare = s.type;
    } else {
      for (HashType t : kPreference) {
        if (record->second.hashes.count(t) != 0) {
          compare = t;
          types.push_back(t);
          break;
        }
      }
    }
  }
  const std::vector<std::string> values = hash_file(path, types);
  content = values.front();
  std::string action = "original";
  if (compare) {
    const std::string& now = values[compare == s.type ? 0 : 1];
    const bool size_ok = !record->second.size || *record->second.size == size;
    action = (size_ok && now == record->second.hashes.at(*compare)) ? "verified" : "failed";
  }
  (action == "original" ? s.original : action == "verified" ? s.verified : s.failed).push_back(rel);
  MhlEntry e;
  e.path = rel;
  e.size = size;
  e.last_modified = file_time_iso(path);
  for (std::size_t i = 0; i < types.size(); ++i) e.hashes.push_back({types[i], values[i], action, s.date});
  s.generation.entries.push_back(std::move(e));
  ++s.done;
  if (s.progress && *s.progress) (*s.progress)(s.done, s.total, rel);
}

// Post-order as ascmhl: subfolders (recursively) first, then this folder's files, then the folder.
std::pair<std::string, std::string> seal_folder(Seal& s, const fs::path& path, const std::string& rel, const Node& node) {
  std::map<std::string, std::pair<std::string, std::string>> folders;
  for (const Node& c : node.children) {
    if (c.directory) folders[c.name] = seal_folder(s, path / c.name, join(rel, c.name), c);
  }
  std::vector<std::string> content, structure;
  for (const Node& c : node.children) {
    if (c.directory) {
      const auto& [sub_content, sub_structure] = folders[c.name];
      content.push_back(sub_content);
      structure.push_back(structure_item_hash(c.name, sub_structure, s.type));
    } else {
      std::string hash;
      seal_file(s, path / c.name, join(rel, c.name), c.size, hash);
      content.push_back(hash);
      structure.push_back(structure_item_hash(c.name, hash, s.type));
    }
  }
  const std::string folder_content = hash_of_hashes(content, s.type);
  const std::string folder_structure = hash_of_hashes(structure, s.type);
  if (rel.empty()) {
    s.generation.root_content = {{s.type, folder_content, "", s.date}};
    s.generation.root_structure = {{s.type, folder_structure, "", s.date}};
  } else {
    MhlEntry e;
    e.directory = true;
    e.path = rel;
    e.last_modified = file_time_iso(path);
    e.hashes = {{s.type, folder_content, "", s.date}};
    e.structure = {{s.type, folder_structure, "", s.date}};
    s.generation.entries.push_back(std::move(e));
  }
  return {folder_content, folder_structure};
}

Seal run_seal(const fs::path& root, HashType type, const Records& records, const std::vector<std::string>& ignore,
              const std::string& hostname, const HashProgress& progress) {
  Seal s;
  s.type = type;
  s.records = &records;
  s.date = utc_now_iso();
  s.progress = &progress;
  const Node tree = list_tree(root, ignore, s.total, root);
  s.generation.creation_date = s.date;
  s.generation.hostname = hostname_or(hostname);
  s.generation.tool_version = ACESLAB_VERSION;
  s.generation.ignore = ignore;
  seal_folder(s, root, "", tree);
  return s;
}

void require_folder(const fs::path& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw Error(ErrorKind::io, "not a folder", {root.string()});
}

}  // namespace

ManifestReport create_manifest(const fs::path& root, const ManifestOptions& o, const HashProgress& progress) {
  require_folder(root);
  ManifestReport report;
  report.root = root;
  if (o.checksum) {
    report.checksum_files = write_checksum_files(root, o.hash.value_or(HashType::md5), o.force, &report.files);
  }
  if (o.mhl) {
    const MhlState state = read_mhl_state(root);
    const Records& records = state.files;
    const std::vector<std::string> ignore = state.ignore.empty() ? default_ignore_patterns() : state.ignore;
    Seal s = run_seal(root, o.hash.value_or(HashType::xxh128), records, ignore, o.hostname, progress);
    for (const auto& [path, r] : records) {
      if (s.seen.count(path) == 0) report.missing.push_back(path);
    }
    report.generation = append_mhl_generation(root, s.generation);
    report.files = s.done;
    report.original = std::move(s.original);
    report.verified = std::move(s.verified);
    report.failed = std::move(s.failed);
  }
  return report;
}

MhlState read_mhl_state(const fs::path& root) {
  const MhlHistory history = read_mhl_history(root);
  MhlState state;
  state.generations = history.generations.size();
  for (const MhlChainEntry& entry : history.generations) {
    const MhlGeneration g = read_mhl_generation(history, entry);
    for (const MhlEntry& e : g.entries) {
      if (e.directory) continue;
      RecordedFile& r = state.files[e.path];
      if (!r.size) r.size = e.size;
      r.last_failed = false;
      for (const MhlHash& h : e.hashes) {
        r.hashes.emplace(h.type, h.value);  // the first value recorded is the reference
        if (h.action == "failed") r.last_failed = true;
      }
    }
    state.newest = g.file_name;
    state.newest_date = g.creation_date;
    state.ignore = g.ignore;
    if (!g.root_content.empty()) state.type = g.root_content.front().type;
  }
  return state;
}

VerifyReport verify_manifest(const fs::path& root, const std::string& hostname, const HashProgress& progress) {
  require_folder(root);
  const MhlHistory history = read_mhl_history(root);
  if (history.empty()) return verify_checksum_files(root, progress);
  const MhlChainEntry& newest = history.generations.back();
  const MhlState state = read_mhl_state(root);
  VerifyReport report;
  report.against = "ascmhl/" + newest.file_name + " (" + std::to_string(state.generations) + " generation" +
                   (state.generations == 1 ? ")" : "s)");
  if (!newest.c4.empty() && hash_file(history.folder / newest.file_name, HashType::c4) != newest.c4) {
    report.altered.push_back("ascmhl/" + newest.file_name + " (does not match its c4 in ascmhl_chain.xml)");
  }
  // The newest generation's format, so folder hashes compare across generations.
  const std::vector<std::string> ignore = state.ignore.empty() ? default_ignore_patterns() : state.ignore;
  Seal s = run_seal(root, state.type, state.files, ignore, hostname, progress);
  for (const auto& [path, r] : state.files) {
    if (s.seen.count(path) == 0) report.missing.push_back(path);
  }
  report.verified = s.verified.size();
  report.extra = std::move(s.original);
  for (std::string& f : s.failed) report.altered.push_back(std::move(f));
  report.generation = append_mhl_generation(root, s.generation);
  return report;
}

}  // namespace aceslab::deliver
