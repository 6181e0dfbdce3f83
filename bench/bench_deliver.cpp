// SPDX-License-Identifier: Apache-2.0
// Delivery throughput: 48 frames of 4096x2160 10-bit DPX in ARRI LogC3 (EI 800) / AWG3 through an
// IDT CLF (the ACES OCIO config's ARRI LogC3 CLF from ../shared/data/camera-clf) into ACES2065-1
// half EXR, PIZ and uncompressed, all cores. In the same run, what a user would do instead:
//   oiio+ocio   an OpenImageIO 2.4 program applying the same CLF with OpenColorIO 2.1 per frame:
//               ImageBuf read, OCIO's CPU processor over bands of rows on every core, ImageBuf
//               write as half with the compression (OpenEXR's threads), one frame after another
//   ocioconvert `ocioconvert --lut CLF in.dpx out.exr` per frame, as many processes at once as
//               there are cores. OpenColorIO 2.1's ocioconvert processes an integer source in its
//               own 16-bit format: scene-linear values are clamped to [0, 1] and quantised to 16
//               bits before they are written as half (the "max" of its first frame says so), so
//               it is timed but is not the same conversion; the speed-up is computed against the
//               OpenImageIO program.
// and `aceslab render`'s own split of the time (read / convert / write, summed over the frames in
// flight). The frames are generated into a temporary folder (8 distinct pictures, copied to 48
// files; not committed): a synthetic scene (grey ramp, colour patches, sensor-like noise, a bar
// moving from frame to frame) encoded as LogC3 code values.
//
// Then `aceslab deliver check` on a feature's worth of frames (20000 hard links to the rendered
// frames), headers only.
//
// Output: one JSON document, {"frames", "width", "height", "results": [{"name", "compression",
// "seconds", "frames_per_second", "cpu_seconds_per_frame", ...}], "check": {...},
// "speedup_vs_oiio_ocio": {...}}. Target: aceslab >= 1.5x the OpenImageIO + OpenColorIO program,
// for PIZ and for uncompressed.
#include <OpenColorIO/OpenColorIO.h>
#include <OpenImageIO/imagebuf.h>

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <vector>

#include "color/parallel.h"
#include "color/transfer_function.h"
#include "deliver/check.h"
#include "deliver/render.h"
#include "image/exr_reader.h"
#include "image/image_io.h"

namespace fs = std::filesystem;
using namespace aceslab;
using nlohmann::json;

