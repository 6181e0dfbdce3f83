// SPDX-License-Identifier: Apache-2.0
// The writer: every AMF aceslab writes validates against the official v2.0 XSD (libxml2), keeps
// the schema's element order, and reads back to the same model.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <unistd.h>

#include "amf/amf.h"
#include "color/error.h"

namespace fs = std::filesystem;
namespace amf = aceslab::amf;

namespace {

const std::string kInputId = "urn:ampas:aces:transformId:v2.0:CSC.Arri.LogC4_to_ACES.a2.v1";
const std::string kOutputId =
    "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1";

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("aceslab_amf_writer_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string schema_messages(const std::vector<amf::Finding>& findings) {
  std::string out;
  for (const auto& f : findings) out += amf::format_finding(f) + "\n";
  return out;
}

// A model using every feature of the v2.0 schema the writer supports.
amf::Amf full_model(const fs::path& amf_path, const fs::path& look_file) {
  amf::Amf doc;
  doc.info.description = "Show \"Alpha\" <dailies> & VFX";
  doc.info.authors.push_back({"Ada Colourist", "ada@example.com"});
  doc.info.authors.push_back({"Ben DIT", "ben@onset.example.org"});
  doc.info.date_time = {"2026-03-26T19:19:49Z", "2026-03-27T08:00:00Z"};
  doc.info.uuid = "urn:uuid:f7c5b279-404b-4612-95f6-2da2e6f4b1b7";
  doc.clip = amf::ClipId{};
  doc.clip->clip_name = "A001C003";
  doc.clip->sequence = amf::Sequence{"A001C003_####.exr", "#", 1, 240};
  doc.pipeline.info.description = "Dailies pipeline";
  doc.pipeline.info.system_version = amf::SystemVersion{2, 0, 0};
  doc.pipeline.input = amf::input_by_id(kInputId, true);
  doc.pipeline.input->description = "ARRI LogC4 to ACES";
  doc.pipeline.looks.push_back(amf::file_reference(amf_path, look_file, false));
  amf::Cdl cdl;
  cdl.slope = {1.1, 1.05, 0.98};
  cdl.offset = {0.01, 0.0, -0.005};
  cdl.power = {1.0, 0.95, 1.02};
  cdl.saturation = 1.08;
  cdl.sop_description = "primary";
  doc.pipeline.looks.push_back(amf::cdl_look_in_acescct(cdl, false));
  doc.pipeline.working_locations.push_back(1);  // between the CLF look and the CDL
  doc.pipeline.output = amf::output_by_id(kOutputId, false);
  doc.pipeline.output->description = "Rec.709 100 nit";

  // An archived ACES 1.x pipeline: RRT + ODT, and an input as inverse ODT + inverse RRT.
  amf::Pipeline old;
  old.info.description = "ACES 1.3 dailies";
  old.info.system_version = amf::SystemVersion{1, 3, 0};
  amf::TransformRef input;
  input.applied = false;
  input.inverse_output_device = amf::Reference{};
  input.inverse_output_device->transform_id =
      "urn:ampas:aces:transformId:v1.5:InvODT.Academy.Rec709_100nits_dim.a1.0.3";
  input.inverse_reference_rendering = amf::Reference{};
  input.inverse_reference_rendering->transform_id = "urn:ampas:aces:transformId:v1.5:InvRRT.a1.0.3";
  old.input = input;
  amf::TransformRef output;
  output.reference_rendering = amf::Reference{};
  output.reference_rendering->transform_id = "urn:ampas:aces:transformId:v1.5:RRT.a1.0.3";
  output.output_device = amf::Reference{};
  output.output_device->transform_id = "urn:ampas:aces:transformId:v1.5:ODT.Academy.Rec709_100nits_dim.a1.0.3";
  old.output = output;
  doc.archived_pipelines.push_back(old);
  return doc;
}

}  // namespace

