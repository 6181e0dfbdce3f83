// SPDX-License-Identifier: Apache-2.0
#include "deliver/render.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <exception>
#include <mutex>
#include <set>
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
  // The source's pixel windows; when the data window is not the display window, each frame is
  // placed into the display window (a master is the picture's frame: overscan cropped, what the
  // file does not cover written as 0).
  aces::ImageReader::Windows windows;
  int part = 0;  // the part (subimage) of multi-part image files read
};

// The windows a master is made from. OpenEXR's display window is part of the picture (overscan,
// crops, CG bounding boxes). Other formats' "original size / offset" fields (DPX) are informational
// and often left over from a scan's extraction: their masters are the image as stored.
aces::ImageReader::Windows master_windows(const aces::ImageReader& reader, const std::string& format) {
  aces::ImageReader::Windows w = reader.windows();
  if (format != "openexr") {
    w.display_x = w.data_x, w.display_y = w.data_y, w.display_width = w.data_width, w.display_height = w.data_height;
  }
  return w;
}

int frame_index(const Setup& s, long long source_frame) {
  return s.source->kind() == SourceKind::movie ? s.source->index_in_file(source_frame) : s.part;
}

// Which part of a multi-part source to read: --part (an index, or a name as image_parts() lists
// it, before its view and size), else the first with a warning naming the others.
int choose_part(const fs::path& file, const std::string& asked, std::vector<std::string>& warnings) {
  const std::vector<std::string> parts = aces::image_parts(file);
  auto listing = [&] {
    std::string all;
    for (std::size_t i = 0; i < parts.size(); ++i) all += (i ? "; " : "") + std::to_string(i) + ": " + parts[i];
    return all;
  };
  if (asked.empty()) {
    if (parts.size() > 1) {
      warnings.push_back("the source has " + std::to_string(parts.size()) + " parts (" + listing() +
                         "): rendering part 0; choose one with --part INDEX|NAME");
    }
    return 0;
  }
  int index = -1;
  if (std::all_of(asked.begin(), asked.end(), [](unsigned char c) { return std::isdigit(c); }) && asked.size() < 6) {
    index = std::stoi(asked);
  } else {
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const std::string& p = parts[i];
      if (p.compare(0, asked.size(), asked) == 0 && (p.size() == asked.size() || p[asked.size()] == ' ' || p[asked.size()] == ',')) {
        index = static_cast<int>(i);
      }
    }
  }
  if (index < 0 || index >= static_cast<int>(std::max<std::size_t>(parts.size(), 1))) {
    throw Error(ErrorKind::usage,
                "--part " + asked + ": the source has no such part" + (parts.empty() ? std::string(" (it has one)") : " (" + listing() + ")"),
                {file.string()});
  }
  return index;
}

// Where the data window and the display window overlap: [x0, x1) x [y0, y1), empty when x0 >= x1 or
// y0 >= y1.
struct Overlap {
  int x0, x1, y0, y1;
  long long pixels() const { return x0 < x1 && y0 < y1 ? static_cast<long long>(x1 - x0) * (y1 - y0) : 0; }
};
Overlap overlap(const aces::ImageReader::Windows& w) {
  return {std::max(w.data_x, w.display_x), std::min(w.data_x + w.data_width, w.display_x + w.display_width),
          std::max(w.data_y, w.display_y), std::min(w.data_y + w.data_height, w.display_y + w.display_height)};
}

// One frame's converted data window (`data`, RGB or RGBA halves) placed into the display window
// (`out`, zero everywhere the data window does not reach).
void place_in_display_window(const aces::ImageReader::Windows& w, int channels, const std::vector<std::uint16_t>& data,
                             std::vector<std::uint16_t>& out) {
  std::fill(out.begin(), out.end(), std::uint16_t{0});
  const auto [x0, x1, y0, y1] = overlap(w);
  if (x0 >= x1) return;
  const std::size_t run = static_cast<std::size_t>(x1 - x0) * static_cast<std::size_t>(channels);
  for (int y = y0; y < y1; ++y) {
    const std::size_t from = (static_cast<std::size_t>(y - w.data_y) * static_cast<std::size_t>(w.data_width) +
                              static_cast<std::size_t>(x0 - w.data_x)) * static_cast<std::size_t>(channels);
    const std::size_t to = (static_cast<std::size_t>(y - w.display_y) * static_cast<std::size_t>(w.display_width) +
                            static_cast<std::size_t>(x0 - w.display_x)) * static_cast<std::size_t>(channels);
    std::copy_n(data.begin() + static_cast<std::ptrdiff_t>(from), run, out.begin() + static_cast<std::ptrdiff_t>(to));
  }
}

std::string describe_windows(const aces::ImageReader::Windows& w) {
  auto box = [](int x, int y, int width, int height) {
    return "(" + std::to_string(x) + "," + std::to_string(y) + ")-(" + std::to_string(x + width - 1) + "," +
           std::to_string(y + height - 1) + ")";
  };
  return "dataWindow " + box(w.data_x, w.data_y, w.data_width, w.data_height) + ", displayWindow " +
         box(w.display_x, w.display_y, w.display_width, w.display_height);
}

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

