// SPDX-License-Identifier: Apache-2.0
// Test helper: writes a minimal uncompressed Bayer DNG (a little-endian TIFF with one image file
// directory) so camera-raw reading can be tested without a camera file or libtiff. The tags are the
// ones a raw reader needs to decode a CFA image (Adobe DNG Specification 1.4.0.0, chapter 4, and
// TIFF 6.0 for the baseline tags): size and layout, PhotometricInterpretation 32803 (CFA),
// CFARepeatPatternDim/CFAPattern, DNGVersion, UniqueCameraModel, BlackLevel, WhiteLevel,
// ColorMatrix1 with its CalibrationIlluminant1, and AsShotNeutral.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace aceslab::idt::testing {

struct DngSpec {
  int width = 0, height = 0;
  std::vector<std::uint16_t> cfa;  // width x height sensor values, row-major, RGGB mosaic
  std::uint16_t black_level = 0;
  std::uint16_t white_level = 65535;
  std::array<double, 9> color_matrix = {1, 0, 0, 0, 1, 0, 0, 0, 1};  // XYZ -> camera, row-major
  std::array<double, 3> as_shot_neutral = {1, 1, 1};
  std::string camera_model = "aceslab test camera";
};

namespace detail {

class TiffBuilder {
 public:
  enum Type : std::uint16_t { kByte = 1, kAscii = 2, kShort = 3, kLong = 4, kRational = 5, kSRational = 10 };

  void add(std::uint16_t tag, Type type, std::uint32_t count, std::vector<std::uint8_t> bytes) {
    m_entries.push_back({tag, type, count, std::move(bytes)});
  }
  void add_short(std::uint16_t tag, std::vector<std::uint16_t> v) {
    std::vector<std::uint8_t> b;
    for (auto x : v) append16(b, x);
    add(tag, kShort, static_cast<std::uint32_t>(v.size()), b);
  }
  void add_long(std::uint16_t tag, std::uint32_t v) {
    std::vector<std::uint8_t> b;
    append32(b, v);
    add(tag, kLong, 1, b);
  }
  void add_bytes(std::uint16_t tag, std::vector<std::uint8_t> v) {
    const auto n = static_cast<std::uint32_t>(v.size());
    add(tag, kByte, n, std::move(v));
  }
  void add_ascii(std::uint16_t tag, const std::string& s) {
    std::vector<std::uint8_t> b(s.begin(), s.end());
    b.push_back(0);
    const auto n = static_cast<std::uint32_t>(b.size());
    add(tag, kAscii, n, std::move(b));
  }
  // Rationals with a fixed denominator of 10^6 (signed or unsigned).
  void add_rationals(std::uint16_t tag, const std::vector<double>& v, bool is_signed) {
    std::vector<std::uint8_t> b;
    for (double x : v) {
      const auto num = static_cast<std::int32_t>(x * 1e6 + (x < 0 ? -0.5 : 0.5));
      append32(b, static_cast<std::uint32_t>(num));
      append32(b, 1000000u);
    }
    add(tag, is_signed ? kSRational : kRational, static_cast<std::uint32_t>(v.size()), b);
  }

  // The file: header, the IFD (entries sorted by tag, as TIFF requires), out-of-line values, then
  // `strip` at the offset given to tag 273 (StripOffsets), which the caller adds as a placeholder.
  std::vector<std::uint8_t> build(const std::vector<std::uint8_t>& strip) {
    std::sort(m_entries.begin(), m_entries.end(), [](const Entry& a, const Entry& b) { return a.tag < b.tag; });
    const std::uint32_t ifd_size = 2 + 12 * static_cast<std::uint32_t>(m_entries.size()) + 4;
    std::uint32_t data_offset = 8 + ifd_size;
    std::vector<std::uint8_t> extra;
    std::vector<std::uint8_t> out = {'I', 'I', 42, 0};
    append32(out, 8);
    append16(out, static_cast<std::uint16_t>(m_entries.size()));
    std::uint32_t total_extra = 0;
    for (const Entry& e : m_entries) total_extra += e.bytes.size() > 4 ? static_cast<std::uint32_t>((e.bytes.size() + 1) & ~1u) : 0;
    const std::uint32_t strip_offset = data_offset + total_extra;
    for (Entry e : m_entries) {
      if (e.tag == 273) {  // StripOffsets
        e.bytes.clear();
        append32(e.bytes, strip_offset);
      }
      append16(out, e.tag);
      append16(out, e.type);
      append32(out, e.count);
      if (e.bytes.size() <= 4) {
        std::vector<std::uint8_t> v = e.bytes;
        v.resize(4, 0);
        out.insert(out.end(), v.begin(), v.end());
      } else {
        append32(out, data_offset + static_cast<std::uint32_t>(extra.size()));
        extra.insert(extra.end(), e.bytes.begin(), e.bytes.end());
        if (extra.size() % 2) extra.push_back(0);  // word alignment
      }
    }
    append32(out, 0);  // no next IFD
    out.insert(out.end(), extra.begin(), extra.end());
    if (out.size() != strip_offset) throw std::logic_error("DNG layout");
    out.insert(out.end(), strip.begin(), strip.end());
    return out;
  }

