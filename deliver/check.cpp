// SPDX-License-Identifier: Apache-2.0
// Delivery validation: walking the folder, sequences, names and manifests. One file's header and
// pixels are checked in check_file.cpp.
#include "deliver/check.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "color/error.h"
#include "color/parallel.h"
#include "deliver/check_file.h"
#include "deliver/checksum_txt.h"
#include "deliver/frame_plan.h"
#include "deliver/manifest.h"
#include "deliver/mhl.h"
#include "deliver/sequence.h"
#include "deliver/tree_entry.h"

namespace aceslab::deliver {
namespace fs = std::filesystem;

namespace {

// Attributes that differ from frame to frame by design.
const std::set<std::string> kPerFrameAttributes = {"timeCode", "imageCounter", "capDate", "utcOffset", "keyCode"};
constexpr std::size_t kListedFiles = 5;  // files named in one grouped finding

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

struct ExrFile {
  fs::path path;
  std::string rel;
  FileCheck check;
};

// A numbered name split around its frame number: prefix, digits, suffix (the extension).
struct Numbered {
  std::string prefix, digits, suffix;
};
std::optional<Numbered> split_number(const std::string& name) {
  const std::size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0) return std::nullopt;
  std::size_t begin = dot;
  while (begin > 0 && std::isdigit(static_cast<unsigned char>(name[begin - 1]))) --begin;
  if (begin == dot || dot - begin > 18) return std::nullopt;
  return Numbered{name.substr(0, begin), name.substr(begin, dot - begin), name.substr(dot)};
}

std::string listed(const std::vector<std::string>& files) {
  std::string out;
  for (std::size_t i = 0; i < files.size() && i < kListedFiles; ++i) out += (i ? ", " : "") + files[i];
  if (files.size() > kListedFiles) out += ", ... (" + std::to_string(files.size()) + " in all)";
  return out;
}

std::time_t modification_time(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? st.st_mtime : 0;
}

// "2026-03-14T09:15:00+00:00" -> seconds since the epoch (UTC); 0 when unreadable.
std::time_t parse_iso(const std::string& text) {
  std::tm tm{};
  if (text.size() < 19 || !strptime(text.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return 0;
  std::time_t t = timegm(&tm);
  auto two_digits = [&](std::size_t at) {
    const char a = text[at], b = text[at + 1];
    return std::isdigit(static_cast<unsigned char>(a)) && std::isdigit(static_cast<unsigned char>(b)) ? (a - '0') * 10 + (b - '0') : -1;
  };
  if (text.size() >= 25 && (text[19] == '+' || text[19] == '-')) {
    const int hours = two_digits(20), minutes = two_digits(23);
    if (hours < 0 || minutes < 0) return 0;  // an offset that is not +hh:mm: unreadable
    const int offset = (hours * 60 + minutes) * 60;
    t -= text[19] == '+' ? offset : -offset;
  }
  return t;
}

void check_sequence(const std::vector<const ExrFile*>& files, const CheckOptions& o, std::vector<CheckFinding>& out) {
  auto add = [&](const char* id, Severity s, const std::string& file, const std::string& m) { out.push_back({id, s, file, m}); };
  std::map<long long, std::vector<std::string>> numbers;
  std::set<std::size_t> padded_lengths, plain_lengths;
  const std::string folder = fs::path(files.front()->rel).parent_path().generic_string();
  const Numbered first = *split_number(fs::path(files.front()->rel).filename().string());
  const std::string pattern = (folder.empty() ? "" : folder + "/") + first.prefix + "#" + first.suffix;
  for (const ExrFile* f : files) {
    const Numbered n = *split_number(fs::path(f->rel).filename().string());
    numbers[std::stoll(n.digits)].push_back(f->rel);
    (n.digits.size() > 1 && n.digits[0] == '0' ? padded_lengths : plain_lengths).insert(n.digits.size());
  }
  for (const auto& [number, names] : numbers) {
    if (names.size() > 1) add("DLV-E013", Severity::error, names.front(), "frame " + std::to_string(number) + " is there " + std::to_string(names.size()) + " times: " + listed(names));
  }
  // Padded to P digits: every spelling has P digits, or more without a leading zero.
  const bool mixed = padded_lengths.size() > 1 ||
                     (!padded_lengths.empty() && std::any_of(plain_lengths.begin(), plain_lengths.end(), [&](std::size_t l) { return l < *padded_lengths.begin(); }));
  if (mixed) add("DLV-E014", Severity::error, pattern, "mixed padding: frame numbers are spelled with different numbers of digits");
  std::vector<long long> gaps;
  for (auto it = numbers.begin(); std::next(it) != numbers.end(); ++it) {
    for (long long n = it->first + 1; n < std::next(it)->first; ++n) gaps.push_back(n);
  }
  if (!gaps.empty()) add("DLV-E012", Severity::error, pattern, std::to_string(gaps.size()) + " frame(s) missing: " + describe_numbers(gaps));
  if (o.start_frame) {
    const long long start = numbers.begin()->first;
    if (start == *o.start_frame - 1) {
      add("DLV-I027", Severity::info, numbers.begin()->second.front(), "frame " + std::to_string(start) + " taken as the slate before " + std::to_string(*o.start_frame));
    } else if (start != *o.start_frame) {
      add("DLV-E015", Severity::error, pattern, "numbering starts at " + std::to_string(start) + ", not at " + std::to_string(*o.start_frame));
    }
  }
  // Resolution and header attributes against the first readable frame.
  const ExrFile* reference = nullptr;
  for (const ExrFile* f : files) {
    if (f->check.info) {
      reference = f;
      break;
    }
  }
  if (!reference) return;
  const aces::ExrFileInfo& ref = *reference->check.info;
  std::map<std::string, std::vector<std::string>> changed;  // what -> files
  for (const ExrFile* f : files) {
    if (!f->check.info || f == reference) continue;
    const aces::ExrFileInfo& info = *f->check.info;
    if (!(info.display_window == ref.display_window)) changed["resolution"].push_back(f->rel);
    std::set<std::string> keys;
    for (const auto& [k, v] : ref.attributes) keys.insert(k);
    for (const auto& [k, v] : info.attributes) keys.insert(k);
    for (const std::string& k : keys) {
      if (kPerFrameAttributes.count(k) != 0 || k == "displayWindow" || k == "dataWindow") continue;
      const auto a = ref.attributes.find(k), b = info.attributes.find(k);
      if (a == ref.attributes.end() || b == info.attributes.end() || a->second != b->second) changed[k].push_back(f->rel);
    }
  }
  for (const auto& [what, names] : changed) {
    add("DLV-E010", Severity::error, names.front(), (what == "resolution" ? std::string("resolution") : "attribute " + what) +
                                                         " differs from " + reference->rel + " in " + listed(names));
  }
}

// Manifest findings: an MHL at the root, else checksum.txt per sequence folder.
void check_manifests(const fs::path& root, const std::vector<std::string>& files, const CheckOptions& o,
                     std::vector<CheckFinding>& out) {
  const Severity missing_severity = o.profile == Profile::nam ? Severity::error : Severity::warning;
  const MhlState state = read_mhl_state(root);
  if (state.generations > 0) {
    const std::string name = "ascmhl/" + state.newest;
    const std::time_t created = parse_iso(state.newest_date);
    std::vector<std::string> added, removed, modified, resized, failed;
    for (const std::string& f : files) {
      const auto it = state.files.find(f);
      if (it == state.files.end()) {
        added.push_back(f);
        continue;
      }
      std::error_code ec;
      if (it->second.last_failed) failed.push_back(f);
      else if (it->second.size && fs::file_size(root / f, ec) != *it->second.size) resized.push_back(f);
      else if (created != 0 && modification_time(root / f) > created) modified.push_back(f);
    }
    const std::set<std::string> present(files.begin(), files.end());
    for (const auto& [path, r] : state.files) {
      if (present.count(path) == 0) removed.push_back(path);
    }
    if (!added.empty()) out.push_back({"DLV-E020", Severity::error, name, "manifest stale: not listed: " + listed(added)});
    if (!removed.empty()) out.push_back({"DLV-E020", Severity::error, name, "manifest stale: listed but missing: " + listed(removed)});
    if (!modified.empty()) out.push_back({"DLV-E020", Severity::error, name, "manifest stale: modified after " + state.newest_date + ": " + listed(modified)});
    if (!resized.empty()) out.push_back({"DLV-E021", Severity::error, name, "manifest mismatch: size differs: " + listed(resized)});
    if (!failed.empty()) out.push_back({"DLV-E021", Severity::error, name, "manifest mismatch: the last verification found altered: " + listed(failed)});
    return;
  }
  const std::vector<fs::path> folders = sequence_folders(root);
  bool any = false;
  for (const fs::path& folder : folders) {
    const fs::path sums = folder / "checksum.txt";
    const std::string rel = fs::relative(sums, root).generic_string();
    std::error_code ec;
    if (!fs::exists(sums, ec)) {
      out.push_back({"DLV-E019", missing_severity, fs::relative(folder, root).generic_string(), "no checksum.txt for this sequence folder (and no MHL at the root)"});
      continue;
    }
    any = true;
    std::vector<ChecksumLine> lines;
    try {
      lines = read_checksum_txt(sums);
    } catch (const Error& e) {
      out.push_back({"DLV-E020", Severity::error, rel, e.what()});
      continue;
    }
    std::set<std::string> names;
    for (const auto& l : lines) names.insert(l.name);
    std::vector<std::string> added, removed, modified;
    const std::time_t written = modification_time(sums);
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      const std::string n = entry.path().filename().string();
      if (!entry.is_regular_file(ec) || n == "checksum.txt" || n[0] == '.') continue;
      if (names.count(n) == 0) added.push_back(n);
      else if (modification_time(entry.path()) > written) modified.push_back(n);
    }
    for (const auto& n : names) {
      if (!fs::exists(folder / n, ec)) removed.push_back(n);
    }
    if (!added.empty()) out.push_back({"DLV-E020", Severity::error, rel, "checksum.txt stale: not listed: " + listed(added)});
    if (!removed.empty()) out.push_back({"DLV-E020", Severity::error, rel, "checksum.txt stale: listed but missing: " + listed(removed)});
    if (!modified.empty()) out.push_back({"DLV-E020", Severity::error, rel, "checksum.txt stale: modified after it: " + listed(modified)});
  }
  if (folders.empty() && !any) {
    out.push_back({"DLV-E019", missing_severity, "", "no manifest: neither an ASC MHL (ascmhl/) at the root nor a checksum.txt"});
  }
}

}  // namespace

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
  }
  return "?";
}

