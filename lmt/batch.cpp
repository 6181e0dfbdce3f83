// SPDX-License-Identifier: Apache-2.0
#include "lmt/batch.h"

#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "aces2/output_presets.h"
#include "clf/writer.h"
#include "color/color_space.h"
#include "color/error.h"
#include "color/input_file.h"
#include "color/parallel.h"
#include "lmt/lmt_amf.h"
#include "lmt/lmt_json.h"
#include "lmt/show_lut.h"

namespace aceslab::lmt {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Settings that may appear in "defaults", a folder entry or a LUT entry.
const std::set<std::string>& setting_keys() {
  static const std::set<std::string> k{"lut_in",           "lut_in_clf", "lut_out",   "lut_in_range", "lut_out_range",
                                        "lut_out_encoding", "shaper",     "cube_size", "fit",          "node_space", "layout", "amf",
                                        "cdl",              "cdl_amf"};
  return k;
}

std::string child(const std::string& pointer, const std::string& key) {
  return (json::json_pointer(pointer) / key).to_string();
}
std::string child(const std::string& pointer, std::size_t index) {
  return (json::json_pointer(pointer) / index).to_string();
}

class ManifestReader {
 public:
  explicit ManifestReader(fs::path path) : m_path(std::move(path)) {}

  [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
    throw Error(ErrorKind::invalid_input, message, Location(m_path.string(), 0, pointer));
  }

  const json& object(const json& v, const std::string& pointer) const {
    if (!v.is_object()) fail(pointer, std::string("expected an object, got ") + v.type_name());
    return v;
  }
  void only_keys(const json& obj, const std::string& pointer, const std::set<std::string>& allowed) const {
    for (const auto& [key, value] : obj.items()) {
      if (!allowed.count(key)) {
        std::string valid;
        for (const auto& a : allowed) valid += (valid.empty() ? "" : ", ") + a;
        fail(child(pointer, key), "unknown key \"" + key + "\"; valid keys here: " + valid);
      }
    }
  }
  std::string string(const json& v, const std::string& pointer) const {
    if (!v.is_string()) fail(pointer, std::string("expected a string, got ") + v.type_name());
    const std::string s = v.get<std::string>();
    if (s.empty()) fail(pointer, "expected a non-empty string");
    return s;
  }
  bool boolean(const json& v, const std::string& pointer) const {
    if (!v.is_boolean()) fail(pointer, std::string("expected true or false, got ") + v.type_name());
    return v.get<bool>();
  }

  // A settings layer: the keys of `obj` that are settings, checked and resolved.
  struct Layer {
    std::map<std::string, std::pair<json, std::string>> values;  // key -> (value, pointer)
  };
  Layer settings_layer(const json& obj, const std::string& pointer) const {
    Layer layer;
    for (const auto& [key, value] : obj.items()) {
      if (!setting_keys().count(key)) continue;
      const std::string p = child(pointer, key);
      check_setting(key, value, p);
      layer.values[key] = {value, p};
    }
    return layer;
  }

  void check_setting(const std::string& key, const json& v, const std::string& p) const {
    try {
      if (key == "lut_in") {
        aces::find_color_space(string(v, p));
      } else if (key == "lut_out") {
        aces::find_output_preset(string(v, p));
      } else if (key == "lut_in_range" || key == "lut_out_range") {
        parse_code_range(string(v, p));
      } else if (key == "lut_in_clf") {
        const fs::path clf = m_path.parent_path() / string(v, p);
        if (!fs::is_regular_file(clf)) fail(p, "no such CLF: " + clf.string());
      } else if (key == "fit") {
        parse_fit_mode(string(v, p));
      } else if (key == "node_space") {
        parse_node_space(string(v, p));
      } else if (key == "layout") {
        parse_layout(string(v, p));
      } else if (key == "lut_out_encoding") {
        find_lut_output_encoding(string(v, p));
      } else if (key == "shaper") {
        parse_shaper_mode(string(v, p));
      } else if (key == "cube_size") {
        if (!v.is_number_integer()) fail(p, std::string("expected an integer, got ") + v.type_name());
        const auto n = v.get<long long>();
        if (n != 0 && (n < 2 || n > aces::kMaxClfLut3DSize)) {
          fail(p, "cube size " + std::to_string(n) + " is out of range: 0 (automatic) or 2.." +
                      std::to_string(aces::kMaxClfLut3DSize) + " (OpenColorIO 2.1 reads no larger LUT3D)");
        }
      } else if (key == "amf" || key == "cdl") {
        if (!v.is_boolean() && !v.is_string()) fail(p, std::string("expected true, false or a file name, got ") + v.type_name());
        if (v.is_string()) string(v, p);
        if (key == "cdl" && v.is_string()) check_cdl_path(v.get<std::string>());
      } else if (key == "cdl_amf") {
        parse_cdl_amf_mode(string(v, p));
      }
    } catch (const Error& e) {
      if (e.location().element == p) throw;
      fail(p, e.detail());  // an unknown id: keep the library's message (it lists the valid ids)
    }
  }

