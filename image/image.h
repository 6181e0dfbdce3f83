// SPDX-License-Identifier: Apache-2.0
// aceslab's image library, in one include: image files as float RGB buffers, read whole, by
// rows or as one frame of a movie, and written atomically, through OpenImageIO 2.4 (image_io.h).
// Camera raw goes through LibRaw as linear sensor RGB. No colour management happens here: pixel
// values are kept as stored. Depends on color/ and OpenImageIO.
//
//   namespace aces = aceslab::aces;
//   aces::Image plate = aces::read_image("plate.0001.dpx");
//   aces::write_image("plate.0001.exr", plate, aceslab::Overwrite::refuse);
#pragma once

#include "image/image_io.h"
