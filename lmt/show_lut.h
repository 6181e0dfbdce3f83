// SPDX-License-Identifier: Apache-2.0
// A show LUT as the LMT maker sees it: an optional 1D shaper followed by a "core" (a 3D table, or
// the 1D table alone when the file has no 3D), each with its input domain, evaluated exactly like
// the grading systems do (inputs clamped to the domain, linear interpolation in 1D, tetrahedral in
// 3D). `.cube` files are read by aceslab's own reader (cube_reader.h); every other format OpenColorIO
// 2.1 reads (.3dl, .csp, .spi3d, .spi1d, .clf, .ctf, .cdl, ...) is evaluated through an OCIO
// FileTransform and then treated as one opaque core over [0,1].
//
// The split matters for the LMT: the maker reproduces the shaper exactly as a CLF LUT1D and bakes
// only the core into its own 3D table, whose lattice then nests the core's.
#pragma once

#include <array>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lmt/cube_reader.h"

namespace aceslab::lmt {

struct Domain {
  std::array<double, 3> min{0.0, 0.0, 0.0};
  std::array<double, 3> max{1.0, 1.0, 1.0};
  bool uniform() const { return min[0] == min[1] && min[1] == min[2] && max[0] == max[1] && max[1] == max[2]; }
};

class ShowLut {
 public:
  // From a parsed `.cube` file (which must hold at least one table).
  explicit ShowLut(CubeFile cube, std::filesystem::path path = {});
  ~ShowLut();
  ShowLut(ShowLut&&) noexcept;
  ShowLut& operator=(ShowLut&&) noexcept;

  const std::filesystem::path& path() const { return m_path; }
  const std::string& title() const { return m_title; }
  // "cube (resolve)", "cube (adobe)" or the OCIO format name of the file.
  const std::string& format() const { return m_format; }
  const std::vector<std::string>& notes() const { return m_notes; }

  // Code values outside this domain are clamped (the first stage's domain).
  const Domain& input_domain() const { return m_input_domain; }
  // The 1D shaper in front of a 3D table, if the file has both.
  const std::optional<CubeTable>& shaper() const { return m_shaper; }
  // Domain of the core's input (the 3D table's; the 1D table's when there is no 3D).
  const Domain& core_domain() const { return m_core_domain; }
  // Entries per axis of the core's 3D table; 0 when the core is 1D only or opaque (OCIO) without
  // a known 3D lattice.
  int core_lattice_size() const { return m_core_lattice; }
  // True when the core is a table aceslab evaluates itself (so its lattice points are known).
  bool core_is_table() const { return m_core.has_value(); }

  // The whole LUT on interleaved RGB triplets, in place. Thread-safe.
  void apply(std::span<float> rgb) const;
  // The shaper alone (identity when there is none).
  void apply_shaper(std::span<float> rgb) const;
  // The core alone; inputs are in core_domain() units.
  void apply_core(std::span<float> rgb) const;

  // OCIO reading of a non-cube file (implementation detail of read_show_lut).
  struct OcioCore;
  ShowLut(std::shared_ptr<const OcioCore> ocio, std::filesystem::path path, std::string format,
          int lattice);

 private:
  std::filesystem::path m_path;
  std::string m_title;
  std::string m_format;
  std::vector<std::string> m_notes;
  Domain m_input_domain;
  Domain m_core_domain;
  std::optional<CubeTable> m_shaper;
  std::optional<CubeTable> m_core;  // 3D (size^3 entries) or 1D
  bool m_core_is_3d = false;
  int m_core_lattice = 0;
  std::shared_ptr<const OcioCore> m_ocio;
};

// Reads any LUT file: `.cube` with aceslab's reader, anything else through OpenColorIO. Throws
// aceslab::Error naming the file.
ShowLut read_show_lut(const std::filesystem::path& path);

// Table evaluation shared with the sample generator and tests. `table` is 1D (3 channels
// independently) or 3D (tetrahedral), inputs clamped to its domain.
void apply_table_1d(const CubeTable& table, std::span<float> rgb);
void apply_table_3d(const CubeTable& table, std::span<float> rgb);

}  // namespace aceslab::lmt