namespace {

constexpr int kWidth = 4096;
constexpr int kHeight = 2160;
constexpr int kFrames = 48;
constexpr int kDistinct = 8;

const fs::path kClf = fs::path(ACESLAB_SHARED_DIR) / "data/camera-clf/ARRI.Input.ARRI_LogC3_EI800_to_ACES2065-1.clf";

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// CPU seconds of this process (and of its finished children): the machine is shared, so wall
// times vary with the load while CPU time per frame says what each approach costs.
double cpu_seconds(int who) {
  rusage u{};
  getrusage(who, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + 1e-6 * (u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// A scene in scene-linear AWG3, LogC3-encoded: a horizontal exposure ramp over 14 stops, a row of
// saturated patches, noise of a sensor at EI 800, and a bright bar that moves with `frame`.
aces::Image scene(int frame) {
  aces::Image img;
  img.width = kWidth;
  img.height = kHeight;
  img.rgb.resize(img.pixels() * 3);
  const auto& logc3 = aces::find_transfer_function("logc3-ei800");
  const float patches[6][3] = {{0.4f, 0.05f, 0.04f}, {0.05f, 0.3f, 0.06f}, {0.04f, 0.06f, 0.35f},
                               {0.5f, 0.45f, 0.05f}, {0.06f, 0.3f, 0.4f}, {0.45f, 0.08f, 0.4f}};
  aces::for_chunks(std::span<float>(img.rgb), 0, [&](std::span<float> chunk, std::size_t first) {
    std::mt19937 rng(1234u + static_cast<unsigned>(frame) * 7919u + static_cast<unsigned>(first));
    std::normal_distribution<float> noise(0.0f, 1.0f);
    for (std::size_t i = 0; i < chunk.size() / 3; ++i) {
      const int x = static_cast<int>((first + i) % kWidth), y = static_cast<int>((first + i) / kWidth);
      const float v = 0.18f * std::exp2(-8.0f + 14.0f * static_cast<float>(x) / kWidth);
      float rgb[3] = {v, v, v};
      if (y > kHeight / 3 && y < kHeight / 2) {
        const int k = (x * 6) / kWidth;
        for (int c = 0; c < 3; ++c) rgb[c] = patches[k][c] * (1.0f + 0.3f * static_cast<float>(y) / kHeight);
      }
      if (std::abs(x - (frame * kWidth) / kDistinct) < 40) rgb[0] = rgb[1] = rgb[2] = 12.0f;  // a specular bar
      for (int c = 0; c < 3; ++c) {
        const float lin = std::max(0.0f, rgb[c] + 0.002f * noise(rng) + 0.004f * std::sqrt(rgb[c]) * noise(rng));
        chunk[i * 3 + c] = static_cast<float>(logc3.to_code(lin));
      }
    }
  });
  return img;
}

// Kept between runs: the folder is reused when every frame is there with a DPX's size.
fs::path make_frames(const fs::path& dir) {
  fs::create_directories(dir);
  auto frame_file = [&](int f) { return dir / ("plate." + std::to_string(1001 + f) + ".dpx"); };
  std::error_code ec;
  bool complete = true;
  for (int f = 0; f < kFrames && complete; ++f) {
    // file_size() gives uintmax_t(-1) with an error (a missing frame): check the error first.
    const std::uintmax_t size = fs::file_size(frame_file(f), ec);
    complete = !ec && size > std::uintmax_t(kWidth) * kHeight * 4;
  }
  if (complete) return dir / "plate.%d.dpx";
  for (int f = 0; f < kDistinct; ++f) aces::write_image(frame_file(f), scene(f), Overwrite::allow, aces::SampleFormat::uint10);
  for (int f = kDistinct; f < kFrames; ++f) {
    fs::copy_file(frame_file(f % kDistinct), frame_file(f), fs::copy_options::overwrite_existing);
  }
  return dir / "plate.%d.dpx";
}

json run_aceslab(const fs::path& pattern, const fs::path& out, const std::string& compression) {
  fs::remove_all(out);
  deliver::RenderOptions o;
  o.source = pattern.string();
  o.output = (out / "plate.%07d.exr").string();
  o.recipe.idt_clf = kClf.string();
  o.profile = deliver::Profile::vfx;
  o.compression = compression;
  o.existing = deliver::ExistingOutput::force;
  const double t0 = now(), c0 = cpu_seconds(RUSAGE_SELF);
  const deliver::RenderReport r = deliver::render(o);
  const double seconds = now() - t0, cpu = cpu_seconds(RUSAGE_SELF) - c0;
  return {{"name", "aceslab render"},
          {"compression", compression},
          {"seconds", seconds},
          {"frames_per_second", kFrames / seconds},
          {"cpu_seconds_per_frame", cpu / kFrames},
          {"tabulated", r.tabulated},
          {"frames_in_flight_seconds", {{"read", r.read_seconds}, {"convert", r.convert_seconds}, {"write", r.write_seconds}}}};
}

// OpenImageIO reads and writes; OpenColorIO's CPU processor applies the CLF, over bands of rows on
// every core. (Debian's OpenImageIO 2.4.7 cannot load an OCIO config file for
// ImageBufAlgo::ociofiletransform: it reports "color config: built-in" and "Could not construct
// the color transform"; this is the same work without that wrapper.)
json run_oiio(const fs::path& pattern_dir, const fs::path& out, const std::string& compression) {
  fs::remove_all(out);
  fs::create_directories(out);
  namespace OCIO = OCIO_NAMESPACE;
  OCIO::ConstConfigRcPtr config = OCIO::Config::CreateRaw();
  OCIO::FileTransformRcPtr file = OCIO::FileTransform::Create();
  file->setSrc(kClf.c_str());
  file->setInterpolation(OCIO::INTERP_BEST);
  const OCIO::ConstCPUProcessorRcPtr processor = config->getProcessor(file)->getDefaultCPUProcessor();
  const unsigned threads = aces::thread_count(0);
  double read = 0, transform = 0, write = 0;
  const double t0 = now(), c0 = cpu_seconds(RUSAGE_SELF);
  for (int f = 0; f < kFrames; ++f) {
    const std::string name = "plate." + std::to_string(1001 + f);
    double t = now();
    OIIO::ImageBuf image((pattern_dir / (name + ".dpx")).string());
    if (!image.read(0, 0, true, OIIO::TypeDesc::FLOAT)) throw std::runtime_error("read: " + image.geterror());
    read += now() - t;
    t = now();
    float* pixels = static_cast<float*>(image.localpixels());
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; ++i) {
      pool.emplace_back([&, i] {
        const int y0 = kHeight * static_cast<int>(i) / static_cast<int>(threads);
        const int y1 = kHeight * static_cast<int>(i + 1) / static_cast<int>(threads);
        OCIO::PackedImageDesc desc(pixels + std::size_t(y0) * kWidth * 3, kWidth, y1 - y0, 3);
        processor->apply(desc);
      });
    }
    for (auto& th : pool) th.join();
    transform += now() - t;
    t = now();
    image.specmod().attribute("compression", compression);
    image.set_write_format(OIIO::TypeDesc::HALF);
    if (!image.write((out / (name + ".exr")).string())) throw std::runtime_error("write: " + image.geterror());
    write += now() - t;
  }
  const double seconds = now() - t0, cpu = cpu_seconds(RUSAGE_SELF) - c0;
  return {{"name", "oiio+ocio program"},
          {"compression", compression},
          {"seconds", seconds},
          {"frames_per_second", kFrames / seconds},
          {"cpu_seconds_per_frame", cpu / kFrames},
          {"stage_seconds", {{"read", read}, {"transform", transform}, {"write", write}}}};
}

json run_ocioconvert(const fs::path& pattern_dir, const fs::path& out, const std::string& compression) {
  fs::remove_all(out);
  fs::create_directories(out);
  const unsigned processes = aces::thread_count(0);
  std::atomic<int> next{0};
  std::atomic<int> failures{0};
  const double t0 = now(), c0 = cpu_seconds(RUSAGE_CHILDREN);
  std::vector<std::thread> pool;
  for (unsigned p = 0; p < processes; ++p) {
    pool.emplace_back([&] {
      for (int f = next++; f < kFrames; f = next++) {
        const std::string name = "plate." + std::to_string(1001 + f);
        const std::string command = "ocioconvert --lut '" + kClf.string() + "' --string-attribute compression=" + compression +
                                    " '" + (pattern_dir / (name + ".dpx")).string() + "' '" + (out / (name + ".exr")).string() +
                                    "' > /dev/null 2>&1";
        if (std::system(command.c_str()) != 0) ++failures;
      }
    });
  }
  for (auto& t : pool) t.join();
  const double seconds = now() - t0, cpu = cpu_seconds(RUSAGE_CHILDREN) - c0;
  if (failures > 0) return {{"name", "ocioconvert"}, {"compression", compression}, {"error", "ocioconvert failed (is opencolorio-tools installed?)"}};
  return {{"name", "ocioconvert"},
          {"compression", compression},
          {"processes", processes},
          {"seconds", seconds},
          {"frames_per_second", kFrames / seconds},
          {"cpu_seconds_per_frame", cpu / kFrames}};
}

// `aceslab deliver check` (headers only) on a feature's worth of frames: the rendered PIZ frames
// hard-linked under 20000 names (frame numbers 1001..21000, as a 14-minute reel at 24 fps).
json run_check(const fs::path& rendered, const fs::path& dir) {
  constexpr int kFeatureFrames = 20000;
  fs::remove_all(dir);
  fs::create_directories(dir / "A001C003");
  std::vector<fs::path> frames;
  for (const auto& e : fs::directory_iterator(rendered)) frames.push_back(e.path());
  std::sort(frames.begin(), frames.end());
  for (int f = 0; f < kFeatureFrames; ++f) {
    char name[64];
    std::snprintf(name, sizeof name, "A001C003.%07d.exr", 1001 + f);
    fs::create_hard_link(frames[static_cast<std::size_t>(f) % frames.size()], dir / "A001C003" / name);
  }
  deliver::CheckOptions o;
  o.profile = deliver::Profile::vfx;
  o.start_frame = 1001;
  const double t0 = now();
  const deliver::CheckReport r = deliver::check_delivery(dir, o);
  const double seconds = now() - t0;
  fs::remove_all(dir);
  return {{"name", "aceslab deliver check (headers)"},
          {"frames", r.exr_files},
          {"seconds", seconds},
          {"frames_per_second", static_cast<double>(r.exr_files) / seconds},
          {"findings", r.findings.size()}};
}

// The largest value of the first output frame: about 12 for this plate's specular bar.
double first_frame_max(const fs::path& file) {
  const aces::ExrPixels px = aces::read_exr_pixels(file);
  return *std::max_element(px.values.begin(), px.values.end());
}

// The largest difference between two outputs in units of the half spacing at the value (1 =
// one unit in the last place of a half).
double max_half_ulps(const fs::path& a, const fs::path& b) {
  const aces::ExrPixels pa = aces::read_exr_pixels(a), pb = aces::read_exr_pixels(b);
  double worst = 0;
  for (std::size_t i = 0; i < pa.values.size() && i < pb.values.size(); ++i) {
    const double ulp = std::max(std::fabs(static_cast<double>(pb.values[i])) / 1024.0, 5.96e-8);
    worst = std::max(worst, std::fabs(static_cast<double>(pa.values[i]) - pb.values[i]) / ulp);
  }
  return worst;
}

}  // namespace

int main() {
  const fs::path dir = fs::temp_directory_path() / "aceslab_bench_deliver";
  std::cerr << "bench_deliver: generating " << kFrames << " frames of " << kWidth << "x" << kHeight << " 10-bit DPX in " << dir << "\n";
  const fs::path pattern = make_frames(dir / "source");

  json results = json::array();
  json speedup;
  for (const std::string compression : {"piz", "none"}) {
    std::cerr << "bench_deliver: " << compression << "\n";
    json ours = run_aceslab(pattern, dir / "aceslab", compression);
    ours["first_frame_max"] = first_frame_max(dir / "aceslab/plate.0001001.exr");
    json oiio = run_oiio(dir / "source", dir / "oiio", compression);
    oiio["first_frame_max"] = first_frame_max(dir / "oiio/plate.1001.exr");
    ours["first_frame_half_ulps_from_oiio_ocio"] = max_half_ulps(dir / "aceslab/plate.0001001.exr", dir / "oiio/plate.1001.exr");
    json tool = run_ocioconvert(dir / "source", dir / "ocioconvert", compression);
    if (tool.contains("frames_per_second")) tool["first_frame_max"] = first_frame_max(dir / "ocioconvert/plate.1001.exr");
    results.push_back(ours);
    results.push_back(oiio);
    results.push_back(tool);
    speedup[compression] = ours["frames_per_second"].get<double>() / oiio["frames_per_second"].get<double>();
    if (tool.contains("frames_per_second")) {
      speedup[compression + " (ocioconvert, clamped output)"] =
          ours["frames_per_second"].get<double>() / tool["frames_per_second"].get<double>();
    }
  }
  run_aceslab(pattern, dir / "aceslab", "piz");
  const json check = run_check(dir / "aceslab", dir / "feature");
  fs::remove_all(dir / "aceslab");
  fs::remove_all(dir / "oiio");
  fs::remove_all(dir / "ocioconvert");
  std::cout << json{{"frames", kFrames},
                    {"width", kWidth},
                    {"height", kHeight},
                    {"threads", aces::thread_count(0)},
                    {"clf", kClf.filename().string()},
                    {"results", results},
                    {"check", check},
                    {"speedup_vs_oiio_ocio", speedup}}
                   .dump(2)
            << '\n';
  return 0;
}
