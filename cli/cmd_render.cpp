// SPDX-License-Identifier: Apache-2.0
// `aceslab render SOURCE -o OUT_PATTERN`: footage through the recipe into ACES2065-1 EXR masters
// by delivery profile, thin over deliver/render.h (and deliver/manifest.h for --manifest).
#include <memory>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <optional>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "color/error.h"
#include "deliver/deliver.h"

namespace aceslab::cli {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

struct RenderArgs {
  deliver::RenderOptions options;
  std::string frames, chunk, profile = "vfx", timecode, fps, min_size, nan = "zero", manifest, part;
  long long start_frame = -1;
  bool resume = false;
  bool dry_run = false;
  bool json = false;
  Overwrite* overwrite = nullptr;
};

std::string today_utc() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
  return text;
}

deliver::RenderOptions resolve(RenderArgs& a) {
  deliver::RenderOptions o = a.options;
  if (!a.frames.empty()) o.frames.cut = deliver::parse_frame_range(a.frames, "--frames");
  if (!a.chunk.empty()) o.frames.chunk = deliver::parse_frame_range(a.chunk, "--chunk");
  if (a.start_frame >= 0) o.frames.start_frame = a.start_frame;
  o.profile = deliver::parse_profile(a.profile);
  if (!a.timecode.empty()) o.timecode = deliver::parse_timecode_flag(a.timecode, "--timecode");
  if (!a.fps.empty()) o.fps = deliver::parse_fps(a.fps, "--fps");
  if (!a.min_size.empty()) o.min_size = deliver::parse_frame_size(a.min_size, "--min-size");
  o.part = a.part;
  if (a.nan != "zero" && a.nan != "fail") throw Error(ErrorKind::usage, "--nan is zero or fail");
  o.nan = a.nan == "fail" ? deliver::NanPolicy::fail : deliver::NanPolicy::zero;
  if (a.resume && *a.overwrite == Overwrite::allow) throw Error(ErrorKind::usage, "--resume and --force exclude each other");
  o.existing = a.resume ? deliver::ExistingOutput::resume
                        : (*a.overwrite == Overwrite::allow ? deliver::ExistingOutput::force : deliver::ExistingOutput::refuse);
  if (o.frames.slate && o.slate_date.empty()) o.slate_date = today_utc();
  return o;
}

// --manifest: explicit, or mhl for NAM; a chunk is part of a render and writes none.
std::string manifest_kind(const RenderArgs& a, const deliver::RenderOptions& o) {
  if (!a.manifest.empty()) {
    if (a.manifest != "mhl" && a.manifest != "checksum" && a.manifest != "both" && a.manifest != "none") {
      throw Error(ErrorKind::usage, "--manifest is mhl, checksum, both or none");
    }
    if (o.frames.chunk && a.manifest != "none") {
      throw Error(ErrorKind::usage, "--chunk renders part of a render: run 'aceslab deliver manifest FOLDER' after the last chunk");
    }
    return a.manifest;
  }
  return (o.profile == deliver::Profile::nam && !o.frames.chunk) ? "mhl" : "none";
}

json plan_json(const deliver::RenderReport& r) {
  const deliver::FramePlan& p = r.plan;
  json frames = json::array();
  for (const auto& f : r.frames) {
    json j{{"output", f.output}, {"file", f.path.string()}, {"slate", f.slate}, {"skipped", f.skipped},
           {"non_finite", f.stats.non_finite}, {"clamped", f.stats.clamped}};
    if (!f.slate) j["source"] = f.source;
    frames.push_back(std::move(j));
  }
  return {{"source", r.source_spec},
          {"cut", p.cut.text()},
          {"source_range", p.source_range.text()},
          {"output_range", p.output_range.text()},
          {"first_frame_of_action", p.first_of_action},
          {"missing", p.missing},
          {"width", r.width},
          {"height", r.height},
          {"alpha", r.alpha},
          {"compression", r.compression},
          {"aces_image_container_flag", r.aces_container},
          {"recipe", r.recipe},
          {"frames", std::move(frames)}};
}

