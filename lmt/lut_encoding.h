// SPDX-License-Identifier: Apache-2.0
// What a show LUT's numbers mean: its input is code values of a camera encoding (a colour space,
// e.g. ARRI LogC3 EI800 / AWG3), full or legal (SMPTE "video") range; its output is display code
// values of an ACES 2.0 output transform's display (e.g. Rec.709 BT.1886 100 nit), full or legal
// range. These functions move between the LUT's code values and ACES2065-1 / the display's full
// range code values, and are shared by the baker, the verifier and the report.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "aces2/output_presets.h"
#include "aces2/output_transform.h"
#include "color/color_space.h"
#include "pipeline/pipeline.h"

namespace aceslab::lmt {

enum class CodeRange { full, legal };
std::string_view code_range_id(CodeRange r);  // "full", "legal"
CodeRange parse_code_range(std::string_view id);  // throws aceslab::Error (usage)

// SMPTE ST 274 / ITU-R BT.709 10-bit legal range: code 64 is black, 940 white (of 1023).
constexpr double kLegalBlack = 64.0 / 1023.0;
constexpr double kLegalScale = 876.0 / 1023.0;
inline float full_to_legal(float v) { return static_cast<float>(kLegalBlack + kLegalScale * v); }
inline float legal_to_full(float v) { return static_cast<float>((v - kLegalBlack) / kLegalScale); }

class LutEncoding {
 public:
  // `input_id`: a colour space id (color/color_space.h); `output_id`: an ACES 2.0 output transform
  // URN or alias (aces2/output_presets.h). Throws aceslab::Error (usage) for unknown ids.
  LutEncoding(std::string_view input_id, CodeRange input_range, std::string_view output_id,
              CodeRange output_range);

  const aces::ColorSpace& input() const { return *m_input; }
  CodeRange input_range() const { return m_input_range; }
  const aces::OutputPreset& output() const { return *m_preset; }
  const aces::OutputTransform& output_transform() const { return *m_ot; }
  CodeRange output_range() const { return m_output_range; }

  // LUT input code values -> ACES2065-1 (the camera's IDT), in place.
  void input_to_aces(std::span<float> rgb) const;
  // ACES2065-1 -> LUT input code values (no clamping), in place.
  void aces_to_input(std::span<float> rgb) const;
  // LUT output code values -> full-range display code values, in place (identity for full range).
  void output_to_display(std::span<float> rgb) const;

  // ACES2065-1 -> camera code values, as a pipeline (matrix then log encode), full range.
  const aces::Pipeline& from_aces_pipeline() const { return m_from_aces; }

 private:
  const aces::ColorSpace* m_input;
  CodeRange m_input_range;
  const aces::OutputPreset* m_preset;
  std::shared_ptr<const aces::OutputTransform> m_ot;
  CodeRange m_output_range;
  aces::Pipeline m_to_aces, m_from_aces;
};

}  // namespace aceslab::lmt
