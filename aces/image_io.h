// SPDX-License-Identifier: Apache-2.0
// Images as float RGB buffers, read and written through OpenImageIO (EXR, TIFF, DPX, PNG, JPEG,
// camera raw through LibRaw, and frames of movie files through FFmpeg where OIIO was built with
// it). Pixel values are kept as stored: integer formats map 0..max code to 0..1, no colour
// management is applied.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "aces/atomic_file.h"

namespace aceslab::aces {

struct Image {
  int width = 0;
  int height = 0;
  std::vector<float> rgb;  // width * height interleaved RGB triplets, rows top to bottom
  std::string format;      // OIIO format name of the source ("openexr", "tiff"...), if read
  int source_bits = 32;    // bits per sample of the source (8, 10, 12, 16, 32...)
  bool source_float = true;

  std::size_t pixels() const { return static_cast<std::size_t>(width) * static_cast<std::size_t>(height); }
  float* pixel(int x, int y) { return rgb.data() + 3 * (static_cast<std::size_t>(y) * width + x); }
  const float* pixel(int x, int y) const { return rgb.data() + 3 * (static_cast<std::size_t>(y) * width + x); }
};

// Reads `frame` (subimage; the frame number of a movie) of an image file as float RGB. Single
// channel images are spread to RGB; alpha and other channels are dropped. Throws aceslab::Error
// (io / invalid_input) naming the file and OIIO's reason.
Image read_image(const std::filesystem::path& path, int frame = 0);

enum class SampleFormat { automatic, uint8, uint10, uint16, half, float32 };

// Writes atomically (temp file + rename). `automatic` picks from the extension: half for .exr,
// 16-bit for .tif/.tiff/.png, 10-bit for .dpx, 8-bit for .jpg. Integer formats clamp to [0,1].
void write_image(const std::filesystem::path& path, const Image& image, Overwrite overwrite,
                 SampleFormat format = SampleFormat::automatic);

}  // namespace aceslab::aces
