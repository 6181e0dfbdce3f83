// SPDX-License-Identifier: Apache-2.0
// The reader: v1.0 and v2.0 files, DOCTYPEs that resolve nothing, unknown elements as warnings,
// one bad input per error message, and the XML safety rules (billion laughs, XXE) on both the
// pugixml (read_amf) and libxml2 (schema) paths.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "amf/amf.h"
#include "color/error.h"

namespace fs = std::filesystem;
namespace amf = aceslab::amf;

namespace {

const fs::path kData = fs::path(ACESLAB_TEST_DATA_DIR) / "amf";
const fs::path kShared = fs::path(ACESLAB_SHARED_DIR) / "reference/amf";

// Runs `f`, expecting an aceslab::Error whose message contains `text`; returns it.
template <class F>
aceslab::Error expect_error(F&& f, const std::string& text) {
  try {
    f();
  } catch (const aceslab::Error& e) {
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    return e;
  }
  ADD_FAILURE() << "expected an error containing \"" << text << "\"";
  return aceslab::Error(aceslab::ErrorKind::internal, "none");
}

bool has(const std::vector<amf::Finding>& findings, const std::string& id) {
  for (const auto& f : findings) {
    if (f.id == id) return true;
  }
  return false;
}

}  // namespace

TEST(AmfReader, ReadsV2ExampleWithEverything) {
  // example4: clip sequence, inverse ODT + inverse RRT input, CDL look, RRT + ODT output with hashes.
  std::vector<amf::Finding> warnings;
  const amf::Amf doc = amf::read_amf(kShared / "v2/examples/example4.amf", &warnings);
  EXPECT_EQ(doc.version, amf::AmfVersion::v2_0);
  EXPECT_EQ(doc.info.description, "Example Movie");
  ASSERT_EQ(doc.info.authors.size(), 1u);
  EXPECT_EQ(doc.info.authors[0].email, "Foobar@onset.com");
  ASSERT_TRUE(doc.clip && doc.clip->sequence);
  EXPECT_EQ(doc.clip->sequence->idx, "#");
  EXPECT_EQ(doc.clip->sequence->max, 240);
  ASSERT_TRUE(doc.pipeline.info.system_version);
  EXPECT_EQ(doc.pipeline.info.system_version->patch, 3);
  ASSERT_TRUE(doc.pipeline.input && doc.pipeline.input->inverse_output_device);
  EXPECT_EQ(doc.pipeline.input->inverse_reference_rendering->transform_id, "urn:ampas:aces:transformId:v1.5:InvRRT.a1.0.3");
  ASSERT_GE(doc.pipeline.looks.size(), 1u);
  ASSERT_TRUE(doc.pipeline.looks[0].cdl);
  EXPECT_EQ(doc.pipeline.looks[0].cdl->slope, (std::array<double, 3>{2.0, 2.0, 2.0}));
  EXPECT_EQ(doc.pipeline.looks[0].cdl->offset[0], 0.1);
  ASSERT_TRUE(doc.pipeline.output && doc.pipeline.output->reference_rendering && doc.pipeline.output->output_device);
  ASSERT_TRUE(doc.pipeline.output->output_device->hash);
  EXPECT_EQ(doc.pipeline.output->output_device->hash->algorithm, amf::HashAlgorithm::sha1);
  EXPECT_FALSE(has(warnings, "AMF-W001"));
}

TEST(AmfReader, ReadsV1Files) {
  const amf::Amf doc = amf::read_amf(kShared / "v1.0/examples/example1.amf");
  EXPECT_EQ(doc.version, amf::AmfVersion::v1_0);
  ASSERT_TRUE(doc.pipeline.output);
  // Pomfort's pre-release v1 files: no uuid, empty clipId, output without `applied`.
  const amf::Amf pomfort = amf::read_amf(kShared / "pomfort-samples/LogCEI800-LMT-Rec.709100nitsdim.amf");
  EXPECT_EQ(pomfort.version, amf::AmfVersion::v1_0);
  ASSERT_TRUE(pomfort.pipeline.output && pomfort.pipeline.output->output_device);
  EXPECT_EQ(pomfort.pipeline.output->output_device->transform_id,
            "urn:ampas:aces:transformId:v1.5:ODT.Academy.Rec709_100nits_dim.a1.0.3");
  ASSERT_EQ(pomfort.pipeline.looks.size(), 1u);
}

TEST(AmfReader, DraftNamespaceIsReadWithAWarning) {
  std::vector<amf::Finding> warnings;
  const amf::Amf doc = amf::read_amf(kShared / "pomfort-samples/amf_minimal.amf", &warnings);
  EXPECT_EQ(doc.version, amf::AmfVersion::v2_0);
  EXPECT_TRUE(has(warnings, "AMF-W003"));
}

TEST(AmfReader, WorkingLocationBetweenLooks) {
  const amf::Amf doc = amf::read_amf(kShared / "corpus/data/interleaved_working_location.amf");
  ASSERT_EQ(doc.pipeline.looks.size(), 2u);
  EXPECT_EQ(doc.pipeline.working_locations, std::vector<std::size_t>{1});
  EXPECT_TRUE(doc.pipeline.looks[0].applied);
  EXPECT_EQ(doc.pipeline.looks[1].file, "post_look.clf");
}

