// SPDX-License-Identifier: Apache-2.0
// The pixel engine of a render: source pixels through the recipe into half-float RGB(A), band by
// band (a band of rows stays in cache from decode to half conversion). Non-finite results are
// written as 0 and values beyond the half range clamp to +-65504; both are counted.
//
// Integer sources (16-bit codes, what OpenImageIO returns for 8- to 16-bit files) take a
// tabulated path when the recipe has aceslab steps (render_recipe.h): the leading steps that work
// on each channel alone (Log, Exponent, LUT1D, Range, transfer curves, a diagonal Matrix, a CDL
// without saturation) are evaluated once per code, 65536 codes per channel, and the rest (often a
// single 3x3 matrix, inlined) per pixel. For a 10-bit DPX through an IDT that is a table look-up
// and a matrix per pixel. Float sources and recipes without steps run the TransformChain.
// Alpha is copied unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "deliver/render_recipe.h"

namespace aceslab::deliver {

struct ConversionStats {
  std::uint64_t non_finite = 0;  // NaN or infinite results, written as 0
  std::uint64_t clamped = 0;     // finite results beyond +-65504, clamped

  ConversionStats& operator+=(const ConversionStats& o) {
    non_finite += o.non_finite;
    clamped += o.clamped;
    return *this;
  }
};

class FrameConverter {
 public:
  explicit FrameConverter(const RenderRecipe& recipe);

  // True when 16-bit sources are converted through the code tables.
  bool tabulates_integers() const { return m_table.has_value(); }
  // Steps evaluated per code / per pixel on the tabulated path (for reports).
  std::size_t tabulated_steps() const { return m_prefix_steps; }

  // `src`: pixels of `channels` (3 or 4) 16-bit codes; `out`: the same number of half codes.
  ConversionStats convert(std::span<const std::uint16_t> src, int channels, std::span<std::uint16_t> out,
                          unsigned threads) const;
  // `src`: pixels of `channels` floats, transformed in place (alpha untouched), then converted.
  ConversionStats convert(std::span<float> src, int channels, std::span<std::uint16_t> out, unsigned threads) const;

 private:
  struct Table {
    std::vector<float> values;  // 65536 codes x RGB after the per-channel steps
  };
  void apply_rest(std::span<float> rgb) const;

  aces::TransformChain m_chain;
  std::optional<Table> m_table;
  std::size_t m_prefix_steps = 0;
  aces::Pipeline m_rest;                           // steps after the tabulated ones
  std::optional<aces::MatrixStep> m_rest_matrix;   // when the rest is one Matrix
};

}  // namespace aceslab::deliver
