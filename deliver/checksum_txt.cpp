// SPDX-License-Identifier: Apache-2.0
// checksum.txt: one per image-sequence folder, `<hash>  <file name>` per file (manifest.h).
#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "color/atomic_file.h"
#include "color/error.h"
#include "color/input_file.h"
#include "color/text.h"
#include "deliver/checksum_txt.h"
#include "deliver/tree_entry.h"

namespace aceslab::deliver {
namespace fs = std::filesystem;

namespace {

constexpr const char* kChecksumFile = "checksum.txt";
constexpr std::uintmax_t kMaxChecksumBytes = 256ull << 20;

bool is_image_extension(std::string ext) {
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  static const std::set<std::string> kImages = {".exr", ".dpx", ".cin", ".tif", ".tiff", ".png", ".jpg", ".jpeg", ".dng", ".ari", ".j2c"};
  return kImages.count(ext) != 0;
}

// "A001.0001001.exr", "A001_1001.exr": a digit right before the extension.
bool is_numbered_image(const fs::path& name) {
  const std::string stem = name.stem().string();
  return !stem.empty() && std::isdigit(static_cast<unsigned char>(stem.back())) && is_image_extension(name.extension().string());
}

// The files a folder's checksum.txt covers: every regular file but checksum.txt and hidden ones.
std::vector<std::string> covered_files(const fs::path& folder) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file(ec) && name != kChecksumFile && name[0] != '.') names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The formats a digest of this spelling can be (manifest.h).
std::vector<HashType> candidate_types(const std::string& hash) {
  if (hash.size() == 90 && hash.rfind("c4", 0) == 0) return {HashType::c4};
  switch (hash.size()) {
    case 16: return {HashType::xxh64, HashType::xxh3};
    case 32: return {HashType::md5, HashType::xxh128};
    case 40: return {HashType::sha1};
    default: return {};
  }
}

bool matches(const fs::path& file, const std::string& recorded) {
  const std::vector<HashType> types = candidate_types(recorded);
  if (types.empty()) return false;
  std::string lower = recorded;
  if (types.front() != HashType::c4) {
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  }
  for (const std::string& h : hash_file(file, types)) {
    if (h == lower) return true;
  }
  return false;
}

void verify_folder(const fs::path& root, const fs::path& folder, VerifyReport& report, std::size_t& done, std::size_t total,
                   const HashProgress& progress) {
  const std::string rel_folder = fs::relative(folder, root).generic_string();
  auto rel = [&](const std::string& name) { return rel_folder == "." ? name : rel_folder + "/" + name; };
  std::set<std::string> listed;
  std::error_code ec;
  for (const ChecksumLine& line : read_checksum_txt(folder / kChecksumFile)) {
    listed.insert(line.name);
    const fs::path file = folder / line.name;
    if (!fs::is_regular_file(file, ec)) {
      report.missing.push_back(rel(line.name));
    } else if (matches(file, line.hash)) {
      ++report.verified;
    } else {
      report.altered.push_back(rel(line.name));
    }
    if (progress) progress(++done, total, rel(line.name));
  }
  for (const std::string& name : covered_files(folder)) {
    if (listed.count(name) == 0) report.extra.push_back(rel(name));
  }
}

std::vector<fs::path> checksum_files_under(const fs::path& root) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (fs::is_regular_file(root / kChecksumFile, ec)) out.push_back(root / kChecksumFile);
  for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && it->path().filename() == "ascmhl") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && it->path().filename() == kChecksumFile && it->path().parent_path() != root) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::vector<ChecksumLine> read_checksum_txt(const fs::path& path) {
  // Regular files only (a FIFO would block, /dev/zero never ends), read once within the limit.
  const std::string bytes = read_input_file(path, kMaxChecksumBytes, "the checksum file");
  std::vector<ChecksumLine> lines;
  int number = 0;
  for (std::size_t start = 0; start < bytes.size();) {
    const std::size_t end = std::min(bytes.find('\n', start), bytes.size());
    std::string_view text(bytes.data() + start, end - start);
    start = end + 1;
    ++number;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.empty() || text[0] == '#') continue;
    // md5sum format: the digest, two characters (space and ' ' or '*'), the name.
    const std::size_t space = text.find(' ');
    if (space == std::string::npos || space + 2 > text.size() || (text[space + 1] != ' ' && text[space + 1] != '*')) {
      throw Error(ErrorKind::invalid_input, "expected \"<hash>  <file name>\", got " + quote_excerpt(text), {path.string(), number});
    }
    ChecksumLine line{std::string(text.substr(0, space)), std::string(text.substr(space + 2))};
    if (candidate_types(line.hash).empty() || line.name.empty() || line.name == "." || line.name == ".." ||
        line.name.find('/') != std::string::npos) {
      throw Error(ErrorKind::invalid_input, "not a digest and a file name of this folder: " + quote_excerpt(text),
                  {path.string(), number});
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::vector<fs::path> sequence_folders(const fs::path& root) {
  std::set<fs::path> folders;
  std::error_code ec;
  auto consider = [&](const fs::path& file) {
    if (is_numbered_image(file.filename())) folders.insert(file.parent_path());
  };
  for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && it->path().filename() == "ascmhl") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) consider(it->path());
  }
  return {folders.begin(), folders.end()};
}