void run_render(RenderArgs& a) {
  const deliver::RenderOptions o = resolve(a);
  const std::string manifest = manifest_kind(a, o);
  if (a.dry_run) {
    const deliver::RenderReport r = deliver::plan_render(o);
    if (a.json) {
      json doc = plan_json(r);
      doc["command"] = "render";
      doc["dry_run"] = true;
      print_json(std::move(doc));
    } else {
      std::cout << "source " << r.source_spec << ": frames " << r.plan.source_range.text() << " (cut " << r.plan.cut.text()
                << ") -> output " << r.plan.output_range.text() << ", first frame of action " << r.plan.first_of_action << '\n'
                << r.frames.size() << " frame(s) to write, " << r.width << "x" << r.height << (r.alpha ? " RGBA" : " RGB")
                << ", half, " << r.compression << '\n';
      for (const auto& line : r.recipe) std::cout << "recipe: " << line << '\n';
    }
    return;
  }
  std::optional<Progress> progress;
  std::mutex progress_mutex;
  const deliver::RenderReport r = deliver::render(o, [&](std::size_t done, std::size_t all, const std::string& file) {
    std::lock_guard lock(progress_mutex);
    if (!progress) progress.emplace("render", all);
    progress->set(done, file);
  });
  if (progress) progress->finish();
  for (const auto& w : r.warnings) warn(w);
  if (r.stats.non_finite > 0) warn(std::to_string(r.stats.non_finite) + " NaN or infinite value(s) after the recipe were written as 0");
  if (r.stats.clamped > 0) warn(std::to_string(r.stats.clamped) + " value(s) beyond the half range were clamped to +-65504");

  std::optional<deliver::ManifestReport> m;
  if (manifest != "none") {
    deliver::ManifestOptions mo;
    mo.mhl = manifest == "mhl" || manifest == "both";
    mo.checksum = manifest == "checksum" || manifest == "both";
    mo.force = o.existing == deliver::ExistingOutput::force;
    m = deliver::create_manifest(r.folder, mo);
    if (!m->ok()) set_exit_code(kExitFailure);
  }
  const double fps = r.wall_seconds > 0 ? static_cast<double>(r.written) / r.wall_seconds : 0.0;
  if (a.json) {
    json doc = plan_json(r);
    doc["command"] = "render";
    doc["written"] = r.written;
    doc["skipped"] = r.skipped;
    doc["non_finite"] = r.stats.non_finite;
    doc["clamped"] = r.stats.clamped;
    doc["tabulated"] = r.tabulated;
    doc["seconds"] = {{"wall", r.wall_seconds}, {"read", r.read_seconds}, {"convert", r.convert_seconds}, {"write", r.write_seconds}};
    doc["frames_per_second"] = fps;
    if (m) {
      doc["manifest"] = {{"generation", m->generation ? json(m->generation->string()) : json(nullptr)},
                         {"checksum_files", json::array()},
                         {"failed", m->failed},
                         {"missing", m->missing}};
      for (const auto& f : m->checksum_files) doc["manifest"]["checksum_files"].push_back(f.string());
    }
    print_json(std::move(doc));
    return;
  }
  std::cout << "wrote " << r.written << " frame(s) of " << r.plan.output_range.text() << " to " << r.folder.string() << " ("
            << r.width << "x" << r.height << ", ACES2065-1 half EXR, " << r.compression
            << (r.aces_container ? ", ST 2065-4 container" : "") << ")";
  if (r.skipped > 0) std::cout << ", " << r.skipped << " already complete";
  std::cout << "\n";
  if (r.written > 0) {
    std::printf("%.2f frames/s; seconds in frames in flight: read %.2f, convert %.2f, write %.2f (wall %.2f)\n", fps,
                r.read_seconds, r.convert_seconds, r.write_seconds, r.wall_seconds);
  }
  if (m) {
    if (m->generation) std::cout << "manifest " << m->generation->string() << '\n';
    for (const auto& f : m->checksum_files) std::cout << "manifest " << f.string() << '\n';
    for (const auto& f : m->failed) std::cout << "FAILED (changed since the previous manifest) " << f << '\n';
    for (const auto& f : m->missing) std::cout << "MISSING (in the previous manifest) " << f << '\n';
  }
}