TEST(AmfWriter, FullModelValidatesAgainstOfficialXsd) {
  const fs::path dir = temp_dir("full");
  write_text(dir / "show look.clf", "<ProcessList id=\"x\" compCLFversion=\"3\"></ProcessList>\n");
  const amf::Amf doc = full_model(dir / "shot.amf", dir / "show look.clf");
  const std::string xml = amf::write_amf(doc);
  const auto findings = amf::validate_against_schema(xml, "written.amf", amf::AmfVersion::v2_0);
  EXPECT_TRUE(findings.empty()) << schema_messages(findings) << xml;
}

TEST(AmfWriter, MinimalModelIsCompletedAndValid) {
  // Empty uuid/dates/system version are filled in so the output is still schema-valid.
  amf::Amf doc;
  const std::string xml = amf::write_amf(doc);
  const auto findings = amf::validate_against_schema(xml, "minimal.amf", amf::AmfVersion::v2_0);
  EXPECT_TRUE(findings.empty()) << schema_messages(findings) << xml;
  EXPECT_TRUE(std::regex_search(xml, std::regex("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  EXPECT_NE(xml.find("<aces:majorVersion>2</aces:majorVersion>"), std::string::npos);
}

TEST(AmfWriter, ElementOrderFollowsSchema) {
  const fs::path dir = temp_dir("order");
  write_text(dir / "look.clf", "<ProcessList/>\n");
  const amf::Amf doc = full_model(dir / "shot.amf", dir / "look.clf");
  const std::string xml = amf::write_amf(doc);
  auto pos = [&](const std::string& s, std::size_t from = 0) { return xml.find(s, from); };
  const auto look = pos("<aces:lookTransform");
  ASSERT_NE(look, std::string::npos);
  EXPECT_LT(pos("<aces:description>", look), pos("<aces:hash", look));
  EXPECT_LT(pos("<aces:hash", look), pos("<aces:file>", look));
  EXPECT_LT(pos("<aces:amfInfo>"), pos("<aces:clipId>"));
  EXPECT_LT(pos("<aces:clipId>"), pos("<aces:pipeline>"));
  EXPECT_LT(pos("<aces:inputTransform"), pos("<aces:lookTransform"));
  EXPECT_LT(pos("<aces:workingLocation"), pos("<cdl:SOPNode>"));
  EXPECT_LT(pos("<cdl:SOPNode>"), pos("<cdl:SatNode>"));
  EXPECT_LT(pos("<aces:outputTransform"), pos("<aces:archivedPipeline>"));
  // Hash is written as base64 SHA-256 (documented form).
  EXPECT_NE(xml.find("algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\""), std::string::npos);
  // The space in the file name is percent-encoded.
  EXPECT_EQ(doc.pipeline.looks[0].file, "look.clf");
}

TEST(AmfWriter, RoundTripKeepsEveryField) {
  const fs::path dir = temp_dir("roundtrip");
  write_text(dir / "show look.clf", "<ProcessList/>\n");
  const amf::Amf doc = full_model(dir / "shot.amf", dir / "show look.clf");
  const std::string xml = amf::write_amf(doc);
  std::vector<amf::Finding> warnings;
  const amf::Amf back = amf::parse_amf(xml, "roundtrip.amf", &warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(back.info.description, doc.info.description);
  ASSERT_EQ(back.info.authors.size(), 2u);
  EXPECT_EQ(back.info.authors[1].email, "ben@onset.example.org");
  EXPECT_EQ(back.info.date_time.creation, "2026-03-26T19:19:49Z");
  EXPECT_EQ(back.info.uuid, doc.info.uuid);
  ASSERT_TRUE(back.clip && back.clip->sequence);
  EXPECT_EQ(back.clip->sequence->pattern, "A001C003_####.exr");
  EXPECT_EQ(back.clip->sequence->max, 240);
  ASSERT_TRUE(back.pipeline.input);
  EXPECT_TRUE(back.pipeline.input->applied);
  EXPECT_EQ(back.pipeline.input->transform_id, kInputId);
  ASSERT_EQ(back.pipeline.looks.size(), 2u);
  EXPECT_EQ(back.pipeline.looks[0].file, "show%20look.clf");
  ASSERT_TRUE(back.pipeline.looks[0].hash);
  EXPECT_EQ(back.pipeline.looks[0].hash->value, doc.pipeline.looks[0].hash->value);
  ASSERT_TRUE(back.pipeline.looks[1].cdl);
  const amf::Cdl& c = *back.pipeline.looks[1].cdl;
  // Numbers are written with the shortest round-trip representation, so they come back exact.
  EXPECT_EQ(c.slope, (std::array<double, 3>{1.1, 1.05, 0.98}));
  EXPECT_EQ(c.offset, (std::array<double, 3>{0.01, 0.0, -0.005}));
  EXPECT_EQ(c.power, (std::array<double, 3>{1.0, 0.95, 1.02}));
  EXPECT_EQ(c.saturation, 1.08);
  EXPECT_EQ(c.sop_description, "primary");
  ASSERT_TRUE(back.pipeline.looks[1].cdl_working_space && back.pipeline.looks[1].cdl_working_space->to);
  EXPECT_EQ(back.pipeline.working_locations, std::vector<std::size_t>{1});
  ASSERT_TRUE(back.pipeline.output);
  EXPECT_EQ(back.pipeline.output->transform_id, kOutputId);
  ASSERT_EQ(back.archived_pipelines.size(), 1u);
  ASSERT_TRUE(back.archived_pipelines[0].output && back.archived_pipelines[0].output->output_device);
  EXPECT_EQ(back.archived_pipelines[0].input->inverse_reference_rendering->transform_id,
            "urn:ampas:aces:transformId:v1.5:InvRRT.a1.0.3");
  // Writing the read model again gives the same text.
  EXPECT_EQ(amf::write_amf(back), xml);
}

TEST(AmfWriter, WrittenFileValidatesCleanlyAndRefusesOverwrite) {
  const fs::path dir = temp_dir("file");
  write_text(dir / "show look.clf", "<ProcessList/>\n");
  const fs::path amf_path = dir / "shot.amf";
  const amf::Amf doc = full_model(amf_path, dir / "show look.clf");
  amf::write_amf_file(amf_path, doc, aceslab::Overwrite::refuse);
  const auto report = amf::validate_amf(amf_path);
  EXPECT_EQ(report.count(amf::Severity::error), 0u);
  for (const auto& f : report.findings) {
    EXPECT_NE(f.severity, amf::Severity::error) << amf::format_finding(f);
  }
  EXPECT_THROW(amf::write_amf_file(amf_path, doc, aceslab::Overwrite::refuse), aceslab::Error);
  EXPECT_NO_THROW(amf::write_amf_file(amf_path, doc, aceslab::Overwrite::allow));
}

TEST(AmfWriter, FileReferenceOutsideFolderIsRefused) {
  const fs::path dir = temp_dir("outside");
  fs::create_directories(dir / "amfs");
  write_text(dir / "look.clf", "<ProcessList/>\n");
  EXPECT_THROW(amf::file_reference(dir / "amfs" / "shot.amf", dir / "look.clf"), aceslab::Error);
  const auto ref = amf::file_reference(dir / "amfs" / "shot.amf", dir / "look.clf", false, true);
  EXPECT_EQ(ref.file, "../look.clf");
}

TEST(AmfWriter, IncompleteTransformIsAUsageError) {
  amf::Amf doc;
  doc.pipeline.looks.emplace_back();  // names nothing
  try {
    amf::write_amf(doc);
    FAIL() << "expected an error";
  } catch (const aceslab::Error& e) {
    EXPECT_EQ(e.kind(), aceslab::ErrorKind::usage);
    EXPECT_NE(std::string(e.what()).find("look transform needs"), std::string::npos);
  }
}

TEST(AmfWriter, UuidAndTimeFormats) {
  const std::string a = amf::new_uuid_urn();
  EXPECT_NE(a, amf::new_uuid_urn());
  EXPECT_TRUE(std::regex_match(a, std::regex("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  EXPECT_TRUE(std::regex_match(amf::utc_now(), std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)")));
}