bool CheckReport::ok() const {
  return std::none_of(findings.begin(), findings.end(), [](const CheckFinding& f) { return f.severity == Severity::error; });
}

CheckReport check_delivery(const fs::path& root, const CheckOptions& o, const std::function<void(std::size_t, std::size_t)>& progress) {
  const auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw Error(ErrorKind::io, "not a folder", {root.string()});
  CheckReport report;
  report.root = root;
  auto add = [&](const char* id, Severity s, const std::string& file, const std::string& m) { report.findings.push_back({id, s, file, m}); };
  static const std::set<std::string> kArchives = {".zip", ".tar", ".gz", ".tgz", ".7z", ".rar", ".bz2", ".xz"};
  static const std::set<std::string> kOtherImages = {".dpx", ".cin", ".tif", ".tiff", ".png", ".jpg", ".jpeg", ".dng", ".j2c", ".jp2", ".mov", ".mxf", ".mp4"};

  std::vector<ExrFile> exrs;
  std::vector<std::string> all_files;  // what a manifest must cover
  const std::string root_name = fs::absolute(root).lexically_normal().filename().string();
  if (!root_name.empty() && !is_portable_name(root_name)) add("DLV-E018", Severity::error, "", "folder name \"" + root_name + "\" has characters outside [A-Za-z0-9._-]");
  for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    const std::string name = p.filename().string();
    const std::string rel = p.lexically_relative(root).generic_string();  // the link itself, not its target
    const TreeEntry entry = classify_entry(p, root);
    if (entry.kind == EntryKind::special) {
      add("DLV-E028", Severity::error, rel, entry.what + " in the delivery: it has no content to hash or archive; remove it");
      continue;
    }
    if (entry.kind == EntryKind::link_inside || entry.kind == EntryKind::link_outside) {
      // Not followed (a linked folder is not entered): archives copy links as links.
      add("DLV-E029", Severity::error, rel,
          entry.what + ": a delivery is copied by value, so it holds the file itself, not a link to it");
      if (entry.kind == EntryKind::link_inside && !it->is_directory(ec)) all_files.push_back(rel);
      continue;
    }
    if (it->is_directory(ec)) {
      if (name == "ascmhl") {
        it.disable_recursion_pending();
        continue;
      }
      if (!is_portable_name(name)) add("DLV-E018", Severity::error, rel, "folder name has characters outside [A-Za-z0-9._-]");
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    if (name[0] == '.' && name.find(".tmp-") != std::string::npos) {
      add("DLV-W025", Severity::warning, rel, "temporary file of an interrupted render (rerun the render with --resume, which removes it)");
      continue;
    }
    if (name == ".DS_Store") continue;
    all_files.push_back(rel);
    if (!is_portable_name(name)) add("DLV-E018", Severity::error, rel, "file name has characters outside [A-Za-z0-9._-]");
    const std::string ext = lower(p.extension().string());
    if (kArchives.count(ext) != 0) add("DLV-E026", Severity::error, rel, "archive in a delivery: frames are delivered as files, not zipped");
    else if (ext == ".exr") exrs.push_back({p, rel, {}});
    else if (kOtherImages.count(ext) != 0) add("DLV-E024", Severity::error, rel, "not an OpenEXR file: masters are ACES2065-1 EXR");
  }
  std::sort(exrs.begin(), exrs.end(), [](const ExrFile& a, const ExrFile& b) { return a.rel < b.rel; });
  std::sort(all_files.begin(), all_files.end());
  report.exr_files = exrs.size();

  // Headers (and pixels) in parallel: opening files is latency-bound.
  std::atomic<std::size_t> next{0}, done{0};
  std::mutex progress_mutex;
  const unsigned threads = std::max(1u, std::min<unsigned>(aces::thread_count(o.threads), static_cast<unsigned>(exrs.size())));
  auto work = [&] {
    for (std::size_t i = next++; i < exrs.size(); i = next++) {
      exrs[i].check = check_exr_file(exrs[i].path, exrs[i].rel, o);
      const std::size_t n = ++done;
      if (progress) {
        std::lock_guard lock(progress_mutex);
        progress(n, exrs.size());
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (const ExrFile& f : exrs) report.findings.insert(report.findings.end(), f.check.findings.begin(), f.check.findings.end());

  std::map<std::tuple<std::string, std::string, std::string>, std::vector<const ExrFile*>> sequences;
  for (const ExrFile& f : exrs) {
    const fs::path rel(f.rel);
    if (const auto n = split_number(rel.filename().string())) {
      sequences[{rel.parent_path().generic_string(), n->prefix, lower(n->suffix)}].push_back(&f);
    }
  }
  report.sequences = sequences.size();
  for (const auto& [key, files] : sequences) check_sequence(files, o, report.findings);
  check_manifests(root, all_files, o, report.findings);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace aceslab::deliver
