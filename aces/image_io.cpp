// SPDX-License-Identifier: Apache-2.0
#include "aces/image_io.h"

#include <OpenImageIO/imageio.h>

#include <algorithm>
#include <cctype>

#include "aces/error.h"

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

Image read_image(const fs::path& path, int frame) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(ErrorKind::io, "image not found", {path.string()});
  auto input = OIIO::ImageInput::open(path.string());
  if (!input) {
    throw Error(ErrorKind::io, "cannot open image: " + OIIO::geterror(), {path.string()});
  }
  if (frame != 0 && !input->seek_subimage(frame, 0)) {
    throw Error(ErrorKind::invalid_input, "image has no frame " + std::to_string(frame), {path.string()});
  }
  const OIIO::ImageSpec& spec = input->spec();
  if (spec.width <= 0 || spec.height <= 0 || spec.nchannels <= 0) {
    throw Error(ErrorKind::invalid_input, "image has no pixels", {path.string()});
  }
  constexpr long long kMaxPixels = 1LL << 28;  // 268 Mpx: refuse absurd headers before allocating
  if (static_cast<long long>(spec.width) * spec.height > kMaxPixels) {
    throw Error(ErrorKind::invalid_input, "image is too large (" + std::to_string(spec.width) + "x" +
                                              std::to_string(spec.height) + ")", {path.string()});
  }
  Image image;
  image.width = spec.width;
  image.height = spec.height;
  image.format = input->format_name();
  image.source_bits = spec.get_int_attribute("oiio:BitsPerSample", static_cast<int>(spec.format.size() * 8));
  image.source_float = spec.format.is_floating_point();

  const int channels = std::min(spec.nchannels, 3);
  image.rgb.resize(image.pixels() * 3);
  if (channels == 3) {
    // The common case reads straight into the result: no second full-frame buffer.
    if (!input->read_image(frame, 0, 0, 3, OIIO::TypeDesc::FLOAT, image.rgb.data())) {
      throw Error(ErrorKind::io, "cannot read pixels: " + input->geterror(), {path.string()});
    }
  } else {
    std::vector<float> all(image.pixels() * static_cast<std::size_t>(channels));
    if (!input->read_image(frame, 0, 0, channels, OIIO::TypeDesc::FLOAT, all.data())) {
      throw Error(ErrorKind::io, "cannot read pixels: " + input->geterror(), {path.string()});
    }
    for (std::size_t i = 0; i < image.pixels(); ++i) {
      for (int c = 0; c < 3; ++c) image.rgb[3 * i + c] = all[i * channels + std::min(c, channels - 1)];
    }
  }
  input->close();
  return image;
}

void write_image(const fs::path& path, const Image& image, Overwrite overwrite, SampleFormat format) {
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
    if (!out->open(temp.string(), spec)) {
      throw Error(ErrorKind::io, "cannot write image: " + out->geterror(), {path.string()});
    }
    if (!out->write_image(OIIO::TypeDesc::FLOAT, image.rgb.data()) || !out->close()) {
      throw Error(ErrorKind::io, "cannot write image: " + out->geterror(), {path.string()});
    }
  }, overwrite);
}

}  // namespace aceslab::aces
