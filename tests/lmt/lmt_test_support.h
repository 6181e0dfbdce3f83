// SPDX-License-Identifier: Apache-2.0
// Shared by the LMT tests: a fresh temporary folder per test, removed with everything in it.
#pragma once

#include <filesystem>
#include <random>
#include <string>
#include <system_error>

namespace aceslab::test {

struct TempDir {
  std::filesystem::path path;
  // `prefix` names the test in the folder's name (aceslab_<prefix>_<random>); `sub`, when given, is
  // created inside it too.
  explicit TempDir(const std::string& prefix, const std::string& sub = {}) {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() / ("aceslab_" + prefix + "_" + std::to_string(rd()));
    std::filesystem::create_directories(sub.empty() ? path : path / sub);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

}  // namespace aceslab::test
