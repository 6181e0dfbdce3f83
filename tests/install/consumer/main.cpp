// SPDX-License-Identifier: Apache-2.0
// Uses the installed aceslab libraries: a colour-space conversion, the ACES 2.0 Output Transform, a
// CLF written and read back through OpenColorIO, and the shipped transform registry (data found
// through set_data_dir, as the CMake package tells). Prints the results; exits 1 on a wrong one.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "aces2/output_presets.h"
#include "amf/amf.h"
#include "clf/clf.h"
#include "color/data_dir.h"
#include "color/version.h"
#include "pipeline/color_space_pipeline.h"
#include "pipeline/transform_registry.h"

int main(int argc, char** argv) {
  namespace aces = aceslab::aces;
  aceslab::set_data_dir(CONSUMER_DATA_DIR);
  const std::filesystem::path dir = argc > 1 ? argv[1] : ".";
  std::printf("aceslab %s, data %s\n", aceslab::version_string().c_str(), aceslab::data_dir().c_str());

  // LogC3 EI800 code 0.391 is 18% grey in ARRI's encoding.
  std::vector<float> rgb{0.391f, 0.391f, 0.391f};
  const aces::Pipeline to_aces = aces::to_aces(aces::find_color_space("logc3-ei800-awg3"));
  aces::apply(to_aces, rgb);
  aces::output_transform(aces::find_output_preset("rec709-bt1886-100nit"))->forward(rgb);
  std::printf("grey through Rec.709: %.6f %.6f %.6f\n", rgb[0], rgb[1], rgb[2]);

  const std::filesystem::path clf = dir / "consumer_idt.clf";
  std::filesystem::remove(clf);
  aces::write_clf_file(clf, aces::clf_exportable(to_aces), {}, aceslab::Overwrite::refuse);
  std::vector<float> back{0.391f, 0.391f, 0.391f};
  aces::ClfTransform(clf).apply(back);
  std::printf("CLF through OpenColorIO: %.6f\n", back[1]);

  const auto* entry = aces::TransformRegistry::shipped().find(
      "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1");
  std::printf("registry: %s\n", entry ? entry->user_name.c_str() : "(missing)");

  // 18% grey through Rec.709 BT.1886 100 nit: 0.3831177 in OpenColorIO 2.5's reference vectors
  // (shared/reference/aces2/ocio/rec709_fwd.csv, row 214); the LogC3 decode adds ~1e-5.
  const bool ok = std::abs(rgb[1] - 0.3831177f) < 1e-3f && std::abs(back[1] - 0.18f) < 1e-4f && entry != nullptr;
  return ok ? 0 : 1;
}
