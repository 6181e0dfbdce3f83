// SPDX-License-Identifier: Apache-2.0
#include "lmt/lut_encoding.h"

#include "clf/parser.h"
#include "color/error.h"
#include "pipeline/color_space_pipeline.h"

namespace aceslab::lmt {

std::string_view code_range_id(CodeRange r) { return r == CodeRange::legal ? "legal" : "full"; }

CodeRange parse_code_range(std::string_view id) {
  if (id == "full") return CodeRange::full;
  if (id == "legal") return CodeRange::legal;
  throw Error(ErrorKind::usage, "unknown code range \"" + std::string(id) + "\" (valid: full, legal)");
}

const std::vector<LutOutputEncoding>& lut_output_encodings() {
  static const std::vector<LutOutputEncoding> encodings = {
      {"p3dci-gamma2.6", "DCI-P3 (DCI white) gamma 2.6", aces::primaries::kP3DCI, aces::Eotf::gamma2_6},
  };
  return encodings;
}

const LutOutputEncoding& find_lut_output_encoding(std::string_view id) {
  std::string valid;
  for (const auto& e : lut_output_encodings()) {
    if (e.id == id) return e;
    valid += (valid.empty() ? "" : ", ") + e.id;
  }
  throw Error(ErrorKind::usage, "unknown LUT output encoding \"" + std::string(id) + "\" (valid: " + valid + ")");
}

LutEncoding::LutEncoding(std::string_view input_id, CodeRange input_range, std::string_view output_id,
                         CodeRange output_range, std::string_view output_encoding_id)
    : m_input(&aces::find_color_space(input_id)),
      m_input_id(m_input->id),
      m_input_name(m_input->name),
      m_input_range(input_range),
      m_output_range(output_range),
      m_to_aces(aces::to_aces(*m_input)),
      m_from_aces(aces::from_aces(*m_input)) {
  set_output(output_id, output_encoding_id);
}

LutEncoding::LutEncoding(const ClfInput& input, CodeRange input_range, std::string_view output_id,
                         CodeRange output_range, std::string_view output_encoding_id)
    : m_input_id("clf:" + input.path.filename().string()),
      m_input_range(input_range),
      m_output_range(output_range),
      m_to_aces(aces::read_clf_pipeline(input.path)) {
  const std::filesystem::path& input_clf = input.path;
  m_input_name = m_to_aces.name.empty() ? input_clf.filename().string() : m_to_aces.name;
  try {
    m_from_aces = aces::inverse(m_to_aces);
  } catch (const Error& e) {
    throw Error(ErrorKind::unsupported,
                "the input CLF has no inverse to take ACES to the LUT's code values (" + e.detail() + ")",
                Location(input_clf.string()));
  }
  set_output(output_id, output_encoding_id);
}

void LutEncoding::set_output(std::string_view output_id, std::string_view output_encoding_id) {
  m_preset = &aces::find_output_preset(output_id);
  m_ot = aces::output_transform(*m_preset);
  if (!output_encoding_id.empty()) {
    m_output_encoding = &find_lut_output_encoding(output_encoding_id);
    const aces::Chromaticities& lut = m_output_encoding->primaries;
    const aces::Chromaticities& ot = m_ot->params().encoding;
    m_output_to_display = aces::XYZ_to_rgb_matrix(ot) *
                          aces::adaptation_matrix(aces::xy_to_XYZ(lut.white), aces::xy_to_XYZ(ot.white),
                                                  aces::Adaptation::bradford) *
                          aces::rgb_to_XYZ_matrix(lut);
  }
}

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
  if (m_output_encoding != nullptr) {
    const aces::DisplayEncoding lut_curve(m_output_encoding->eotf, m_ot->params().peak_luminance);
    lut_curve.decode(rgb);
    for (std::size_t i = 0; i + 2 < rgb.size(); i += 3) {
      const aces::Vec3 v = m_output_to_display * aces::Vec3(rgb[i], rgb[i + 1], rgb[i + 2]);
      for (int c = 0; c < 3; ++c) rgb[i + c] = static_cast<float>(v[c]);
    }
    m_ot->encode_display(rgb);
  }
}

}  // namespace aceslab::lmt
