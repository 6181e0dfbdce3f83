// SPDX-License-Identifier: Apache-2.0
// The encoding of the LMT's LUT3D node values: what the table stores, and the CLF steps after it
// that turn a stored value back into ACES2065-1.
//
// The LUT3D is interpolated between its nodes, so it is exact only where the function it holds is
// linear inside a lattice cell. Across the show LUT's own lattice (nested in the LMT's), the LUT is
// linear in its *display code values*; the sandwich the LMT holds is inverse_OT(those code
// values). Stored as ACEScct, the node values carry the whole inverse tonescale and inverse EOTF,
// strongly curved near black and white, and interpolation errs there. Stored as `display`, each
// value is the colour's ACES2065-1 mapped per channel by an approximation of the output transform
// itself: a matrix to the display's encoding primaries (ACES white kept neutral), the ACES 2.0
// tonescale of that display's peak luminance, and its inverse EOTF. Along the neutral axis that
// is the output transform exactly, so the stored values are the LUT's own code values there and
// nearly so elsewhere: interpolation between nested nodes becomes nearly exact.
//
//   display:  node = f(N aces) per channel; the CLF undoes it with a halfDomain LUT1D (f^-1 at
//             every half code, linear between) and a Matrix (N^-1).
//   acescct:  node = ACEScct(aces); the CLF undoes it with the ACEScct -> ACES2065-1 steps.
//
// f is smooth (C1) and strictly increasing on the whole real line, so every value the LUT3D can
// hold decodes to a finite colour: below a dark threshold (display light 1e-3, i.e. 0.1 cd/m^2)
// f continues on its tangent line (negatives, out-of-gamut colours), and above 97 % of the
// display's peak it continues logarithmically (the tonescale's asymptote is not a limit).
#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "aces2/output_transform.h"
#include "color/steps.h"
#include "pipeline/pipeline.h"

namespace aceslab::aces::detail {
struct ToneScaleParams;
}

namespace aceslab::lmt {

enum class NodeSpace { display, acescct };
std::string_view node_space_id(NodeSpace s);      // "display", "acescct"
NodeSpace parse_node_space(std::string_view id);  // throws aceslab::Error (usage)

class NodeEncoding {
 public:
  NodeEncoding(const aces::OutputTransform& ot, NodeSpace space);

  NodeSpace space() const { return m_space; }
  // ACES2065-1 -> node values, in place (interleaved RGB).
  void from_aces(std::span<float> rgb) const;
  // Node values -> ACES2065-1 through decode_steps() (what a CLF consumer computes), in place.
  void to_aces(std::span<float> rgb) const;
  // The steps that follow the LUT3D in the LMT.
  const aces::Pipeline& decode_steps() const { return m_decode; }

  // The per-channel curve f and its inverse (display space), for tests.
  double curve(double v) const;
  double curve_inverse(double code) const;
  int monotone_fixes() const { return m_monotone_fixes; }  // LUT1D entries nudged to increase

 private:
  double core(double v) const;          // the tonescale + inverse EOTF along the neutral axis
  double core_inverse(double code) const;

  NodeSpace m_space;
  const aces::OutputTransform* m_ot;
  aces::Mat3 m_to_display = aces::Mat3::Identity();  // N: ACES2065-1 -> encoding-primaries RGB
  double m_peak_display = 1.0;    // display-linear peak (1.0 = 100 cd/m^2)
  double m_linear_scale = 1.0;
  double m_v0 = 0, m_f0 = 0, m_s0 = 1;  // toe: tangent below v0
  double m_v1 = 1, m_f1 = 1, m_s1 = 1;  // shoulder: logarithmic above v1
  std::shared_ptr<const aces::detail::ToneScaleParams> m_ts;
  aces::Pipeline m_from_aces;           // acescct only
  aces::Pipeline m_decode;
  // display: the finite half codes in ascending order and the decode LUT1D's values there
  // (increasing), for the exact inverse of the LUT1D in from_aces.
  std::vector<float> m_codes, m_values;
  int m_monotone_fixes = 0;
};

}  // namespace aceslab::lmt
