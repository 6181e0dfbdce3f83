// SPDX-License-Identifier: Apache-2.0
// Shared by the libFuzzer harnesses in this folder. A harness feeds one input to one parser of
// outside input; aceslab::Error is the expected way to refuse it, anything else (a crash, another
// exception, a sanitizer report, a timeout, running out of memory) is a finding. Harnesses are
// built twice: with libFuzzer (clang, -fsanitize=fuzzer) by scripts/fuzz, and with replay_main.cpp
// as ordinary programs that replay the seed corpora and fuzz/regressions/ under CTest.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "color/error.h"

namespace aceslab::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Runs `f`, swallowing aceslab::Error (a refusal is a correct answer to a hostile input).
template <typename F>
void refusal_is_fine(F&& f) {
  try {
    f();
  } catch (const aceslab::Error&) {
  }
}

// A per-process scratch folder for harnesses whose parser reads a path (it is reused by every
// input, so the file system is not filled).
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    // /dev/shm when there is one: a file is written per input, memory is faster than a disk.
    std::error_code ec;
    const auto base = std::filesystem::is_directory("/dev/shm", ec) ? std::filesystem::path("/dev/shm")
                                                                   : std::filesystem::temp_directory_path();
    const auto d = base / ("aceslab-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

inline std::filesystem::path write_scratch(const std::string& name, std::string_view bytes) {
  const auto path = scratch_dir() / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

}  // namespace aceslab::fuzz
