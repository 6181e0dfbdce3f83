// SPDX-License-Identifier: Apache-2.0
// aceslab's image library, in one include: image files as float RGB buffers, read whole, by
// rows or as one frame of a movie, and written atomically, through OpenImageIO 2.4 (image_io.h),
// with what files say about themselves (frame rate, time code, capture date: image_metadata.h).
// Camera raw goes through LibRaw as linear sensor RGB. OpenEXR masters are written and their
// headers read with the OpenEXR 3.1 API, so every attribute is under control (exr_writer.h,
// exr_reader.h); the common 10-bit DPX layout has a direct decoder (dpx_codes.h). No colour
// management happens here: pixel values are kept as stored. Depends on color/, OpenImageIO and
// OpenEXR.
//
//   namespace aces = aceslab::aces;
//   aces::Image plate = aces::read_image("plate.0001.dpx");
//   aces::write_image("plate.0001.exr", plate, aceslab::Overwrite::refuse);
#pragma once

#include "image/dpx_codes.h"
#include "image/exr_reader.h"
#include "image/exr_writer.h"
#include "image/image_io.h"
#include "image/image_metadata.h"
