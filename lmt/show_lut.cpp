// SPDX-License-Identifier: Apache-2.0
#include "lmt/show_lut.h"

#include <OpenColorIO/OpenColorIO.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

#include "clf/parser.h"
#include "clf/reader.h"
#include "clf/xml_safety.h"
#include "color/error.h"
#include "color/input_file.h"
#include "lmt/lut_encoding.h"
#include "lmt/lut_steps.h"
#include "lmt/vlt_reader.h"

namespace OCIO = OCIO_NAMESPACE;

namespace aceslab::lmt {

struct ShowLut::OcioCore {
  OCIO::ConstCPUProcessorRcPtr cpu;
};

namespace {

Domain domain_of(const CubeTable& t) { return Domain{t.domain_min, t.domain_max}; }

// A cube table (red fastest) as a CLF step (blue fastest for 3D).
aces::Step cube_step(const CubeTable& t, bool is_3d) {
  if (!is_3d) {
    aces::Lut1DStep s;
    s.values = t.values;
    return s;
  }
  aces::Lut3DStep s;
  s.size = t.size;
  s.interpolation = aces::Interpolation3D::tetrahedral;
  const std::size_t n = static_cast<std::size_t>(t.size);
  s.values.resize(t.values.size());
  for (std::size_t b = 0; b < n; ++b)
    for (std::size_t g = 0; g < n; ++g)
      for (std::size_t r = 0; r < n; ++r) {
        const std::size_t from = 3 * ((b * n + g) * n + r);
        const std::size_t to = 3 * ((r * n + g) * n + b);
        for (int c = 0; c < 3; ++c) s.values[to + c] = t.values[from + c];
      }
  return s;
}

// A shaper re-parameterises the 3D table's input: it must not fold it (two inputs to one lattice
// position), or the 3D table cannot be the look of either. Non-decreasing per channel is required
// (flat runs are a clip, which is fine).
std::optional<std::pair<std::string, std::string>> find_fold(const aces::Lut1DStep& shaper) {
  const std::size_t n = shaper.size();
  for (int c = 0; c < 3; ++c) {
    for (std::size_t i = 1; i < n; ++i) {
      const float a = shaper.values[3 * (i - 1) + c], b = shaper.values[3 * i + c];
      if (b < a) {
        std::ostringstream m;
        m << "the 1D shaper before the 3D table is not monotonic: entry " << i << " of " << n << " (" << "RGB"[c]
          << ") is " << b << ", below entry " << i - 1 << " (" << a
          << "); a shaper must not fold its input. Check the file, or convert its 3D table alone";
        return std::make_pair(m.str(), "shaper entry " + std::to_string(i));
      }
    }
  }
  return std::nullopt;
}

}  // namespace

aces::Pipeline domain_clamp(const Domain& domain, bool legal_input) {
  const double s = legal_input ? kLegalScale : 1.0;
  const double o = legal_input ? kLegalBlack : 0.0;
  aces::Pipeline p;
  if (domain.uniform()) {
    aces::RangeStep r;
    r.min_in = (domain.min[0] - o) / s;
    r.max_in = (domain.max[0] - o) / s;
    r.min_out = 0.0;
    r.max_out = 1.0;
    p.append(r);
    return p;
  }
  aces::MatrixStep m;
  for (int c = 0; c < 3; ++c) {
    const double w = domain.max[c] - domain.min[c];
    m.m(c, c) = s / w;
    m.offset[c] = (o - domain.min[c]) / w;
  }
  p.append(m);
  aces::RangeStep r;
  r.min_in = 0.0;
  r.max_in = 1.0;
  r.min_out = 0.0;
  r.max_out = 1.0;
  p.append(r);
  return p;
}

ShowLut::ShowLut(CubeFile cube, std::filesystem::path path, std::string format) : m_path(std::move(path)) {
  if (!cube.lut1d && !cube.lut3d) {
    throw Error(ErrorKind::invalid_input, "the LUT holds no table", Location(m_path.string()));
  }
  m_title = cube.title;
  m_notes = std::move(cube.notes);
  m_format = cube.dialect == CubeDialect::adobe     ? "cube (adobe)"
             : cube.dialect == CubeDialect::resolve ? "cube (resolve)"
                                                    : "cube";
  if (!format.empty()) m_format = std::move(format);
  const bool is_3d = cube.lut3d.has_value();
  const CubeTable& core = is_3d ? *cube.lut3d : *cube.lut1d;
  m_core_domain = domain_of(core);
  if (is_3d) {
    m_core_lattice = core.size;
    if (cube.lut1d) {
      m_shaper = std::move(cube.lut1d);
      m_pre = domain_clamp(domain_of(*m_shaper));
      m_pre.append(cube_step(*m_shaper, false));
      m_fold = find_fold(std::get<aces::Lut1DStep>(m_pre.steps.back()));
    }
  }
  m_input_domain = m_shaper ? domain_of(*m_shaper) : m_core_domain;
  m_core = domain_clamp(m_core_domain);
  m_core.append(cube_step(core, is_3d));
}

ShowLut::ShowLut(aces::Pipeline steps, std::filesystem::path path, std::string format, std::vector<std::string> notes)
    : m_path(std::move(path)), m_format(std::move(format)), m_notes(std::move(notes)) {
  m_title = m_path.stem().string();
  std::size_t last3d = steps.steps.size();
  for (std::size_t i = 0; i < steps.steps.size(); ++i) {
    if (std::holds_alternative<aces::Lut3DStep>(steps.steps[i])) last3d = i;
  }
  if (last3d == steps.steps.size()) {
    m_core = std::move(steps);  // 1D only: no lattice to nest
    return;
  }
  m_core_lattice = std::get<aces::Lut3DStep>(steps.steps[last3d]).size;
  m_pre.steps.assign(steps.steps.begin(), steps.steps.begin() + static_cast<std::ptrdiff_t>(last3d));
  for (const auto& step : m_pre.steps) {
    if (const auto* l = std::get_if<aces::Lut1DStep>(&step); l != nullptr && !l->half_domain && !m_fold) {
      m_fold = find_fold(*l);
    }
  }
  m_core.steps.assign(steps.steps.begin() + static_cast<std::ptrdiff_t>(last3d), steps.steps.end());
}

void ShowLut::require_unfolded_shaper() const {
  if (m_fold) throw Error(ErrorKind::invalid_input, m_fold->first, Location(m_path.string(), 0, m_fold->second));
}

ShowLut::ShowLut(std::shared_ptr<const OcioCore> ocio, std::filesystem::path path, std::string format,
                 std::vector<std::string> notes)
    : m_path(std::move(path)), m_format(std::move(format)), m_notes(std::move(notes)), m_opaque(true),
      m_ocio(std::move(ocio)) {
  m_title = m_path.stem().string();
}

ShowLut::~ShowLut() = default;
ShowLut::ShowLut(ShowLut&&) noexcept = default;
ShowLut& ShowLut::operator=(ShowLut&&) noexcept = default;

int ShowLut::shaper_size() const {
  int n = 0;
  for (const auto& s : m_pre.steps) {
    if (const auto* l = std::get_if<aces::Lut1DStep>(&s)) n = std::max(n, static_cast<int>(l->size()));
  }
  return n;
}

void ShowLut::apply_pre(std::span<float> rgb) const { aces::apply(m_pre, rgb); }

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
  aces::apply(m_core, rgb);
}

