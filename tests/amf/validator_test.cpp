// SPDX-License-Identifier: Apache-2.0
// The validator on the reference corpus: every valid AMF passes (no errors), every invalid AMF
// yields the finding its file name describes, and the official / vendor examples are read and
// validated without surprises.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <unistd.h>

#include "amf/amf.h"
#include "amf/rules.h"

namespace fs = std::filesystem;
namespace amf = aceslab::amf;

namespace {

const fs::path kCorpus = fs::path(ACESLAB_SHARED_DIR) / "reference/amf/corpus";
const fs::path kValid = kCorpus / "Generated_Samples_AMF/valid_AMFs";
const fs::path kInvalid = kCorpus / "Generated_Samples_AMF/invalid_AMFs";

std::vector<fs::path> amfs_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".amf") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string dump(const amf::ValidationReport& r) {
  std::string out;
  for (const auto& f : r.findings) out += amf::format_finding(f) + "\n";
  return out;
}

bool has(const amf::ValidationReport& r, const std::string& id) {
  for (const auto& f : r.findings) {
    if (f.id == id) return true;
  }
  return false;
}

const amf::Finding* find(const amf::ValidationReport& r, const std::string& id) {
  for (const auto& f : r.findings) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("aceslab_amf_validator_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST(AmfValidator, EveryValidCorpusFilePasses) {
  const auto files = amfs_in(kValid);
  ASSERT_GE(files.size(), 30u);  // completeness: the corpus is all there
  for (const auto& file : files) {
    const auto report = amf::validate_amf(file);
    EXPECT_FALSE(report.has_errors()) << file.filename() << "\n" << dump(report);
    ASSERT_TRUE(report.version.has_value());
  }
}

// Each invalid corpus file and the finding its name describes.
TEST(AmfValidator, EveryInvalidCorpusFileYieldsItsFinding) {
  const std::map<std::string, std::string> expected = {
      {"invalid_01_non_applied_before_applied.amf", "AMF-E030"},
      {"invalid_02_applied_non_applied_applied.amf", "AMF-E030"},
      {"invalid_04_negative_cdl_saturation.amf", "AMF-E041"},
      {"invalid_05_extreme_cdl_values.amf", "AMF-W030"},
      {"invalid_06_missing_descriptions.amf", "AMF-W020"},
      {"invalid_07_no_author.amf", "AMF-W021"},
      {"invalid_08_absolute_file_paths.amf", "AMF-E011"},
      {"invalid_10_empty_transform_id_in_working_space.amf", "AMF-E023"},
      {"invalid_11_empty_odt_transform_id.amf", "AMF-E023"},
      {"invalid_12_mismatched_working_space.amf", "AMF-E042"},
      {"invalid_14_aces_2_0_with_1_3_transforms.amf", "AMF-E020"},
      {"invalid_15_missing_system_version.amf", "AMF-E022"},
      {"invalid_16_missing_file_reference.amf", "AMF-E010"},
      {"invalid_18_ccc_missing_id.amf", "AMF-E043"},
      {"invalid_19_invalid_date_logic.amf", "AMF-E051"},
      {"invalid_21_missing_cdl_id_in_ccc.amf", "AMF-E043"},
      {"invalid_22_non_clf_transform_file.amf", "AMF-W040"},
      {"invalid_23_identity_cdl_warning.amf", "AMF-W031"},
      {"invalid_24_missing_transform_description.amf", "AMF-W020"},
  };
  const auto files = amfs_in(kInvalid);
  ASSERT_EQ(files.size(), expected.size()) << "a corpus file has no expectation (completeness check)";
  for (const auto& file : files) {
    const auto it = expected.find(file.filename().string());
    ASSERT_NE(it, expected.end()) << file.filename();
    const auto report = amf::validate_amf(file);
    const amf::Finding* f = find(report, it->second);
    ASSERT_NE(f, nullptr) << file.filename() << " lacks " << it->second << "\n" << dump(report);
    EXPECT_GT(f->location.line, 0) << amf::format_finding(*f);
    EXPECT_EQ(f->location.path, file.string());
    // Files whose problem is an error must be reported invalid.
    if (it->second.rfind("AMF-E", 0) == 0) {
      EXPECT_TRUE(report.has_errors());
    }
  }
}

TEST(AmfValidator, FindingsPointAtTheRightLine) {
  // invalid_01: look 3 (line 65) is applied after look 2 (line 49), which is not.
  const auto r1 = amf::validate_amf(kInvalid / "invalid_01_non_applied_before_applied.amf");
  const auto* f = find(r1, "AMF-E030");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->location.line, 65);
  EXPECT_EQ(f->name, "applied-order");
  // invalid_16: the missing file is on line 35.
  const auto r2 = amf::validate_amf(kInvalid / "invalid_16_missing_file_reference.amf");
  f = find(r2, "AMF-E010");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->location.line, 35);
  EXPECT_NE(f->message.find("THIS_FILE_DOES_NOT_EXIST.clf"), std::string::npos);
}

