// SPDX-License-Identifier: Apache-2.0
#include "deliver/tree_entry.h"

#include <system_error>

#include "color/error.h"
#include "color/text.h"

namespace aceslab::deliver {

namespace fs = std::filesystem;

namespace {

// `inner` lies in `outer` (both canonical).
bool is_within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

}  // namespace

TreeEntry classify_entry(const fs::path& path, const fs::path& root) {
  std::error_code ec;
  const fs::file_status s = fs::symlink_status(path, ec);
  switch (s.type()) {
    case fs::file_type::regular:
      return {EntryKind::file, "file"};
    case fs::file_type::directory:
      return {EntryKind::folder, "folder"};
    case fs::file_type::fifo:
      return {EntryKind::special, "FIFO (named pipe)"};
    case fs::file_type::socket:
      return {EntryKind::special, "socket"};
    case fs::file_type::block:
    case fs::file_type::character:
      return {EntryKind::special, "device"};
    case fs::file_type::symlink: {
      const std::string target = fs::read_symlink(path, ec).string();
      std::error_code resolve, root_ec;
      const fs::path resolved = fs::canonical(path, resolve);
      const fs::path canonical_root = fs::canonical(root, root_ec);
      if (resolve || root_ec) return {EntryKind::link_outside, "symbolic link to " + target + " (dangling)"};
      if (!is_within(resolved, canonical_root)) {
        return {EntryKind::link_outside, "symbolic link to " + target + " (outside the delivery)"};
      }
      return {EntryKind::link_inside, "symbolic link to " + target};
    }
    default:
      return {EntryKind::special, "not a file or folder"};
  }
}

void require_coverable(const fs::path& path, const fs::path& root) {
  const TreeEntry e = classify_entry(path, root);
  if (e.kind == EntryKind::special || (e.kind == EntryKind::link_outside && !fs::is_directory(path))) {
    throw Error(ErrorKind::invalid_input, e.what + ": a manifest covers the delivery's own files; remove it or copy the file in",
                {to_valid_utf8(path.string())});
  }
}

}  // namespace aceslab::deliver
