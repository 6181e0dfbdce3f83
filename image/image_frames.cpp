// SPDX-License-Identifier: Apache-2.0
// ImageReader: metadata and whole-frame reads with alpha, for renders (the row reads the IDT maker
// uses are in image_io.cpp).
#include <OpenEXR/ImfFramesPerSecond.h>
#include <OpenImageIO/imageio.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>
#include <string_view>
#include <type_traits>
#include <vector>

#include "color/error.h"
#include "image/dpx_codes.h"
#include "image/image_io.h"
#include "image/image_reader_impl.h"

namespace aceslab::aces {
namespace fs = std::filesystem;

namespace {

std::optional<ExrRational> rational_fps(const OIIO::ImageSpec& spec) {
  for (const char* name : {"FramesPerSecond", "framesPerSecond"}) {
    if (const OIIO::ParamValue* p = spec.find_attribute(name, OIIO::TypeRational)) {
      const int* r = static_cast<const int*>(p->data());
      if (r[0] > 0 && r[1] > 0) return ExrRational{r[0], static_cast<unsigned>(r[1])};
    }
  }
  for (const char* name : {"dpx:FrameRate", "dpx:TemporalFrameRate"}) {
    const float f = spec.get_float_attribute(name, 0.0f);
    if (std::isfinite(f) && f > 0.0f && f < 1000.0f) {
      // 23.976 (a float in the DPX header) is 24000/1001, not 23976/1000.
      const Imf::Rational r = Imf::guessExactFps(static_cast<double>(f));
      if (r.n > 0 && r.d > 0) return ExrRational{r.n, r.d};
    }
  }
  return std::nullopt;
}

// OIIO's TypeTimeCode is the SMPTE 12M pair (time and flags, user bits) of Imf::TimeCode with
// TV60 packing: BCD digits, drop frame in bit 6.
std::optional<ExrTimecode> smpte_timecode(const OIIO::ImageSpec& spec) {
  if (const OIIO::ParamValue* p = spec.find_attribute("smpte:TimeCode", OIIO::TypeTimeCode)) {
    const unsigned t = static_cast<const unsigned*>(p->data())[0];
    auto bcd = [&](int shift, unsigned tens_mask) { return static_cast<int>(((t >> (shift + 4)) & tens_mask) * 10 + ((t >> shift) & 0xF)); };
    ExrTimecode tc;
    tc.frame = bcd(0, 0x3);
    tc.drop_frame = ((t >> 6) & 1) != 0;
    tc.seconds = bcd(8, 0x7);
    tc.minutes = bcd(16, 0x7);
    tc.hours = bcd(24, 0x3);
    if (tc.hours < 24 && tc.minutes < 60 && tc.seconds < 60 && tc.frame < 60) return tc;
  }
  for (const char* name : {"timecode", "TimeCode"}) {
    const std::string text = spec.get_string_attribute(name);
    if (!text.empty()) {
      if (auto tc = parse_timecode(text)) return tc;
    }
  }
  return std::nullopt;
}

// "YYYY:MM:DD hh:mm:ss" from the EXIF-style strings OIIO uses, or from ISO 8601
// ("2021-03-04T10:20:30.000000Z", a movie's creation_time); empty when neither.
std::string normalise_date(std::string text) {
  if (text.size() < 19) return {};
  int y, mo, d, h, mi, s;
  char a, b, c, e, f;
  if (std::sscanf(text.c_str(), "%4d%c%2d%c%2d%c%2d%c%2d%c%2d", &y, &a, &mo, &b, &d, &c, &h, &e, &mi, &f, &s) != 11) return {};
  if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return {};
  char out[64];
  std::snprintf(out, sizeof out, "%04d:%02d:%02d %02d:%02d:%02d", y, mo, d, h, mi, s);
  return out;
}

std::string capture_date(const OIIO::ImageSpec& spec, const std::string& format) {
  // See image_metadata.h: only attributes that record when the picture was taken.
  std::vector<std::string> names = {"Exif:DateTimeOriginal", "dpx:SourceDateTime", "creation_time"};
  if (format == "openexr" || format == "raw") names.insert(names.begin(), "DateTime");
  for (const std::string& name : names) {
    const std::string date = normalise_date(spec.get_string_attribute(name));
    if (!date.empty()) return date;
  }
  return {};
}

template <typename T>
void read_into(OIIO::ImageInput& in, const OIIO::ImageSpec& spec, int frame, bool alpha, std::span<T> dst,
               const fs::path& path) {
  const std::size_t out_ch = alpha ? 4 : 3;
  const std::size_t pixels = static_cast<std::size_t>(spec.width) * static_cast<std::size_t>(spec.height);
  if (dst.size() != pixels * out_ch) throw Error(ErrorKind::internal, "frame buffer does not match the image size", {path.string()});
  const OIIO::TypeDesc type = std::is_same_v<T, float> ? OIIO::TypeDesc::FLOAT : OIIO::TypeDesc::UINT16;
  const T opaque = std::is_same_v<T, float> ? T(1) : T(std::numeric_limits<std::uint16_t>::max());
  const int nch = spec.nchannels;
  const int alpha_ch = spec.alpha_channel;
  // Colour channels: the first three (or the single grey one, or grey of grey+alpha).
  const int colour = nch >= 3 ? 3 : 1;
  auto fail = [&](const std::string& reason) {
    throw Error(ErrorKind::io, "cannot read pixels: " + (reason.empty() ? std::string("unknown decoder error") : reason),
                {path.string()});
  };
  // Tiled files (EXR tiles, mipmapped EXR and TIFF) are read whole: OIIO 2.4's read_scanlines on a
  // tiled file divides by zero (SIGFPE) instead of failing.
  const bool tiled = spec.tile_width > 0;
  const bool direct = colour == 3 && (!alpha || alpha_ch < 0 || alpha_ch == 3);
  if (direct) {
    const int chend = (alpha && alpha_ch == 3) ? 4 : 3;
    const auto xstride = static_cast<OIIO::stride_t>(out_ch * sizeof(T));
    const bool ok = tiled ? in.read_image(frame, 0, 0, chend, type, dst.data(), xstride)
                          : in.read_scanlines(frame, 0, spec.y, spec.y + spec.height, 0, 0, chend, type, dst.data(), xstride);
    if (!ok) fail(in.geterror());
    if (alpha && chend == 3) {
      for (std::size_t i = 0; i < pixels; ++i) dst[i * 4 + 3] = opaque;
    }
    return;
  }
  // Other layouts (grey, grey + alpha, alpha elsewhere): by bands of rows through a buffer of
  // every channel.
  const int band_rows = tiled ? std::max(spec.height, 1) : 64;
  std::vector<T> band(static_cast<std::size_t>(spec.width) * static_cast<std::size_t>(band_rows) *
                      static_cast<std::size_t>(nch));
  for (int y0 = 0; y0 < spec.height; y0 += band_rows) {
    const int rows = std::min(band_rows, spec.height - y0);
    const bool ok = tiled ? in.read_image(frame, 0, 0, nch, type, band.data())
                          : in.read_scanlines(frame, 0, spec.y + y0, spec.y + y0 + rows, 0, 0, nch, type, band.data());
    if (!ok) fail(in.geterror());
    const std::size_t n = static_cast<std::size_t>(rows) * static_cast<std::size_t>(spec.width);
    T* out = dst.data() + static_cast<std::size_t>(y0) * spec.width * out_ch;
    for (std::size_t i = 0; i < n; ++i) {
      const T* p = band.data() + i * nch;
      T* q = out + i * out_ch;
      if (colour == 3) {
        q[0] = p[0], q[1] = p[1], q[2] = p[2];
      } else {
        q[0] = q[1] = q[2] = p[0];
      }
      if (alpha) q[3] = alpha_ch >= 0 && alpha_ch < nch ? p[alpha_ch] : opaque;
    }
  }
}

}  // namespace

std::optional<ExrTimecode> parse_timecode(const std::string& text) {
  int h, m, s, f;
  char sep1, sep2, sep3;
  if (std::sscanf(text.c_str(), "%2d%c%2d%c%2d%c%2d", &h, &sep1, &m, &sep2, &s, &sep3, &f) != 7) return std::nullopt;
  if (sep1 != ':' || sep2 != ':' || (sep3 != ':' && sep3 != ';' && sep3 != '.')) return std::nullopt;
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59 || f < 0 || f > 59) return std::nullopt;
  return ExrTimecode{h, m, s, f, sep3 != ':'};
}

