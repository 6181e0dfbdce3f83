// SPDX-License-Identifier: Apache-2.0
// The ACES 1.0.x HDR ODTs end to end: an AMF naming one renders with `apply --amf` as its show saw
// it (aceslab's CTL evaluation, labelled ACES 1.x), its inverse id works as an input, and
// `--output-transform` by registry id. The AMF is the Pomfort Livegrade sample with its Rec.709
// ODT id replaced by an HDR one (written to a temporary folder).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "clf/aces1_output.h"
#include "color/color_space.h"
#include "pipeline/color_space_pipeline.h"
#include "pipeline/pipeline.h"
#include "cli_test_support.h"

namespace aceslab::test {
namespace {

namespace fs = std::filesystem;

// The CLI prints 9 significant digits: float32 printing precision.
constexpr double kPrintTolerance = 1e-7;

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(Aces1HdrCli, AmfWithAces10HdrOdtRendersThroughTheCtl) {
  const fs::path dir = fs::temp_directory_path() / ("aceslab_aces1hdr_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string sample =
      read_text(fs::path(ACESLAB_SHARED_DIR) / "reference/amf/pomfort-samples/S-Log3S-Gamut3-Rec.709100nitsdim.amf");
  ASSERT_NE(sample.find("ODT.Academy.Rec709_100nits_dim.a1.0.3"), std::string::npos);
  const fs::path amf = dir / "p3d60_pq_1000.amf";
  std::ofstream(amf) << replaced(sample, "ODT.Academy.Rec709_100nits_dim.a1.0.3", "ODT.Academy.P3D60_ST2084_1000nits.a1.0.3");

  const std::string codes = "0.41 0.41 0.41\n0.6 0.45 0.3\n";
  const auto r = run_aceslab("apply --amf '" + amf.string() + "'", codes);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("aces1-p3d60-pq-1000nit"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[ACES 1.0.1-1.0.3 ODT]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[ACES 1.x]"), std::string::npos) << r.err;
  std::vector<float> expected{0.41f, 0.41f, 0.41f, 0.6f, 0.45f, 0.3f};
  aces::apply(aces::to_aces(aces::find_color_space("slog3-sgamut3")), expected);
  aces::aces1_output_function(aces::find_aces1_output("aces1-p3d60-pq-1000nit"), aces::Direction::forward)(expected);
  const auto v = numbers(r.out);
  ASSERT_EQ(v.size(), expected.size());
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_NEAR(v[i], expected[i], kPrintTolerance) << i;

  fs::remove_all(dir);
}

TEST(Aces1HdrCli, OutputTransformByRegistryIdAndItsInverse) {
  // ACES 1.0.1's "ST2048" id and its inverse: a round trip of display code values.
  const std::string fwd_id = "ODT.Academy.Rec2020_ST2048_1000nits.a1.0.1";
  const std::string inv_id = "InvODT.Academy.Rec2020_ST2048_1000nits.a1.0.1";
  const std::string codes = "0.3 0.3 0.3\n0.5 0.35 0.2\n";
  const auto aces = run_aceslab("apply -q --output-transform " + inv_id, codes);
  ASSERT_EQ(aces.exit_code, 0) << aces.err;
  const auto back = run_aceslab("apply -q --output-transform " + fwd_id, aces.out);
  ASSERT_EQ(back.exit_code, 0) << back.err;
  const auto in = numbers(codes), out = numbers(back.out);
  ASSERT_EQ(out.size(), in.size());
  // Code -> ACES -> code: exact but for the RRT inverse near red (see aces1_odt_test) and printing.
  for (std::size_t i = 0; i < in.size(); ++i) EXPECT_NEAR(out[i], in[i], 2e-3) << i;
  for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(out[i], in[i], 1e-6) << i;  // the grey: exact
  // --inverse with the forward id is the inverse id.
  const auto flag = run_aceslab("apply -q --inverse --output-transform " + fwd_id, codes);
  ASSERT_EQ(flag.exit_code, 0) << flag.err;
  EXPECT_EQ(flag.out, aces.out);
}

}  // namespace
}  // namespace aceslab::test
