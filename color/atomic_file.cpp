// SPDX-License-Identifier: Apache-2.0
#include "color/atomic_file.h"

#include <fstream>
#include <random>
#include <string>
#include <unistd.h>

#include "color/error.h"

namespace aceslab {
namespace fs = std::filesystem;

namespace {

fs::path temporary_sibling(const fs::path& path) {
  std::random_device rd;
  // ".name.tmp-<pid>-<n>.ext": hidden, same folder (same file system, so rename is atomic).
  // Built with append(): GCC 12 warns falsely (-Wrestrict, PR 105329) on chains of operator+.
  std::string name(".");
  name.append(path.stem().string());
  name.append(".tmp-");
  name.append(std::to_string(::getpid()));
  name.append("-");
  name.append(std::to_string(rd() % 1000000u));
  name.append(path.extension().string());
  fs::path temp = path;
  temp.replace_filename(name);
  return temp;
}

void commit(const fs::path& temp, const fs::path& path, Overwrite overwrite) {
  std::error_code ec;
  if (overwrite == Overwrite::refuse && fs::exists(path, ec)) {
    fs::remove(temp, ec);
    throw Error(ErrorKind::io, "output exists (use --force to overwrite)", {path.string()});
  }
  fs::rename(temp, path, ec);
  if (ec) {
    fs::remove(temp, ec);
    throw Error(ErrorKind::io, "cannot move the finished output into place: " + ec.message(), {path.string()});
  }
}

}  // namespace

void check_writable(const fs::path& path, Overwrite overwrite) {
  std::error_code ec;
  if (overwrite == Overwrite::refuse && fs::exists(path, ec)) {
    throw Error(ErrorKind::io, "output exists (use --force to overwrite)", {path.string()});
  }
  const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, ec)) {
    throw Error(ErrorKind::io, "output folder does not exist", {parent.string()});
  }
}

void write_file_atomically(const fs::path& path, const std::function<void(std::ostream&)>& write,
                           Overwrite overwrite) {
  check_writable(path, overwrite);
  const fs::path temp = temporary_sibling(path);
  try {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(ErrorKind::io, "cannot create a temporary file next to the output", {temp.string()});
    write(out);
    out.flush();
    if (!out) throw Error(ErrorKind::io, "write failed (disk full?)", {path.string()});
  } catch (...) {
    std::error_code ec;
    fs::remove(temp, ec);
    throw;
  }
  commit(temp, path, overwrite);
}

void write_file_atomically(const fs::path& path, std::string_view content, Overwrite overwrite) {
  write_file_atomically(path, [&](std::ostream& out) { out.write(content.data(), static_cast<std::streamsize>(content.size())); },
                        overwrite);
}

void write_path_atomically(const fs::path& path, const std::function<void(const fs::path&)>& write,
                           Overwrite overwrite) {
  check_writable(path, overwrite);
  const fs::path temp = temporary_sibling(path);
  try {
    write(temp);
  } catch (...) {
    std::error_code ec;
    fs::remove(temp, ec);
    throw;
  }
  commit(temp, path, overwrite);
}

}  // namespace aceslab
