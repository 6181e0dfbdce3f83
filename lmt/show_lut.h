// SPDX-License-Identifier: Apache-2.0
// A show LUT as the LMT maker sees it, in three parts:
//   pre   exact steps from the LUT's input code values to the input of its core (the input domain
//         clamp, a 1D shaper, a .3dl mesh line, a CLF's Matrix or Log nodes...);
//   core  the 3D table (clamped to its domain, tetrahedral, or trilinear where a CLF says so), or a
//         1D table when the file has no 3D, followed by whatever the file applies after it;
//   all evaluated like the grading systems do.
// `.cube` files are read by aceslab's own reader (cube_reader.h), CLF by aceslab's CLF parser
// (clf/parser.h), every other format OpenColorIO 2.1 reads (.3dl, .csp, .cub, .spi3d, .look, ...)
// through the ops OpenColorIO builds for it (lut_steps.h), so any format's lattice and shaper are
// known. A file with an op that has no exact step is read as one opaque core over [0,1] (black box).
//
// The split matters for the LMT: the maker reproduces `pre` exactly and bakes only the core into
// its own 3D table, whose lattice then nests the core's.
#pragma once

#include <array>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <OpenColorIO/OpenColorIO.h>

#include "lmt/cube_reader.h"
#include "pipeline/pipeline.h"

namespace aceslab::lmt {

struct Domain {
  std::array<double, 3> min{0.0, 0.0, 0.0};
  std::array<double, 3> max{1.0, 1.0, 1.0};
  bool uniform() const { return min[0] == min[1] && min[1] == min[2] && max[0] == max[1] && max[1] == max[2]; }
  bool unit() const { return uniform() && min[0] == 0.0 && max[0] == 1.0; }
};

class ShowLut {
 public:
  // From a parsed `.cube` file (which must hold at least one table), or a format read into the same
  // tables (`.vlt`): `format` names it then.
  explicit ShowLut(CubeFile cube, std::filesystem::path path = {}, std::string format = {});
  // From the steps a file was read into (CLF, or OpenColorIO's reading of another format): split at
  // its last LUT3D (a file without one is a 1D core). `format` names the reading ("3dl", "clf"...).
  ShowLut(aces::Pipeline steps, std::filesystem::path path, std::string format, std::vector<std::string> notes = {});
  ~ShowLut();
  ShowLut(ShowLut&&) noexcept;
  ShowLut& operator=(ShowLut&&) noexcept;

  const std::filesystem::path& path() const { return m_path; }
  const std::string& title() const { return m_title; }
  // "cube (resolve)", "cube (adobe)", "vlt (Panasonic)", "clf", "3dl (OpenColorIO)", "ctf (OpenColorIO, black box)"...
  const std::string& format() const { return m_format; }
  const std::vector<std::string>& notes() const { return m_notes; }

  // Code values the LUT is defined on (its first table's domain; [0,1] for other formats).
  const Domain& input_domain() const { return m_input_domain; }
  // LUT input code values -> core input values (in core_domain() units): exact steps.
  const aces::Pipeline& pre() const { return m_pre; }
  // The core's input domain (its 3D table's; its 1D table's when there is no 3D).
  const Domain& core_domain() const { return m_core_domain; }
  // Entries per axis of the core's 3D table; 0 when the core is 1D only or a black box.
  int core_lattice_size() const { return m_core_lattice; }
  // False for a black box (an op without an exact step): then pre() is a clamp to [0,1] and the
  // whole file is the core.
  bool core_is_table() const { return !m_opaque; }
  // The .cube shaper (for reports); shaper_size() counts the entries of any LUT1D in pre().
  const std::optional<CubeTable>& shaper() const { return m_shaper; }
  int shaper_size() const;
  // A 1D shaper before the 3D table that is not monotonic folds its input (two inputs to one
  // lattice position): the LUT still reads and applies, but no LMT can nest it. Throws
  // aceslab::Error (invalid_input, "shaper entry N") naming the entry; the LMT maker calls it.
  void require_unfolded_shaper() const;

  // The whole LUT on interleaved RGB triplets, in place. Thread-safe.
  void apply(std::span<float> rgb) const;
  // pre() alone.
  void apply_pre(std::span<float> rgb) const;
  // The core (and anything after it); inputs are in core_domain() units.
  void apply_core(std::span<float> rgb) const;
  // The core as exact steps (its domain clamp, the table, what follows); empty for a black box.
  const aces::Pipeline& core() const { return m_core; }

  // A black box read through OpenColorIO (implementation detail of read_show_lut).
  struct OcioCore;
  ShowLut(std::shared_ptr<const OcioCore> ocio, std::filesystem::path path, std::string format,
          std::vector<std::string> notes);

 private:
  std::filesystem::path m_path;
  std::string m_title;
  std::string m_format;
  std::vector<std::string> m_notes;
  Domain m_input_domain;
  Domain m_core_domain;
  aces::Pipeline m_pre;
  aces::Pipeline m_core;  // domain clamp + table + what follows it
  std::optional<CubeTable> m_shaper;
  int m_core_lattice = 0;
  bool m_opaque = false;
  std::optional<std::pair<std::string, std::string>> m_fold;  // message, element
  std::shared_ptr<const OcioCore> m_ocio;
};

// Reads any LUT file: `.cube` with aceslab's reader, CLF with aceslab's parser, anything else
// through OpenColorIO. Throws aceslab::Error naming the file.
ShowLut read_show_lut(const std::filesystem::path& path);

// A show "LUT" given as an OpenColorIO transform (a FileTransform, or builtins such as an ACES 1.x
// output): its exact steps when OpenColorIO builds only LUT, Matrix and Range ops for it, else a
// black box over [0,1] (noted, unless `expect_black_box`: a function rather than a LUT file).
// `path` names it in messages and metadata; `format` describes it. Throws aceslab::Error when
// OpenColorIO cannot build it.
ShowLut show_lut_from_ocio(const OCIO_NAMESPACE::ConstTransformRcPtr& transform, std::filesystem::path path,
                           std::string format, bool expect_black_box = false);

// The steps that clamp values of `domain` and map them onto [0,1] (a Range, or a diagonal Matrix
// and a Range when the channels' domains differ); `legal_input` first takes full-range code values
// to legal range (SMPTE 64-940), for LUTs that expect legal-range input.
aces::Pipeline domain_clamp(const Domain& domain, bool legal_input = false);

}  // namespace aceslab::lmt
