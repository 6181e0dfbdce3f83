// SPDX-License-Identifier: Apache-2.0
#include "lmt/show_lut.h"

#include <OpenColorIO/OpenColorIO.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "clf/reader.h"
#include "clf/xml_safety.h"
#include "color/error.h"
#include "color/input_file.h"

namespace OCIO = OCIO_NAMESPACE;

namespace aceslab::lmt {

struct ShowLut::OcioCore {
  OCIO::ConstCPUProcessorRcPtr cpu;
};

namespace {

// Position of `x` on a table axis of `size` entries spanning [lo, hi], clamped (both dialects clamp
// inputs to the domain).
inline float axis_position(float x, double lo, double hi, int size) {
  const double t = (static_cast<double>(x) - lo) / (hi - lo) * (size - 1);
  if (!(t > 0.0)) return 0.0f;  // also NaN -> 0
  return static_cast<float>(std::min(t, static_cast<double>(size - 1)));
}

Domain domain_of(const CubeTable& t) { return Domain{t.domain_min, t.domain_max}; }

}  // namespace

void apply_table_1d(const CubeTable& table, std::span<float> rgb) {
  const int n = table.size;
  const float* v = table.values.data();
  for (std::size_t i = 0; i + 2 < rgb.size(); i += 3) {
    for (int c = 0; c < 3; ++c) {
      const float p = axis_position(rgb[i + c], table.domain_min[c], table.domain_max[c], n);
      const int i0 = std::min(static_cast<int>(p), n - 2);
      const float f = p - static_cast<float>(i0);
      const float a = v[3 * i0 + c];
      const float b = v[3 * (i0 + 1) + c];
      rgb[i + c] = a + f * (b - a);
    }
  }
}

void apply_table_3d(const CubeTable& table, std::span<float> rgb) {
  const int n = table.size;
  const float* v = table.values.data();
  // Cube order: red varies fastest.
  const std::size_t sr = 3, sg = 3 * static_cast<std::size_t>(n), sb = sg * static_cast<std::size_t>(n);
  for (std::size_t i = 0; i + 2 < rgb.size(); i += 3) {
    float p[3];
    int i0[3];
    float f[3];
    for (int c = 0; c < 3; ++c) {
      p[c] = axis_position(rgb[i + c], table.domain_min[c], table.domain_max[c], n);
      i0[c] = std::min(static_cast<int>(p[c]), n - 2);
      f[c] = p[c] - static_cast<float>(i0[c]);
    }
    const float* c000 = v + i0[0] * sr + i0[1] * sg + i0[2] * sb;
    const float* c100 = c000 + sr;
    const float* c010 = c000 + sg;
    const float* c001 = c000 + sb;
    const float* c110 = c000 + sr + sg;
    const float* c101 = c000 + sr + sb;
    const float* c011 = c000 + sg + sb;
    const float* c111 = c000 + sr + sg + sb;
    const float fr = f[0], fg = f[1], fb = f[2];
    // Tetrahedral interpolation: the unit cube split into 6 tetrahedra along the main diagonal
    // (Kasson, Nin, Plouffe & Hafner 1995), as Resolve and OCIO evaluate 3D LUTs.
    for (int c = 0; c < 3; ++c) {
      float out;
      if (fr > fg) {
        if (fg > fb) {
          out = c000[c] + fr * (c100[c] - c000[c]) + fg * (c110[c] - c100[c]) + fb * (c111[c] - c110[c]);
        } else if (fr > fb) {
          out = c000[c] + fr * (c100[c] - c000[c]) + fb * (c101[c] - c100[c]) + fg * (c111[c] - c101[c]);
        } else {
          out = c000[c] + fb * (c001[c] - c000[c]) + fr * (c101[c] - c001[c]) + fg * (c111[c] - c101[c]);
        }
      } else {
        if (fb > fg) {
          out = c000[c] + fb * (c001[c] - c000[c]) + fg * (c011[c] - c001[c]) + fr * (c111[c] - c011[c]);
        } else if (fb > fr) {
          out = c000[c] + fg * (c010[c] - c000[c]) + fb * (c011[c] - c010[c]) + fr * (c111[c] - c011[c]);
        } else {
          out = c000[c] + fg * (c010[c] - c000[c]) + fr * (c110[c] - c010[c]) + fb * (c111[c] - c110[c]);
        }
      }
      rgb[i + c] = out;
    }
  }
}

ShowLut::ShowLut(CubeFile cube, std::filesystem::path path) : m_path(std::move(path)) {
  if (!cube.lut1d && !cube.lut3d) {
    throw Error(ErrorKind::invalid_input, "the LUT holds no table", Location(m_path.string()));
  }
  m_title = cube.title;
  m_notes = std::move(cube.notes);
  m_format = cube.dialect == CubeDialect::adobe     ? "cube (adobe)"
             : cube.dialect == CubeDialect::resolve ? "cube (resolve)"
                                                    : "cube";
  if (cube.lut3d) {
    m_core = std::move(cube.lut3d);
    m_core_is_3d = true;
    m_core_lattice = m_core->size;
    if (cube.lut1d) m_shaper = std::move(cube.lut1d);
  } else {
    m_core = std::move(cube.lut1d);
  }
  m_core_domain = domain_of(*m_core);
  m_input_domain = m_shaper ? domain_of(*m_shaper) : m_core_domain;
}

ShowLut::ShowLut(std::shared_ptr<const OcioCore> ocio, std::filesystem::path path, std::string format, int lattice)
    : m_path(std::move(path)), m_format(std::move(format)), m_core_lattice(lattice), m_ocio(std::move(ocio)) {
  m_title = m_path.stem().string();
}

ShowLut::~ShowLut() = default;
ShowLut::ShowLut(ShowLut&&) noexcept = default;
ShowLut& ShowLut::operator=(ShowLut&&) noexcept = default;

void ShowLut::apply_shaper(std::span<float> rgb) const {
  if (m_shaper) apply_table_1d(*m_shaper, rgb);
}

void ShowLut::apply_core(std::span<float> rgb) const {
  if (m_ocio) {
    const std::size_t n = rgb.size() / 3;
    if (n == 0) return;
    // OCIO LUT readers do not clamp before the first LUT the way .cube does; clamp to [0,1] so the
    // core is defined like a cube over its domain.
    for (std::size_t i = 0; i < n * 3; ++i) rgb[i] = std::isnan(rgb[i]) ? 0.0f : std::clamp(rgb[i], 0.0f, 1.0f);
    OCIO::PackedImageDesc desc(rgb.data(), static_cast<long>(n), 1, 3);
    try {
      m_ocio->cpu->apply(desc);
    } catch (const OCIO::Exception& e) {
      throw Error(ErrorKind::internal, std::string("OpenColorIO: ") + e.what(), Location(m_path.string()));
    }
    return;
  }
  if (m_core_is_3d) {
    apply_table_3d(*m_core, rgb);
  } else {
    apply_table_1d(*m_core, rgb);
  }
}

void ShowLut::apply(std::span<float> rgb) const {
  apply_shaper(rgb);
  apply_core(rgb);
}

namespace {

std::string lower_extension(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

int find_lut3d_size(const OCIO::ConstGroupTransformRcPtr& group) {
  int size = 0;
  for (int i = 0; i < group->getNumTransforms(); ++i) {
    auto t = group->getTransform(i);
    if (auto l3 = OCIO::DynamicPtrCast<const OCIO::Lut3DTransform>(t)) {
      size = std::max(size, static_cast<int>(l3->getGridSize()));
    } else if (auto g = OCIO::DynamicPtrCast<const OCIO::GroupTransform>(t)) {
      size = std::max(size, find_lut3d_size(g));
    }
  }
  return size;
}

}  // namespace

ShowLut read_show_lut(const std::filesystem::path& path) {
  const std::string extension = lower_extension(path);
  if (extension == ".cube") return ShowLut(read_cube_file(path), path);
  // Other formats go to OpenColorIO, but only after the checks aceslab's own readers make: a
  // bounded read of a regular file, and for the XML formats the CLF checks or the XML safety rules
  // (no DTD, nesting limit); OCIO then evaluates exactly these bytes (clf/reader.h).
  const std::string bytes = read_input_file(path, aces::ClfReadOptions{}.max_file_bytes, "the LUT file");
  if (extension == ".clf") {
    aces::check_clf_document(bytes, path);
  } else if (extension == ".ctf" || extension == ".ccc" || extension == ".cdl" || extension == ".cc") {
    aces::XmlSafetyOptions xml;
    xml.max_elements = 100000;  // a show's CCC of a few thousand corrections, not a memory bomb
    aces::check_untrusted_xml(bytes, path.string(), xml);
  }
  try {
    auto processor = aces::ocio_file_processor(bytes, path, extension, OCIO::INTERP_BEST);
    auto core = std::make_shared<ShowLut::OcioCore>();
    core->cpu = processor->getOptimizedCPUProcessor(OCIO::BIT_DEPTH_F32, OCIO::BIT_DEPTH_F32, OCIO::OPTIMIZATION_NONE);
    const int lattice = find_lut3d_size(processor->createGroupTransform());
    std::string format = lower_extension(path);
    if (!format.empty()) format.erase(0, 1);
    return ShowLut(std::move(core), path, format + " (OpenColorIO)", lattice);
  } catch (const OCIO::Exception& e) {
    throw Error(ErrorKind::invalid_input, std::string("OpenColorIO cannot read the LUT: ") + e.what(),
                Location(path.string()));
  }
}

}  // namespace aceslab::lmt