TEST(AmfValidator, SchemaErrorsAreReportedWithLines) {
  // invalid_15 lacks systemVersion, which the XSD requires.
  const auto r = amf::validate_amf(kInvalid / "invalid_15_missing_system_version.amf");
  const auto* f = find(r, "AMF-E002");
  ASSERT_NE(f, nullptr) << dump(r);
  EXPECT_GT(f->location.line, 0);
  EXPECT_NE(f->message.find("systemVersion"), std::string::npos) << f->message;
}

TEST(AmfValidator, HashMismatchIsDetected) {
  const fs::path dir = temp_dir("hash");
  fs::copy_file(kValid / "08_mixed_cdl_and_lut.amf", dir / "shot.amf");
  fs::copy_file(kValid / "MasterLookBright_O-Rec709.clf", dir / "MasterLookBright_O-Rec709.clf");
  EXPECT_FALSE(amf::validate_amf(dir / "shot.amf").has_errors());
  // One changed byte in the CLF changes its MD5.
  {
    std::ofstream out(dir / "MasterLookBright_O-Rec709.clf", std::ios::app);
    out << "\n";
  }
  const auto r = amf::validate_amf(dir / "shot.amf");
  const auto* f = find(r, "AMF-E012");
  ASSERT_NE(f, nullptr) << dump(r);
  EXPECT_EQ(f->name, "hash-mismatch");
  EXPECT_EQ(f->location.element, "hash");
}

TEST(AmfValidator, EscapingAndAbsolutePathsAreErrorsUnlessAllowed) {
  const fs::path dir = temp_dir("escape");
  fs::create_directories(dir / "amfs");
  { std::ofstream(dir / "look.clf") << "<ProcessList/>\n"; }
  amf::Amf doc;
  doc.info.authors.push_back({"T", "t@example.com"});
  doc.pipeline.info.system_version = amf::SystemVersion{2, 0, 0};
  amf::TransformRef look;
  look.description = "escaping look";
  look.file = "../look.clf";
  doc.pipeline.looks.push_back(look);
  amf::write_amf_file(dir / "amfs" / "shot.amf", doc, aceslab::Overwrite::allow);
  auto r = amf::validate_amf(dir / "amfs" / "shot.amf");
  EXPECT_TRUE(has(r, "AMF-E013")) << dump(r);
  EXPECT_TRUE(r.has_errors());
  amf::ValidateOptions allow;
  allow.allow_outside = true;
  r = amf::validate_amf(dir / "amfs" / "shot.amf", allow);
  EXPECT_FALSE(r.has_errors()) << dump(r);
  EXPECT_TRUE(has(r, "AMF-E013"));  // still reported, as a warning
}