 private:
  struct Entry {
    std::uint16_t tag;
    Type type;
    std::uint32_t count;
    std::vector<std::uint8_t> bytes;
  };
  static void append16(std::vector<std::uint8_t>& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v & 0xff));
    b.push_back(static_cast<std::uint8_t>(v >> 8));
  }
  static void append32(std::vector<std::uint8_t>& b, std::uint32_t v) {
    for (int k = 0; k < 4; ++k) b.push_back(static_cast<std::uint8_t>((v >> (8 * k)) & 0xff));
  }
  std::vector<Entry> m_entries;
};

}  // namespace detail

inline void write_dng(const std::filesystem::path& path, const DngSpec& s) {
  if (s.cfa.size() != static_cast<std::size_t>(s.width) * s.height) throw std::invalid_argument("cfa size");
  detail::TiffBuilder t;
  const auto w = static_cast<std::uint32_t>(s.width), h = static_cast<std::uint32_t>(s.height);
  t.add_long(254, 0);                  // NewSubFileType: the main (raw) image
  t.add_long(256, w);                  // ImageWidth
  t.add_long(257, h);                  // ImageLength
  t.add_short(258, {16});              // BitsPerSample
  t.add_short(259, {1});               // Compression: none
  t.add_short(262, {32803});           // PhotometricInterpretation: CFA
  t.add_ascii(271, "aceslab");         // Make
  t.add_ascii(272, "Test");            // Model
  t.add_long(273, 0);                  // StripOffsets (filled in by build)
  t.add_short(274, {1});               // Orientation: top left
  t.add_short(277, {1});               // SamplesPerPixel
  t.add_long(278, h);                  // RowsPerStrip: one strip
  t.add_long(279, w * h * 2);          // StripByteCounts
  t.add_short(284, {1});               // PlanarConfiguration: chunky
  t.add_short(33421, {2, 2});          // CFARepeatPatternDim
  t.add_bytes(33422, {0, 1, 1, 2});    // CFAPattern: R G / G B
  t.add_bytes(50706, {1, 4, 0, 0});    // DNGVersion 1.4
  t.add_bytes(50707, {1, 1, 0, 0});    // DNGBackwardVersion 1.1
  t.add_ascii(50708, s.camera_model);  // UniqueCameraModel
  t.add_bytes(50710, {0, 1, 2});       // CFAPlaneColor: R G B
  t.add_short(50711, {1});             // CFALayout: rectangular
  t.add_short(50713, {1, 1});          // BlackLevelRepeatDim
  t.add_short(50714, {s.black_level}); // BlackLevel
  t.add_short(50717, {s.white_level}); // WhiteLevel
  t.add_rationals(50721, std::vector<double>(s.color_matrix.begin(), s.color_matrix.end()), true);  // ColorMatrix1
  t.add_rationals(50728, std::vector<double>(s.as_shot_neutral.begin(), s.as_shot_neutral.end()), false);  // AsShotNeutral
  t.add_short(50778, {21});            // CalibrationIlluminant1: D65
  std::vector<std::uint8_t> strip;
  strip.reserve(s.cfa.size() * 2);
  for (std::uint16_t v : s.cfa) {
    strip.push_back(static_cast<std::uint8_t>(v & 0xff));
    strip.push_back(static_cast<std::uint8_t>(v >> 8));
  }
  const std::vector<std::uint8_t> bytes = t.build(strip);
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace aceslab::idt::testing
