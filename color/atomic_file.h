// SPDX-License-Identifier: Apache-2.0
// Writing output files safely: the content goes to a temporary file in the destination folder and
// is renamed over the destination only when complete, so a failure never leaves a half-written
// file; an existing destination is refused unless the caller allows overwriting.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string_view>

namespace aceslab {

enum class Overwrite { refuse, allow };

// Throws aceslab::Error (io) naming the path when the destination exists and `overwrite` is
// refuse, or when writing or renaming fails (the temporary file is removed).
void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           Overwrite overwrite = Overwrite::refuse);

// Same, for writers that stream: `write` receives the temporary file's stream.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& write,
                           Overwrite overwrite = Overwrite::refuse);

// For libraries that write through a path (OpenImageIO): `write` receives the temporary path and
// must create it; it is renamed into place afterwards. The temporary keeps the destination's
// extension so format detection by extension still works.
void write_path_atomically(const std::filesystem::path& path,
                           const std::function<void(const std::filesystem::path& temp)>& write,
                           Overwrite overwrite = Overwrite::refuse);

// Throws aceslab::Error (io) if `path` exists and `overwrite` is refuse: lets a command fail before
// doing long work whose output could not be written anyway.
void check_writable(const std::filesystem::path& path, Overwrite overwrite);

}  // namespace aceslab
