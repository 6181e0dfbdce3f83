// SPDX-License-Identifier: Apache-2.0
#include "lmt/aces1_look.h"

#include <string>
#include <vector>

#include "color/error.h"

namespace OCIO = OCIO_NAMESPACE;

namespace aceslab::lmt {

ShowLut aces1_output_lut(const aces::Aces1Output& output) {
  auto group = OCIO::GroupTransform::Create();
  auto from_acescct = OCIO::BuiltinTransform::Create();
  from_acescct->setStyle("ACEScct_to_ACES2065-1");
  group->appendTransform(from_acescct);
  group->appendTransform(aces::aces1_output_ocio(output, aces::Direction::forward));
  return show_lut_from_ocio(group, output.alias, "ACES 1.x output " + output.name + " (OpenColorIO 2.1 builtins)",
                            /*expect_black_box=*/true);
}

ShowLut aces1_output_table(const aces::Aces1Output& output, int size) {
  if (size < 2 || size > aces::kMaxClfLut3DSize) {
    throw Error(ErrorKind::usage, "ACES 1.x output table: size " + std::to_string(size) + " is out of range [2, " +
                                      std::to_string(aces::kMaxClfLut3DSize) + "]");
  }
  // The exact output at the lattice points (CLF order: blue fastest), then a LUT3D holding them.
  std::vector<float> v;
  v.reserve(3 * static_cast<std::size_t>(size) * size * size);
  for (int r = 0; r < size; ++r)
    for (int g = 0; g < size; ++g)
      for (int b = 0; b < size; ++b) {
        for (int i : {r, g, b}) v.push_back(static_cast<float>(i) / static_cast<float>(size - 1));
      }
  aces1_output_lut(output).apply(v);
  auto lut = OCIO::Lut3DTransform::Create(static_cast<unsigned long>(size));
  lut->setInterpolation(OCIO::INTERP_TETRAHEDRAL);
  std::size_t k = 0;
  for (int r = 0; r < size; ++r)
    for (int g = 0; g < size; ++g)
      for (int b = 0; b < size; ++b, k += 3) {
        lut->setValue(static_cast<unsigned long>(r), static_cast<unsigned long>(g), static_cast<unsigned long>(b), v[k],
                      v[k + 1], v[k + 2]);
      }
  return show_lut_from_ocio(lut, output.alias,
                            "ACES 1.x output " + output.name + " sampled at " + std::to_string(size) + "^3 over ACEScct " +
                                "(OpenColorIO 2.1 builtins)");
}

bool aces1_sampled(const LmtSettings& settings) {
  const aces::Eotf eotf = lut_encoding(settings).output_transform().params().eotf;
  return eotf != aces::Eotf::pq && eotf != aces::Eotf::hlg;
}

LmtSettings aces1_look_settings(const aces::Aces1Output& output, const std::string& lut_out) {
  LmtSettings s;
  s.lut_in = "acescct";
  s.lut_out = lut_out.empty() ? output.aces2_equivalent : lut_out;
  if (s.lut_out.empty()) {
    throw Error(ErrorKind::usage, "ACES 2.0 has no output transform with the display of " + output.alias + " (" +
                                      output.display + "): give --lut-out");
  }
  s.aces1_output = output.alias;
  s.look_name = "ACES1_" + output.alias;
  s.user_name = "ACES 1 look: " + output.name + " (aceslab)";
  return s;
}

}  // namespace aceslab::lmt
