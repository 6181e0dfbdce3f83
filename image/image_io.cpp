// SPDX-License-Identifier: Apache-2.0
#include "image/image_io.h"

#include <OpenImageIO/imageio.h>

#include <algorithm>
#include <cctype>
#include <iomanip>
#include <sstream>

#include "color/error.h"
#include "color/input_file.h"
#include "image/image_reader_impl.h"

namespace aceslab::aces {
namespace fs = std::filesystem;

namespace {

std::string lower_extension(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

OIIO::TypeDesc type_for(const fs::path& path, SampleFormat format) {
  if (format == SampleFormat::automatic) {
    const std::string ext = lower_extension(path);
    if (ext == ".exr") format = SampleFormat::half;
    else if (ext == ".jpg" || ext == ".jpeg") format = SampleFormat::uint8;
    else if (ext == ".dpx") format = SampleFormat::uint10;
    else if (ext == ".tif" || ext == ".tiff" || ext == ".png") format = SampleFormat::uint16;
    else format = SampleFormat::float32;
  }
  switch (format) {
    case SampleFormat::uint8: return OIIO::TypeDesc::UINT8;
    case SampleFormat::uint10:  // OIIO writes 10-bit DPX from UINT16 with the "oiio:BitsPerSample" hint
    case SampleFormat::uint16: return OIIO::TypeDesc::UINT16;
    case SampleFormat::half: return OIIO::TypeDesc::HALF;
    case SampleFormat::float32:
    case SampleFormat::automatic: break;
  }
  return OIIO::TypeDesc::FLOAT;
}

}  // namespace

namespace {

// Open-configuration hints of OIIO's "raw" reader that make LibRaw return linear sensor RGB (the
// list and its reasons are in the header). Other readers ignore "raw:" hints.
OIIO::ImageSpec open_config() {
  OIIO::ImageSpec config;
  config.attribute("raw:ColorSpace", "raw");
  config.attribute("raw:use_camera_matrix", 0);
  config.attribute("raw:use_camera_wb", 0);
  const float unity[4] = {1.0f, 1.0f, 1.0f, 1.0f};
  config.attribute("raw:user_mul", OIIO::TypeDesc(OIIO::TypeDesc::FLOAT, 4), unity);
  config.attribute("raw:auto_bright", 0);
  // Not "raw:apply_scene_linear_scale" or "raw:camera_to_scene_linear_scale": OIIO 2.4 enables the
  // 1/0.45 scale (and half-float output) when either attribute is present, whatever its value.
  config.attribute("raw:HighlightMode", 0);
  config.attribute("raw:adjust_maximum_thr", 0.0f);
  config.attribute("raw:user_sat", 0);
  config.attribute("raw:half_size", 0);
  config.attribute("raw:Demosaic", "AHD");
  return config;
}

}  // namespace

// A header declaring far more pixels than its file could hold (a 309-byte TIFF claiming
// 20000x13000) would cost gigabytes for a black frame. No lossless codec of these formats packs a
// flat image much beyond deflate's 1032:1 or 12-bit LZW's ~1365:1 (a black 5000x4000 PNG: 1020:1),
// so above 16 Mpx a still image whose decoded size exceeds 4000 times its file size is refused.
// Movies and EXR's DWA codecs are exempt: they legitimately reach such ratios.
void check_declared_size(const OIIO::ImageSpec& spec, const fs::path& path, bool movie) {
  constexpr double kMaxCompression = 4000.0;
  constexpr long long kCheckedAbovePixels = 16LL << 20;
  const long long pixels = static_cast<long long>(spec.width) * spec.height;
  // EXR's DWAA/DWAB code a flat 8x8 block as one deflated DC value: a black frame legitimately
  // compresses far beyond 1100:1.
  const std::string compression = spec.get_string_attribute("compression");
  if (movie || pixels <= kCheckedAbovePixels || compression.rfind("dwa", 0) == 0) return;
  std::error_code ec;
  const auto file_bytes = fs::file_size(path, ec);
  if (ec) return;
  const double decoded = static_cast<double>(pixels) * spec.nchannels * static_cast<double>(spec.format.size());
  if (decoded > kMaxCompression * static_cast<double>(file_bytes)) {
    std::ostringstream msg;
    msg << "the header declares " << spec.width << "x" << spec.height << " pixels (" << std::fixed
        << std::setprecision(0) << decoded / 1e6 << " MB decoded) in a " << file_bytes
        << "-byte file, more than any lossless codec compresses: refused as corrupt or hostile";
    throw Error(ErrorKind::invalid_input, msg.str(), Location(path.string()));
  }
}

ImageReader::ImageReader(const fs::path& path, int frame) : m_impl(std::make_unique<Impl>()), m_path(path), m_frame(frame) {
  const Location where(path.string());
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(ErrorKind::io, "image not found", where);
  check_input_file(path, "the image");  // a FIFO would block OpenImageIO, a device never end
  if (frame < 0) throw Error(ErrorKind::usage, "frame numbers start at 0, got " + std::to_string(frame), where);
  const OIIO::ImageSpec config = open_config();
  m_impl->input = OIIO::ImageInput::open(path.string(), &config);
  if (!m_impl->input) throw Error(ErrorKind::io, "cannot open image: " + OIIO::geterror(), where);
  OIIO::ImageInput& in = *m_impl->input;
  if (frame != 0 && !in.seek_subimage(frame, 0)) {
    std::ostringstream msg;
    msg << "image has no frame " << frame;
    const int count = in.spec().get_int_attribute("oiio:subimages", 0);
    if (count > 0) msg << " (it has " << count << " frame" << (count == 1 ? "" : "s") << ", numbered from 0)";
    (void)in.geterror();  // a failed seek may leave a message behind; ours says it better
    throw Error(ErrorKind::invalid_input, msg.str(), where);
  }
  m_impl->spec = in.spec();
  const OIIO::ImageSpec& spec = m_impl->spec;
  if (spec.width <= 0 || spec.height <= 0 || spec.nchannels <= 0) {
    throw Error(ErrorKind::invalid_input, "image has no pixels", where);
  }
  if (spec.deep) {
    // Deep data (several samples per pixel, OpenEXR 2 deep scanline/tile parts) is a compositing
    // input, not footage: flatten it first (e.g. in Nuke, or `oiiotool --flatten`).
    throw Error(ErrorKind::unsupported,
                "deep image (several samples per pixel): aceslab reads flat images; flatten it first "
                "(oiiotool IN --flatten -o OUT)",
                where);
  }
  constexpr long long kMaxPixels = 1LL << 28;  // 268 Mpx: refuse absurd headers before allocating
  if (static_cast<long long>(spec.width) * spec.height > kMaxPixels) {
    std::ostringstream msg;
    msg << "image is too large (" << spec.width << "x" << spec.height << ")";
    throw Error(ErrorKind::invalid_input, msg.str(), where);
  }
  check_declared_size(spec, path, spec.get_int_attribute("oiio:Movie", 0) != 0);
}

ImageReader::~ImageReader() {
  if (m_impl && m_impl->input) m_impl->input->close();
}

int ImageReader::width() const { return m_impl->spec.width; }

ImageReader::Windows ImageReader::windows() const {
  const OIIO::ImageSpec& s = m_impl->spec;
  Windows w{s.x, s.y, s.width, s.height, s.full_x, s.full_y, s.full_width, s.full_height};
  // Formats without a separate display window report a zero-sized one (older OIIO plugins).
  if (w.display_width <= 0 || w.display_height <= 0) {
    w.display_x = w.data_x, w.display_y = w.data_y, w.display_width = w.data_width, w.display_height = w.data_height;
  }
  return w;
}
int ImageReader::height() const { return m_impl->spec.height; }
int ImageReader::frame_count() const { return m_impl->spec.get_int_attribute("oiio:subimages", 0); }

Image ImageReader::read_rows(int first_row, int end_row) {
  Image image;
  read_rows(first_row, end_row, image);
  return image;
}

void ImageReader::read_rows(int first_row, int end_row, Image& image) {
  const OIIO::ImageSpec& spec = m_impl->spec;
  OIIO::ImageInput& in = *m_impl->input;
  first_row = std::clamp(first_row, 0, spec.height);
  end_row = std::clamp(end_row, first_row, spec.height);
  image.width = spec.width;
  image.height = end_row - first_row;
  image.format = in.format_name();
  // Movies report the codec's bits per raw sample, which is 0 for some codecs.
  const int bits = spec.get_int_attribute("oiio:BitsPerSample", 0);
  image.source_bits = bits > 0 ? bits : static_cast<int>(spec.format.size() * 8);
  image.source_float = spec.format.is_floating_point();
  if (image.height == 0) {
    image.rgb.clear();
    return;
  }

  // Colour channels: all but alpha. A grey + alpha file is grey (its alpha never lands in G and B).
  int colour = spec.nchannels;
  if (spec.alpha_channel >= 0 && spec.alpha_channel < colour) colour = spec.alpha_channel;
  const int channels = colour >= 3 ? 3 : 1;
  image.rgb.resize(image.pixels() * 3);
  // Decoded straight into the RGB buffer with a 3-float pixel stride, even from one- or two-channel
  // files (spread out below): no second full-size buffer.
  const OIIO::stride_t pixel_stride = 3 * sizeof(float);
  bool decoded = true;
  if (spec.tile_width > 0) {
    // Tiled files (EXR tiles and mipmaps, tiled TIFF): OIIO 2.4's read_scanlines divides by zero
    // (SIGFPE) on them, so the image is decoded whole once and bands are copied from it.
    std::vector<float>& whole = m_impl->tiled_rgb;
    if (whole.empty()) {
      whole.resize(static_cast<std::size_t>(spec.width) * static_cast<std::size_t>(spec.height) * 3);
      decoded = in.read_image(m_frame, 0, 0, channels, OIIO::TypeDesc::FLOAT, whole.data(), pixel_stride);
      if (!decoded) whole.clear();
    }
    if (decoded) {
      const std::size_t row = static_cast<std::size_t>(spec.width) * 3;
      std::copy(whole.begin() + static_cast<std::ptrdiff_t>(first_row * row),
                whole.begin() + static_cast<std::ptrdiff_t>(end_row * row), image.rgb.begin());
    }
  } else {
    decoded = in.read_scanlines(m_frame, 0, spec.y + first_row, spec.y + end_row, 0, 0, channels,
                                OIIO::TypeDesc::FLOAT, image.rgb.data(), pixel_stride);
  }
  if (!decoded) {
    std::string reason = in.geterror();
    if (reason.empty()) reason = "unknown decoder error";
    std::ostringstream msg;
    if (spec.get_int_attribute("oiio:Movie", 0) != 0) {
      // OIIO 2.4's ffmpeg reader never drains the decoder at the end of the stream, so the last
      // frames of a codec that holds frames back (H.264/HEVC with B-frames) cannot be returned.
      msg << "cannot decode frame " << m_frame << " of " << frame_count() << " (" << reason
          << "); the last frames of a movie with B-frames are out of reach of OpenImageIO 2.4's FFmpeg "
             "reader: use an earlier frame, or convert the clip to still images";
    } else {
      msg << "cannot read pixels: " << reason;
    }
    throw Error(ErrorKind::io, msg.str(), Location(m_path.string()));
  }
  if (channels < 3) {
    for (std::size_t i = 0; i < image.pixels(); ++i) {
      float* p = image.rgb.data() + 3 * i;
      for (int c = channels; c < 3; ++c) p[c] = p[channels - 1];
    }
  }
}

std::vector<std::string> image_parts(const fs::path& path) {
  std::vector<std::string> parts;
  const OIIO::ImageSpec config = open_config();
  auto in = OIIO::ImageInput::open(path.string(), &config);
  if (!in) {
    (void)OIIO::geterror();
    return parts;
  }
  if (in->spec().get_int_attribute("oiio:Movie", 0) != 0) return parts;
  constexpr int kMaxParts = 4096;  // a hostile header cannot make this loop long
  for (int i = 0; i < kMaxParts && in->seek_subimage(i, 0); ++i) {
    const OIIO::ImageSpec& s = in->spec();
    std::string d = s.get_string_attribute("oiio:subimagename", s.get_string_attribute("name"));
    if (d.empty()) d = "part " + std::to_string(i);
    const std::string view = s.get_string_attribute("view");
    if (!view.empty()) d += " (view " + view + ")";
    d += ", " + std::to_string(s.width) + "x" + std::to_string(s.height) + " " + std::to_string(s.nchannels) + " channel" +
         (s.nchannels == 1 ? "" : "s");
    parts.push_back(std::move(d));
  }
  (void)in->geterror();
  return parts;
}

Image read_image(const fs::path& path, int frame) {
  ImageReader reader(path, frame);
  return reader.read();
}

void check_image_output(const fs::path& path) {
  if (!OIIO::ImageOutput::create(path.string())) {
    throw Error(ErrorKind::usage, "no image writer for the extension \"" + path.extension().string() + "\"",
                {path.string()});
  }
}

void write_image(const fs::path& path, const Image& image, Overwrite overwrite, SampleFormat format,
                 const std::optional<Chromaticities>& chromaticities) {
  if (image.rgb.size() != image.pixels() * 3 || image.pixels() == 0) {
    throw Error(ErrorKind::internal, "image buffer does not match its size", {path.string()});
  }
  write_path_atomically(path, [&](const fs::path& temp) {
    auto out = OIIO::ImageOutput::create(path.string());  // format from the real extension
    if (!out) throw Error(ErrorKind::unsupported, "no image writer for this extension: " + OIIO::geterror(), {path.string()});
    OIIO::ImageSpec spec(image.width, image.height, 3, type_for(path, format));
    if (format == SampleFormat::uint10 || (format == SampleFormat::automatic && lower_extension(path) == ".dpx")) {
      spec.attribute("oiio:BitsPerSample", 10);
    }
    if (chromaticities && lower_extension(path) == ".exr") {
      const Chromaticities& c = *chromaticities;
      const float xy[8] = {float(c.red.x),  float(c.red.y),  float(c.green.x), float(c.green.y),
                           float(c.blue.x), float(c.blue.y), float(c.white.x), float(c.white.y)};
      spec.attribute("chromaticities", OIIO::TypeDesc(OIIO::TypeDesc::FLOAT, 8), xy);
    }
    if (!out->open(temp.string(), spec)) {
      throw Error(ErrorKind::io, "cannot write image: " + out->geterror(), {path.string()});
    }
    if (!out->write_image(OIIO::TypeDesc::FLOAT, image.rgb.data()) || !out->close()) {
      throw Error(ErrorKind::io, "cannot write image: " + out->geterror(), {path.string()});
    }
  }, overwrite);
}

}  // namespace aceslab::aces
