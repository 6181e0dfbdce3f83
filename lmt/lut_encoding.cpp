// SPDX-License-Identifier: Apache-2.0
#include "lmt/lut_encoding.h"

#include "color/error.h"
#include "pipeline/color_space_pipeline.h"

namespace aceslab::lmt {

std::string_view code_range_id(CodeRange r) { return r == CodeRange::legal ? "legal" : "full"; }

CodeRange parse_code_range(std::string_view id) {
  if (id == "full") return CodeRange::full;
  if (id == "legal") return CodeRange::legal;
  throw Error(ErrorKind::usage, "unknown code range \"" + std::string(id) + "\" (valid: full, legal)");
}

LutEncoding::LutEncoding(std::string_view input_id, CodeRange input_range, std::string_view output_id,
                         CodeRange output_range)
    : m_input(&aces::find_color_space(input_id)),
      m_input_range(input_range),
      m_preset(&aces::find_output_preset(output_id)),
      m_ot(aces::output_transform(*m_preset)),
      m_output_range(output_range),
      m_to_aces(aces::to_aces(*m_input)),
      m_from_aces(aces::from_aces(*m_input)) {}

void LutEncoding::input_to_aces(std::span<float> rgb) const {
  if (m_input_range == CodeRange::legal) {
    for (float& v : rgb) v = legal_to_full(v);
  }
  aces::apply(m_to_aces, rgb);
}

void LutEncoding::aces_to_input(std::span<float> rgb) const {
  aces::apply(m_from_aces, rgb);
  if (m_input_range == CodeRange::legal) {
    for (float& v : rgb) v = full_to_legal(v);
  }
}

void LutEncoding::output_to_display(std::span<float> rgb) const {
  if (m_output_range == CodeRange::legal) {
    for (float& v : rgb) v = legal_to_full(v);
  }
}

}  // namespace aceslab::lmt