TEST(AmfReader, ColorCorrectionRefWithFile) {
  const amf::Amf doc = amf::read_amf(kShared / "corpus/Generated_Samples_AMF/valid_AMFs/30_cdl_reference_from_ccc.amf");
  bool found = false;
  for (const auto& look : doc.pipeline.looks) {
    if (!look.cdl_ref.empty()) {
      found = true;
      EXPECT_EQ(look.cdl_ref, "A001_C005_0923SG");
      EXPECT_EQ(look.file, "show_cdls.ccc");
    }
  }
  EXPECT_TRUE(found);
}

TEST(AmfReader, DoctypeWithoutDeclarationsIsIgnored) {
  std::vector<amf::Finding> warnings;
  const amf::Amf doc = amf::read_amf(kData / "doctype_external.amf", &warnings);
  EXPECT_TRUE(has(warnings, "AMF-I002"));
  ASSERT_TRUE(doc.pipeline.output);
  // libxml2 path: schema-valid, nothing fetched (the URL is unreachable by construction).
  const auto report = amf::validate_amf(kData / "doctype_external.amf");
  EXPECT_FALSE(report.has_errors());
}

TEST(AmfReader, UnknownElementsAreWarningsAndKept) {
  std::vector<amf::Finding> warnings;
  const amf::Amf doc = amf::read_amf(kData / "vendor_elements.amf", &warnings);
  std::size_t unknown = 0;
  for (const auto& w : warnings) {
    if (w.id == "AMF-W001") {
      ++unknown;
      EXPECT_EQ(w.severity, amf::Severity::warning);
      EXPECT_GT(w.location.line, 0);
    }
  }
  EXPECT_EQ(unknown, 2u);
  ASSERT_EQ(doc.pipeline.looks.size(), 1u);
  ASSERT_EQ(doc.pipeline.looks[0].foreign.size(), 1u);
  EXPECT_NE(doc.pipeline.looks[0].foreign[0].xml.find("panelState"), std::string::npos);
  // The clip and look a vendor wrote survive a read -> write -> read round trip.
  const amf::Amf back = amf::parse_amf(amf::write_amf(doc), "back.amf");
  ASSERT_TRUE(back.clip);
  EXPECT_EQ(back.clip->clip_name, "A001C003");
  EXPECT_EQ(back.clip->file, "A001C003.mxf");
  ASSERT_TRUE(back.pipeline.looks[0].cdl);
  EXPECT_EQ(back.pipeline.looks[0].cdl->saturation, 0.9);
  EXPECT_EQ(back.pipeline.looks[0].description, "Day look");
}

TEST(AmfReader, MalformedValuesNameFileLineAndElement) {
  auto e = expect_error([] { amf::read_amf(kData / "malformed_slope.amf"); }, "expected 3 numbers");
  EXPECT_EQ(e.location().line, 40);
  EXPECT_EQ(e.location().element, "Slope");
  EXPECT_EQ(e.kind(), aceslab::ErrorKind::invalid_input);
  e = expect_error([] { amf::read_amf(kData / "malformed_applied.amf"); }, "applied must be true or false");
  EXPECT_GT(e.location().line, 0);
  expect_error([] { amf::read_amf(kData / "not_an_amf.amf"); }, "not an ACES Metadata File");
  e = expect_error([] { amf::read_amf(kData / "truncated.amf"); }, "not well-formed XML");
  EXPECT_GT(e.location().line, 0);
  e = expect_error([] { amf::read_amf(kData / "no_such_file.amf"); }, "no such file");
  EXPECT_EQ(e.kind(), aceslab::ErrorKind::io);
}

TEST(AmfReader, MalformedValuesAreFindingsInValidation) {
  const auto report = amf::validate_amf(kData / "malformed_slope.amf");
  bool found = false;
  for (const auto& f : report.findings) {
    if (f.id == "AMF-E003" && f.location.line == 40) found = true;
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(report.has_errors());
}

TEST(AmfSafety, BillionLaughsIsRefusedByBothParsers) {
  auto e = expect_error([] { amf::read_amf(kData / "billion_laughs.amf"); }, "entity declarations are not allowed");
  EXPECT_EQ(e.location().line, 3);
  const std::string xml = amf::read_xml_file(kData / "billion_laughs.amf");
  const auto findings = amf::validate_against_schema(xml, "billion_laughs.amf", amf::AmfVersion::v2_0);
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].id, "AMF-E001");
  const auto report = amf::validate_amf(kData / "billion_laughs.amf");
  EXPECT_TRUE(report.has_errors());
}

TEST(AmfSafety, ExternalEntityIsNeverRead) {
  expect_error([] { amf::read_amf(kData / "xxe.amf"); }, "entity declarations are not allowed");
  const auto report = amf::validate_amf(kData / "xxe.amf");
  EXPECT_TRUE(report.has_errors());
  for (const auto& f : report.findings) EXPECT_EQ(f.message.find("root:"), std::string::npos) << f.message;
}

TEST(AmfSafety, OversizedInputIsRefused) {
  const fs::path big = fs::temp_directory_path() / "aceslab_amf_big.amf";
  {
    std::ofstream out(big, std::ios::binary);
    out << "<?xml version=\"1.0\"?>\n<!--";
    const std::string chunk(1 << 20, 'x');
    for (int i = 0; i < 65; ++i) out << chunk;
    out << "-->\n";
  }
  expect_error([&] { amf::read_amf(big); }, "limit");
  fs::remove(big);
}
