// SPDX-License-Identifier: Apache-2.0
// CLF conformance (the OpenColorIO 2.1.2 CLF test files in /work/shared/reference/clf): every
// legal file loads and evaluates CLF_testImage.exr (all 65536 half values) like OpenColorIO does;
// every illegal file is rejected with a message naming its problem; SMPTE ST 2136-1 files either
// load or fail with a clear error; hostile XML (XXE, entity expansion, deep nesting, oversize) is
// refused before anything is resolved.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <limits>
#include <map>

#include "clf/parser.h"
#include "clf/reader.h"
#include "clf/writer.h"
#include "color/error.h"
#include "image/image_io.h"
#include "clf_test_support.h"

namespace aceslab::aces {
namespace {

const std::filesystem::path kClfDir = std::filesystem::path(ACESLAB_SHARED_DIR) / "reference" / "clf";
const std::filesystem::path kLegalDir = kClfDir / "legal-and-illegal";
const std::filesystem::path kIllegalDir = kLegalDir / "illegal";
const std::filesystem::path kHostileDir = std::filesystem::path(ACESLAB_TEST_DATA_DIR) / "clf" / "hostile";

// The CLF Implementation Guide's conformance rule (README-upstream.md, compare_clf_test_frames.py):
// |a - b| / max(|b|, 0.1) <= 0.002.
constexpr double kConformanceTol = 0.002;

// The conformance reference images are half-float EXRs, in which anything of magnitude 65504 or
// more is infinite: comparisons of aceslab's own kernels (double arithmetic) with OCIO (float)
// skip pixels where either side reaches that, since float overflow happens at different steps.
constexpr float kHalfMax = 65504.0f;

double conformance_error(std::span<const float> a, std::span<const float> b, std::size_t* where,
                         float skip_above = std::numeric_limits<float>::infinity()) {
  double worst = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i]))) continue;
    const std::size_t px = i / 3 * 3;
    bool skip = false;
    for (std::size_t k = px; k < px + 3; ++k) {
      skip = skip || !(std::abs(a[k]) < skip_above) || !(std::abs(b[k]) < skip_above);
    }
    if (skip) continue;
    const double err = std::abs(double(a[i]) - double(b[i])) / std::max(std::abs(double(b[i])), 0.1);
    if (!(err <= worst)) {
      worst = std::isnan(err) ? 1e30 : err;
      *where = i;
    }
  }
  return worst;
}

std::vector<std::filesystem::path> clf_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".clf") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

const std::vector<float>& test_image() {
  static const std::vector<float> pixels = read_image(kClfDir / "CLF_testImage.exr").rgb;
  return pixels;
}

TEST(ClfConformance, TestImageIsTheFullHalfDomain) {
  EXPECT_EQ(test_image().size(), 3u * 1024 * 1024);
}

TEST(ClfConformance, EveryLegalFileLoadsAndMatchesOcio) {
  const auto files = clf_files(kLegalDir);
  ASSERT_GE(files.size(), 30u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    try {
      const ClfTransform clf(file);
      EXPECT_FALSE(clf.info().node_types.empty());
      std::vector<float> ours = test_image();
      clf.apply(ours);
      const std::vector<float> theirs = testing::ocio_eval_file(file, test_image());
      std::size_t where = 0;
      EXPECT_LE(conformance_error(ours, theirs, &where), kConformanceTol)
          << "at input " << test_image()[where] << ": " << ours[where] << " vs OCIO " << theirs[where];
    } catch (const Error& e) {
      ADD_FAILURE() << "legal file rejected: " << e.what();
    }
  }
}

// The test image without pixels holding NaN or infinity (CLF v3 leaves their processing to the
// implementation, and aceslab's kernels and OCIO's differ there: OCIO's LUTs map NaN to 0), nor
// magnitudes above 256: a float32 matrix on inputs of size X loses about 3 X 2^-24 to
// cancellation, which for outputs near 0.1 breaks the 0.002 rule from X ~ 1000 (xyz_to_rgb.clf at
// (1408, 736, -383.75) gives 0.084178 in OCIO's float32 and 0.083911 in double; at
// (-65504, -35296, 65504) 0.2219 against 0.2293). aceslab computes matrices in double.
constexpr float kMaxComparedInput = 256.0f;