void ShowLut::apply(std::span<float> rgb) const {
  apply_pre(rgb);
  apply_core(rgb);
}

namespace {

std::string lower_extension(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// A LUT from an OpenColorIO processor: its exact steps when OCIO builds only LUT, Matrix and Range
// ops for it, else a black box over [0,1] (noted unless `expect_black_box`).
ShowLut show_lut_from_processor(const OCIO::ConstProcessorRcPtr& processor, std::filesystem::path path,
                                std::string format, bool expect_black_box) {
  try {
    LutSteps steps = ocio_to_steps(processor->createGroupTransform());
    if (!steps.invalid.empty()) throw Error(ErrorKind::invalid_input, steps.invalid, Location(path.string()));
    if (steps.steps) return ShowLut(std::move(*steps.steps), std::move(path), format + " (OpenColorIO)");
    auto core = std::make_shared<ShowLut::OcioCore>();
    core->cpu = processor->getOptimizedCPUProcessor(OCIO::BIT_DEPTH_F32, OCIO::BIT_DEPTH_F32, OCIO::OPTIMIZATION_NONE);
    std::vector<std::string> notes;
    if (!expect_black_box) {
      notes.push_back(path.string() + ": evaluated as a black box over [0,1]: OpenColorIO builds " + steps.reason +
                      ", which has no exact step, so no lattice of its own can nest");
    }
    return ShowLut(std::move(core), std::move(path), format + (expect_black_box ? "" : " (OpenColorIO, black box)"),
                   std::move(notes));
  } catch (const OCIO::Exception& e) {
    throw Error(ErrorKind::invalid_input, std::string("OpenColorIO cannot read the LUT: ") + e.what(),
                Location(path.string()));
  }
}

}  // namespace

ShowLut show_lut_from_ocio(const OCIO::ConstTransformRcPtr& transform, std::filesystem::path path, std::string format,
                           bool expect_black_box) {
  OCIO::ConstProcessorRcPtr processor;
  try {
    processor = OCIO::Config::CreateRaw()->getProcessor(transform);
  } catch (const OCIO::Exception& e) {
    throw Error(ErrorKind::invalid_input, std::string("OpenColorIO cannot read the LUT: ") + e.what(),
                Location(path.string()));
  }
  return show_lut_from_processor(processor, std::move(path), std::move(format), expect_black_box);
}

ShowLut read_show_lut(const std::filesystem::path& path) {
  const std::string ext = lower_extension(path);
  if (ext == ".cube") return ShowLut(read_cube_file(path), path);
  if (ext == ".vlt") {
    return ShowLut(read_vlt_file(path), path, "vlt (Panasonic)");
  }
  // Other formats: the checks aceslab's own readers make first — a bounded read of a regular file,
  // and for the XML formats the CLF checks or the XML safety rules (no DTD, nesting limit) — then
  // these exact bytes are read: a CLF by aceslab's own parser (every node an exact step), anything
  // else by OpenColorIO from a private copy (clf/reader.h), so its lattice nests where OCIO builds
  // exact ops.
  const std::string bytes = read_input_file(path, aces::ClfReadOptions{}.max_file_bytes, "the LUT file");
  if (ext == ".clf") {
    aces::check_clf_document(bytes, path);
    try {
      return ShowLut(aces::parse_clf_pipeline(bytes, path.string()), path, "clf");
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::unsupported) throw;
    }
  } else if (ext == ".ctf" || ext == ".ccc" || ext == ".cdl" || ext == ".cc") {
    aces::XmlSafetyOptions xml;
    xml.max_elements = 100000;  // a show's CCC of a few thousand corrections, not a memory bomb
    aces::check_untrusted_xml(bytes, path.string(), xml);
  }
  const std::string format = ext.empty() ? std::string("unknown") : ext.substr(1);
  // Show LUTs are applied tetrahedrally by grading systems; CTF says itself (like CLF).
  OCIO::ConstProcessorRcPtr processor;
  try {
    processor = aces::ocio_file_processor(bytes, path, ext, ext == ".ctf" ? OCIO::INTERP_DEFAULT : OCIO::INTERP_BEST);
  } catch (const Error& e) {
    // OCIO asks for a "cccid" when a .ccc/.cdl holds several corrections; aceslab has no way to pass
    // one (a CDL is a grade in a working space, not a display LUT): say what the file is instead.
    if ((ext == ".ccc" || ext == ".cdl") && e.detail().find("cccid") != std::string::npos) {
      throw Error(ErrorKind::invalid_input,
                  "the file holds several ASC CDL corrections (a ColorCorrectionCollection), not one show LUT: "
                  "give the LUT the look was made with (camera log in, display code values out); a CDL goes "
                  "into an AMF as a look (aceslab amf create), and `lmt --cdl` writes the CDL closest to an LMT",
                  Location(path.string()));
    }
    throw;
  }
  return show_lut_from_processor(processor, path, format, false);
}

}  // namespace aceslab::lmt
