// SPDX-License-Identifier: Apache-2.0
#include "image/exr_writer.h"

#include <Imath/half.h>
#include <OpenEXR/ImfChannelList.h>
#include <OpenEXR/ImfChromaticitiesAttribute.h>
#include <OpenEXR/ImfFrameBuffer.h>
#include <OpenEXR/ImfHeader.h>
#include <OpenEXR/ImfIO.h>
#include <OpenEXR/ImfIntAttribute.h>
#include <OpenEXR/ImfOutputFile.h>
#include <OpenEXR/ImfStandardAttributes.h>
#include <OpenEXR/ImfThreading.h>
#include <OpenEXR/ImfTimeCode.h>
#include <immintrin.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "color/error.h"

namespace aceslab::aces {
namespace fs = std::filesystem;

namespace {

struct CompressionName {
  ExrCompression compression;
  const char* name;
  Imf::Compression imf;
};

constexpr CompressionName kCompressions[] = {
    {ExrCompression::none, "none", Imf::NO_COMPRESSION},   {ExrCompression::rle, "rle", Imf::RLE_COMPRESSION},
    {ExrCompression::zips, "zips", Imf::ZIPS_COMPRESSION}, {ExrCompression::zip, "zip", Imf::ZIP_COMPRESSION},
    {ExrCompression::piz, "piz", Imf::PIZ_COMPRESSION},    {ExrCompression::pxr24, "pxr24", Imf::PXR24_COMPRESSION},
    {ExrCompression::b44, "b44", Imf::B44_COMPRESSION},    {ExrCompression::b44a, "b44a", Imf::B44A_COMPRESSION},
    {ExrCompression::dwaa, "dwaa", Imf::DWAA_COMPRESSION}, {ExrCompression::dwab, "dwab", Imf::DWAB_COMPRESSION},
};

const CompressionName& entry(ExrCompression c) {
  for (const auto& e : kCompressions) {
    if (e.compression == c) return e;
  }
  return kCompressions[0];
}

Imf::Header make_header(const ExrWriteSpec& spec) {
  // Header(width, height) sets displayWindow = dataWindow = (0,0)-(w-1,h-1), pixelAspectRatio 1,
  // screenWindowCenter (0,0), screenWindowWidth 1, lineOrder INCREASING_Y.
  Imf::Header header(spec.width, spec.height, spec.pixel_aspect_ratio);
  header.compression() = entry(spec.compression).imf;
  for (const char* name : {"R", "G", "B"}) header.channels().insert(name, Imf::Channel(Imf::HALF));
  if (spec.alpha) header.channels().insert("A", Imf::Channel(Imf::HALF));
  if (spec.chromaticities) {
    const auto& c = *spec.chromaticities;
    Imf::addChromaticities(header, Imf::Chromaticities(IMATH_NAMESPACE::V2f(c[0], c[1]), IMATH_NAMESPACE::V2f(c[2], c[3]),
                                                       IMATH_NAMESPACE::V2f(c[4], c[5]), IMATH_NAMESPACE::V2f(c[6], c[7])));
  }
  if (spec.adopted_neutral) {
    Imf::addAdoptedNeutral(header, IMATH_NAMESPACE::V2f((*spec.adopted_neutral)[0], (*spec.adopted_neutral)[1]));
  }
  // SMPTE ST 2065-4 section 4: an int attribute; only ever written with the value 1.
  if (spec.aces_image_container_flag) header.insert("acesImageContainerFlag", Imf::IntAttribute(1));
  if (spec.frames_per_second) {
    Imf::addFramesPerSecond(header, Imf::Rational(spec.frames_per_second->numerator, spec.frames_per_second->denominator));
  }
  if (spec.timecode) {
    const ExrTimecode& t = *spec.timecode;
    Imf::addTimeCode(header, Imf::TimeCode(t.hours, t.minutes, t.seconds, t.frame, t.drop_frame));
  }
  if (spec.image_counter) header.insert("imageCounter", Imf::IntAttribute(*spec.image_counter));
  if (!spec.owner.empty()) Imf::addOwner(header, spec.owner);
  if (!spec.comments.empty()) Imf::addComments(header, spec.comments);
  if (!spec.cap_date.empty()) Imf::addCapDate(header, spec.cap_date);
  return header;
}

// An output stream that checks every write, seek and the final close. OpenEXR's own StdOFStream
// is closed in OutputFile's destructor, which swallows errors (the line offset table is written
// there), and an ofstream loses the error of its last flush: a full disk would then leave a file
// that looks finished. Here the first failure is kept and reported after the file is closed.
class CheckedStream : public Imf::OStream {
 public:
  explicit CheckedStream(const fs::path& path) : Imf::OStream(path.c_str()), m_file(std::fopen(path.c_str(), "wb")) {
    if (!m_file) fail("cannot create the file");
    else std::setvbuf(m_file, nullptr, _IOFBF, 1 << 20);
  }
  ~CheckedStream() override {
    if (m_file) std::fclose(m_file);
  }
  void write(const char c[], int n) override {
    if (!m_error.empty()) throw std::runtime_error(m_error);
    if (n > 0 && std::fwrite(c, 1, static_cast<std::size_t>(n), m_file) != static_cast<std::size_t>(n)) fail("write failed");
    m_position += static_cast<std::uint64_t>(std::max(0, n));
  }
  std::uint64_t tellp() override { return m_position; }
  void seekp(std::uint64_t pos) override {
    if (!m_error.empty()) throw std::runtime_error(m_error);
    if (std::fseek(m_file, static_cast<long>(pos), SEEK_SET) != 0) fail("seek failed");
    m_position = pos;
  }
  // Flushes and closes; returns the first error met, empty when everything reached the file.
  std::string close() {
    if (m_file) {
      if (std::fclose(m_file) != 0 && m_error.empty()) m_error = std::string("close failed: ") + std::strerror(errno);
      m_file = nullptr;
    }
    return m_error;
  }

