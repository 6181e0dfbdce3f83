// SPDX-License-Identifier: Apache-2.0
// checksum.txt on its own (manifest.h describes the format): reading one, the folders that need
// one, writing and verifying them. create_manifest / verify_manifest and delivery checks use it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "deliver/manifest.h"

namespace aceslab::deliver {

struct ChecksumLine {
  std::string hash;
  std::string name;
};

// Throws aceslab::Error (invalid_input) naming the file and line for a malformed line.
std::vector<ChecksumLine> read_checksum_txt(const std::filesystem::path& path);

// The folders under `root` (root included, ascmhl/ excluded) that hold a numbered image file.
std::vector<std::filesystem::path> sequence_folders(const std::filesystem::path& root);

// Writes checksum.txt into every sequence folder; an existing one is first verified and kept
// (error) when its files changed, unless `force`. Adds the files hashed to *files.
std::vector<std::filesystem::path> write_checksum_files(const std::filesystem::path& root, HashType type, bool force,
                                                        std::size_t* files);

// Verifies every checksum.txt under `root`; files of a sequence folder without one are extra.
VerifyReport verify_checksum_files(const std::filesystem::path& root, const HashProgress& progress);

}  // namespace aceslab::deliver