const std::vector<float>& finite_test_image() {
  static const std::vector<float> pixels = [] {
    std::vector<float> out;
    const std::vector<float>& all = test_image();
    const auto ok = [](float v) { return std::isfinite(v) && std::abs(v) <= kMaxComparedInput; };
    for (std::size_t i = 0; i < all.size(); i += 3) {
      if (ok(all[i]) && ok(all[i + 1]) && ok(all[i + 2])) {
        out.insert(out.end(), {all[i], all[i + 1], all[i + 2]});
      }
    }
    return out;
  }();
  return pixels;
}

TEST(ClfConformance, LegalFilesParsedIntoPipelinesMatchOcio) {
  // aceslab's own parser and kernels (no OCIO arithmetic) against OCIO on every legal file, then
  // the parsed pipeline written back by clf_writer and read by OCIO again.
  int parsed = 0;
  for (const auto& file : clf_files(kLegalDir)) {
    SCOPED_TRACE(file.filename().string());
    Pipeline p;
    try {
      p = read_clf_pipeline(file);
    } catch (const Error& e) {
      ADD_FAILURE() << "not parsed: " << e.what();
      continue;
    }
    ++parsed;
    std::vector<float> ours = finite_test_image();
    aces::apply(p, std::span<float>(ours), 0);
    const std::vector<float> theirs = testing::ocio_eval_file(file, finite_test_image());
    std::size_t where = 0;
    const std::vector<float>& img = finite_test_image();
    const double err = conformance_error(ours, theirs, &where, kHalfMax);
    const std::size_t px = where / 3 * 3;
    EXPECT_LE(err, kConformanceTol)
        << "at input (" << img[px] << ", " << img[px + 1] << ", " << img[px + 2] << ") channel " << where % 3
        << ": " << ours[where] << " vs OCIO " << theirs[where];
    const std::filesystem::path rewritten = testing::unique_temp_path("rewritten");
    write_clf_file(rewritten, p, {}, Overwrite::refuse);
    const std::vector<float> again = testing::ocio_eval_file(rewritten, finite_test_image());
    EXPECT_LE(conformance_error(again, theirs, &where), kConformanceTol) << "rewritten " << rewritten;
    std::filesystem::remove(rewritten);
  }
  RecordProperty("parsed_legal_files", parsed);
}

TEST(ClfConformance, IllegalFilesAreAlsoRejectedByTheParser) {
  for (const auto& file : clf_files(kIllegalDir)) {
    SCOPED_TRACE(file.filename().string());
    // Bit-depth bookkeeping between nodes (transform_bitdepth_mismatch) and version rules are
    // OCIO's to check; the parser folds depths into each node and does not need them to chain.
    const std::string name = file.filename().string();
    if (name == "transform_bitdepth_mismatch.clf" || name == "log_bad_version.clf" ||
        name == "process_list_bad_version.clf" || name == "process_list_higher_version.clf" ||
        name == "transform_id_empty.clf" || name == "transform_missing_id.clf" ||
        name == "exponent_bad_value.clf" || name == "range_bad_values.clf" || name == "range_nonmatching_clamp.clf") {
      continue;
    }
    EXPECT_THROW(read_clf_pipeline(file), Error);
  }
}

TEST(ClfConformance, MetadataOfInfoExample) {
  const ClfInfo info = read_clf_info(kLegalDir / "info_example.clf");
  EXPECT_FALSE(info.id.empty());
  EXPECT_EQ(info.comp_clf_version, "3.0");
  EXPECT_FALSE(info.descriptions.empty());
  EXPECT_FALSE(info.node_types.empty());
}

