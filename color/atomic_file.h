// SPDX-License-Identifier: Apache-2.0
// Writing output files safely: the content goes to a temporary file in the destination folder and
// is published under its name only when complete, so a failure never leaves a half-written file.
// Without overwriting, publishing is one atomic no-replace rename (renameat2 RENAME_NOREPLACE, or
// link + unlink where the file system lacks it): of two runs writing the same output at once,
// exactly one succeeds. Temporary files are created 0600 with O_EXCL, and are removed when the
// process is interrupted by a signal once install_temporary_cleanup() has run.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

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

// For libraries that write through a path (OpenImageIO): `write` receives the temporary path (an
// empty file that exists already) and must fill it; it is published afterwards. The temporary
// keeps the destination's extension so format detection by extension still works.
void write_path_atomically(const std::filesystem::path& path,
                           const std::function<void(const std::filesystem::path& temp)>& write,
                           Overwrite overwrite = Overwrite::refuse);

// Throws aceslab::Error (io) if `path` exists and `overwrite` is refuse, if its folder does not
// exist, or if its name is longer than the file system allows: lets a command fail before doing
// long work whose output could not be written anyway.
void check_writable(const std::filesystem::path& path, Overwrite overwrite);

// A temporary file, created empty with O_EXCL and mode 0600 as ".<hint>.tmp-<pid>-<n><extension>"
// in `folder` (the hint shortened so the name always fits), removed when the object is destroyed
// or when a signal ends the process (see install_temporary_cleanup).
class TemporaryFile {
 public:
  TemporaryFile(const std::filesystem::path& folder, std::string_view hint, std::string_view extension);
  ~TemporaryFile();
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  // Moves the file to `destination` (see the header comment); afterwards nothing is removed.
  void publish(const std::filesystem::path& destination, Overwrite overwrite);

 private:
  std::filesystem::path m_path;
  int m_slot = -1;  // in the signal-cleanup table
};

// Installs handlers for SIGINT, SIGTERM, SIGHUP and SIGQUIT that remove every live TemporaryFile
// and then end the process by the same signal. Called once by main().
void install_temporary_cleanup();

// A file a command reads or writes, named by its role for messages ("the LUT", "--amf").
struct RoleAndPath {
  std::string role;
  std::filesystem::path path;
};

// True when `a` and `b` are the same file however spelled: the same inode when both exist
// (symlinks and hard links included), the same normalised absolute path otherwise.
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);

// Throws aceslab::Error (usage) when an output is one of the inputs or another output of the
// same run: "-o a.cube is the LUT a.cube: the run would destroy its own input". --force does not
// change this.
void check_distinct_files(const std::vector<RoleAndPath>& inputs, const std::vector<RoleAndPath>& outputs);

// Outputs a command has published so far: if the command fails before keep(), the ones it created
// (not those it overwrote with --force) are removed, so a failed run leaves nothing behind and can
// simply be run again.
class RunOutputs {
 public:
  RunOutputs() = default;
  ~RunOutputs();
  RunOutputs(const RunOutputs&) = delete;
  RunOutputs& operator=(const RunOutputs&) = delete;
  // Runs `write`, which publishes `path`, and remembers `path` if it did not exist before.
  void write(const std::filesystem::path& path, const std::function<void()>& write);
  // The same for a writer that publishes several files (a report): when it fails part way, the
  // files (and folder) that did not exist before are removed too.
  void write(const std::vector<std::filesystem::path>& paths, const std::function<void()>& write);
  void keep() { m_keep = true; }

 private:
  std::vector<std::filesystem::path> m_created;
  bool m_keep = false;
};

}  // namespace aceslab