  // Merges layers (later wins) into a job; `entry` names the job in messages.
  BatchJob job(const fs::path& lut, const std::vector<const Layer*>& layers, const std::string& entry,
               const fs::path& output_dir, const json* output, const std::string& output_pointer,
               const fs::path& relative_dir) const {
    std::map<std::string, std::pair<json, std::string>> merged;
    for (const Layer* l : layers) {
      for (const auto& [k, v] : l->values) merged[k] = v;
    }
    BatchJob j;
    j.lut = lut;
    j.pointer = entry;
    for (const char* required : {"lut_in", "lut_out"}) {
      if (std::string(required) == "lut_in" && merged.count("lut_in_clf")) continue;
      if (!merged.count(required)) {
        fail(entry, std::string(required) + " is missing for " + lut.filename().string() +
                        " (give it in the entry, its folder or \"defaults\")");
      }
    }
    if (merged.count("lut_in")) j.settings.lut_in = merged["lut_in"].first.get<std::string>();
    if (merged.count("lut_in_clf")) j.settings.lut_in_clf = m_path.parent_path() / merged["lut_in_clf"].first.get<std::string>();
    if (merged.count("fit")) j.settings.fit = parse_fit_mode(merged["fit"].first.get<std::string>());
    if (merged.count("node_space")) j.settings.node_space = parse_node_space(merged["node_space"].first.get<std::string>());
    if (merged.count("layout")) j.settings.layout = parse_layout(merged["layout"].first.get<std::string>());
    j.settings.lut_out = merged["lut_out"].first.get<std::string>();
    if (merged.count("lut_in_range")) j.settings.lut_in_range = parse_code_range(merged["lut_in_range"].first.get<std::string>());
    if (merged.count("lut_out_range")) j.settings.lut_out_range = parse_code_range(merged["lut_out_range"].first.get<std::string>());
    if (merged.count("lut_out_encoding")) j.settings.lut_out_encoding = merged["lut_out_encoding"].first.get<std::string>();
    if (merged.count("shaper")) j.settings.shaper = parse_shaper_mode(merged["shaper"].first.get<std::string>());
    if (merged.count("cube_size")) j.settings.cube_size = merged["cube_size"].first.get<int>();

    const std::string stem = lut.stem().string();
    j.output = output != nullptr ? output_dir / string(*output, output_pointer)
                                 : output_dir / relative_dir / (stem + "_lmt.clf");
    if (merged.count("amf")) {
      const json& a = merged["amf"].first;
      if (a.is_string()) j.amf = output_dir / a.get<std::string>();
      else if (a.get<bool>()) j.amf = j.output.parent_path() / (j.output.stem().string() + ".amf");
    }
    if (merged.count("cdl")) {
      const json& c = merged["cdl"].first;
      if (c.is_string()) j.settings.cdl_path = output_dir / c.get<std::string>();
      else if (c.get<bool>()) j.settings.cdl_path = j.output.parent_path() / (j.output.stem().string() + ".cdl");
    }
    if (merged.count("cdl_amf")) j.settings.cdl_amf = parse_cdl_amf_mode(merged["cdl_amf"].first.get<std::string>());
    return j;
  }

