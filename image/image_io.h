// SPDX-License-Identifier: Apache-2.0
// Images as float RGB buffers, read and written through OpenImageIO: EXR, TIFF, DPX, PNG, JPEG,
// camera raw (through LibRaw) and single frames of movie files (through FFmpeg). Pixel values are
// kept as stored, with no colour management: integer formats map 0..max code to 0..1, float
// formats keep their values (scene-linear EXR above 1 stays above 1).
//
// Camera raw is read as linear sensor RGB, which is what an IDT is fitted to. The OIIO "raw" reader
// is opened with these hints (OIIO 2.4 src/raw.imageio/rawinput.cpp):
//   raw:ColorSpace "raw"        no camera -> XYZ/sRGB matrix (LibRaw output_color 0), gamma 1
//   raw:use_camera_matrix 0     the file's colour matrices are ignored
//   raw:use_camera_wb 0 and raw:user_mul (1,1,1,1)
//                               no white balance: neither the as-shot neutral nor LibRaw's
//                               daylight multipliers derived from the colour matrix
//   raw:auto_bright 0, raw:Exposure unset
//                               no brightening or exposure shift; raw:apply_scene_linear_scale
//                               and raw:camera_to_scene_linear_scale are left unset, as OIIO
//                               applies its 1/0.45 "scene linear" gain whenever either is present
//   raw:HighlightMode 0         clip at the white level (no highlight reconstruction)
//   raw:adjust_maximum_thr 0, raw:user_sat 0
//                               the white level is the file's own
//   raw:half_size 0, raw:Demosaic "AHD"
// So a raw value is (sensor value - black level) / (white level - black level), demosaiced, with
// 1.0 at the sensor's white level: an integer image whose top code is the clipping point.
//
// Movie frames come as OIIO's ffmpeg reader converts them to RGB (swscale; YUV expanded to full-range
// RGB codes, 8 or 16 bits): the IDT is fitted to those codes.
// Frames of a movie are numbered from 0 in presentation order (the order a player shows them, not
// the decoding order of B-frame streams): frame N is the picture FFmpeg's select filter calls
// n = N and the (N+1)-th frame listed by `ffprobe -show_frames`; OIIO's ffmpeg reader exposes it as
// subimage N. Other multi-image files (multi-part EXR, multi-page TIFF) map `frame` to the
// subimage of that index the same way. Known limit of OIIO 2.4.7: its ffmpeg reader does not drain
// the decoder at the end of the stream, so the last frames of a clip whose codec holds frames back
// (H.264/HEVC with B-frames; two of eight in tests/data/idt/video/clip_h264.mp4) cannot be
// decoded; reading one is an io error that says so.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "color/atomic_file.h"
#include "color/chromaticity.h"
#include "image/image_metadata.h"

namespace aceslab::aces {

struct Image {
  int width = 0;
  int height = 0;
  std::vector<float> rgb;  // width * height interleaved RGB triplets, rows top to bottom
  std::string format;      // OIIO format name of the source ("openexr", "tiff", "raw", "FFmpeg movie"...)
  int source_bits = 32;    // bits per sample of the source (8, 10, 12, 16, 32...)
  bool source_float = true;  // float/half source: no fixed top code (see idt/patch_sampling.h)

  std::size_t pixels() const { return static_cast<std::size_t>(width) * static_cast<std::size_t>(height); }
  float* pixel(int x, int y) { return rgb.data() + 3 * (static_cast<std::size_t>(y) * width + x); }
  const float* pixel(int x, int y) const { return rgb.data() + 3 * (static_cast<std::size_t>(y) * width + x); }
};

// An open image file positioned on one frame, from which the whole frame or only a band of rows is
// decoded (the IDT maker reads just the rows holding the chart). Not copyable; one per thread.
class ImageReader {
 public:
  // Opens `path` and selects `frame` (see the header comment). Throws aceslab::Error naming the
  // file: io when it is missing or OIIO cannot open it, invalid_input when it has no such frame
  // (with the number of frames when the format knows it) or no pixels.
  ImageReader(const std::filesystem::path& path, int frame = 0);
  ~ImageReader();
  ImageReader(const ImageReader&) = delete;
  ImageReader& operator=(const ImageReader&) = delete;

  int width() const;
  int height() const;
  int frame() const { return m_frame; }
  // The data window (the pixels the file holds: width() x height() from its origin) and the display
  // window (the frame the picture is: OpenEXR's displayWindow, OIIO's "full" window) in the file's
  // pixel coordinates. Most files have one window for both; OpenEXR overscan and crops do not.
  struct Windows {
    int data_x = 0, data_y = 0, data_width = 0, data_height = 0;
    int display_x = 0, display_y = 0, display_width = 0, display_height = 0;
    bool same() const {
      return data_x == display_x && data_y == display_y && data_width == display_width && data_height == display_height;
    }
  };
  Windows windows() const;
  // Number of frames (subimages) when the format states it (movies), otherwise 0.
  int frame_count() const;

  // Rows [first_row, end_row) of the frame, full width, clamped to the frame; an empty range reads
  // nothing. Throws aceslab::Error (io) when decoding fails. May be called more than once.
  Image read_rows(int first_row, int end_row);
  // The same into `into`, reusing its buffer (no new allocation when it is already large enough).
  void read_rows(int first_row, int end_row, Image& into);
  Image read() { return read_rows(0, height()); }

  // Frame rate, time code, capture date, alpha... of the selected frame (image_metadata.h).
  ImageMetadata metadata() const;
  // The whole frame into `dst`: width * height pixels of RGB, or RGBA with `alpha` (the file's
  // alpha channel, 1 where it has none); one-channel images are spread to RGB. As float (integer
  // formats give code / max code), or as 16-bit codes (code * 65535 / max code, OpenImageIO's
  // conversion; for integer sources of up to 16 bits). Throws aceslab::Error: internal when `dst`
  // has the wrong size, io naming the file when decoding fails (a truncated file).
  void read_frame(bool alpha, std::span<float> dst);
  void read_frame(bool alpha, std::span<std::uint16_t> dst);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  std::filesystem::path m_path;
  int m_frame = 0;
};

// The parts (subimages) of a multi-part file, e.g. a stereo OpenEXR's "rgba_left (view left)": one
// description per part, in file order ("part 0" when a part has no name); empty for a movie or
// when the file cannot be opened (ImageReader reports that).
std::vector<std::string> image_parts(const std::filesystem::path& path);

// Reads `frame` of an image file as float RGB. Single channel images (also grey + alpha) are spread
// to RGB; alpha and other channels are dropped. Throws aceslab::Error as ImageReader does.
Image read_image(const std::filesystem::path& path, int frame = 0);

// Throws aceslab::Error (usage) when no image format is known for `path`'s extension: lets a
// command refuse an output it could not write before doing the work.
void check_image_output(const std::filesystem::path& path);

enum class SampleFormat { automatic, uint8, uint10, uint16, half, float32 };

// Writes atomically (temp file + rename). `automatic` picks from the extension: half for .exr,
// 16-bit for .tif/.tiff/.png, 10-bit for .dpx, 8-bit for .jpg. Integer formats clamp to [0,1].
// `chromaticities`, when given, is written as the EXR `chromaticities` attribute (the primaries and
// white of the pixels' linear RGB); other formats ignore it.
void write_image(const std::filesystem::path& path, const Image& image, Overwrite overwrite,
                 SampleFormat format = SampleFormat::automatic,
                 const std::optional<Chromaticities>& chromaticities = std::nullopt);

}  // namespace aceslab::aces
