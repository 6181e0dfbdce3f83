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

#include <cstdint>
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

// The size OpenEXR 3.1 reads for an attribute of a fixed-size type, or -1 for types read by
// their declared size or content.
long long fixed_attribute_size(const std::string& type) {
  static const std::pair<const char*, int> kSizes[] = {
      {"box2i", 16},  {"box2f", 16},    {"chromaticities", 32}, {"compression", 1}, {"double", 8},
      {"envmap", 1},  {"float", 4},     {"int", 4},             {"keycode", 28},    {"lineOrder", 1},
      {"m33f", 36},   {"m33d", 72},     {"m44f", 64},           {"m44d", 128},      {"rational", 8},
      {"tiledesc", 9}, {"timecode", 8}, {"v2i", 8},             {"v2f", 8},         {"v2d", 16},
      {"v3i", 12},    {"v3f", 12},      {"v3d", 24},            {"deepImageState", 1}};
  for (const auto& [t, n] : kSizes) {
    if (type == t) return n;
  }
  return -1;
}

// A channel list: (name\0, int32 type, uint8 pLinear, 3 reserved, int32 xSampling, int32
// ySampling) per channel, then an empty name, ending exactly at the declared size.
bool channel_list_fits(const std::string& v) {
  std::size_t i = 0;
  while (true) {
    const std::size_t end = v.find('\0', i);
    if (end == std::string::npos || end - i > 255) return false;
    if (end == i) return end + 1 == v.size();
    i = end + 1 + 16;
    if (i > v.size()) return false;
  }
}

// A preview: uint32 width, uint32 height, then width * height RGBA bytes.
bool preview_fits(const std::string& v) {
  if (v.size() < 8) return false;
  auto u32 = [&](std::size_t at) {
    return std::uint32_t(static_cast<unsigned char>(v[at])) | std::uint32_t(static_cast<unsigned char>(v[at + 1])) << 8 |
           std::uint32_t(static_cast<unsigned char>(v[at + 2])) << 16 |
           std::uint32_t(static_cast<unsigned char>(v[at + 3])) << 24;
  };
  return 8 + 4ULL * u32(0) * u32(4) == v.size();
}

// OpenEXR 3.1 allocates what an attribute declares before reading it: a 400-byte file whose string
// attribute claims 2 GB costs 2 GB and seconds (found by fuzz/exr_fuzzer.cpp). Before OpenEXR sees
// a file, walk its headers (magic, version, then name\0 type\0 int32 size value... per part, an
// empty name ending each header and, in multi-part files, the list) and refuse an attribute larger
// than the rest of the file, with its name.
void check_header_sizes(const fs::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw Error(ErrorKind::io, "cannot open the file", {path.string()});
  struct Closer {
    std::FILE* f;
    ~Closer() { std::fclose(f); }
  } closer{f};
  std::error_code ec;
  const auto file_size = static_cast<long long>(fs::file_size(path, ec));
  unsigned char head[8];
  if (ec || std::fread(head, 1, 8, f) != 8) return;  // OpenEXR says what is wrong with it
  if (!(head[0] == 0x76 && head[1] == 0x2f && head[2] == 0x31 && head[3] == 0x01)) return;
  const bool multi_part = (head[5] & 0x10) != 0;  // version flags: bit 12
  // Names are at most 31 characters, 255 with the long-names flag (bit 10). OpenEXR reads a longer
  // one in pieces and goes on from the middle of it (so it would parse other sizes than these):
  // such a file is refused here.
  const std::size_t max_name = (head[5] & 0x04) != 0 ? 255 : 31;
  long long pos = 8;
  auto read_name = [&](std::string& out) {
    out.clear();
    for (int c; (c = std::fgetc(f)) != EOF;) {
      ++pos;
      if (c == 0) return true;
      if (out.size() >= max_name) {
        throw Error(ErrorKind::io, "not a readable OpenEXR file: a header name longer than " + std::to_string(max_name) +
                                       " characters at byte " + std::to_string(pos - 1 - static_cast<long long>(out.size())),
                    {path.string()});
      }
      out += static_cast<char>(c);
    }
    return false;
  };
  constexpr int kMaxAttributes = 100000;
  std::string name, type;
  for (int headers = 0, attributes = 0;;) {
    if (!read_name(name)) return;  // truncated or malformed: OpenEXR's own message
    if (name.empty()) {
      // The end of a header; a multi-part file's list ends with an empty header.
      ++headers;
      if (!multi_part) return;
      const int c = std::fgetc(f);
      if (c == EOF || c == 0) return;
      std::ungetc(c, f);
      continue;
    }
    if (!read_name(type)) return;
    unsigned char b[4];
    if (std::fread(b, 1, 4, f) != 4) return;
    pos += 4;
    const std::int32_t size =
        static_cast<std::int32_t>(std::uint32_t(b[0]) | std::uint32_t(b[1]) << 8 | std::uint32_t(b[2]) << 16 | std::uint32_t(b[3]) << 24);
    if (size < 0 || size > file_size - pos) {
      throw Error(ErrorKind::io,
                  "not a readable OpenEXR file: attribute \"" + name + "\" (" + type + ") declares " +
                      std::to_string(size) + " bytes, but only " + std::to_string(file_size - pos) +
                      " follow in the file",
                  {path.string()});
    }
    // OpenEXR reads fixed-size types by their type, a channel list and a preview by their content,
    // not by the declared size: where the two could differ, the file is refused, so OpenEXR
    // reads exactly what was checked here.
    const long long value_start = pos;
    if (const long long fixed = fixed_attribute_size(type); fixed >= 0 && size != fixed) {
      throw Error(ErrorKind::io,
                  "not a readable OpenEXR file: attribute \"" + name + "\" (" + type + ") declares " +
                      std::to_string(size) + " bytes, its type has " + std::to_string(fixed),
                  {path.string()});
    }
    if (type == "chlist" || type == "preview") {
      std::string value(static_cast<std::size_t>(size), '\0');
      if (std::fread(value.data(), 1, value.size(), f) != value.size()) return;
      if (!(type == "chlist" ? channel_list_fits(value) : preview_fits(value))) {
        throw Error(ErrorKind::io,
                    "not a readable OpenEXR file: attribute \"" + name + "\" (" + type +
                        ") does not fill exactly its declared " + std::to_string(size) + " bytes",
                    {path.string()});
      }
      std::fseek(f, value_start, SEEK_SET);
    }
    if (++attributes > kMaxAttributes) {
      throw Error(ErrorKind::io, "not a readable OpenEXR file: more than " + std::to_string(kMaxAttributes) +
                                     " header attributes", {path.string()});
    }
    if (std::fseek(f, size, SEEK_CUR) != 0) return;
    pos += size;
  }
}

}  // namespace

