// SPDX-License-Identifier: Apache-2.0
// The capture manifest of an IDT shoot: which camera, under which light, how its files are encoded,
// where the ColorChecker sits in the frame, and which image files were shot at which exposure (EV).
// Two layouts are read: aceslab's own JSON manifest, and the Academy idt-calculator's project
// (its JSON, or its folder `data/colour_checker/<EV>/...`). Paths are resolved relative to the
// manifest and checked to exist, so later stages can assume the files are there.
#pragma once

#include <Eigen/Core>
#include <array>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace aceslab::idt {

// One image: a still file, or one frame of a movie file.
struct FrameRef {
  std::filesystem::path path;  // absolute or relative to the current directory
  int frame = 0;               // movie frame from 0 in presentation order, or subimage (image/image_io.h)
  std::string element;         // JSON pointer of the entry in the manifest, for messages

  std::string display_name() const;  // "ev0.tif" or "clip.mov[12]"
};

struct Exposure {
  double ev = 0.0;              // exposure relative to the nominal one, in stops
  std::vector<FrameRef> frames; // one or more shots of the same exposure, combined by median
};

// Chart corners in pixels, clockwise from the outer corner of the dark-skin patch with the chart
// upright (dark skin top left, black bottom right): the outer corners of the 6x4 patch grid.
using ChartCorners = std::array<Eigen::Vector2d, 4>;

struct ChartSpec {
  std::string type = "colorchecker24";
  std::optional<ChartCorners> corners;  // absent: detect the chart automatically
};

struct Capture {
  std::filesystem::path manifest_path;  // the JSON read (or the folder for a JSON-less Academy layout)
  std::string camera_make;
  std::string camera_model;
  nlohmann::json illuminant = "D60";    // as written; parsed by idt::IlluminantSpec
  std::string illuminant_element = "/illuminant";
  std::string encoding = "fit";         // transfer-function id, "linear" or "fit"
  std::string cat;                      // "" = default; Academy projects name theirs ("CAT02")
  ChartSpec chart;
  std::vector<Exposure> exposures;      // sorted by EV, EVs unique
  // A frame of a uniform grey card under the same light, framed like the chart shots (optional):
  // the IDT maker divides each patch by the card's relative illumination at that patch.
  std::optional<FrameRef> flat_field;
  bool academy_layout = false;

  // "Acme Drone X", or "Unknown camera".
  std::string camera_name() const;
};

// Reads an aceslab manifest, an Academy idt-calculator project JSON, or an Academy project folder.
// Throws aceslab::Error naming the file and JSON pointer: unreadable or malformed JSON, unknown
// keys' wrong types, missing image files, duplicate EVs, no exposures, bad corners.
Capture load_capture(const std::filesystem::path& path);

// Parses an already-read document; `manifest_path` resolves relative paths and names errors.
Capture parse_capture(const nlohmann::json& doc, const std::filesystem::path& manifest_path);

// Reads a JSON file, turning parse errors into aceslab::Error with the 1-based line.
nlohmann::json read_json_file(const std::filesystem::path& path);

}  // namespace aceslab::idt
