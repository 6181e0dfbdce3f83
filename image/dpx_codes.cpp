// SPDX-License-Identifier: Apache-2.0
#include "image/dpx_codes.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <vector>

#include "color/error.h"

namespace aceslab::aces {
namespace fs = std::filesystem;

namespace {

// SMPTE 268M byte offsets: generic file header (768 bytes), then the image information header
// with the first image element at 780.
constexpr std::size_t kMagic = 0, kImageOffset = 4;
constexpr std::size_t kOrientation = 768, kElements = 770, kPixelsPerLine = 772, kLines = 776;
constexpr std::size_t kDescriptor = 800, kBitDepth = 803, kPacking = 804, kEncoding = 806, kDataOffset = 808,
                      kEolPadding = 812;
constexpr std::size_t kHeaderBytes = 1664;  // through the image information header
constexpr std::uint8_t kDescriptorRgb = 50, kDescriptorRgba = 51;
constexpr std::uint16_t kFilledMethodA = 1;
constexpr int kBandRows = 32;

struct Header {
  bool big_endian = true;
  std::array<std::uint8_t, kHeaderBytes> bytes{};

  std::uint32_t u32(std::size_t at) const {
    const std::uint8_t* b = bytes.data() + at;
    return big_endian ? (std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 | std::uint32_t{b[2]} << 8 | b[3])
                      : (std::uint32_t{b[3]} << 24 | std::uint32_t{b[2]} << 16 | std::uint32_t{b[1]} << 8 | b[0]);
  }
  std::uint16_t u16(std::size_t at) const {
    const std::uint8_t* b = bytes.data() + at;
    return static_cast<std::uint16_t>(big_endian ? (b[0] << 8 | b[1]) : (b[1] << 8 | b[0]));
  }
};

struct File {
  std::FILE* f = nullptr;
  ~File() {
    if (f) std::fclose(f);
  }
};

}  // namespace

DpxDecode read_dpx10_codes(const fs::path& path, int width, int height, bool alpha, std::span<std::uint16_t> dst) {
  File file{std::fopen(path.c_str(), "rb")};
  if (!file.f) return DpxDecode::not_this_layout;  // let OpenImageIO say why
  Header h;
  if (std::fread(h.bytes.data(), 1, h.bytes.size(), file.f) != h.bytes.size()) return DpxDecode::not_this_layout;
  if (std::memcmp(h.bytes.data() + kMagic, "SDPX", 4) == 0) h.big_endian = true;
  else if (std::memcmp(h.bytes.data() + kMagic, "XPDS", 4) == 0) h.big_endian = false;
  else return DpxDecode::not_this_layout;

  const std::uint8_t descriptor = h.bytes[kDescriptor];
  const int components = descriptor == kDescriptorRgb ? 3 : (descriptor == kDescriptorRgba ? 4 : 0);
  if (components == 0 || h.bytes[kBitDepth] != 10 || h.u16(kPacking) != kFilledMethodA || h.u16(kEncoding) != 0 ||
      h.u16(kOrientation) != 0 || h.u16(kElements) != 1 || h.u32(kPixelsPerLine) != static_cast<std::uint32_t>(width) ||
      h.u32(kLines) != static_cast<std::uint32_t>(height) || width <= 0 || height <= 0) {
    return DpxDecode::not_this_layout;
  }
  const std::size_t out_ch = alpha ? 4 : 3;
  if (dst.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * out_ch) {
    throw Error(ErrorKind::internal, "frame buffer does not match the image size", {path.string()});
  }
  std::uint32_t offset = h.u32(kDataOffset);
  if (offset == 0xFFFFFFFFu || offset == 0) offset = h.u32(kImageOffset);
  std::uint32_t eol = h.u32(kEolPadding);
  if (eol == 0xFFFFFFFFu) eol = 0;
  const std::size_t words_per_row = (static_cast<std::size_t>(width) * components + 2) / 3;
  const std::size_t row_bytes = words_per_row * 4 + eol;

  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  const std::uintmax_t needed = std::uintmax_t{offset} + row_bytes * static_cast<std::uintmax_t>(height) - eol;
  if (ec || size < needed) {
    throw Error(ErrorKind::io, "truncated DPX: the header promises " + std::to_string(needed) + " bytes, the file has " +
                                   std::to_string(size),
                {path.string()});
  }
  if (std::fseek(file.f, static_cast<long>(offset), SEEK_SET) != 0) throw Error(ErrorKind::io, "cannot seek to the pixels", {path.string()});

  std::vector<std::uint8_t> band(row_bytes * kBandRows);
  std::vector<std::uint16_t> row(words_per_row * 3);
  for (int y0 = 0; y0 < height; y0 += kBandRows) {
    const int rows = std::min(kBandRows, height - y0);
    // The last row of the image needs no end-of-line padding after it.
    const std::size_t bytes = row_bytes * static_cast<std::size_t>(rows) - (y0 + rows == height ? eol : 0);
    if (std::fread(band.data(), 1, bytes, file.f) != bytes) throw Error(ErrorKind::io, "read error in the pixels", {path.string()});
    for (int r = 0; r < rows; ++r) {
      const std::uint8_t* p = band.data() + static_cast<std::size_t>(r) * row_bytes;
      for (std::size_t w = 0; w < words_per_row; ++w, p += 4) {
        const std::uint32_t word = h.big_endian ? (std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3])
                                                : (std::uint32_t{p[3]} << 24 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[1]} << 8 | p[0]);
        // Method A: the first component in the top bits, two padding bits at the bottom.
        for (int k = 0; k < 3; ++k) {
          const std::uint32_t code = (word >> (22 - 10 * k)) & 0x3FFu;
          row[w * 3 + static_cast<std::size_t>(k)] = static_cast<std::uint16_t>(code << 6 | code >> 4);
        }
      }
      std::uint16_t* out = dst.data() + (static_cast<std::size_t>(y0 + r) * width) * out_ch;
      for (int x = 0; x < width; ++x) {
        const std::uint16_t* in = row.data() + static_cast<std::size_t>(x) * components;
        out[x * out_ch + 0] = in[0];
        out[x * out_ch + 1] = in[1];
        out[x * out_ch + 2] = in[2];
        if (alpha) out[x * out_ch + 3] = components == 4 ? in[3] : 0xFFFF;
      }
    }
  }
  return DpxDecode::done;
}

}  // namespace aceslab::aces