  const fs::path& path() const { return m_path; }

 private:
  fs::path m_path;
};

int line_of_byte(std::string_view text, std::size_t byte) {
  byte = std::min(byte, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(byte), '\n'));
}

std::vector<fs::path> folder_matches(const fs::path& dir, const std::string& pattern, bool recursive) {
  std::vector<fs::path> out;
  auto consider = [&](const fs::directory_entry& e) {
    if (!e.is_regular_file()) return;
    if (fnmatch(pattern.c_str(), e.path().filename().c_str(), 0) == 0) out.push_back(e.path());
  };
  if (recursive) {
    for (const auto& e : fs::recursive_directory_iterator(dir)) consider(e);
  } else {
    for (const auto& e : fs::directory_iterator(dir)) consider(e);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// One spelling per file, for comparing paths: absolute first, because weakly_canonical keeps a
// path relative when none of it exists ("out/x.clf" and "./out/x.clf" must still compare equal).
fs::path normalised(const fs::path& p) {
  std::error_code ec;
  const fs::path a = fs::absolute(p, ec);
  if (ec) return p.lexically_normal();
  fs::path c = fs::weakly_canonical(a, ec);
  return ec ? a.lexically_normal() : c;
}

std::string fixed(double v, int precision) {
  std::ostringstream os;
  os.imbue(std::locale::classic());
  os << std::fixed << std::setprecision(precision) << v;
  return os.str();
}

}  // namespace

BatchManifest parse_batch_manifest(std::string_view text, const fs::path& path, bool allow_outside) {
  const ManifestReader r(path);
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line L,
    // column C: ..."; keep what follows the location.
    std::string what = e.what();
    const auto colon = what.find(": ");
    if (colon != std::string::npos) what = what.substr(colon + 2);
    throw Error(ErrorKind::invalid_input, "not valid JSON: " + what,
                Location(path.string(), line_of_byte(text, e.byte == 0 ? 0 : e.byte - 1)));
  } catch (const json::exception& e) {
    // Not a syntax error but still the parser's (a number out of range: "1e400"), found by fuzzing.
    std::string what = e.what();
    if (const auto bracket = what.find("] "); bracket != std::string::npos) what = what.substr(bracket + 2);
    throw Error(ErrorKind::invalid_input, "not valid JSON: " + what, Location(path.string()));
  }
  r.object(doc, "");
  r.only_keys(doc, "", {"schema", "defaults", "output_dir", "luts", "folders"});
  if (doc.contains("schema") && r.string(doc["schema"], "/schema") != kBatchSchema) {
    r.fail("/schema", "unsupported schema \"" + doc["schema"].get<std::string>() + "\"; this version reads \"" +
                          kBatchSchema + "\"");
  }
  const fs::path base = path.parent_path();

  BatchManifest m;
  m.path = path;
  m.output_dir = base;
  if (doc.contains("output_dir")) m.output_dir = base / r.string(doc["output_dir"], "/output_dir");

  ManifestReader::Layer defaults;
  if (doc.contains("defaults")) {
    const json& d = r.object(doc["defaults"], "/defaults");
    r.only_keys(d, "/defaults", setting_keys());
    defaults = r.settings_layer(d, "/defaults");
  }

  std::set<fs::path> listed;  // LUTs with their own entry
  if (doc.contains("luts")) {
    const json& luts = doc["luts"];
    if (!luts.is_array()) r.fail("/luts", std::string("expected an array, got ") + luts.type_name());
    for (std::size_t i = 0; i < luts.size(); ++i) {
      const std::string p = child("/luts", i);
      const json& e = r.object(luts[i], p);
      std::set<std::string> allowed = setting_keys();
      allowed.insert({"file", "output"});
      r.only_keys(e, p, allowed);
      if (!e.contains("file")) r.fail(p, "\"file\" is missing");
      const fs::path lut = base / r.string(e["file"], child(p, "file"));
      const ManifestReader::Layer own = r.settings_layer(e, p);
      const json* output = e.contains("output") ? &e["output"] : nullptr;
      m.jobs.push_back(r.job(lut, {&defaults, &own}, p, m.output_dir, output, child(p, "output"), {}));
      listed.insert(normalised(lut));
    }
  }

  if (doc.contains("folders")) {
    const json& folders = doc["folders"];
    if (!folders.is_array()) r.fail("/folders", std::string("expected an array, got ") + folders.type_name());
    for (std::size_t i = 0; i < folders.size(); ++i) {
      const std::string p = child("/folders", i);
      const json& e = r.object(folders[i], p);
      std::set<std::string> allowed = setting_keys();
      allowed.insert({"path", "pattern", "recursive"});
      r.only_keys(e, p, allowed);
      if (!e.contains("path")) r.fail(p, "\"path\" is missing");
      const fs::path dir = base / r.string(e["path"], child(p, "path"));
      const std::string pattern = e.contains("pattern") ? r.string(e["pattern"], child(p, "pattern")) : "*.cube";
      if (pattern.find('/') != std::string::npos) {
        r.fail(child(p, "pattern"), "a pattern matches file names only; put folders in \"path\"");
      }
      const bool recursive = e.contains("recursive") && r.boolean(e["recursive"], child(p, "recursive"));
      std::error_code ec;
      if (!fs::is_directory(dir, ec)) r.fail(child(p, "path"), "no such folder: " + dir.string());
      const ManifestReader::Layer own = r.settings_layer(e, p);
      std::vector<fs::path> files;
      try {
        files = folder_matches(dir, pattern, recursive);
      } catch (const fs::filesystem_error& fe) {
        throw Error(ErrorKind::io, std::string("cannot list the folder: ") + fe.what(), Location(path.string(), 0, child(p, "path")));
      }
      for (const auto& f : files) {
        if (listed.count(normalised(f))) continue;
        const fs::path rel_dir = f.parent_path().lexically_relative(dir);
        m.jobs.push_back(r.job(f, {&defaults, &own}, p, m.output_dir, nullptr, {},
                               rel_dir == "." ? fs::path{} : rel_dir));
      }
      // (Files that match but are already listed under "luts" keep their own settings: not a miss.)
      if (files.empty()) {
        m.notes.push_back(format_location(Location(path.string(), 0, p)) + ": no file matches \"" + pattern +
                          "\" in " + dir.string());
      }
    }
  }

  if (m.jobs.empty()) r.fail("", "the manifest lists no LUT (give \"luts\" or \"folders\")");

  // Two jobs writing the same file would overwrite each other's output; a job writing a LUT of the
  // batch would destroy an input; and outputs stay inside the manifest's folder unless allowed.
  std::map<fs::path, std::string> writers;
  const fs::path root = normalised(base.empty() ? fs::path(".") : base);
  for (const auto& j : m.jobs) {
    for (const fs::path* out : {&j.output, &j.amf, &j.settings.cdl_path}) {
      if (out->empty()) continue;
      const fs::path where = normalised(*out);
      const fs::path rel = where.lexically_relative(root);
      if (!allow_outside && (rel.empty() || *rel.begin() == "..")) {
        r.fail(j.pointer, j.lut.filename().string() + " would write " + out->string() +
                              ", outside the manifest's folder " + root.string() + " (use --allow-outside to allow it)");
      }
      for (const auto& other : m.jobs) {
        if (same_file(*out, other.lut)) {
          r.fail(j.pointer, j.lut.filename().string() + " would write " + out->string() + ", which is the LUT of " +
                                other.pointer + ": the batch would destroy its own input");
        }
      }
      const auto [it, inserted] = writers.emplace(normalised(*out), j.pointer + " (" + j.lut.filename().string() + ")");
      if (!inserted) {
        r.fail(j.pointer, j.lut.filename().string() + " would write " + out->string() + ", already written by " + it->second);
      }
    }
  }
  return m;
}

