// SPDX-License-Identifier: Apache-2.0
#include "color/data_dir.h"

#include <cstdlib>

#include "color/error.h"

namespace aceslab {

std::filesystem::path data_dir() {
  if (const char* env = std::getenv("ACESLAB_DATA_DIR"); env && *env) return env;
  return ACESLAB_DEFAULT_DATA_DIR;
}

std::filesystem::path data_file(const std::filesystem::path& relative) {
  const auto path = data_dir() / relative;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw Error(ErrorKind::io, "aceslab data file not found (set ACESLAB_DATA_DIR to the data/ folder)",
                {path.string()});
  }
  return path;
}

}  // namespace aceslab