// Refuses a render that would write over one of its own source files, however the two are spelled
// ("plates/../plates/a.%06d.exr", a symlinked folder): with --force or --resume it would replace
// frames it has still to read. A source frame that is a symlink to elsewhere is not at risk
// (publishing replaces the link), so the folders are compared, not the files.
void refuse_own_inputs(const Setup& s) {
  std::set<std::string> names;
  for (const RenderedFrame& f : s.report.frames) names.insert(f.path.filename().string());
  std::error_code ec;
  const fs::path out_folder = fs::weakly_canonical(fs::absolute(s.report.folder), ec);
  std::set<fs::path> checked;
  for (long long frame : s.source->frames()) {
    const fs::path in = s.source->file(frame);
    if (names.count(in.filename().string()) == 0 || !checked.insert(in).second) continue;
    const fs::path folder = in.has_parent_path() ? in.parent_path() : fs::path(".");
    if (fs::weakly_canonical(fs::absolute(folder), ec) == out_folder) {
      throw Error(ErrorKind::usage, "the output would replace the source file " + in.filename().string() +
                                        ": render into another folder or under another name", {in.string()});
    }
  }
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

  if (s.source->kind() != SourceKind::movie) {
    s.part = choose_part(s.source->file(first->source), o.part, s.report.warnings);
  } else if (!o.part.empty()) {
    throw Error(ErrorKind::usage, "--part selects a part of multi-part image files; the source is a movie");
  }
  aces::ImageReader reader(s.source->file(first->source), frame_index(s, first->source));
  s.reference = reader.metadata();
  s.windows = master_windows(reader, s.reference.format);
  s.report.width = s.windows.display_width;
  s.report.height = s.windows.display_height;
  if (!s.windows.same()) {
    const auto& w = s.windows;
    const long long covered = overlap(w).pixels();
    if (covered == 0 && s.source->kind() != SourceKind::sequence) {
      throw Error(ErrorKind::invalid_input,
                  "the source's pixels lie outside its picture frame (" + describe_windows(w) +
                      "): a master of its display window would hold no picture",
                  {s.source->file(first->source).string()});
    }
    const long long held = static_cast<long long>(w.data_width) * w.data_height;
    const long long frame_px = static_cast<long long>(w.display_width) * w.display_height;
    s.report.warnings.push_back(
        std::string(s.source->kind() == SourceKind::sequence ? "the first source frame's" : "the source's") +
        " pixels are not its picture frame (" + describe_windows(w) + "): the masters are the display window, " +
        std::to_string(w.display_width) + "x" + std::to_string(w.display_height) + "; " + std::to_string(held - covered) +
        " source pixels outside it are cropped, " + std::to_string(frame_px - covered) +
        " pixels of it the source does not cover are written as 0");
  }
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
  refuse_own_inputs(s);
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
  std::vector<std::uint16_t> data_halves;  // the data window converted, when it is not the display window
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
    aces::ImageReader reader(file, frame_index(s, frame.source));
    // The display window is the master's frame and must not change; the data window may (CG renders
    // write each frame's bounding box).
    const aces::ImageReader::Windows w = master_windows(reader, s.reference.format);
    if (w.display_x != s.windows.display_x || w.display_y != s.windows.display_y ||
        w.display_width != s.windows.display_width || w.display_height != s.windows.display_height) {
      throw Error(ErrorKind::invalid_input,
                  "mixed resolutions: source frame " + std::to_string(frame.source) + " is " + std::to_string(w.display_width) +
                      "x" + std::to_string(w.display_height) + ", the first frame is " + std::to_string(s.spec.width) + "x" +
                      std::to_string(s.spec.height) + (w.same() && s.windows.same() ? "" : " (display windows)"),
                  {file.string()});
    }
    // The data window's values, converted, then placed into the display window when they differ.
    const bool place = !w.same();
    const std::size_t data_values =
        static_cast<std::size_t>(w.data_width) * static_cast<std::size_t>(w.data_height) * channels;
    std::vector<std::uint16_t>& converted = place ? b.data_halves : b.halves;
    converted.resize(data_values);
    const aces::ImageMetadata meta = reader.metadata();
    if (s.integer_source) {
      b.codes.resize(data_values);
      reader.read_frame(spec.alpha, std::span<std::uint16_t>(b.codes));
    } else {
      b.values.resize(data_values);
      reader.read_frame(spec.alpha, std::span<float>(b.values));
    }
    times[0] += seconds_since(t0);
    const auto t1 = std::chrono::steady_clock::now();
    stats = s.integer_source ? s.converter->convert(std::span<const std::uint16_t>(b.codes), channels, converted, threads)
                             : s.converter->convert(std::span<float>(b.values), channels, converted, threads);
    if (place) place_in_display_window(w, channels, b.data_halves, b.halves);
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
