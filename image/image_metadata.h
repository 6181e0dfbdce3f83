// SPDX-License-Identifier: Apache-2.0
// What an image file says about itself beyond its pixels, as a delivery carries it into its EXR
// headers: frame rate, time code, capture date, pixel aspect ratio, alpha. Read through
// OpenImageIO's attribute names:
//   frame rate    "FramesPerSecond" / "framesPerSecond" (EXR, movies: a rational), "dpx:FrameRate"
//                 then "dpx:TemporalFrameRate" (DPX: a float, mapped to 24000/1001 etc. by
//                 OpenEXR's guessExactFps)
//   time code     "smpte:TimeCode" (DPX, EXR), the "timecode" tag of movies ("HH:MM:SS:FF", ';' for
//                 drop frame)
//   capture date  when the picture was taken, never when a file was written: EXR capDate (OIIO
//                 "DateTime" of an openexr file), camera raw "DateTime" (LibRaw's shot time),
//                 "Exif:DateTimeOriginal", DPX "dpx:SourceDateTime", a movie's "creation_time".
//                 The "DateTime" of DPX, TIFF, PNG, JPEG is the file's creation or modification
//                 and is not used.
#pragma once

#include <optional>
#include <string>

#include "image/exr_writer.h"

namespace aceslab::aces {

struct ImageMetadata {
  int channels = 0;        // channels in the file
  bool has_alpha = false;  // an alpha channel besides the colour channels
  int bits = 0;            // bits per sample of the source
  bool is_float = false;
  std::string format;      // OIIO format name ("dpx", "openexr", "tiff", "raw", "FFmpeg movie")
  float pixel_aspect_ratio = 1.0f;
  std::optional<ExrRational> frames_per_second;
  std::optional<ExrTimecode> timecode;
  std::string capture_date;  // "YYYY:MM:DD hh:mm:ss", empty when unknown
};

// "HH:MM:SS:FF" or "HH:MM:SS;FF" (drop frame); nullopt when malformed or out of range.
std::optional<ExrTimecode> parse_timecode(const std::string& text);

}  // namespace aceslab::aces
