// SPDX-License-Identifier: Apache-2.0
// ASC Media Hash List v2.0 (ASC MHL, github.com/ascmitc/mhl): one generation file, its XML, and
// the history of a folder. A folder's history lives in its `ascmhl/` subfolder: generation files
// `NNNN_<folder name>_<YYYY-MM-DD>_<HHMMSS>Z.mhl` (numbered from 0001, never rewritten) and
// `ascmhl_chain.xml`, which lists every generation with the c4 ID of its file (rewritten with
// each new generation, as ascmhl does). Documents follow ASCMHL.xsd / ASCMHLDirectory.xsd: hash
// formats in the schema's order (c4, md5, sha1, xxh128, xxh3, xxh64), files and folders in
// ascmhl's post-order (a folder's subfolders first, then its files, then the folder itself; the
// root's hashes go into processinfo/roothash).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "deliver/file_hash.h"

namespace aceslab::deliver {

struct MhlHash {
  HashType type = HashType::xxh128;
  std::string value;
  std::string action;     // "original", "verified", "failed"; empty for folder hashes
  std::string hash_date;  // xs:dateTime
};

// A <hash> (file) or <directoryhash> (folder) entry; paths are relative to the root, '/'-separated.
struct MhlEntry {
  bool directory = false;
  std::string path;
  std::optional<std::uintmax_t> size;  // files
  std::string last_modified;           // xs:dateTime
  std::vector<MhlHash> hashes;         // files: content hashes; folders: content
  std::vector<MhlHash> structure;      // folders: structure hashes (same formats as `hashes`)
};

struct MhlGeneration {
  int number = 0;
  std::string file_name;
  std::string creation_date;  // xs:dateTime, UTC
  std::string hostname;
  std::string tool = "aceslab";
  std::string tool_version;
  std::string process = "in-place";
  std::vector<MhlHash> root_content;
  std::vector<MhlHash> root_structure;
  std::vector<std::string> ignore;  // ignore patterns
  std::vector<MhlEntry> entries;
};

// ascmhl's default ignore patterns.
std::vector<std::string> default_ignore_patterns();

// The document, UTF-8, as ascmhl lays it out.
std::string mhl_xml(const MhlGeneration& generation);
// Parses a generation (after the XML safety check of amf/schema.h: no entity declarations).
// Throws aceslab::Error (invalid_input) naming the file for malformed documents.
MhlGeneration parse_mhl(const std::string& xml, const std::string& path);

struct MhlChainEntry {
  int number = 0;
  std::string file_name;
  std::string c4;
};

struct MhlHistory {
  std::filesystem::path root;    // the folder the history covers
  std::filesystem::path folder;  // root / "ascmhl"
  std::vector<MhlChainEntry> generations;  // files present, by number (c4 from the chain when listed)
  std::vector<MhlChainEntry> chain;        // ascmhl_chain.xml as written

  bool empty() const { return generations.empty(); }
  int last_number() const { return generations.empty() ? 0 : generations.back().number; }
};

// Reads root/ascmhl: generation files by the naming rule, and the chain. A root without the folder
// has an empty history. Throws aceslab::Error (invalid_input) for a malformed chain or a
// generation number listed twice.
MhlHistory read_mhl_history(const std::filesystem::path& root);
MhlGeneration read_mhl_generation(const MhlHistory& history, const MhlChainEntry& entry);

// Writes `generation` as the next file of the history (its number and file name are set here from
// the creation date "YYYY-MM-DDThh:mm:ss+00:00") and rewrites the chain with it. Never replaces
// a generation file. Throws aceslab::Error (io).
std::filesystem::path append_mhl_generation(const std::filesystem::path& root, MhlGeneration& generation);

// "2026-03-14T09:15:00+00:00": now (for creation and hash dates), or a file's modification time.
std::string utc_now_iso();
std::string file_time_iso(const std::filesystem::path& path);

}  // namespace aceslab::deliver