std::vector<fs::path> write_checksum_files(const fs::path& root, HashType type, bool force, std::size_t* files) {
  std::vector<fs::path> written;
  const std::vector<fs::path> folders = sequence_folders(root);
  if (folders.empty()) throw Error(ErrorKind::invalid_input, "no image sequence to write a checksum.txt for", {root.string()});
  for (const fs::path& folder : folders) {
    const fs::path path = folder / kChecksumFile;
    std::error_code ec;
    if (fs::exists(path, ec) && !force) {
      VerifyReport check;
      std::size_t done = 0;
      verify_folder(folder, folder, check, done, 0, {});
      if (!check.altered.empty() || !check.missing.empty()) {
        throw Error(ErrorKind::invalid_input,
                    "the existing checksum.txt no longer matches its files (" + std::to_string(check.altered.size()) +
                        " altered, " + std::to_string(check.missing.size()) + " missing): --force replaces it",
                    {path.string()});
      }
    }
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      const std::string name = entry.path().filename().string();
      if (name != kChecksumFile && name[0] != '.') require_coverable(entry.path(), root);
    }
    std::ostringstream text;
    for (const std::string& name : covered_files(folder)) {
      text << hash_file(folder / name, type) << "  " << name << '\n';
      if (files) ++*files;
    }
    write_file_atomically(path, text.str(), Overwrite::allow);
    written.push_back(path);
  }
  return written;
}

VerifyReport verify_checksum_files(const fs::path& root, const HashProgress& progress) {
  VerifyReport report;
  const std::vector<fs::path> files = checksum_files_under(root);
  if (files.empty()) {
    throw Error(ErrorKind::invalid_input, "no manifest to verify against: no ascmhl/ generation and no checksum.txt",
                {root.string()});
  }
  std::size_t total = 0;
  for (const fs::path& f : files) total += read_checksum_txt(f).size();
  report.against = "checksum.txt (" + std::to_string(files.size()) + " folder" + (files.size() == 1 ? ")" : "s)");
  std::size_t done = 0;
  for (const fs::path& f : files) verify_folder(root, f.parent_path(), report, done, total, progress);
  // A sequence folder without its checksum.txt is not covered at all.
  for (const fs::path& folder : sequence_folders(root)) {
    if (std::find(files.begin(), files.end(), folder / kChecksumFile) == files.end()) {
      for (const std::string& name : covered_files(folder)) {
        report.extra.push_back(fs::relative(folder / name, root).generic_string());
      }
    }
  }
  return report;
}

}  // namespace aceslab::deliver