BatchManifest read_batch_manifest(const fs::path& path, bool allow_outside) {
  // Manifests are a few kB; the limit only stops a device or a huge file from exhausting memory.
  constexpr std::uintmax_t kMaxManifestBytes = 16u << 20;
  return parse_batch_manifest(read_input_file(path, kMaxManifestBytes, "the batch manifest"), path, allow_outside);
}

ConvertOutcome convert_with_lmt_maker(const BatchJob& job, Overwrite overwrite) {
  const ShowLut lut = read_show_lut(job.lut);
  if (!job.amf.empty()) check_writable(job.amf, overwrite);
  const LmtResult r = make_lmt(lut, job.settings, job.output, overwrite);
  if (!job.amf.empty()) write_lmt_amf(job.amf, r, job.settings, overwrite);
  ConvertOutcome out;
  out.cube_size = r.cube_size;
  out.verification = r.verification;
  out.point_verification = r.point_verification;
  out.fit_rejected = r.rejected_fit_verification.has_value();
  out.without_neutral_verification = r.without_neutral_verification;
  out.cdl = r.cdl;
  out.warnings = r.warnings;
  out.detail = to_json(r, job.settings, lut);
  return out;
}

std::size_t BatchReport::failed() const {
  return static_cast<std::size_t>(std::count_if(items.begin(), items.end(), [](const BatchItem& i) { return !i.ok; }));
}

