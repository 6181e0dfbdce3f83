// SPDX-License-Identifier: Apache-2.0
// What an entry of a delivery folder is, without following it: a delivery is copied to archives by
// value, so it holds plain files and folders. A symbolic link is copied as a link (rsync -a, tar)
// or as its target, and one that points outside the delivery delivers someone else's file, or
// nothing once the delivery has moved; a FIFO, socket or device has no content to hash and blocks
// a reader. The checker reports both (check.h, DLV-E028 and DLV-E029); the manifest writers refuse
// special files and links that leave the delivery, naming them.
#pragma once

#include <filesystem>
#include <string>

namespace aceslab::deliver {

enum class EntryKind {
  file,          // regular file
  folder,        // directory
  link_inside,   // symbolic link whose target resolves inside the delivery
  link_outside,  // symbolic link to outside the delivery, or dangling
  special,       // FIFO, socket, block or character device
};

struct TreeEntry {
  EntryKind kind = EntryKind::file;
  std::string what;    // "FIFO", "socket", "device", "symbolic link to ../x (outside the delivery)"...
};

// Classifies `path` (inside the delivery `root`) by its own status (symlinks are not followed).
TreeEntry classify_entry(const std::filesystem::path& path, const std::filesystem::path& root);

// For the manifest writers (MHL, checksum.txt): throws aceslab::Error (invalid_input) naming `path`
// when it is a FIFO, socket or device (reading one blocks) or a link to a file outside the delivery.
void require_coverable(const std::filesystem::path& path, const std::filesystem::path& root);

}  // namespace aceslab::deliver