ExrFileInfo read_exr_info(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw Error(ErrorKind::io, "file not found", {path.string()});
  check_header_sizes(path);
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
    check_header_sizes(path);
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
  check_header_sizes(path);
  try {
    Imf::InputFile file(path.c_str());
    const IMATH_NAMESPACE::Box2i dw = file.header().dataWindow();
    const long long width = static_cast<long long>(dw.max.x) - dw.min.x + 1;
    const long long height = static_cast<long long>(dw.max.y) - dw.min.y + 1;
    // 8192 x 8192 (beyond 8K DCI and UHD-2 masters): larger is a hostile header, not a master.
    constexpr long long kMaxPixels = 8192LL * 8192LL;
    if (width <= 0 || height <= 0 || width * height > kMaxPixels) {
      throw Error(ErrorKind::io,
                  "EXR data window of " + std::to_string(width) + " x " + std::to_string(height) +
                      " pixels is empty or larger than aceslab reads (" + std::to_string(kMaxPixels) + " pixels)",
                  {path.string()});
    }
    ExrPixels pixels;
    pixels.width = static_cast<int>(width);
    pixels.height = static_cast<int>(height);
    const std::size_t n = channels.size();
    pixels.values.assign(static_cast<std::size_t>(pixels.width) * static_cast<std::size_t>(pixels.height) * n, 0.0f);
    Imf::FrameBuffer frame;
    const std::size_t x_stride = n * sizeof(float);
    const std::size_t y_stride = x_stride * static_cast<std::size_t>(pixels.width);
    // OpenEXR addresses the buffer by absolute pixel coordinates: shift the base to the window.
    // Computed in unsigned integers: the shifted address may lie outside the buffer (never
    // dereferenced there), which pointer arithmetic would make undefined.
    char* base = reinterpret_cast<char*>(reinterpret_cast<std::uintptr_t>(pixels.values.data()) -
                                         static_cast<std::uintptr_t>(static_cast<std::ptrdiff_t>(dw.min.x)) * x_stride -
                                         static_cast<std::uintptr_t>(static_cast<std::ptrdiff_t>(dw.min.y)) * y_stride);
    for (std::size_t c = 0; c < n; ++c) {
      frame.insert(channels[c], Imf::Slice(Imf::FLOAT,
                                           reinterpret_cast<char*>(reinterpret_cast<std::uintptr_t>(base) + c * sizeof(float)),
                                           x_stride, y_stride, 1, 1, 0.0));
    }
    file.setFrameBuffer(frame);
    file.readPixels(dw.min.y, dw.max.y);
    return pixels;
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(ErrorKind::io, std::string("cannot read EXR pixels: ") + e.what(), {path.string()});
  }
}

}  // namespace aceslab::aces
