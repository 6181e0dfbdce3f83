// SPDX-License-Identifier: Apache-2.0
// `aceslab deliver manifest|verify|check FOLDER`: checksum manifests and validation of a delivery
// folder, thin over deliver/manifest.h and deliver/check.h.
#include <iostream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/cli.h"
#include "color/error.h"
#include "deliver/deliver.h"

namespace aceslab::cli {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

// Thread-safe progress for the library callbacks.
class HashBar {
 public:
  explicit HashBar(std::string label) : m_label(std::move(label)) {}
  void operator()(std::size_t done, std::size_t total, const std::string& item = {}) {
    std::lock_guard lock(m_mutex);
    if (!m_progress) m_progress.emplace(m_label, total);
    m_progress->set(done, item);
  }
  void finish() {
    if (m_progress) m_progress->finish();
  }

 private:
  std::string m_label;
  std::mutex m_mutex;
  std::optional<Progress> m_progress;
};

// ---- manifest -------------------------------------------------------------------------------

struct ManifestArgs {
  std::string folder;
  bool mhl = false;
  bool checksum = false;
  std::string hash;
  bool json = false;
  Overwrite* overwrite = nullptr;
};

void run_manifest(const ManifestArgs& a) {
  deliver::ManifestOptions o;
  o.mhl = a.mhl || !a.checksum;
  o.checksum = a.checksum;
  if (!a.hash.empty()) o.hash = deliver::parse_hash_type(a.hash);
  o.force = *a.overwrite == Overwrite::allow;
  HashBar bar("hash");
  const deliver::ManifestReport r = deliver::create_manifest(a.folder, o, std::ref(bar));
  bar.finish();
  if (!r.ok()) set_exit_code(kExitFailure);
  if (a.json) {
    json doc{{"command", "deliver manifest"},
             {"folder", a.folder},
             {"generation", r.generation ? json(r.generation->string()) : json(nullptr)},
             {"checksum_files", json::array()},
             {"files", r.files},
             {"original", r.original.size()},
             {"verified", r.verified.size()},
             {"failed", r.failed},
             {"missing", r.missing},
             {"ok", r.ok()}};
    for (const auto& f : r.checksum_files) doc["checksum_files"].push_back(f.string());
    print_json(std::move(doc));
    return;
  }
  if (r.generation) {
    std::cout << "ASC MHL generation " << r.generation->string() << ": " << r.original.size() << " new, " << r.verified.size()
              << " verified, " << r.failed.size() << " failed\n";
  }
  for (const auto& f : r.checksum_files) std::cout << "checksum " << f.string() << '\n';
  for (const auto& f : r.failed) std::cout << "FAILED  " << f << " (differs from the history)\n";
  for (const auto& f : r.missing) std::cout << "MISSING " << f << " (recorded in the history)\n";
}

// ---- verify ---------------------------------------------------------------------------------

struct VerifyArgs {
  std::string folder;
  bool json = false;
};

void run_verify(const VerifyArgs& a) {
  HashBar bar("verify");
  const deliver::VerifyReport r = deliver::verify_manifest(a.folder, {}, std::ref(bar));
  bar.finish();
  if (!r.ok()) set_exit_code(kExitFailure);
  if (a.json) {
    print_json({{"command", "deliver verify"},
                {"folder", a.folder},
                {"against", r.against},
                {"verified", r.verified},
                {"missing", r.missing},
                {"extra", r.extra},
                {"altered", r.altered},
                {"generation", r.generation ? json(r.generation->string()) : json(nullptr)},
                {"ok", r.ok()}});
    return;
  }
  for (const auto& f : r.missing) std::cout << "MISSING " << f << '\n';
  for (const auto& f : r.extra) std::cout << "EXTRA   " << f << '\n';
  for (const auto& f : r.altered) std::cout << "ALTERED " << f << '\n';
  std::cout << a.folder << ": " << (r.ok() ? "OK" : "FAILED") << " against " << r.against << " (" << r.verified << " verified, "
            << r.missing.size() << " missing, " << r.extra.size() << " extra, " << r.altered.size() << " altered)\n";
  if (r.generation) std::cout << "verification generation " << r.generation->string() << '\n';
}

// ---- check ----------------------------------------------------------------------------------

struct CheckArgs {
  std::string folder;
  std::string profile;
  long long start_frame = -1;
  std::string min_size;
  bool pixels = false;
  bool json = false;
  unsigned threads = 0;
};

void run_check(const CheckArgs& a) {
  deliver::CheckOptions o;
  o.profile = deliver::parse_profile(a.profile);
  if (a.start_frame >= 0) o.start_frame = a.start_frame;
  if (!a.min_size.empty()) o.min_size = deliver::parse_frame_size(a.min_size, "--min-size");
  o.pixels = a.pixels;
  o.threads = a.threads;
  HashBar bar(a.pixels ? "check (pixels)" : "check");
  const deliver::CheckReport r = deliver::check_delivery(a.folder, o, [&](std::size_t d, std::size_t t) { bar(d, t); });
  bar.finish();
  if (!r.ok()) set_exit_code(kExitFailure);
  std::size_t errors = 0, warnings = 0;
  for (const auto& f : r.findings) {
    if (f.severity == deliver::Severity::error) ++errors;
    if (f.severity == deliver::Severity::warning) ++warnings;
  }
  const double fps = r.seconds > 0 ? static_cast<double>(r.exr_files) / r.seconds : 0.0;
  if (a.json) {
    json doc{{"command", "deliver check"}, {"folder", a.folder},     {"profile", a.profile},     {"exr_files", r.exr_files},
             {"sequences", r.sequences},   {"seconds", r.seconds},   {"frames_per_second", fps}, {"errors", errors},
             {"warnings", warnings},       {"ok", r.ok()},           {"findings", json::array()}};
    for (const auto& f : r.findings) {
      doc["findings"].push_back({{"id", f.id}, {"severity", deliver::severity_name(f.severity)}, {"file", f.file}, {"message", f.message}});
    }
    print_json(std::move(doc));
    return;
  }
  for (const auto& f : r.findings) {
    std::cout << f.id << ' ' << deliver::severity_name(f.severity) << ' ' << (f.file.empty() ? "." : f.file) << ": " << f.message << '\n';
  }
  std::printf("%s: %s for profile %s (%zu EXR file(s) in %zu sequence(s), %zu error(s), %zu warning(s); %.0f files/s)\n",
              a.folder.c_str(), r.ok() ? "OK" : "NOT DELIVERABLE", a.profile.c_str(), r.exr_files, r.sequences, errors, warnings, fps);
}

void add_deliver(CLI::App& app) {
  auto* cmd = app.add_subcommand("deliver", "Checksum manifests (ASC MHL, checksum.txt) and validation of a delivery folder");
  cmd->require_subcommand(1);

  auto m = std::make_shared<ManifestArgs>();
  auto* man = cmd->add_subcommand("manifest", "Hash a delivery folder: a new ASC MHL generation and/or checksum.txt files");
  man->add_option("folder", m->folder, "Delivery folder (the MHL goes to its ascmhl/ subfolder)")->required();
  man->add_flag("--mhl", m->mhl, "Append an ASC MHL v2.0 generation (the default)");
  man->add_flag("--checksum", m->checksum, "Write checksum.txt into each image-sequence folder");
  man->add_option("--hash", m->hash, "xxh128 (MHL default), xxh64, xxh3, md5 (checksum.txt default), sha1 or c4");
  m->overwrite = &add_force_flag(*man);
  man->add_flag("--json", m->json, "Print one JSON document");
  man->footer("Examples:\n  aceslab deliver manifest NAM/\n  aceslab deliver manifest NAM/ --mhl --checksum\n"
              "  aceslab deliver manifest pull/ --checksum --hash xxh64");
  man->callback([m] { run_manifest(*m); });

  auto v = std::make_shared<VerifyArgs>();
  auto* ver = cmd->add_subcommand("verify", "Re-hash a delivery against its newest MHL generation (or checksum.txt files)");
  ver->add_option("folder", v->folder, "Delivery folder")->required();
  ver->add_flag("--json", v->json, "Print one JSON document");
  ver->footer("Exit code 1 when files are missing, extra or altered; an MHL history gets a verification generation.\n"
              "Example:\n  aceslab deliver verify NAM/");
  ver->callback([v] { run_verify(*v); });

  auto c = std::make_shared<CheckArgs>();
  auto* chk = cmd->add_subcommand("check", "Validate a delivery folder against a profile (finding ids DLV-E001...)");
  chk->add_option("folder", c->folder, "Delivery folder")->required();
  chk->add_option("--profile", c->profile, "nam, st2065-4 or vfx")->required();
  chk->add_option("--start-frame", c->start_frame, "First frame number every sequence must start at (start - 1: a slate)");
  chk->add_option("--min-size", c->min_size, "Smallest accepted frame, WxH (default: the profile's, 3840x2160 for nam)");
  chk->add_flag("--pixels", c->pixels, "Also read the pixels: NaN/Inf, log-encoded values stored as linear");
  chk->add_option("--threads", c->threads, "Threads (0 = all cores)")->capture_default_str();
  chk->add_flag("--json", c->json, "Print one JSON document");
  chk->footer("Exit code 0 when clean (warnings allowed), 1 with findings.\nExamples:\n"
              "  aceslab deliver check NAM/ --profile nam\n  aceslab deliver check pull/ --profile vfx --start-frame 1001 --pixels --json");
  chk->callback([c] { run_check(*c); });
}

ACESLAB_REGISTER_COMMAND(55, add_deliver);

}  // namespace
}  // namespace aceslab::cli