BatchReport run_batch(const BatchManifest& manifest, const BatchOptions& options, const ConvertOne& convert) {
  const auto start = std::chrono::steady_clock::now();
  BatchReport report;
  report.manifest = manifest.path;
  report.notes = manifest.notes;
  report.items.resize(manifest.jobs.size());
  if (manifest.jobs.empty()) return report;

  const unsigned cores = aces::thread_count(options.threads);
  const unsigned workers = static_cast<unsigned>(
      std::min<std::size_t>(manifest.jobs.size(), options.jobs != 0 ? options.jobs : cores));
  report.workers = workers;
  // Cores left over when there are fewer LUTs than cores go to each conversion's own threads.
  const unsigned threads_per_job = std::max(1u, cores / workers);

  std::atomic<std::size_t> next{0};
  std::mutex progress_mutex;
  std::size_t done = 0;
  auto work = [&] {
    for (std::size_t i = next++; i < manifest.jobs.size(); i = next++) {
      BatchItem& item = report.items[i];
      item.job = manifest.jobs[i];
      item.job.settings.threads = threads_per_job;
      const auto t0 = std::chrono::steady_clock::now();
      try {
        std::error_code ec;
        fs::create_directories(item.job.output.parent_path(), ec);
        if (ec) {
          throw Error(ErrorKind::io, "cannot create the output folder: " + ec.message(),
                      Location(item.job.output.parent_path().string()));
        }
        item.outcome = convert(item.job, options.overwrite);
        item.ok = true;
      } catch (const Error& e) {
        item.error = e.what();
      } catch (const std::exception& e) {
        item.error = std::string("internal error: ") + e.what();
      }
      item.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (options.progress) {
        const std::lock_guard<std::mutex> lock(progress_mutex);
        options.progress(++done, manifest.jobs.size(), item.job.lut.filename().string() + (item.ok ? " ok" : " FAILED"));
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

nlohmann::json to_json(const BatchReport& report) {
  json doc;
  doc["manifest"] = report.manifest.string();
  doc["total"] = report.items.size();
  doc["succeeded"] = report.succeeded();
  doc["failed"] = report.failed();
  doc["seconds"] = report.seconds;
  doc["workers"] = report.workers;
  doc["notes"] = report.notes;
  json luts = json::array();
  for (const auto& item : report.items) {
    json j;
    j["file"] = item.job.lut.string();
    j["entry"] = item.job.pointer;
    j["output"] = item.job.output.string();
    j["amf"] = item.job.amf.empty() ? json(nullptr) : json(item.job.amf.string());
    j["lut_in"] = item.job.settings.lut_in;
    j["lut_out"] = item.job.settings.lut_out;
    j["status"] = item.ok ? "ok" : "failed";
    j["seconds"] = item.seconds;
    if (item.ok) {
      j["cube_size"] = item.outcome.cube_size;
      j["warnings"] = item.outcome.warnings;
      j["verification"] = item.outcome.verification ? to_json(*item.outcome.verification) : json(nullptr);
      j["verification_point_samples"] =
          item.outcome.point_verification ? to_json(*item.outcome.point_verification) : json(nullptr);
      j["cdl"] = item.job.settings.cdl_path.empty() ? json(nullptr) : json(item.job.settings.cdl_path.string());
      if (!item.outcome.detail.is_null()) j["result"] = item.outcome.detail;
    } else {
      j["error"] = item.error;
    }
    luts.push_back(std::move(j));
  }
  doc["luts"] = std::move(luts);
  return doc;
}

std::string format_batch_table(const BatchReport& report) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"LUT", "status", "cube", "natural dE mean", "natural dE p99", "p99 no axis table", "p99 points",
                  "p99 gain", "cube dE mean", "cube dE p99", "code p99", "targets", "CDL dE mean", "warnings"});
  for (const auto& item : report.items) {
    std::vector<std::string> r{item.job.lut.filename().string(), item.ok ? "ok" : "FAILED"};
    const ConvertOutcome& o = item.outcome;
    // The CDL's mean CIEDE2000 against the LUT, with its verdict's first word.
    const std::string cdl = !o.cdl ? "-"
                            : o.cdl->fit.usable ? fixed(o.cdl->vs_lut.delta_E_2000.mean, 2) + " " + o.cdl->verdict
                                                : "unusable";
    if (item.ok && o.verification) {
      const Verification& v = *o.verification;
      // Point sampling's natural p99 (--fit none) beside the fitted one: the least-squares gain.
      const std::string points = o.point_verification ? fixed(o.point_verification->natural.delta_E_2000.p99, 3) : "-";
      // The same LMT without its neutral-axis table (neutral_table.h).
      const std::string plain =
          o.without_neutral_verification ? fixed(o.without_neutral_verification->natural.delta_E_2000.p99, 3) : "-";
      const double fit_p99 = v.natural.delta_E_2000.p99;
      const std::string gain = o.fit_rejected ? "rejected"
                               : o.point_verification && fit_p99 > 0.0
                                   ? "x" + fixed(o.point_verification->natural.delta_E_2000.p99 / fit_p99, 2)
                                   : "-";
      r.insert(r.end(), {std::to_string(o.cube_size), fixed(v.natural.delta_E_2000.mean, 3),
                         fixed(v.natural.delta_E_2000.p99, 3), plain, points, gain, fixed(v.cube.delta_E_2000.mean, 3),
                         fixed(v.cube.delta_E_2000.p99, 3), fixed(v.natural.code_10bit.p99, 2),
                         v.meets_targets ? "met" : "missed", cdl, std::to_string(o.warnings.size())});
    } else if (item.ok) {
      r.insert(r.end(), {std::to_string(o.cube_size), "-", "-", "-", "-", "-", "-", "-", "-", "-", cdl,
                         std::to_string(o.warnings.size())});
    } else {
      r.insert(r.end(), {"-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-"});
    }
    rows.push_back(std::move(r));
  }
  std::vector<std::size_t> width(rows[0].size(), 0);
  for (const auto& r : rows) {
    for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
  }
  std::ostringstream out;
  for (const auto& r : rows) {
    for (std::size_t c = 0; c < r.size(); ++c) {
      out << (c == 0 ? std::left : std::right) << std::setw(static_cast<int>(width[c])) << r[c]
          << (c + 1 < r.size() ? "  " : "\n");
    }
  }
  out << report.succeeded() << " of " << report.items.size() << " converted";
  if (report.failed() > 0) out << ", " << report.failed() << " failed";
  out << " in " << fixed(report.seconds, 1) << " s (" << report.workers << " at once)\n";
  for (const auto& item : report.items) {
    if (!item.ok) out << "FAILED " << item.job.lut.string() << ": " << item.error << "\n";
  }
  for (const auto& item : report.items) {
    for (const auto& w : item.outcome.warnings) out << "warning: " << item.job.lut.filename().string() << ": " << w << "\n";
  }
  for (const auto& n : report.notes) out << "note: " << n << "\n";
  return out.str();
}

}  // namespace aceslab::lmt