// One expected substring per illegal file: the message must name the problem.
const std::map<std::string, std::string>& illegal_expectations() {
  static const std::map<std::string, std::string> kExpected = {
      {"array_bad_dimension.clf", "Illegal array dimensions"},
      {"array_bad_value.clf", "Illegal values"},
      {"array_missing_values.clf", "Expected 3x3 Array values"},
      {"array_too_many_values.clf", "too many values"},
      {"cdl_bad_power.clf", "'power'"},
      {"cdl_bad_sat.clf", "SatNode"},
      {"cdl_bad_slope.clf", "SOPNode: 3 values required"},
      {"cdl_bad_style.clf", "Unknown style for CDL"},
      {"cdl_missing_offset.clf", "'Offset' is missing"},
      {"cdl_missing_power.clf", "'Power' is missing"},
      {"cdl_missing_slope.clf", "'Slope' is missing"},
      {"exponent_bad_param.clf", "Illegal offset parameter for style: basicFwd"},
      {"exponent_bad_value.clf", "less than lower bound"},
      {"image_png.clf", "not a UTF-8 text file"},
      {"indexMap_test2.clf", "IndexMap is not part of CLF v3"},
      {"log_bad_param.clf", "'linSideBreak' is only allowed"},
      {"log_bad_style.clf", "'invalidStyle' is invalid"},
      {"log_bad_version.clf", "does not support operator 'Log'"},
      {"log_missing_breakpnt.clf", "'linSideBreak' should be defined"},
      {"lut1d_half_domain_missing_values.clf", "65536 required for halfDomain"},
      {"lut1d_half_domain_set_false.clf", "Illegal 'halfDomain' attribute 'false'"},
      {"lut1d_raw_half_set_false.clf", "Illegal 'rawHalfs' attribute 'false'"},
      {"lut3d_unequal_size.clf", "Illegal array dimensions 2 2 3 3"},
      {"matrix_end_missing.clf", "malformed XML"},
      {"process_list_bad_version.clf", "'three' is not a valid version"},
      {"process_list_higher_version.clf", "Unsupported transform file version '3.2'"},
      {"process_list_missing.clf", "expected <ProcessList>"},
      {"range_bad_noclamp.clf", "Non-clamping Range min & max values have to be set"},
      {"range_bad_values.clf", "maxInValue is too close to minInValue"},
      {"range_empty.clf", "minimum or maximum limits must be set"},
      {"range_nonmatching_clamp.clf", "minimum limits must be equal"},
      {"transform_bad_outdepth.clf", "outBitDepth unknown value (16d)"},
      {"transform_bitdepth_mismatch.clf", "Bit-depth mismatch"},
      {"transform_corrupted_tag.clf", "malformed XML"},
      {"transform_element_end_missing.clf", "malformed XML"},
      {"transform_empty.clf", "no process node"},
      {"transform_id_empty.clf", "'id' does not have a value"},
      {"transform_missing.clf", "No document element found"},
      {"transform_missing_id.clf", "'id' is missing"},
      {"transform_missing_inbitdepth.clf", "inBitDepth is missing"},
      {"transform_missing_outbitdepth.clf", "outBitDepth is missing"},
      {"unknown_elements.clf", "unknown element <B>"},
  };
  return kExpected;
}

TEST(ClfConformance, EveryIllegalFileIsRejectedWithItsReason) {
  const auto files = clf_files(kIllegalDir);
  // Completeness: every illegal file has an expectation, and every expectation a file.
  EXPECT_EQ(files.size(), illegal_expectations().size());
  for (const auto& file : files) {
    const std::string name = file.filename().string();
    SCOPED_TRACE(name);
    const auto expected = illegal_expectations().find(name);
    if (expected == illegal_expectations().end()) {
      ADD_FAILURE() << "no expected message for " << name;
      continue;
    }
    try {
      const ClfTransform clf(file);
      ADD_FAILURE() << "illegal file accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(expected->second), std::string::npos)
          << "message: " << e.what() << "\nexpected to contain: " << expected->second;
      EXPECT_EQ(e.location().path, file.string());
    }
  }
}

