// SPDX-License-Identifier: Apache-2.0
#include "deliver/render.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

#include "color/error.h"
#include "color/parallel.h"
#include "deliver/slate.h"
#include "deliver/source.h"
#include "deliver/timecode.h"
#include "image/exr_reader.h"
#include "image/image_io.h"

namespace aceslab::deliver {
namespace fs = std::filesystem;
using aces::ExrRational;
using aces::ExrTimecode;

namespace {

// More frames in flight than this gains nothing and costs two frame buffers each.
constexpr unsigned kMaxFramesInFlight = 8;

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Everything a render needs, checked before the first frame is written.
struct Setup {
  RenderReport report;
  std::optional<Source> source;
  std::optional<SequencePattern> output;
  std::optional<RenderRecipe> recipe;
  std::optional<FrameConverter> converter;
  aces::ExrWriteSpec spec;        // shared header settings
  aces::ImageMetadata reference;  // the first picture frame's metadata
  std::optional<ExrRational> fps;
  long long first_picture = 0;    // output number of the first picture frame
  bool integer_source = false;
  std::vector<std::string> slate_lines;
};

SequencePattern output_pattern(const std::string& output) {
  const auto pattern = SequencePattern::parse(output);
  if (!pattern) {
    throw Error(ErrorKind::usage, "the output pattern \"" + output +
                                      "\" has no frame field: name the frames like out/A001C003.%07d.exr or out/A001C003.#######.exr");
  }
  std::string suffix = pattern->suffix();
  std::transform(suffix.begin(), suffix.end(), suffix.begin(), [](unsigned char c) { return std::tolower(c); });
  if (suffix.size() < 4 || suffix.substr(suffix.size() - 4) != ".exr") throw Error(ErrorKind::usage, "render writes OpenEXR masters: the output pattern must end in .exr");
  return *pattern;
}

std::vector<std::string> slate_text(const Setup& s, const RenderOptions& o) {
  const FramePlan& p = s.report.plan;
  std::string recipe;
  for (const auto& part : s.report.recipe) recipe += (recipe.empty() ? "" : " + ") + part;
  std::vector<std::string> lines = {
      s.source->shot_name(),
      "SOURCE  " + fs::path(s.source->spec()).filename().string() + "  " + p.source_range.text(),
      "CUT     " + p.cut.text() + "  HANDLES " + std::to_string(o.frames.handles),
      "FRAMES  " + FrameRange{s.first_picture, p.output_range.last}.text() + "  ACTION " + std::to_string(p.first_of_action),
      "RECIPE  " + recipe,
      "OUTPUT  ACES2065-1 HALF EXR " + s.report.compression + "  " + profile_name(o.profile),
      "SIZE    " + std::to_string(s.report.width) + "X" + std::to_string(s.report.height) +
          (s.fps ? "  " + format_fps(*s.fps) + " FPS" : std::string()),
      "DATE    " + o.slate_date,
  };
  return lines;
}

Setup prepare(const RenderOptions& o) {
  Setup s;
  s.output = output_pattern(o.output);
  const aces::ExrCompression compression = resolve_compression(o.profile, o.compression);
  s.report.compression = aces::exr_compression_name(compression);
  s.report.aces_container = compression == aces::ExrCompression::none;
  s.report.folder = s.output->folder();
  s.report.source_spec = o.source;
  if (o.frames.slate && o.slate_date.empty()) throw Error(ErrorKind::usage, "a slate needs its date");

  s.source = Source::open(o.source);
  s.report.plan = plan_frames(s.source->frames(), o.frames);
  const FramePlan& plan = s.report.plan;
  if (!plan.missing.empty()) {
    s.report.warnings.push_back(std::to_string(plan.missing.size()) + " source frame(s) missing and left out: " +
                                describe_numbers(plan.missing));
  }
  const auto first = std::find_if(plan.frames.begin(), plan.frames.end(), [](const PlannedFrame& f) { return !f.slate; });
  if (first == plan.frames.end()) throw Error(ErrorKind::invalid_input, "no source frame to render");
  s.first_picture = first->output;

  aces::ImageReader reader(s.source->file(first->source), s.source->index_in_file(first->source));
  s.reference = reader.metadata();
  s.report.width = reader.width();
  s.report.height = reader.height();
  s.report.alpha = s.reference.has_alpha;
  const std::optional<FrameSize> minimum = o.min_size ? o.min_size : minimum_size(o.profile);
  if (minimum && (s.report.width < minimum->width || s.report.height < minimum->height)) {
    throw Error(ErrorKind::invalid_input,
                "the source is " + std::to_string(s.report.width) + "x" + std::to_string(s.report.height) + "; profile " +
                    profile_name(o.profile) + " needs at least " + std::to_string(minimum->width) + "x" +
                    std::to_string(minimum->height) + " (masters are the source resolution, never upscaled)",
                {s.source->file(first->source).string()});
  }

  s.recipe = RenderRecipe::build(o.recipe);
  s.report.recipe = s.recipe->description();
  s.converter.emplace(*s.recipe);
  s.integer_source = !s.reference.is_float && s.reference.bits <= 16;
  s.report.tabulated = s.integer_source && s.converter->tabulates_integers();

  s.fps = o.fps ? o.fps : s.reference.frames_per_second;
  if (o.timecode) {
    if (!s.fps) throw Error(ErrorKind::usage, "--timecode needs a frame rate: the source records none, give --fps");
    add_frames(*o.timecode, 0, *s.fps);  // validates the time code at that rate
  }

  aces::ExrWriteSpec& spec = s.spec;
  spec.width = s.report.width;
  spec.height = s.report.height;
  spec.alpha = s.report.alpha;
  spec.compression = compression;
  spec.pixel_aspect_ratio = s.reference.pixel_aspect_ratio;
  spec.chromaticities = ap0_chromaticities();
  spec.adopted_neutral = aces_white();
  spec.aces_image_container_flag = s.report.aces_container;
  if (s.fps) spec.frames_per_second = *s.fps;
  spec.owner = o.owner;
  spec.comments = o.comments;
  if (o.frames.slate) s.slate_lines = slate_text(s, o);

  for (const PlannedFrame& f : plan.selected) {
    s.report.frames.push_back({f.output, f.source, f.slate, false, s.output->path(f.output), {}});
  }
  return s;
}

// Refuses a non-empty folder unless resuming or forcing; then removes the temporaries an
// interrupted render left for the frames this run writes.
void prepare_folder(const Setup& s, const RenderOptions& o) {
  const fs::path& folder = s.report.folder;
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (!fs::is_directory(folder, ec)) throw Error(ErrorKind::io, "cannot create the output folder", {folder.string()});
  std::size_t entries = 0;
  std::vector<fs::path> temporaries;
  std::vector<std::string> prefixes;
  for (const RenderedFrame& f : s.report.frames) {
    // Built with append(): GCC 12 warns falsely (-Wrestrict, PR 105329) on chains of operator+.
    std::string prefix(".");
    prefix.append(f.path.stem().string()).append(".tmp-");
    prefixes.push_back(std::move(prefix));
  }
  std::sort(prefixes.begin(), prefixes.end());
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    ++entries;
    const std::string name = entry.path().filename().string();
    auto it = std::upper_bound(prefixes.begin(), prefixes.end(), name);
    if (it != prefixes.begin() && name.rfind(*std::prev(it), 0) == 0) temporaries.push_back(entry.path());
  }
  if (entries > 0 && o.existing == ExistingOutput::refuse) {
    throw Error(ErrorKind::io, "the output folder is not empty (" + std::to_string(entries) +
                                   " entries): --resume completes an interrupted render, --force overwrites",
                {folder.string()});
  }
  for (const fs::path& t : temporaries) fs::remove(t, ec);
}

struct Buffers {
  std::vector<std::uint16_t> codes;
  std::vector<float> values;
  std::vector<std::uint16_t> halves;
};

// Reads, converts and writes one frame; returns its stats and adds the stage times.
ConversionStats render_frame(const Setup& s, const RenderOptions& o, const RenderedFrame& frame, unsigned threads,
                             Buffers& b, double times[3]) {
  const auto t0 = std::chrono::steady_clock::now();
  const int channels = s.spec.alpha ? 4 : 3;
  const std::size_t values = static_cast<std::size_t>(s.spec.width) * static_cast<std::size_t>(s.spec.height) * channels;
  b.halves.resize(values);
  aces::ExrWriteSpec spec = s.spec;
  spec.image_counter = static_cast<int>(frame.output);
  spec.threads = static_cast<int>(threads);
  ConversionStats stats;
  std::optional<ExrTimecode> tc;
  if (frame.slate) {
    b.values.resize(values);
    render_slate(spec.width, spec.height, channels, s.slate_lines, b.values);
    times[0] += seconds_since(t0);
    const auto t1 = std::chrono::steady_clock::now();
    aces::floats_to_halves(b.values, b.halves);
    times[1] += seconds_since(t1);
    if (o.timecode) tc = add_frames(*o.timecode, -1, *s.fps);
    else if (s.reference.timecode && s.fps) tc = add_frames(*s.reference.timecode, -1, *s.fps);
  } else {
    const fs::path file = s.source->file(frame.source);
    aces::ImageReader reader(file, s.source->index_in_file(frame.source));
    if (reader.width() != s.spec.width || reader.height() != s.spec.height) {
      throw Error(ErrorKind::invalid_input,
                  "mixed resolutions: source frame " + std::to_string(frame.source) + " is " + std::to_string(reader.width()) +
                      "x" + std::to_string(reader.height()) + ", the first frame is " + std::to_string(s.spec.width) + "x" +
                      std::to_string(s.spec.height),
                  {file.string()});
    }
    const aces::ImageMetadata meta = reader.metadata();
    if (s.integer_source) {
      b.codes.resize(values);
      reader.read_frame(spec.alpha, std::span<std::uint16_t>(b.codes));
    } else {
      b.values.resize(values);
      reader.read_frame(spec.alpha, std::span<float>(b.values));
    }
    times[0] += seconds_since(t0);
    const auto t1 = std::chrono::steady_clock::now();
    stats = s.integer_source ? s.converter->convert(std::span<const std::uint16_t>(b.codes), channels, b.halves, threads)
                             : s.converter->convert(std::span<float>(b.values), channels, b.halves, threads);
    times[1] += seconds_since(t1);
    if (stats.non_finite > 0 && o.nan == NanPolicy::fail) {
      throw Error(ErrorKind::invalid_input, "source frame " + std::to_string(frame.source) + ": " +
                                                std::to_string(stats.non_finite) +
                                                " NaN or infinite value(s) after the recipe (--nan fail; --nan zero writes them as 0)",
                  {file.string()});
    }
    if (o.timecode) tc = add_frames(*o.timecode, frame.output - s.first_picture, *s.fps);
    else tc = meta.timecode;
    spec.cap_date = meta.capture_date;
  }
  spec.timecode = tc;
  const auto t2 = std::chrono::steady_clock::now();
  const Overwrite overwrite = o.existing == ExistingOutput::refuse ? Overwrite::refuse : Overwrite::allow;
  aces::write_exr(frame.path, spec, b.halves, overwrite);
  times[2] += seconds_since(t2);
  return stats;
}

}  // namespace