void add_render(CLI::App& app) {
  auto a = std::make_shared<RenderArgs>();  // owned by the callback below, as long as the app
  deliver::RenderOptions& o = a->options;
  auto* cmd = app.add_subcommand("render", "Render footage through a recipe into ACES2065-1 EXR masters (NAM, ST 2065-4, VFX pulls)");
  cmd->add_option("source", o.source,
                  "Image sequence (A001C003.%06d.dpx or A001C003.######.dpx; the frames on disk are found), a single "
                  "image, a movie or camera raw")->required();
  cmd->add_option("-o,--output", o.output, "Output pattern with a frame field, e.g. out/A001C003.%07d.exr")->required();
  auto* amf = cmd->add_option("--amf", o.recipe.amf, "Recipe from an AMF: its input transform (its looks with --with-looks)");
  cmd->add_flag("--with-looks", o.recipe.with_looks, "With --amf: also apply the AMF's looks (a NAM is non-graded)");
  cmd->add_flag("--allow-outside", o.recipe.allow_outside, "With --amf: allow referenced files outside the AMF's folder");
  auto* idt = cmd->add_option("--idt", o.recipe.idt_clf, "Input transform as a CLF (camera code values to ACES2065-1)");
  auto* from = cmd->add_option("--from", o.recipe.from, "Input colour space of the core (see 'aceslab list colorspaces')");
  amf->excludes(idt)->excludes(from);
  idt->excludes(from);
  cmd->add_option("--clf", o.recipe.look_clfs, "Look CLF after the input transform (repeatable; applied in order)")
      ->allow_extra_args(false);  // `--clf look.clf SOURCE`: the source stays the source
  cmd->add_option("--frames", a->frames, "The cut, in source frame numbers: FIRST-LAST (default: every frame)");
  cmd->add_option("--handles", o.frames.handles, "Source frames added before and after the cut (they must exist)")->capture_default_str();
  cmd->add_option("--start-frame", a->start_frame, "Number of the first frame written (default: the source numbers)");
  cmd->add_flag("--slate", o.frames.slate, "Also write a slate frame numbered start-frame - 1");
  cmd->add_option("--slate-date", o.slate_date, "Date printed on the slate (default: today, UTC; give it for reproducible farm renders)");
  cmd->add_option("--chunk", a->chunk, "Render only output frames FIRST-LAST of the mapping (farm tasks)");
  cmd->add_flag("--allow-gaps", o.frames.allow_gaps, "Render despite missing source frames (their numbers are left out, never filled)");
  cmd->add_option("--profile", a->profile, "Delivery profile: st2065-4, nam or vfx")->capture_default_str();
  cmd->add_option("--compression", o.compression,
                  "EXR compression: none, zip or piz (default: none for st2065-4 and nam, piz for vfx; lossy ones are refused)");
  cmd->add_option("--timecode", a->timecode, "Time code of the first frame after the slate, HH:MM:SS:FF (default: the source's)");
  cmd->add_option("--fps", a->fps, "Frame rate, e.g. 24, 25, 23.976 or 24000/1001 (default: the source's)");
  cmd->add_option("--owner", o.owner, "EXR owner attribute");
  cmd->add_option("--comments", o.comments, "EXR comments attribute");
  cmd->add_option("--nan", a->nan, "NaN/Inf after the recipe: zero (write 0) or fail; counted either way")->capture_default_str();
  cmd->add_option("--manifest", a->manifest, "After the render: mhl, checksum, both or none (default: mhl for nam, else none)");
  cmd->add_option("--min-size", a->min_size, "Smallest accepted frame, WxH (default: the profile's, 3840x2160 for nam)");
  cmd->add_option("--part", a->part,
                  "Multi-part source files (stereo OpenEXR): the part to render, by index or name, e.g. rgba_left "
                  "(default: the first, with a warning listing the others)");
  cmd->add_flag("--resume", a->resume, "Skip frames that exist and are complete; finish an interrupted render or farm retry");
  a->overwrite = &add_force_flag(*cmd);
  cmd->add_option("--threads", o.threads, "Threads (0 = all cores)")->capture_default_str();
  cmd->add_flag("--dry-run", a->dry_run, "Print the frame plan and write nothing");
  cmd->add_flag("--json", a->json, "Print one JSON document");
  cmd->footer(
      "Examples:\n"
      "  # VFX pull: 16-bit PIZ, numbered from 1001 with 8 frame handles, slate at 1000\n"
      "  aceslab render A001C003.%06d.dpx --idt logc3_idt.clf --frames 86408-86455 --handles 8 \\\n"
      "      --start-frame 1001 --slate -o pull/A001C003.%07d.exr\n"
      "  # Netflix NAM: uncompressed ACES2065-1, the AMF's input transform only, MHL at the end\n"
      "  aceslab render A001C003.%06d.dpx --amf A001C003.amf --profile nam -o NAM_A001C003/A001C003.%07d.exr\n"
      "  # a farm task: frames 1001-1008 of that mapping, safe to retry\n"
      "  aceslab render A001C003.%06d.dpx --idt logc3_idt.clf --frames 86408-86455 --handles 8 --start-frame 1001 \\\n"
      "      --chunk 1001-1008 --resume -o pull/A001C003.%07d.exr");
  cmd->callback([a] { run_render(*a); });
}

ACESLAB_REGISTER_COMMAND(50, add_render);

}  // namespace
}  // namespace aceslab::cli