TEST(ClfConformance, SmpteSt2136FilesLoadOrFailClearly) {
  // Files that keep compCLFversion 3 load and match OpenColorIO 2.1 reading the file; ST2136-1:2024
  // documents load too (clf/st2136.h), but OCIO 2.1 cannot read that version string, so their
  // values are checked in st2136_test.cpp; the illegal files stay illegal.
  const std::filesystem::path dir = kClfDir / "smpte-st2136";
  for (const char* name : {"bit_depth_identity.clf", "lut1d_lut3d_lut1d.clf", "lut3d_as_matrix.clf",
                           "pre-smpte_only/matrix_example.clf", "pre-smpte_only/process_list_v3_namespace.clf",
                           "smpte_only/broadcast_profile_lut33.clf", "smpte_only/namespaces.clf"}) {
    SCOPED_TRACE(name);
    const ClfTransform clf(dir / name);
    if (std::string(name) == "bit_depth_identity.clf") {
      // OCIO's warning about the ST 2136-1 <Id> element is collected, not printed.
      ASSERT_EQ(clf.info().warnings.size(), 1u);
      EXPECT_NE(clf.info().warnings[0].find("'Id'"), std::string::npos) << clf.info().warnings[0];
      EXPECT_EQ(clf.id(), "urn:uuid:9d768121-0cf9-40a3-a8e3-7b49f79858a7");
    }
    std::vector<float> ours = test_image();
    clf.apply(ours);
    if (clf.info().comp_clf_version == "ST2136-1:2024") continue;  // OCIO 2.1: "not a valid version"
    const std::vector<float> theirs = testing::ocio_eval_file(dir / name, test_image());
    std::size_t where = 0;
    EXPECT_LE(conformance_error(ours, theirs, &where), kConformanceTol);
  }
  for (const char* sub : {"pre-smpte_only/illegal", "smpte_only/illegal"}) {
    for (const auto& file : clf_files(dir / sub)) {
      SCOPED_TRACE(file.string());
      EXPECT_THROW(ClfTransform{file}, Error);
    }
  }
}

// --- hostile inputs --------------------------------------------------------------------------------

TEST(ClfHostile, XxeIsRefusedWithoutResolving) {
  for (const char* name : {"xxe_file.clf", "xxe_parameter_entity.clf", "external_dtd.clf"}) {
    SCOPED_TRACE(name);
    try {
      read_clf_info(kHostileDir / name);
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
      EXPECT_TRUE(std::string(e.what()).find("DTD") != std::string::npos ||
                  std::string(e.what()).find("ENTITY") != std::string::npos)
          << e.what();
      EXPECT_EQ(std::string(e.what()).find("root:"), std::string::npos) << "resolved /etc/passwd: " << e.what();
    }
    EXPECT_THROW(ClfTransform{kHostileDir / name}, Error);
  }
}

TEST(ClfHostile, BillionLaughsIsRefusedQuickly) {
  const auto start = std::chrono::steady_clock::now();
  try {
    const ClfTransform clf(kHostileDir / "billion_laughs.clf");
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("ENTITY"), std::string::npos) << e.what();
    EXPECT_EQ(e.location().line, 3) << e.what();
  }
  // Expansion would take minutes and gigabytes; refusal takes microseconds.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(ClfHostile, UndeclaredEntityReferenceIsRejected) {
  EXPECT_THROW(ClfTransform{kHostileDir / "undeclared_entity.clf"}, Error);
}

TEST(ClfHostile, DeepNestingAndOversizeAreRefused) {
  const std::filesystem::path deep = testing::unique_temp_path("deep");
  {
    std::ofstream out(deep);
    out << "<?xml version=\"1.0\"?>\n<ProcessList id=\"x\" compCLFversion=\"3.0\"><Info>\n";
    for (int i = 0; i < 100000; ++i) out << "<a>";
    for (int i = 0; i < 100000; ++i) out << "</a>";
    out << "</Info></ProcessList>\n";
  }
  try {
    read_clf_info(deep);
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nested more than"), std::string::npos) << e.what();
  }
  ClfReadOptions small;
  small.max_file_bytes = 1000;
  try {
    read_clf_info(deep, small);
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unsupported);
    EXPECT_NE(std::string(e.what()).find("limit"), std::string::npos) << e.what();
  }
  std::filesystem::remove(deep);
  EXPECT_THROW(read_clf_info(kHostileDir / "does_not_exist.clf"), Error);
}

}  // namespace
}  // namespace aceslab::aces
