// SPDX-License-Identifier: Apache-2.0
#include "lmt/lut_formats.h"

#include <OpenColorIO/OpenColorIO.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "color/error.h"
#include "lmt/sample_lut.h"

namespace OCIO = OCIO_NAMESPACE;

namespace aceslab::lmt {
namespace {

struct FormatInfo {
  LutFormat format;
  std::string_view id;
  std::string_view extension;
  const char* baker;  // OCIO Baker format name; nullptr = written by aceslab
  bool shaper;
};

constexpr std::array<FormatInfo, 9> kFormats = {{
    {LutFormat::cube_resolve, "cube-resolve", ".cube", nullptr, true},
    {LutFormat::cube_iridas, "cube-iridas", ".cube", "iridas_cube", false},
    {LutFormat::threedl_flame, "3dl-flame", ".3dl", "flame", true},
    {LutFormat::threedl_lustre, "3dl-lustre", ".3dl", "lustre", false},
    {LutFormat::spi3d, "spi3d", ".spi3d", nullptr, false},
    {LutFormat::csp, "csp", ".csp", "cinespace", true},
    {LutFormat::cub, "cub", ".cub", "truelight", true},
    {LutFormat::look, "look", ".look", nullptr, false},
    {LutFormat::clf, "clf", ".clf", "Academy/ASC Common LUT Format", true},
}};

const FormatInfo& info(LutFormat f) {
  for (const auto& i : kFormats) {
    if (i.format == f) return i;
  }
  throw Error(ErrorKind::internal, "unknown LUT format");
}

void check_table(const CubeFile& cube, LutFormat format) {
  if (!cube.lut3d) throw Error(ErrorKind::usage, std::string(lut_format_id(format)) + ": the LUT has no 3D table");
  if (cube.lut1d && !info(format).shaper) {
    throw Error(ErrorKind::usage, std::string(lut_format_id(format)) + " cannot hold a 1D shaper before the 3D table");
  }
  auto unit = [](const CubeTable& t) {
    for (int c = 0; c < 3; ++c) {
      if (t.domain_min[c] != 0.0 || t.domain_max[c] != 1.0) return false;
    }
    return true;
  };
  if (!unit(*cube.lut3d) || (cube.lut1d && !unit(*cube.lut1d))) {
    throw Error(ErrorKind::usage, "only tables over [0,1] are written in other formats");
  }
}

// OpenColorIO's Baker on a raw config whose "show" space is the table itself (and "shaper" its
// shaper), baked at the table's own size, so lattice points map onto lattice points.
std::string bake_with_ocio(const CubeFile& cube, const char* baker_format) {
  const CubeTable& t3 = *cube.lut3d;
  const int n = t3.size;
  auto lut3d = OCIO::Lut3DTransform::Create(static_cast<unsigned long>(n));
  lut3d->setInterpolation(OCIO::INTERP_TETRAHEDRAL);
  for (int b = 0; b < n; ++b)
    for (int g = 0; g < n; ++g)
      for (int r = 0; r < n; ++r) {
        const float* v = &t3.values[3 * ((static_cast<std::size_t>(b) * n + g) * n + r)];
        lut3d->setValue(static_cast<unsigned long>(r), static_cast<unsigned long>(g), static_cast<unsigned long>(b), v[0],
                        v[1], v[2]);
      }
  auto config = OCIO::Config::CreateRaw()->createEditableCopy();
  auto space = [&](const char* name, const OCIO::ConstTransformRcPtr& t) {
    auto cs = OCIO::ColorSpace::Create();
    cs->setName(name);
    if (t) cs->setTransform(t, OCIO::COLORSPACE_DIR_FROM_REFERENCE);
    config->addColorSpace(cs);
  };
  space("ref", nullptr);
  auto show = OCIO::GroupTransform::Create();
  OCIO::Lut1DTransformRcPtr shaper;
  if (cube.lut1d) {
    const CubeTable& t1 = *cube.lut1d;
    shaper = OCIO::Lut1DTransform::Create(static_cast<unsigned long>(t1.size), false);
    for (int i = 0; i < t1.size; ++i) {
      shaper->setValue(static_cast<unsigned long>(i), t1.values[3 * i], t1.values[3 * i + 1], t1.values[3 * i + 2]);
    }
    show->appendTransform(shaper);
    space("shaper", shaper);
  }
  show->appendTransform(lut3d);
  space("show", show);

  auto baker = OCIO::Baker::Create();
  baker->setConfig(config);
  baker->setFormat(baker_format);
  baker->setInputSpace("ref");
  baker->setTargetSpace("show");
  baker->setCubeSize(n);
  if (shaper) {
    baker->setShaperSpace("shaper");
    baker->setShaperSize(cube.lut1d->size);
  }
  std::ostringstream out;
  try {
    baker->bake(out);
  } catch (const OCIO::Exception& e) {
    throw Error(ErrorKind::internal, std::string("OpenColorIO Baker (") + baker_format + "): " + e.what());
  }
  return out.str();
}

// Flame .3dl with a shaper: the mesh line holds the shaper's values as 10-bit integers (one per
// lattice point, so the shaper has the 3D table's size), the table 12-bit integers, blue fastest.
// OpenColorIO reads a mesh that is not the identity as a LUT1D in front of the LUT3D.
std::string threedl_with_mesh_text(const CubeFile& cube) {
  const CubeTable& t = *cube.lut3d;
  const CubeTable& mesh = *cube.lut1d;
  const int n = t.size;
  if (mesh.size != n) {
    throw Error(ErrorKind::usage, "3dl-flame: the shaper (mesh line) must have as many entries as the 3D table's edge");
  }
  auto to_int = [](float v, float scale) { return static_cast<int>(std::lround(std::clamp(v, 0.0f, 1.0f) * scale)); };
  std::ostringstream o;
  for (int i = 0; i < n; ++i) o << (i ? " " : "") << to_int(mesh.values[3 * i], 1023.0f);
  o << '\n';
  for (int r = 0; r < n; ++r)
    for (int g = 0; g < n; ++g)
      for (int b = 0; b < n; ++b) {
        const float* v = &t.values[3 * ((static_cast<std::size_t>(b) * n + g) * n + r)];
        o << to_int(v[0], 4095.0f) << ' ' << to_int(v[1], 4095.0f) << ' ' << to_int(v[2], 4095.0f) << '\n';
      }
  return o.str();
}

// Truelight .cub with a shaper: OpenColorIO 2.1's Baker writes an identity InputLUT whatever the
// shaper, so aceslab writes it: the InputLUT maps input to the cube's index units (0..N-1), the
// Cube section holds the table with red varying fastest (as OCIO's Truelight reader and Baker
// order it: FL-TL-TN-0388), the .cube order.
std::string truelight_with_shaper_text(const CubeFile& cube) {
  const CubeTable& t = *cube.lut3d;
  const CubeTable& in = *cube.lut1d;
  const int n = t.size;
  std::ostringstream o;
  o << "# Truelight Cube v2.0\n# lutLength " << in.size << "\n# iDims     3\n# oDims     3\n# width     " << n << ' '
    << n << ' ' << n << "\n\n# InputLUT\n";
  char line[128];
  for (int i = 0; i < in.size; ++i) {
    for (int c = 0; c < 3; ++c) {
      std::snprintf(line, sizeof line, c ? " %.6f" : "%.6f", in.values[3 * i + c] * (n - 1));
      o << line;
    }
    o << '\n';
  }
  o << "\n# Cube\n";
  for (std::size_t i = 0; i + 2 < t.values.size(); i += 3) {
    std::snprintf(line, sizeof line, "%.6f %.6f %.6f\n", t.values[i], t.values[i + 1], t.values[i + 2]);
    o << line;
  }
  o << "\n# end\n";
  return o.str();
}

std::string spi3d_text(const CubeFile& cube) {
  const CubeTable& t = *cube.lut3d;
  const int n = t.size;
  std::ostringstream o;
  o << "SPILUT 1.0\n3 3\n" << n << ' ' << n << ' ' << n << '\n';
  char line[160];
  for (int r = 0; r < n; ++r)
    for (int g = 0; g < n; ++g)
      for (int b = 0; b < n; ++b) {
        const float* v = &t.values[3 * ((static_cast<std::size_t>(b) * n + g) * n + r)];
        std::snprintf(line, sizeof line, "%d %d %d %.6f %.6f %.6f\n", r, g, b, v[0], v[1], v[2]);
        o << line;
      }
  return o.str();
}

// Iridas .look: the 3D table as little-endian IEEE floats in hex, red varying fastest.
std::string look_text(const CubeFile& cube) {
  const CubeTable& t = *cube.lut3d;
  std::ostringstream o;
  o << "<?xml version=\"1.0\" ?>\n<look>\n  <shaders>\n  </shaders>\n  <LUT>\n    <size>\"" << t.size
    << "\"</size>\n    <data>\"\n";
  static const char* kHex = "0123456789ABCDEF";
  std::string line;
  for (std::size_t i = 0; i < t.values.size(); ++i) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &t.values[i], sizeof bits);
    for (int byte = 0; byte < 4; ++byte) {  // least significant byte first
      const unsigned v = (bits >> (8 * byte)) & 0xffu;
      line.push_back(kHex[v >> 4]);
      line.push_back(kHex[v & 0xfu]);
    }
    if (line.size() >= 64) {
      o << "      " << line << '\n';
      line.clear();
    }
  }
  if (!line.empty()) o << "      " << line << '\n';
  o << "    \"</data>\n  </LUT>\n</look>\n";
  return o.str();
}

}  // namespace

