// SPDX-License-Identifier: Apache-2.0
// Checksum manifests of a delivery folder, made and verified.
//
// ASC MHL (mhl.h): `create_manifest` hashes every file under the root (ascmhl's ignore patterns:
// .DS_Store and the ascmhl folder) and appends a generation. Files known to the history are
// compared with it (action "verified" or "failed"), others are "original"; folders get content and
// structure hashes. `verify_manifest` re-hashes the folder against the history the newest
// generation closes, reports missing, extra and altered files (and a newest generation file that
// no longer matches the chain's c4), and appends a verification generation, as ascmhl does. Like
// ascmhl, a file is compared with the hash it was first recorded with: a verification generation
// records an altered file's new hash as "failed", and that never makes it the reference.
//
// checksum.txt (Netflix's alternative to an MHL): one per folder holding a numbered image
// sequence, a line `<hash>  <file name>` per file of that folder (md5sum format; MD5 unless
// another hash is asked for: xxh64, xxh128, sha1 or c4, recognised when verifying by the digest's
// length, MD5 and xxh128 both 32 digits: the one that matches is taken).
#pragma once

#include <filesystem>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "deliver/file_hash.h"

namespace aceslab::deliver {

// Progress while hashing: (files done, files in all, relative path).
using HashProgress = std::function<void(std::size_t, std::size_t, const std::string&)>;

struct ManifestOptions {
  bool mhl = true;
  bool checksum = false;
  std::optional<HashType> hash;  // default: xxh128 for the MHL, md5 for checksum.txt
  bool force = false;            // replace a checksum.txt that no longer matches its files
  std::string hostname;          // empty: this machine's
};

struct ManifestReport {
  std::filesystem::path root;
  std::optional<std::filesystem::path> generation;     // the MHL generation written
  std::vector<std::filesystem::path> checksum_files;   // the checksum.txt files written
  std::size_t files = 0;
  std::vector<std::string> original, verified, failed, missing;  // relative paths
  bool ok() const { return failed.empty() && missing.empty(); }
};

// Throws aceslab::Error: io when the root is not a folder or a file cannot be read or written;
// invalid_input for a malformed history; with checksum, invalid_input when an existing checksum.txt
// no longer matches its files (unless force).
ManifestReport create_manifest(const std::filesystem::path& root, const ManifestOptions& options,
                               const HashProgress& progress = {});

// What an ASC MHL history says about each file, as ascmhl compares: the hash (per format) and size
// it was first recorded with, the reference every later generation is checked against, and
// whether the newest generation listing it recorded it as "failed".
struct RecordedFile {
  std::map<HashType, std::string> hashes;
  std::optional<std::uintmax_t> size;
  bool last_failed = false;
};
struct MhlState {
  std::map<std::string, RecordedFile> files;  // by relative path
  std::string newest;                         // file name of the newest generation
  std::string newest_date;                    // its creation date
  std::size_t generations = 0;
  HashType type = HashType::xxh128;           // the newest generation's folder hash format
  std::vector<std::string> ignore;            // its ignore patterns
};
// Empty `files` when the root has no history. Throws aceslab::Error (invalid_input) for a
// malformed generation.
MhlState read_mhl_state(const std::filesystem::path& root);

struct VerifyReport {
  std::string against;  // "ascmhl/0002_x_....mhl" or "checksum.txt (3 folders)"
  std::size_t verified = 0;
  std::vector<std::string> missing, extra, altered;
  std::optional<std::filesystem::path> generation;  // the verification generation written
  bool ok() const { return missing.empty() && extra.empty() && altered.empty(); }
};

// Throws aceslab::Error (invalid_input) when the folder has neither an MHL history nor a
// checksum.txt, io when files cannot be read.
VerifyReport verify_manifest(const std::filesystem::path& root, const std::string& hostname = {},
                             const HashProgress& progress = {});

}  // namespace aceslab::deliver