RenderReport plan_render(const RenderOptions& options) { return prepare(options).report; }

RenderReport render(const RenderOptions& o, const RenderProgress& progress) {
  const auto start = std::chrono::steady_clock::now();
  Setup s = prepare(o);
  prepare_folder(s, o);
  RenderReport& report = s.report;

  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < report.frames.size(); ++i) {
    RenderedFrame& f = report.frames[i];
    if (o.existing == ExistingOutput::resume && aces::exr_is_complete(f.path)) {
      f.skipped = true;
      ++report.skipped;
    } else {
      todo.push_back(i);
    }
  }

  const unsigned threads = aces::thread_count(o.threads);
  const unsigned workers = static_cast<unsigned>(std::min<std::size_t>({todo.size(), threads, kMaxFramesInFlight}));
  const unsigned per_frame_threads = std::max(1u, threads / std::max(1u, workers));
  aces::set_exr_thread_pool(static_cast<int>(threads));

  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> done{0};
  std::mutex mutex;
  std::exception_ptr error;
  auto work = [&] {
    Buffers buffers;
    double times[3] = {0, 0, 0};
    while (!stop) {
      const std::size_t k = next++;
      if (k >= todo.size()) break;
      RenderedFrame& frame = report.frames[todo[k]];
      try {
        frame.stats = render_frame(s, o, frame, per_frame_threads, buffers, times);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!error) error = std::current_exception();
        stop = true;
        break;
      }
      const std::size_t n = ++done;
      if (progress) progress(n, todo.size(), frame.path.filename().string());
    }
    std::lock_guard lock(mutex);
    report.read_seconds += times[0];
    report.convert_seconds += times[1];
    report.write_seconds += times[2];
  };
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < workers; ++w) pool.emplace_back(work);
  if (workers > 0) work();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);

  report.written = todo.size();
  for (const RenderedFrame& f : report.frames) report.stats += f.stats;
  report.wall_seconds = seconds_since(start);
  return report;
}

}  // namespace aceslab::deliver
