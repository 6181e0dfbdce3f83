// SPDX-License-Identifier: Apache-2.0
// The AMF recipe of an LMT: valid against the official AMF v2.0 XSD, input transform by registry id
// (or an IDT CLF when the encoding has none), the LMT as a relative file with its SHA-256, and the
// output transform id.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "amf/amf.h"
#include "lmt/lmt_amf.h"
#include "lmt/lmt_maker.h"
#include "lmt_test_support.h"

namespace fs = std::filesystem;
using namespace aceslab;
using namespace aceslab::lmt;

namespace {

const fs::path kSample = fs::path(ACESLAB_DATA_DIR) / "samples" / "show_logc3_to_rec709.cube";

struct TempDir : aceslab::test::TempDir {
  TempDir() : aceslab::test::TempDir("lmt_amf_test", "looks") {}
};

void expect_schema_valid(const fs::path& amf_path) {
  const std::string xml = amf::read_xml_file(amf_path);
  const auto findings = amf::validate_against_schema(xml, amf_path.string(), amf::AmfVersion::v2_0);
  for (const auto& f : findings) ADD_FAILURE() << f.message;
  EXPECT_TRUE(findings.empty());
}

}  // namespace

TEST(LmtAmf, RecipeWithRegistryInputIsSchemaValid) {
  TempDir dir;
  const ShowLut lut = read_show_lut(kSample);
  LmtSettings s;
  s.lut_in = "logc3-ei800-awg3";
  s.lut_out = "rec709-bt1886-100nit";
  s.verify = false;
  s.cube_size = 17;  // small: this test is about the AMF
  const LmtResult r = make_lmt(lut, s, dir.path / "looks" / "show lmt.clf", Overwrite::refuse);
  const fs::path amf_path = dir.path / "show.amf";
  const LmtAmfResult a = write_lmt_amf(amf_path, r, s, Overwrite::refuse);
  EXPECT_TRUE(a.idt_clf.empty());
  expect_schema_valid(amf_path);

  const amf::Amf doc = amf::read_amf(amf_path);
  ASSERT_TRUE(doc.pipeline.input);
  EXPECT_EQ(doc.pipeline.input->transform_id, "urn:ampas:aces:transformId:v2.0:CSC.Arri.LogC3_to_ACES.a2.v1");
  ASSERT_EQ(doc.pipeline.looks.size(), 1u);
  EXPECT_EQ(doc.pipeline.looks[0].file, "looks/show%20lmt.clf");  // relative and percent-encoded
  ASSERT_TRUE(doc.pipeline.looks[0].hash);
  EXPECT_EQ(doc.pipeline.looks[0].hash->algorithm, amf::HashAlgorithm::sha256);
  ASSERT_TRUE(doc.pipeline.output);
  EXPECT_EQ(doc.pipeline.output->transform_id,
            "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1");
  // The hash matches the file; the semantic validator finds no errors.
  EXPECT_FALSE(amf::validate_amf(amf_path).has_errors());
  EXPECT_THROW(write_lmt_amf(amf_path, r, s, Overwrite::refuse), Error);
}

TEST(LmtAmf, EncodingWithoutRegistryIdGetsAnIdtClf) {
  TempDir dir;
  const ShowLut lut = read_show_lut(kSample);
  LmtSettings s;
  s.lut_in = "slog2-sgamut";  // no ACES 2.0 CSC in the registry
  s.lut_out = "rec709-bt1886-100nit";
  s.verify = false;
  s.cube_size = 17;
  const LmtResult r = make_lmt(lut, s, dir.path / "lmt.clf", Overwrite::refuse);
  const fs::path amf_path = dir.path / "show.amf";
  const LmtAmfResult a = write_lmt_amf(amf_path, r, s, Overwrite::refuse);
  ASSERT_FALSE(a.idt_clf.empty());
  EXPECT_TRUE(fs::exists(a.idt_clf));
  expect_schema_valid(amf_path);
  const amf::Amf doc = amf::read_amf(amf_path);
  ASSERT_TRUE(doc.pipeline.input);
  EXPECT_EQ(doc.pipeline.input->file, "show_idt.clf");
  EXPECT_TRUE(doc.pipeline.input->hash.has_value());
  EXPECT_FALSE(amf::validate_amf(amf_path).has_errors());
}