 private:
  [[noreturn]] void fail(const char* what) {
    if (m_error.empty()) m_error = std::string(what) + ": " + std::strerror(errno);
    throw std::runtime_error(m_error);
  }
  std::FILE* m_file = nullptr;
  std::uint64_t m_position = 0;
  std::string m_error;
};

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx,f16c"))) void floats_to_halves_f16c(const float* in, std::uint16_t* out, std::size_t n) {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(in + i), _MM_FROUND_TO_NEAREST_INT);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), h);
  }
  for (; i < n; ++i) out[i] = static_cast<std::uint16_t>(_cvtss_sh(in[i], _MM_FROUND_TO_NEAREST_INT));
}

bool cpu_has_f16c() {
  static const bool has = __builtin_cpu_supports("avx") && __builtin_cpu_supports("f16c");
  return has;
}
#endif

}  // namespace

const char* exr_compression_name(ExrCompression compression) { return entry(compression).name; }

std::optional<ExrCompression> exr_compression_from_name(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto& e : kCompressions) {
    if (lower == e.name) return e.compression;
  }
  return std::nullopt;
}

bool exr_compression_is_lossy(ExrCompression c) {
  return c == ExrCompression::pxr24 || c == ExrCompression::b44 || c == ExrCompression::b44a ||
         c == ExrCompression::dwaa || c == ExrCompression::dwab;
}

void set_exr_thread_pool(int threads) { Imf::setGlobalThreadCount(std::max(0, threads)); }

void floats_to_halves(std::span<const float> in, std::span<std::uint16_t> out) {
  const std::size_t n = std::min(in.size(), out.size());
#if defined(__x86_64__) || defined(__i386__)
  if (cpu_has_f16c()) {
    floats_to_halves_f16c(in.data(), out.data(), n);
    return;
  }
#endif
  for (std::size_t i = 0; i < n; ++i) out[i] = imath_float_to_half(in[i]);
}

void write_exr(const fs::path& path, const ExrWriteSpec& spec, std::span<const std::uint16_t> half_pixels,
               Overwrite overwrite) {
  const std::size_t channels = spec.alpha ? 4 : 3;
  if (spec.width <= 0 || spec.height <= 0 ||
      half_pixels.size() != static_cast<std::size_t>(spec.width) * static_cast<std::size_t>(spec.height) * channels) {
    throw Error(ErrorKind::internal, "EXR pixel buffer does not match its size", {path.string()});
  }
  const Imf::Header header = make_header(spec);
  write_path_atomically(path, [&](const fs::path& temp) {
    CheckedStream stream(temp);
    try {
      Imf::OutputFile file(stream, header, std::max(0, spec.threads));
      Imf::FrameBuffer frame;
      char* base = reinterpret_cast<char*>(const_cast<std::uint16_t*>(half_pixels.data()));
      const std::size_t x_stride = channels * sizeof(std::uint16_t);
      const std::size_t y_stride = x_stride * static_cast<std::size_t>(spec.width);
      const char* names[] = {"R", "G", "B", "A"};
      for (std::size_t c = 0; c < channels; ++c) {
        frame.insert(names[c], Imf::Slice(Imf::HALF, base + c * sizeof(std::uint16_t), x_stride, y_stride));
      }
      file.setFrameBuffer(frame);
      file.writePixels(spec.height);
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      throw Error(ErrorKind::io, std::string("cannot write EXR: ") + e.what(), {path.string()});
    }
    // The OutputFile is gone: its destructor wrote the line offset table (ignoring errors).
    if (const std::string error = stream.close(); !error.empty()) {
      throw Error(ErrorKind::io, "cannot write EXR: " + error, {path.string()});
    }
  }, overwrite);
}

}  // namespace aceslab::aces
