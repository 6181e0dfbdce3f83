// SPDX-License-Identifier: Apache-2.0
// A render: source frames through the recipe into ACES2065-1 half-float EXR masters, numbered by
// the frame plan, with headers set by the delivery profile. Every frame is read, converted and
// written on its own and renamed into place when complete, so frames (and `--chunk`s of the
// plan) can be rendered by any number of processes on any machines in any order; a resumed
// render skips frames that exist and are complete. Several frames are in flight at once (decode,
// conversion and OpenEXR's compression threads overlap across frames).
//
// Headers (exr_writer.h): AP0 chromaticities, adoptedNeutral = ACES white, framesPerSecond
// (rational; --fps or the source's), timeCode (the source frame's, or --timecode counted from the
// first picture frame), imageCounter = the output frame number, owner and comments when given,
// capDate from the source when it records one (image_metadata.h), acesImageContainerFlag = 1 when
// uncompressed. Nothing depends on the time of the render: the same inputs give the same bytes.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "deliver/frame_converter.h"
#include "deliver/frame_plan.h"
#include "deliver/profile.h"
#include "deliver/render_recipe.h"
#include "image/exr_writer.h"

namespace aceslab::deliver {

enum class NanPolicy { zero, fail };                  // --nan
enum class ExistingOutput { refuse, resume, force };  // default, --resume, --force

struct RenderOptions {
  std::string source;  // sequence pattern, image, movie or raw file
  std::string output;  // pattern with a frame field, ending in .exr
  RecipeRequest recipe;
  PlanRequest frames;
  Profile profile = Profile::vfx;
  std::string compression;  // empty: the profile's default
  NanPolicy nan = NanPolicy::zero;
  std::optional<aces::ExrTimecode> timecode;  // of the first picture frame (after the slate)
  std::optional<aces::ExrRational> fps;
  std::string owner;
  std::string comments;
  std::string slate_date;             // printed on the slate ("2026-03-14")
  std::optional<FrameSize> min_size;  // instead of the profile's minimum
  std::string part;  // of multi-part files (stereo OpenEXR): its index or name; empty = the first
  ExistingOutput existing = ExistingOutput::refuse;
  unsigned threads = 0;  // 0 = all cores
};

struct RenderedFrame {
  long long output = 0;
  long long source = 0;
  bool slate = false;
  bool skipped = false;  // already complete (--resume)
  std::filesystem::path path;
  ConversionStats stats;
};

struct RenderReport {
  FramePlan plan;
  std::filesystem::path folder;
  std::string source_spec;
  int width = 0;
  int height = 0;
  bool alpha = false;
  std::string compression;
  bool aces_container = false;  // ST 2065-4 compliant files, flag written
  bool tabulated = false;       // 16-bit sources through code tables (frame_converter.h)
  std::vector<std::string> recipe;
  std::vector<RenderedFrame> frames;  // the selected frames, in output order
  std::size_t written = 0;
  std::size_t skipped = 0;
  ConversionStats stats;
  // Seconds spent in each stage, summed over the frames in flight, and the wall time.
  double read_seconds = 0, convert_seconds = 0, write_seconds = 0, wall_seconds = 0;
  std::vector<std::string> warnings;
};

// (frames done, frames to do, output file name), from worker threads.
using RenderProgress = std::function<void(std::size_t, std::size_t, const std::string&)>;

// Everything render() checks before writing: output pattern, profile and compression, source,
// frame plan, first frame's size against the profile, recipe, time code. Returns the report of
// what would be written (frames not yet rendered). Throws aceslab::Error as render() does.
RenderReport plan_render(const RenderOptions& options);

// Throws aceslab::Error: usage for a bad request (no frame field in the output, not .exr, an
// unknown profile or compression, --timecode without a frame rate), io for a non-empty output
// folder without --resume/--force and for files that cannot be read or written (named; a failed
// write leaves no partial file), invalid_input for missing source frames (listed), a truncated
// or unreadable frame, mixed resolutions, non-finite pixels with NanPolicy::fail, a source below
// the profile's minimum size; unsupported for a recipe aceslab cannot apply. Frames written
// before a failure stay (complete); a rerun with --resume completes the render.
RenderReport render(const RenderOptions& options, const RenderProgress& progress = {});

}  // namespace aceslab::deliver
