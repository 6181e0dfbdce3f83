// SPDX-License-Identifier: Apache-2.0
#include "lmt/aces1_look.h"

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

LmtSettings aces1_look_settings(const aces::Aces1Output& output, const std::string& lut_out) {
  LmtSettings s;
  s.lut_in = "acescct";
  s.lut_out = lut_out.empty() ? output.aces2_equivalent : lut_out;
  if (s.lut_out.empty()) {
    throw Error(ErrorKind::usage, "ACES 2.0 has no output transform with the display of " + output.alias + " (" +
                                      output.display + "): give --lut-out");
  }
  s.aces1_output = output.alias;
  s.cube_size = kAces1LookCubeSize;
  s.look_name = "ACES1_" + output.alias;
  s.user_name = "ACES 1 look: " + output.name + " (aceslab)";
  return s;
}

}  // namespace aceslab::lmt
