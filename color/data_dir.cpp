// SPDX-License-Identifier: Apache-2.0
#include "color/data_dir.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>

#include "color/error.h"

namespace aceslab {
namespace {
namespace fs = std::filesystem;

// A data folder is recognised by the file every run needs.
constexpr const char* kMarker = "aces/aces-transforms.json";
// How far above the module's folder an installed share/aceslab is looked for: bin/ is one level
// below the prefix, lib/python3/dist-packages/aceslab/ four.
constexpr int kMaxLevelsUp = 5;

bool holds_data(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / kMarker, ec);
}

// The executable or shared object this function was linked into.
fs::path this_module() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<const void*>(&this_module), &info) == 0 || !info.dli_fname) return {};
  std::error_code ec;
  fs::path path = info.dli_fname;
  // The main program reports argv[0]-like names; /proc/self/exe is its real path.
  if (path.is_relative() || path.filename() == path) path = fs::read_symlink("/proc/self/exe", ec);
  const fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? path : canonical;
}

bool is_under(const fs::path& path, const fs::path& dir) {
  std::error_code ec;
  const fs::path base = fs::weakly_canonical(dir, ec);
  if (ec || base.empty()) return false;
  auto p = path.begin();
  for (auto b = base.begin(); b != base.end(); ++b, ++p) {
    if (b->empty()) continue;  // trailing separator
    if (p == path.end() || *p != *b) return false;
  }
  return true;
}

struct Found {
  fs::path dir;
  std::string origin;
};

Found locate() {
  const fs::path module = this_module();
  if (!module.empty()) {
    fs::path dir = module.parent_path();
    for (int level = 0; level <= kMaxLevelsUp && !dir.empty(); ++level) {
      const fs::path candidate = dir / "share" / "aceslab";
      if (holds_data(candidate)) return {candidate, "installed (beside " + module.string() + ")"};
      if (dir == dir.root_path()) break;
      dir = dir.parent_path();
    }
    if (is_under(module, ACESLAB_BUILD_DIR) && holds_data(ACESLAB_SOURCE_DATA_DIR)) {
      return {ACESLAB_SOURCE_DATA_DIR, "build tree"};
    }
  }
  return {ACESLAB_INSTALL_DATA_DIR, "install prefix"};
}

const Found& found() {
  static const Found f = locate();
  return f;
}

const char* environment_dir() {
  const char* env = std::getenv("ACESLAB_DATA_DIR");
  return env && *env ? env : nullptr;
}

std::mutex g_mutex;
fs::path g_program_dir;  // set_data_dir()

fs::path program_dir() {
  std::lock_guard lock(g_mutex);
  return g_program_dir;
}

}  // namespace

fs::path data_dir() {
  if (const char* env = environment_dir()) return env;
  if (fs::path dir = program_dir(); !dir.empty()) return dir;
  return found().dir;
}

void set_data_dir(const fs::path& dir) {
  std::lock_guard lock(g_mutex);
  g_program_dir = dir;
}

std::string data_dir_origin() {
  if (environment_dir()) return "ACESLAB_DATA_DIR";
  if (!program_dir().empty()) return "set_data_dir";
  return found().origin;
}

fs::path data_file(const fs::path& relative) {
  const auto path = data_dir() / relative;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    throw Error(ErrorKind::io,
                "aceslab data file not found (data folder " + data_dir().string() + ", " + data_dir_origin() +
                    "; set ACESLAB_DATA_DIR to the folder holding aces/, amf/ and colour/)",
                {path.string()});
  }
  return path;
}

}  // namespace aceslab