TEST(AmfValidator, DuplicateUuidsAndRepeatedWorkingLocation) {
  const fs::path dir = temp_dir("uuid");
  amf::Amf doc;
  doc.info.uuid = "urn:uuid:11111111-2222-4333-8444-555555555555";
  doc.pipeline.info.uuid = "urn:uuid:11111111-2222-4333-8444-555555555555";
  doc.pipeline.info.system_version = amf::SystemVersion{2, 0, 0};
  doc.pipeline.working_locations = {0, 0};
  amf::write_amf_file(dir / "dup.amf", doc, aceslab::Overwrite::allow);
  const auto r = amf::validate_amf(dir / "dup.amf");
  EXPECT_TRUE(has(r, "AMF-E050")) << dump(r);
  EXPECT_TRUE(has(r, "AMF-E052")) << dump(r);
}

// A file that cannot be read is not malformed XML: its own finding, with the reason.
TEST(AmfValidator, UnreadableFilesAreNotMalformedXml) {
  const fs::path dir = temp_dir("unreadable");
  for (const fs::path& p : {dir / "missing.amf", dir}) {
    const auto r = amf::validate_amf(p);
    EXPECT_TRUE(has(r, "AMF-E005")) << dump(r);
    EXPECT_FALSE(has(r, "AMF-E001")) << dump(r);
    EXPECT_TRUE(r.has_errors());
  }
}

TEST(AmfValidator, OfficialAndVendorExamplesAreReadable) {
  std::vector<fs::path> files;
  for (const auto& dir : {fs::path(ACESLAB_SHARED_DIR) / "reference/amf/v2/examples",
                          fs::path(ACESLAB_SHARED_DIR) / "reference/amf/v2/examples/generated/aces1",
                          fs::path(ACESLAB_SHARED_DIR) / "reference/amf/v2/examples/generated/aces2",
                          fs::path(ACESLAB_SHARED_DIR) / "reference/amf/pomfort-samples",
                          fs::path(ACESLAB_SHARED_DIR) / "reference/amf/v1.0/examples"}) {
    for (const auto& f : amfs_in(dir)) files.push_back(f);
  }
  ASSERT_GT(files.size(), 170u);
  std::size_t schema_clean = 0;
  for (const auto& file : files) {
    const auto report = amf::validate_amf(file);
    ASSERT_TRUE(report.version.has_value()) << file << "\n" << dump(report);
    // No reader failures: every file parses into the model.
    EXPECT_FALSE(has(report, "AMF-E001")) << file << "\n" << dump(report);
    EXPECT_FALSE(has(report, "AMF-E003")) << file << "\n" << dump(report);
    if (!has(report, "AMF-E002")) ++schema_clean;
  }
  // The official generated examples are schema-valid; only the pre-1.0 Pomfort drafts are not.
  EXPECT_GE(schema_clean, files.size() - 15);
}

TEST(AmfValidator, GeneratedOfficialExamplesHaveNoErrors) {
  for (const char* sub : {"aces1", "aces2"}) {
    for (const auto& file : amfs_in(fs::path(ACESLAB_SHARED_DIR) / "reference/amf/v2/examples/generated" / sub)) {
      const auto report = amf::validate_amf(file);
      EXPECT_FALSE(report.has_errors()) << file << "\n" << dump(report);
    }
  }
}

TEST(AmfValidator, DateTimeParsing) {
  double a = 0, b = 0;
  ASSERT_TRUE(amf::detail::parse_date_time("1970-01-01T00:00:00Z", a));
  EXPECT_EQ(a, 0.0);
  ASSERT_TRUE(amf::detail::parse_date_time("2023-08-15T08:00:00-07:00", a));
  ASSERT_TRUE(amf::detail::parse_date_time("2023-08-15T15:00:00Z", b));
  EXPECT_EQ(a, b);
  ASSERT_TRUE(amf::detail::parse_date_time("2020-01-21T09:30:29.53Z", a));
  EXPECT_FALSE(amf::detail::parse_date_time("yesterday", a));
  EXPECT_FALSE(amf::detail::parse_date_time("2020-13-01T00:00:00Z", a));
}
