// SPDX-License-Identifier: Apache-2.0
// What a show LUT's numbers mean: its input is code values of a camera encoding (a colour space,
// e.g. ARRI LogC3 EI800 / AWG3), full or legal (SMPTE "video") range; its output is display code
// values of an ACES 2.0 output transform's display (e.g. Rec.709 BT.1886 100 nit), full or legal
// range. These functions move between the LUT's code values and ACES2065-1 / the display's full
// range code values, and are shared by the baker, the verifier and the report.
//
// A LUT may write its display in an encoding no ACES 2.0 output transform has (a DCI-P3 cinema LUT:
// P3 primaries, DCI white, gamma 2.6). Its code values are then decoded with that encoding and
// re-encoded for the output transform's display through CIE XYZ, the LUT's white adapted to the
// display's (Bradford, as OpenColorIO's `DISPLAY - CIE-XYZ-D65_to_G2.6-P3-DCI-BFD` builtin adapts
// D65 to the DCI white): the LUT's white is its look's white.
#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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

// Display encodings a LUT's output may be given in besides the output transform's own.
struct LutOutputEncoding {
  std::string id;  // "p3dci-gamma2.6"
  std::string name;
  aces::Chromaticities primaries;
  aces::Eotf eotf;
};
const std::vector<LutOutputEncoding>& lut_output_encodings();
// Throws aceslab::Error (usage) listing the valid ids.
const LutOutputEncoding& find_lut_output_encoding(std::string_view id);

class LutEncoding {
 public:
  // `input_id`: a colour space id (color/color_space.h); `output_id`: an ACES 2.0 output transform
  // URN or alias (aces2/output_presets.h). Throws aceslab::Error (usage) for unknown ids.
  // `output_encoding_id`: empty, or a lut_output_encodings() id the LUT's code values are in.
  LutEncoding(std::string_view input_id, CodeRange input_range, std::string_view output_id,
              CodeRange output_range, std::string_view output_encoding_id = {});
  // The LUT's input given by a CLF from its code values to ACES2065-1, as camera makers publish
  // them (clf/parser.h): its inverse takes ACES to the LUT's code values (exact for Log, Matrix,
  // Range and Exponent nodes, numerical for LUT1Ds). Throws aceslab::Error naming the file when it
  // cannot be read or has no inverse (a LUT3D).
  struct ClfInput {
    std::filesystem::path path;
  };
  LutEncoding(const ClfInput& input_clf, CodeRange input_range, std::string_view output_id, CodeRange output_range,
              std::string_view output_encoding_id = {});

  // "logc3-ei800-awg3", or "clf:<file name>" for a CLF input; its name in words.
  const std::string& input_id() const { return m_input_id; }
  const std::string& input_name() const { return m_input_name; }
  // The input's colour space; nullptr for a CLF input.
  const aces::ColorSpace* input_color_space() const { return m_input; }
  CodeRange input_range() const { return m_input_range; }
  const aces::OutputPreset& output() const { return *m_preset; }
  const aces::OutputTransform& output_transform() const { return *m_ot; }
  CodeRange output_range() const { return m_output_range; }
  // The LUT's own display encoding when it differs from the output transform's, else nullptr.
  const LutOutputEncoding* output_encoding() const { return m_output_encoding; }

  // LUT input code values -> ACES2065-1 (the camera's IDT), in place.
  void input_to_aces(std::span<float> rgb) const;
  // ACES2065-1 -> LUT input code values (no clamping), in place.
  void aces_to_input(std::span<float> rgb) const;
  // LUT output code values -> full-range display code values of the output transform's encoding,
  // in place (identity for full range in the output transform's own encoding).
  void output_to_display(std::span<float> rgb) const;

  // ACES2065-1 -> camera code values, as a pipeline (matrix then log encode), full range, and the
  // way back.
  const aces::Pipeline& from_aces_pipeline() const { return m_from_aces; }
  const aces::Pipeline& to_aces_pipeline() const { return m_to_aces; }

 private:
  void set_output(std::string_view output_id, std::string_view output_encoding_id);

  const aces::ColorSpace* m_input = nullptr;
  std::string m_input_id, m_input_name;
  CodeRange m_input_range;
  const aces::OutputPreset* m_preset = nullptr;
  std::shared_ptr<const aces::OutputTransform> m_ot;
  CodeRange m_output_range;
  const LutOutputEncoding* m_output_encoding = nullptr;
  aces::Mat3 m_output_to_display = aces::Mat3::Identity();  // LUT display-linear -> OT display-linear
  aces::Pipeline m_to_aces, m_from_aces;
};

}  // namespace aceslab::lmt
