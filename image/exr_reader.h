// SPDX-License-Identifier: Apache-2.0
// Reading OpenEXR headers (and pixels) with the OpenEXR 3.1 API, exactly as stored: every part,
// tiled or deep, every channel with its type, the compression, the windows and each attribute.
// Delivery validation and resumed renders rely on it; OpenImageIO would rename attributes and
// hide the file's structure.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "image/exr_writer.h"

namespace aceslab::aces {

struct ExrChannel {
  std::string name;
  std::string type;  // "half", "float", "uint"
  int x_sampling = 1;
  int y_sampling = 1;
};

struct ExrBox {
  int min_x = 0, min_y = 0, max_x = -1, max_y = -1;
  int width() const { return max_x - min_x + 1; }
  int height() const { return max_y - min_y + 1; }
  bool operator==(const ExrBox&) const = default;
};

// The first part's header, and what the file is made of.
struct ExrFileInfo {
  int parts = 1;
  bool tiled = false;  // any part tiled (or multi-resolution)
  bool deep = false;   // any part deep
  bool complete = false;  // every line or tile block is present (OpenEXR isComplete)
  std::vector<ExrChannel> channels;  // in the file's (alphabetical) order
  std::string compression;           // exr_compression_name() spelling, or "unknown"
  std::optional<ExrCompression> compression_id;
  ExrBox data_window;
  ExrBox display_window;
  std::string line_order;  // "increasingY", "decreasingY", "randomY"
  float pixel_aspect_ratio = 1.0f;
  std::optional<ExrChromaticities> chromaticities;
  std::optional<std::array<float, 2>> adopted_neutral;
  std::optional<int> aces_image_container_flag;  // present with its value
  std::optional<ExrRational> frames_per_second;
  std::optional<ExrTimecode> timecode;
  std::optional<int> image_counter;
  // Every attribute of the first part as "type value" text (timeCode as HH:MM:SS:FF, vectors as
  // "(x, y)"), for comparisons across a sequence and for reports.
  std::map<std::string, std::string> attributes;
};

// Throws aceslab::Error (io) naming the file when it is missing or is not an OpenEXR file
// OpenEXR can open (with OpenEXR's reason).
ExrFileInfo read_exr_info(const std::filesystem::path& path);

// True when `path` is a readable OpenEXR file with every block present; false otherwise (missing,
// truncated, not EXR). Never throws.
bool exr_is_complete(const std::filesystem::path& path);

// The pixels of a single-part, flat file as float, `channels` per pixel from the names given
// (missing channels read as 0), rows of the data window top to bottom.
struct ExrPixels {
  int width = 0;
  int height = 0;
  std::vector<float> values;
};
ExrPixels read_exr_pixels(const std::filesystem::path& path, const std::vector<std::string>& channels = {"R", "G", "B"});

}  // namespace aceslab::aces
