// SPDX-License-Identifier: Apache-2.0
// SMPTE ST 2136-1 CLF (clf/st2136.h): written in the form OpenColorIO 2.6 writes (namespace,
// compCLFversion "3", an <Id> urn:uuid equal to the id attribute) and read back three ways, by
// aceslab's reader, its own parser and OpenColorIO 2.1, giving the same results as the Academy v3
// file of the same pipeline; and the ST 2136-1 reference files: legal ones read, illegal ones
// refused with their reason.
#include <gtest/gtest.h>

#include <filesystem>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "clf/parser.h"
#include "clf/reader.h"
#include "clf/st2136.h"
#include "clf/writer.h"
#include "color/error.h"
#include "clf_test_support.h"

namespace aceslab::aces {
namespace {

constexpr std::size_t kSame = static_cast<std::size_t>(-1);  // first_difference: no difference
const std::filesystem::path kSt2136 = std::filesystem::path(ACESLAB_SHARED_DIR) / "reference/clf/smpte-st2136";

// One of each node type the writer emits.
Pipeline mixed_pipeline() {
  Pipeline p;
  p.name = "ST 2136-1 round trip";
  p.description = "Every node type";
  MatrixStep m;
  m.m << 0.6954522414, 0.1406786965, 0.1638690622, 0.0447945634, 0.8596711185, 0.0955343182, -0.0055258826,
      0.0040252103, 1.0015006723;
  m.offset = Vec3(0.01, -0.02, 0.0);
  p.append(m);
  LogStep log;
  log.style = LogStyle::cameraLinToLog;
  log.params = {testing::acescct_params(), testing::acescct_params(), testing::acescct_params()};
  p.append(log);
  Lut1DStep lut1;
  lut1.values = {0.0f, 0.0f, 0.0f, 0.3f, 0.25f, 0.2f, 1.0f, 0.9f, 0.8f};
  p.append(lut1);
  Lut3DStep lut3;
  lut3.size = 2;
  lut3.interpolation = Interpolation3D::tetrahedral;
  lut3.values = {0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 0.9f, 0.95f, 1};
  p.append(lut3);
  CdlStep cdl;
  cdl.slope = Vec3(1.1, 1.0, 0.9);
  cdl.power = Vec3(1.0, 1.05, 1.0);
  cdl.saturation = 0.9;
  p.append(cdl);
  RangeStep range;
  range.min_in = 0.0;
  range.max_in = 1.0;
  range.min_out = 0.0;
  range.max_out = 1.0;
  p.append(range);
  return p;
}

TEST(ClfSt2136, WrittenAsOpenColorIO26WritesIt) {
  ClfMetadata meta;
  meta.flavor = ClfFlavor::smpte_st2136_1;
  meta.aces_user_name = "round trip";
  const std::string text = write_clf(mixed_pipeline(), meta);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(text.c_str()));
  const pugi::xml_node root = doc.document_element();
  EXPECT_STREQ(root.name(), "ProcessList");
  // Attribute order as OCIO 2.6 writes them.
  const std::vector<std::string> want{"compCLFversion", "xmlns", "id", "name"};
  std::vector<std::string> got;
  for (pugi::xml_attribute a : root.attributes()) got.emplace_back(a.name());
  EXPECT_EQ(got, want);
  EXPECT_STREQ(root.attribute("compCLFversion").value(), "3");
  EXPECT_EQ(std::string(root.attribute("xmlns").value()), kSt2136Namespace);
  const std::string id = root.attribute("id").value();
  EXPECT_TRUE(is_st2136_id(id)) << id;
  const pugi::xml_node first = root.first_child();
  EXPECT_STREQ(first.name(), "Id");
  EXPECT_EQ(std::string(first.text().get()), id);
  // The Academy form has neither.
  const std::string academy = write_clf(mixed_pipeline(), {});
  EXPECT_EQ(academy.find("smpte-ra.org"), std::string::npos);
  EXPECT_EQ(academy.find("<Id>"), std::string::npos);
  EXPECT_NE(academy.find("compCLFversion=\"3.0\""), std::string::npos);
}

TEST(ClfSt2136, ReadBackByAceslabAndOpenColorIO) {
  const Pipeline p = mixed_pipeline();
  ClfMetadata smpte;
  smpte.flavor = ClfFlavor::smpte_st2136_1;
  const auto smpte_path = testing::unique_temp_path("st2136");
  const auto academy_path = testing::unique_temp_path("academy");
  write_clf_file(smpte_path, p, smpte, Overwrite::refuse);
  write_clf_file(academy_path, p, {}, Overwrite::refuse);

  const ClfInfo info = read_clf_info(smpte_path);
  EXPECT_TRUE(info.smpte);
  EXPECT_TRUE(is_st2136_id(info.st2136_id));
  EXPECT_EQ(info.id, info.st2136_id);
  EXPECT_EQ(info.node_types.size(), p.steps.size());
  EXPECT_FALSE(read_clf_info(academy_path).smpte);

  const std::vector<float> grid = testing::dense_grid();
  // aceslab's parser: the same steps, so the same numbers, exactly.
  const auto ours_smpte = testing::aceslab_eval(read_clf_pipeline(smpte_path), grid);
  const auto ours_academy = testing::aceslab_eval(read_clf_pipeline(academy_path), grid);
  EXPECT_EQ(testing::first_difference(ours_smpte, ours_academy), kSame);
  // OpenColorIO 2.1 reads the ST 2136-1 form as the v3 file, bit for bit (it warns that it does not
  // know <Id>, and ignores it).
  const auto ocio_smpte = testing::ocio_eval_file(smpte_path, grid);
  const auto ocio_academy = testing::ocio_eval_file(academy_path, grid);
  EXPECT_EQ(testing::first_difference(ocio_smpte, ocio_academy), kSame);
  // And through ClfTransform (the checked path every command uses).
  std::vector<float> via_transform = grid;
  ClfTransform(smpte_path).apply(via_transform);
  EXPECT_EQ(testing::first_difference(via_transform, ocio_smpte), kSame);
  std::filesystem::remove(smpte_path);
  std::filesystem::remove(academy_path);
}

TEST(ClfSt2136, FlavorIds) {
  EXPECT_EQ(parse_clf_flavor("smpte-st2136-1"), ClfFlavor::smpte_st2136_1);
  EXPECT_EQ(parse_clf_flavor("academy-v3"), ClfFlavor::academy_v3);
  EXPECT_STREQ(clf_flavor_id(ClfFlavor::smpte_st2136_1), "smpte-st2136-1");
  EXPECT_THROW(parse_clf_flavor("v4"), Error);
  EXPECT_TRUE(is_st2136_id("urn:uuid:9d768121-0cf9-40a3-a8e3-7b49f79858a7"));
  EXPECT_FALSE(is_st2136_id("3bae2da8"));
  EXPECT_FALSE(is_st2136_id("urn:uuid:9d768121-0cf9-40a3-a8e3-7b49f79858a"));
}

// The reference files of OpenColorIO's ST 2136-1 support (shared/reference/clf/smpte-st2136).
TEST(ClfSt2136, ReferenceFiles) {
  // Legal: each reads and evaluates (mid grey through the identity ones stays put).
  for (const char* name : {"bit_depth_identity.clf", "lut3d_as_matrix.clf", "lut1d_lut3d_lut1d.clf",
                           "smpte_only/namespaces.clf", "smpte_only/broadcast_profile_lut33.clf",
                           "pre-smpte_only/matrix_example.clf", "pre-smpte_only/process_list_v3_namespace.clf"}) {
    SCOPED_TRACE(name);
    std::vector<float> rgb{0.5f, 0.25f, 0.125f};
    EXPECT_NO_THROW(ClfTransform(kSt2136 / name).apply(rgb));
  }
  std::vector<float> grey{0.5f, 0.25f, 0.125f};
  ClfTransform(kSt2136 / "smpte_only/namespaces.clf").apply(grey);  // prefixed, compCLFversion ST2136-1:2024
  EXPECT_NEAR(grey[0], 0.5f, 1e-3f);
  EXPECT_NEAR(grey[2], 0.125f, 1e-3f);
  EXPECT_TRUE(read_clf_info(kSt2136 / "smpte_only/namespaces.clf").smpte);
  // Illegal: refused with their reason.
  const struct {
    const char* name;
    const char* message;
  } illegal[] = {
      {"smpte_only/illegal/id_bad_value.clf", "is not a SMPTE ST 2136-1 Id"},
      {"smpte_only/illegal/process_list_higher_ns_version.clf", "is not the edition this reader implements"},
      {"pre-smpte_only/illegal/process_list_bad_version.clf", "is not a valid version"},
      {"pre-smpte_only/illegal/process_list_higher_version.clf", "Unsupported transform file version"},
      {"pre-smpte_only/illegal/log_bad_version.clf", "does not support operator 'Log'"},
      {"pre-smpte_only/illegal/transform_id_empty.clf", "does not have a value"},
      {"pre-smpte_only/illegal/transform_missing_id.clf", "Required attribute 'id' is missing"},
  };
  for (const auto& c : illegal) {
    SCOPED_TRACE(c.name);
    try {
      ClfTransform clf(kSt2136 / c.name);
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace aceslab::aces