std::string_view lut_format_id(LutFormat f) { return info(f).id; }
std::string_view lut_format_extension(LutFormat f) { return info(f).extension; }
bool lut_format_has_shaper(LutFormat f) { return info(f).shaper; }

LutFormat parse_lut_format(std::string_view id) {
  std::string valid;
  for (const auto& i : kFormats) {
    if (i.id == id) return i.format;
    valid += (valid.empty() ? "" : ", ") + std::string(i.id);
  }
  throw Error(ErrorKind::usage, "unknown LUT format \"" + std::string(id) + "\" (valid: " + valid + ")");
}

const std::vector<LutFormat>& all_lut_formats() {
  static const std::vector<LutFormat> formats = [] {
    std::vector<LutFormat> v;
    for (const auto& i : kFormats) v.push_back(i.format);
    return v;
  }();
  return formats;
}

std::string lut_file_text(const CubeFile& cube, LutFormat format) {
  check_table(cube, format);
  switch (format) {
    case LutFormat::cube_resolve:
      return write_cube(cube);
    case LutFormat::spi3d:
      return spi3d_text(cube);
    case LutFormat::look:
      return look_text(cube);
    case LutFormat::threedl_flame:
      return cube.lut1d ? threedl_with_mesh_text(cube) : bake_with_ocio(cube, info(format).baker);
    case LutFormat::cub:
      return cube.lut1d ? truelight_with_shaper_text(cube) : bake_with_ocio(cube, info(format).baker);
    case LutFormat::clf: {
      // The Baker leaves the LUT3D's interpolation unset, which CLF reads as trilinear; show LUTs
      // are applied tetrahedrally, so say so.
      std::string text = bake_with_ocio(cube, info(format).baker);
      const std::string node = "<LUT3D ";
      const auto at = text.find(node);
      if (at != std::string::npos) text.insert(at + node.size(), "interpolation=\"tetrahedral\" ");
      return text;
    }
    default:
      return bake_with_ocio(cube, info(format).baker);
  }
}

void write_lut_file(const CubeFile& cube, LutFormat format, const std::filesystem::path& path, Overwrite overwrite) {
  write_file_atomically(path, lut_file_text(cube, format), overwrite);
}

}  // namespace aceslab::lmt