ImageMetadata ImageReader::metadata() const {
  const OIIO::ImageSpec& spec = m_impl->spec;
  ImageMetadata m;
  m.channels = spec.nchannels;
  m.has_alpha = spec.alpha_channel >= 0 && spec.alpha_channel < spec.nchannels;
  const int bits = spec.get_int_attribute("oiio:BitsPerSample", 0);
  m.bits = bits > 0 ? bits : static_cast<int>(spec.format.size() * 8);
  m.is_float = spec.format.is_floating_point();
  m.format = m_impl->input->format_name();
  m.pixel_aspect_ratio = spec.get_float_attribute("PixelAspectRatio", 1.0f);
  if (!std::isfinite(m.pixel_aspect_ratio) || m.pixel_aspect_ratio <= 0.0f) m.pixel_aspect_ratio = 1.0f;
  m.frames_per_second = rational_fps(spec);
  m.timecode = smpte_timecode(spec);
  m.capture_date = capture_date(spec, m.format);
  return m;
}

void ImageReader::read_frame(bool alpha, std::span<float> dst) {
  read_into(*m_impl->input, m_impl->spec, m_frame, alpha, dst, m_path);
}

void ImageReader::read_frame(bool alpha, std::span<std::uint16_t> dst) {
  const OIIO::ImageSpec& spec = m_impl->spec;
  if (m_frame == 0 && std::string_view(m_impl->input->format_name()) == "dpx" &&
      read_dpx10_codes(m_path, spec.width, spec.height, alpha, dst) == DpxDecode::done) {
    return;
  }
  read_into(*m_impl->input, spec, m_frame, alpha, dst, m_path);
}

}  // namespace aceslab::aces
