// SPDX-License-Identifier: Apache-2.0
// Writing OpenEXR files with the OpenEXR 3.1 API directly, so every header attribute is the
// caller's choice and nothing else is added: no "now" timestamp, no software name, no attribute
// a library adds on its own. The same pixels and the same ExrWriteSpec give the same bytes, which
// is what makes a render byte-for-byte reproducible (OpenImageIO 2.4 would add its own attributes
// and silently turn an unknown compression name into ZIP).
//
// Files are scanline, single part, half channels R, G, B (and A), dataWindow = displayWindow,
// increasing-y line order, written to a temporary file and renamed into place
// (color/atomic_file.h): a failure (disk full) leaves no partial file behind.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "color/atomic_file.h"

namespace aceslab::aces {

// Every compression OpenEXR 3.1 writes, by its name in `exrheader` and oiiotool.
enum class ExrCompression { none, rle, zips, zip, piz, pxr24, b44, b44a, dwaa, dwab };

const char* exr_compression_name(ExrCompression compression);  // "none", "zip", "piz"...
// nullopt for a name OpenEXR does not know; case-insensitive.
std::optional<ExrCompression> exr_compression_from_name(std::string_view name);
// True for the compressions that change pixel values: b44/b44a (half), dwaa/dwab, and pxr24
// (which rounds 32-bit float; it is lossless on half, but delivery specs list it as lossy).
bool exr_compression_is_lossy(ExrCompression compression);

// x, y of red, green, blue and white, as the EXR `chromaticities` attribute stores them.
using ExrChromaticities = std::array<float, 8>;

// SMPTE 12M time code as OpenEXR's TimeCode attribute stores it (Imf::TimeCode, TV60 packing):
// hours, minutes, seconds, frame and the drop-frame flag; user bits left at 0.
struct ExrTimecode {
  int hours = 0, minutes = 0, seconds = 0, frame = 0;
  bool drop_frame = false;
};

struct ExrRational {
  int numerator = 0;
  unsigned denominator = 1;
};

// What goes into the header besides the structural attributes (channels, compression, windows,
// line order, pixel aspect ratio, screen window) that every file gets. Optional attributes are
// written only when set.
struct ExrWriteSpec {
  int width = 0;
  int height = 0;
  bool alpha = false;  // channel A besides R, G, B
  ExrCompression compression = ExrCompression::none;
  float pixel_aspect_ratio = 1.0f;
  std::optional<ExrChromaticities> chromaticities;
  std::optional<std::array<float, 2>> adopted_neutral;
  bool aces_image_container_flag = false;  // acesImageContainerFlag = 1 (SMPTE ST 2065-4)
  std::optional<ExrRational> frames_per_second;  // framesPerSecond
  std::optional<ExrTimecode> timecode;             // timeCode
  std::optional<int> image_counter;                // imageCounter
  std::string owner;     // owner, when not empty
  std::string comments;  // comments, when not empty
  std::string cap_date;  // capDate "YYYY:MM:DD hh:mm:ss", when not empty
  int threads = 0;       // OpenEXR compression threads for this file (0 = the calling thread)
};

// `half_pixels`: width * height pixels of 3 (or 4 with alpha) interleaved half codes, rows top to
// bottom. Throws aceslab::Error: internal when the buffer size does not match, io naming the file
// when it cannot be written (the temporary is removed; OpenEXR's reason, e.g. "No space left on
// device", is in the message) or exists and `overwrite` is refuse.
void write_exr(const std::filesystem::path& path, const ExrWriteSpec& spec, std::span<const std::uint16_t> half_pixels,
               Overwrite overwrite);

// Sets the number of threads of OpenEXR's global pool that compresses line blocks
// (Imf::setGlobalThreadCount); ExrWriteSpec::threads up to this many are used per file.
void set_exr_thread_pool(int threads);

// Float to half codes, round to nearest even (F16C instructions when the CPU has them). Values
// must already be finite and within +-65504 for a finite result.
void floats_to_halves(std::span<const float> in, std::span<std::uint16_t> out);

}  // namespace aceslab::aces
