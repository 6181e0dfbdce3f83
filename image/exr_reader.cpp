// SPDX-License-Identifier: Apache-2.0
#include "image/exr_reader.h"

#include <OpenEXR/ImfBoxAttribute.h>
#include <OpenEXR/ImfChannelList.h>
#include <OpenEXR/ImfChromaticitiesAttribute.h>
#include <OpenEXR/ImfCompressionAttribute.h>
#include <OpenEXR/ImfDoubleAttribute.h>
#include <OpenEXR/ImfFloatAttribute.h>
#include <OpenEXR/ImfFrameBuffer.h>
#include <OpenEXR/ImfHeader.h>
#include <OpenEXR/ImfInputFile.h>
#include <OpenEXR/ImfIntAttribute.h>
#include <OpenEXR/ImfLineOrderAttribute.h>
#include <OpenEXR/ImfMultiPartInputFile.h>
#include <OpenEXR/ImfPartType.h>
#include <OpenEXR/ImfRationalAttribute.h>
#include <OpenEXR/ImfStringAttribute.h>
#include <OpenEXR/ImfTimeCodeAttribute.h>
#include <OpenEXR/ImfVecAttribute.h>

#include <cstdio>
#include <exception>
#include <sstream>

#include "color/error.h"

namespace aceslab::aces {
namespace fs = std::filesystem;

namespace {

ExrBox box(const IMATH_NAMESPACE::Box2i& b) { return {b.min.x, b.min.y, b.max.x, b.max.y}; }

std::string pixel_type(Imf::PixelType t) {
  switch (t) {
    case Imf::HALF: return "half";
    case Imf::FLOAT: return "float";
    case Imf::UINT: return "uint";
    default: return "unknown";
  }
}

std::string timecode_text(const Imf::TimeCode& t) {
  char text[16];
  std::snprintf(text, sizeof text, "%02d:%02d:%02d%c%02d", t.hours(), t.minutes(), t.seconds(),
                t.dropFrame() ? ';' : ':', t.frame());
  return text;
}

// "type value" for the attribute types a delivery header holds; other types by name only.
std::string attribute_text(const Imf::Attribute& a) {
  std::ostringstream out;
  out << a.typeName() << ' ';
  if (const auto* i = dynamic_cast<const Imf::IntAttribute*>(&a)) out << i->value();
  else if (const auto* f = dynamic_cast<const Imf::FloatAttribute*>(&a)) out << f->value();
  else if (const auto* d = dynamic_cast<const Imf::DoubleAttribute*>(&a)) out << d->value();
  else if (const auto* s = dynamic_cast<const Imf::StringAttribute*>(&a)) out << '"' << s->value() << '"';
  else if (const auto* v = dynamic_cast<const Imf::V2fAttribute*>(&a)) out << '(' << v->value().x << ", " << v->value().y << ')';
  else if (const auto* r = dynamic_cast<const Imf::RationalAttribute*>(&a)) out << r->value().n << '/' << r->value().d;
  else if (const auto* t = dynamic_cast<const Imf::TimeCodeAttribute*>(&a)) out << timecode_text(t->value());
  else if (const auto* b = dynamic_cast<const Imf::Box2iAttribute*>(&a)) {
    out << '(' << b->value().min.x << ' ' << b->value().min.y << ") - (" << b->value().max.x << ' ' << b->value().max.y << ')';
  } else if (const auto* c = dynamic_cast<const Imf::ChromaticitiesAttribute*>(&a)) {
    const auto& v = c->value();
    out << v.red.x << ' ' << v.red.y << ' ' << v.green.x << ' ' << v.green.y << ' ' << v.blue.x << ' ' << v.blue.y
        << ' ' << v.white.x << ' ' << v.white.y;
  } else if (const auto* cm = dynamic_cast<const Imf::CompressionAttribute*>(&a)) out << static_cast<int>(cm->value());
  else if (const auto* lo = dynamic_cast<const Imf::LineOrderAttribute*>(&a)) out << static_cast<int>(lo->value());
  std::string text = out.str();
  if (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

std::optional<ExrCompression> compression_of(Imf::Compression c) {
  switch (c) {
    case Imf::NO_COMPRESSION: return ExrCompression::none;
    case Imf::RLE_COMPRESSION: return ExrCompression::rle;
    case Imf::ZIPS_COMPRESSION: return ExrCompression::zips;
    case Imf::ZIP_COMPRESSION: return ExrCompression::zip;
    case Imf::PIZ_COMPRESSION: return ExrCompression::piz;
    case Imf::PXR24_COMPRESSION: return ExrCompression::pxr24;
    case Imf::B44_COMPRESSION: return ExrCompression::b44;
    case Imf::B44A_COMPRESSION: return ExrCompression::b44a;
    case Imf::DWAA_COMPRESSION: return ExrCompression::dwaa;
    case Imf::DWAB_COMPRESSION: return ExrCompression::dwab;
    default: return std::nullopt;
  }
}

void fill_from_header(const Imf::Header& h, ExrFileInfo& info) {
  for (auto it = h.channels().begin(); it != h.channels().end(); ++it) {
    info.channels.push_back({it.name(), pixel_type(it.channel().type), it.channel().xSampling, it.channel().ySampling});
  }
  info.compression_id = compression_of(h.compression());
  info.compression = info.compression_id ? exr_compression_name(*info.compression_id) : "unknown";
  info.data_window = box(h.dataWindow());
  info.display_window = box(h.displayWindow());
  switch (h.lineOrder()) {
    case Imf::INCREASING_Y: info.line_order = "increasingY"; break;
    case Imf::DECREASING_Y: info.line_order = "decreasingY"; break;
    default: info.line_order = "randomY"; break;
  }
  info.pixel_aspect_ratio = h.pixelAspectRatio();
  if (const auto* c = h.findTypedAttribute<Imf::ChromaticitiesAttribute>("chromaticities")) {
    const auto& v = c->value();
    info.chromaticities = ExrChromaticities{v.red.x, v.red.y, v.green.x, v.green.y, v.blue.x, v.blue.y, v.white.x, v.white.y};
  }
  if (const auto* n = h.findTypedAttribute<Imf::V2fAttribute>("adoptedNeutral")) {
    info.adopted_neutral = std::array<float, 2>{n->value().x, n->value().y};
  }
  if (const auto* f = h.findTypedAttribute<Imf::IntAttribute>("acesImageContainerFlag")) info.aces_image_container_flag = f->value();
  if (const auto* r = h.findTypedAttribute<Imf::RationalAttribute>("framesPerSecond")) {
    info.frames_per_second = ExrRational{r->value().n, r->value().d};
  }
  if (const auto* t = h.findTypedAttribute<Imf::TimeCodeAttribute>("timeCode")) {
    const auto& v = t->value();
    info.timecode = ExrTimecode{v.hours(), v.minutes(), v.seconds(), v.frame(), v.dropFrame()};
  }
  if (const auto* c = h.findTypedAttribute<Imf::IntAttribute>("imageCounter")) info.image_counter = c->value();
  for (auto it = h.begin(); it != h.end(); ++it) info.attributes[it.name()] = attribute_text(it.attribute());
}

}  // namespace

ExrFileInfo read_exr_info(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw Error(ErrorKind::io, "file not found", {path.string()});
  try {
    Imf::MultiPartInputFile file(path.c_str());
    ExrFileInfo info;
    info.parts = file.parts();
    info.complete = true;
    for (int p = 0; p < info.parts; ++p) {
      const Imf::Header& h = file.header(p);
      const std::string type = h.hasType() ? h.type() : (h.hasTileDescription() ? Imf::TILEDIMAGE : Imf::SCANLINEIMAGE);
      if (type == Imf::TILEDIMAGE || type == Imf::DEEPTILE || h.hasTileDescription()) info.tiled = true;
      if (type == Imf::DEEPSCANLINE || type == Imf::DEEPTILE) info.deep = true;
      if (!file.partComplete(p)) info.complete = false;
    }
    fill_from_header(file.header(0), info);
    return info;
  } catch (const std::exception& e) {
    throw Error(ErrorKind::io, std::string("not a readable OpenEXR file: ") + e.what(), {path.string()});
  }
}

bool exr_is_complete(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  try {
    {
      Imf::MultiPartInputFile file(path.c_str());
      for (int p = 0; p < file.parts(); ++p) {
        if (!file.partComplete(p)) return false;
      }
      if (file.parts() != 1 || file.header(0).hasTileDescription() ||
          (file.header(0).hasType() && file.header(0).type() != Imf::SCANLINEIMAGE)) {
        return true;
      }
    }
    // OpenEXR calls a file complete when its offset table is filled in, which a file cut short
    // after writing still has: the last block of scanlines must be readable too.
    Imf::InputFile file(path.c_str());
    const char* data = nullptr;
    int size = 0;
    file.rawPixelData(file.header().dataWindow().max.y, data, size);
    return size > 0;
  } catch (...) {
    return false;
  }
}

ExrPixels read_exr_pixels(const fs::path& path, const std::vector<std::string>& channels) {
  try {
    Imf::InputFile file(path.c_str());
    const IMATH_NAMESPACE::Box2i dw = file.header().dataWindow();
    ExrPixels pixels;
    pixels.width = dw.max.x - dw.min.x + 1;
    pixels.height = dw.max.y - dw.min.y + 1;
    const std::size_t n = channels.size();
    pixels.values.assign(static_cast<std::size_t>(pixels.width) * static_cast<std::size_t>(pixels.height) * n, 0.0f);
    Imf::FrameBuffer frame;
    const std::size_t x_stride = n * sizeof(float);
    const std::size_t y_stride = x_stride * static_cast<std::size_t>(pixels.width);
    // OpenEXR addresses the buffer by absolute pixel coordinates: shift the base to the window.
    char* base = reinterpret_cast<char*>(pixels.values.data()) - static_cast<std::ptrdiff_t>(dw.min.x) * x_stride -
                 static_cast<std::ptrdiff_t>(dw.min.y) * y_stride;
    for (std::size_t c = 0; c < n; ++c) {
      frame.insert(channels[c], Imf::Slice(Imf::FLOAT, base + c * sizeof(float), x_stride, y_stride, 1, 1, 0.0));
    }
    file.setFrameBuffer(frame);
    file.readPixels(dw.min.y, dw.max.y);
    return pixels;
  } catch (const std::exception& e) {
    throw Error(ErrorKind::io, std::string("cannot read EXR pixels: ") + e.what(), {path.string()});
  }
}

}  // namespace aceslab::aces
