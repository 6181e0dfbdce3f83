// SPDX-License-Identifier: Apache-2.0
// ImageReader's state, shared by the files that implement it (image_io.cpp: opening and row reads;
// image_frames.cpp: metadata and whole-frame reads with alpha). Private to image/.
#pragma once

#include <OpenImageIO/imageio.h>

#include <memory>
#include <vector>

#include "image/image_io.h"

namespace aceslab::aces {

struct ImageReader::Impl {
  std::unique_ptr<OIIO::ImageInput> input;
  OIIO::ImageSpec spec;
  // A tiled file's colour channels, decoded whole on the first read_rows (3 floats per pixel).
  std::vector<float> tiled_rgb;
};

}  // namespace aceslab::aces
