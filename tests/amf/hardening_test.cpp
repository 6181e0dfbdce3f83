// SPDX-License-Identifier: Apache-2.0
// AMF attacks of issue 15, each kept as a test: a referenced file swapped between its hash check and
// its load (many iterations, bounded in time), DOCTYPE tricks and UTF-16 that slipped past the
// entity rule, values the validator rejects but a recipe used to run (NaN, power -1, a second
// outputTransform or pipeline), CCC values that are not numbers, line numbers past 65535, time
// linear in the number of findings, weak and non-canonical hashes, and ACES versions judged from
// the id itself.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "amf/amf.h"
#include "amf/recipe.h"
#include "color/error.h"

namespace amf = aceslab::amf;
namespace fs = std::filesystem;
using aceslab::Error;

namespace {

const fs::path kData = fs::path(ACESLAB_TEST_DATA_DIR) / "hardening" / "amf";

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("aceslab_amf_hard_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string scale_clf(double k) {
  std::ostringstream s;
  s << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ProcessList id=\"s\" compCLFversion=\"3.0\">\n"
    << "  <Matrix inBitDepth=\"32f\" outBitDepth=\"32f\"><Array dim=\"3 3\">" << k << " 0 0 0 " << k << " 0 0 0 " << k
    << "</Array></Matrix>\n</ProcessList>\n";
  return s.str();
}

// An AMF v2.0 with one look referencing `look` (hashed now) and nothing else.
fs::path amf_with_look(const fs::path& dir, const fs::path& look) {
  amf::Amf doc;
  doc.info.description = "race";
  doc.info.authors.push_back({"Test", "test@example.com"});
  doc.pipeline.info.system_version = amf::SystemVersion{2, 0, 0};
  doc.pipeline.looks.push_back(amf::file_reference(dir / "shot.amf", look));
  doc.pipeline.looks.back().description = "scale";
  amf::write_amf_file(dir / "shot.amf", doc, aceslab::Overwrite::allow);
  return dir / "shot.amf";
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

Error expect_refused(const fs::path& amf_path, const std::string& message) {
  try {
    amf::recipe_chain(amf_path, {});
    ADD_FAILURE() << "applied " << amf_path;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    return e;
  }
  return Error(aceslab::ErrorKind::internal, "none");
}

bool has(const amf::ValidationReport& r, const std::string& id) {
  for (const auto& f : r.findings) {
    if (f.id == id) return true;
  }
  return false;
}

// Item 2: 29 of 175 `apply --amf` runs applied the swapped file with exit 0 when the file was hashed
// in one read and loaded in another. Now the bytes hashed are the bytes applied.
TEST(AmfHardening, ReferencedFileSwappedDuringApplyIsNeverApplied) {
  const fs::path dir = fresh_dir("race");
  const fs::path look = dir / "look.clf";
  const std::string good = scale_clf(2.0), evil = scale_clf(0.5);
  write(look, good);
  const fs::path amf_path = amf_with_look(dir, look);
  std::atomic<bool> stop{false};
  std::thread attacker([&] {
    // Atomic swaps, so every read sees a whole file: either the hashed one or the other.
    for (unsigned n = 0; !stop; ++n) {
      const fs::path next = dir / ("next" + std::to_string(n % 2) + ".clf");
      write(next, n % 2 ? good : evil);
      fs::rename(next, look);
    }
  });
  int applied = 0, refused = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  for (int i = 0; i < 400 && std::chrono::steady_clock::now() < deadline; ++i) {
    try {
      const auto chain = amf::recipe_chain(amf_path, {});
      std::vector<float> rgb{1.0f, 1.0f, 1.0f};
      chain.apply(rgb);
      ASSERT_FLOAT_EQ(rgb[0], 2.0f) << "iteration " << i << ": the swapped file was applied";
      ++applied;
    } catch (const Error& e) {
      ASSERT_NE(std::string(e.what()).find("hash mismatch"), std::string::npos) << e.what();
      ++refused;
    }
  }
  stop = true;
  attacker.join();
  EXPECT_GT(applied, 0);
  EXPECT_GT(refused, 0) << "the swap never happened: the test did not test anything";
  fs::remove_all(dir);
}

// Item 3: "<!-- ]> -->" inside the internal subset, and UTF-16, hid entity declarations.
TEST(AmfHardening, DoctypeTricksAndUtf16AreRefusedEverywhere) {
  const struct {
    const char* file;
    const char* message;
    int line;
  } cases[] = {
      {"doctype_comment_xxe.amf", "entity declarations are not allowed", 4},
      {"doctype_comment_billion_laughs.amf", "entity declarations are not allowed", 4},
      {"doctype_internal_subset.amf", "a DOCTYPE with an internal subset is refused", 2},
      {"utf16_xxe.amf", "not a UTF-8 text file: the document is UTF-16", 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const auto start = std::chrono::steady_clock::now();
    try {
      amf::read_amf(kData / c.file);
      ADD_FAILURE() << "read";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.detail()).find(c.message), std::string::npos) << e.what();
      EXPECT_EQ(e.location().line, c.line) << e.what();
    }
    expect_refused(kData / c.file, c.message);
    const auto report = amf::validate_amf(kData / c.file);
    EXPECT_TRUE(report.has_errors());
    for (const auto& f : report.findings) EXPECT_EQ(f.message.find("root:"), std::string::npos) << f.message;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2)) << "nothing is expanded";
  }
}

// Item 11: what `amf validate` rejects, `apply --amf` (the recipe) refuses too.
TEST(AmfHardening, RecipesRefuseWhatValidationRejects) {
  const fs::path dir = fresh_dir("values");
  const fs::path base = dir / "base.amf";
  {
    amf::Amf doc;
    doc.info.authors.push_back({"Test", "test@example.com"});
    doc.pipeline.info.system_version = amf::SystemVersion{2, 0, 0};
    doc.pipeline.looks.push_back(amf::cdl_look_in_acescct(amf::Cdl{}));
    doc.pipeline.looks.back().cdl->slope = {1.1, 1.0, 1.0};
    doc.pipeline.output = amf::output_by_id(
        "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1");
    amf::write_amf_file(base, doc, aceslab::Overwrite::allow);
  }
  std::ifstream in(base);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_NO_THROW(amf::recipe_chain(base, {}));
  const std::string output_start = "<aces:outputTransform";
  const std::string output = text.substr(text.find(output_start), text.find("</aces:outputTransform>") -
                                                                       text.find(output_start) + 23);
  const std::string pipeline = text.substr(text.find("<aces:pipeline>"), text.find("</aces:pipeline>") -
                                                                             text.find("<aces:pipeline>") + 16);
  const struct {
    const char* name;
    std::string document;
    const char* message;
    const char* finding;
  } cases[] = {
      {"slope_nan", replace_once(text, "<cdl:Slope>1.1 1 1", "<cdl:Slope>nan 1 1"), "expected 3 numbers (finite)",
       "AMF-E003"},
      {"power_negative", replace_once(text, "<cdl:Power>1 1 1", "<cdl:Power>-1 1 1"),
       "red power -1 is not a finite number > 0", "AMF-E041"},
      {"two_outputs", replace_once(text, output, output + output), "second <outputTransform>", "AMF-E053"},
      {"two_pipelines", replace_once(text, pipeline, pipeline + pipeline), "second <pipeline>", "AMF-E053"},
      {"slope_overflow", replace_once(text, "<cdl:Slope>1.1 1 1", "<cdl:Slope>1e400 1 1"),
       "expected 3 numbers (finite)", "AMF-E003"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const fs::path file = dir / (std::string(c.name) + ".amf");
    write(file, c.document);
    expect_refused(file, c.message);
    const auto report = amf::validate_amf(file);
    EXPECT_TRUE(has(report, c.finding)) << c.name;
  }
  // Referenced CLFs whose values OpenColorIO would read as plausible numbers.
  const fs::path clf_dir = fs::path(ACESLAB_TEST_DATA_DIR) / "hardening" / "clf";
  for (const char* clf : {"lut3d_all_nan.clf", "matrix_overflow.clf"}) {
    SCOPED_TRACE(clf);
    fs::copy_file(clf_dir / clf, dir / clf, fs::copy_options::overwrite_existing);
    expect_refused(amf_with_look(dir, dir / clf), "is not a finite number");
  }
  fs::remove_all(dir);
}

// Item 17: "internal error: stod" for a CCC Saturation "abc".
TEST(AmfHardening, CccValuesAreCheckedWithFileLineAndElement) {
  const std::string ccc =
      "<?xml version=\"1.0\"?>\n<ColorCorrectionCollection xmlns=\"urn:ASC:CDL:v1.01\">\n"
      "  <ColorCorrection id=\"a\">\n    <SOPNode><Slope>1 1 1</Slope><Offset>0 0 0</Offset><Power>1 1 1</Power></SOPNode>\n"
      "    <SATNode>\n      <Saturation>abc</Saturation>\n    </SATNode>\n  </ColorCorrection>\n"
      "  <ColorCorrection id=\"b\">\n    <SOPNode><Slope>1 nan 1</Slope><Offset>0 0 0</Offset><Power>1 1 1</Power></SOPNode>\n"
      "  </ColorCorrection>\n  <ColorCorrection id=\"c\">\n    <SOPNode><Slope>1 1 1</Slope><Offset>0 0 0</Offset>"
      "<Power>1 0 1</Power></SOPNode>\n  </ColorCorrection>\n</ColorCorrectionCollection>\n";
  const struct {
    const char* id;
    const char* message;
    int line;
    const char* element;
  } cases[] = {{"a", "expected a finite number, got \"abc\"", 6, "Saturation"},
               {"b", "expected 3 numbers (finite), got \"1 nan 1\"", 10, "Slope"},
               {"c", "green power 0 is not a finite number > 0", 13, "ColorCorrection"},
               {"d", "no ColorCorrection with id \"d\"", 0, ""}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.id);
    try {
      amf::parse_ccc_correction(ccc, "show.ccc", c.id);
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), aceslab::ErrorKind::invalid_input);
      EXPECT_NE(std::string(e.detail()).find(c.message), std::string::npos) << e.what();
      EXPECT_EQ(e.location().path, "show.ccc");
      EXPECT_EQ(e.location().line, c.line) << e.what();
      EXPECT_EQ(e.location().element, c.element) << e.what();
    }
  }
}

// Item 17: libxml2 line numbers stopped at 65535.
TEST(AmfHardening, SchemaFindingsKeepLineNumbersPast65535) {
  const std::string base = amf::read_xml_file(kData / "doctype_internal_subset.amf");
  std::string doc = base.substr(base.find("<aces:acesMetadataFile"));
  doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + std::string(70000, '\n') + doc;
  doc = replace_once(doc, "<aces:outputTransform applied=\"false\">", "<aces:outputTransform>");
  const auto findings = amf::validate_against_schema(doc, "long.amf", amf::AmfVersion::v2_0);
  ASSERT_FALSE(findings.empty());
  EXPECT_GT(findings.front().location.line, 70000) << findings.front().message;
}

// Item 18: 46 MB AMF took 91 s: libxml2 walked every previous sibling for each error.
TEST(AmfHardening, ValidationTimeIsLinearInFindings) {
  const fs::path dir = fresh_dir("findings");
  auto make = [&](int looks) {
    std::ostringstream s;
    const std::string text = amf::read_xml_file(kData / "doctype_internal_subset.amf");
    const std::string body = text.substr(text.find("<aces:acesMetadataFile"));
    std::string looks_xml;
    for (int i = 0; i < looks; ++i) {
      looks_xml += "<aces:lookTransform><aces:transformId>urn:ampas:aces:transformId:v2.0:Look.X.y" + std::to_string(i) +
                   ".a2.v1</aces:transformId></aces:lookTransform>\n";  // no applied: a schema error each
    }
    const fs::path file = dir / ("looks" + std::to_string(looks) + ".amf");
    write(file, "<?xml version=\"1.0\"?>\n" + replace_once(body, "<aces:outputTransform", looks_xml + "<aces:outputTransform"));
    return file;
  };
  const fs::path small = make(4000), large = make(16000);
  auto seconds = [](const fs::path& f) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = amf::validate_amf(f, {true, false, false});
    EXPECT_TRUE(r.has_errors());
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  seconds(small);  // warm up (schema load)
  const double t_small = seconds(small), t_large = seconds(large);
  // 4x the findings: linear is 4x, quadratic 16x. 8x leaves room for a busy machine.
  EXPECT_LT(t_large, 8.0 * t_small + 0.05) << t_small << " s for 4000 looks, " << t_large << " s for 16000";
  fs::remove_all(dir);
}

// Item 18: MD5/SHA-1 are noted; base64 with non-zero padding bits is not a valid digest.
TEST(AmfHardening, WeakAndNonCanonicalHashes) {
  const fs::path dir = fresh_dir("hashes");
  write(dir / "look.clf", scale_clf(1.5));
  const fs::path amf_path = amf_with_look(dir, dir / "look.clf");
  std::string text = amf::read_xml_file(amf_path);
  const std::string sha256_uri = "http://www.w3.org/2001/04/xmlenc#sha256";
  const auto value_start = text.find('>', text.find("<aces:hash")) + 1;
  const auto value_end = text.find("</aces:hash>");
  const std::string md5 = amf::to_base64(amf::digest_file(dir / "look.clf", amf::HashAlgorithm::md5));
  std::string weak = text;
  weak.replace(value_start, value_end - value_start, md5);
  weak = replace_once(weak, sha256_uri, "http://www.w3.org/2001/04/xmldsig-more#md5");
  write(dir / "md5.amf", weak);
  const auto report = amf::validate_amf(dir / "md5.amf");
  EXPECT_FALSE(report.has_errors());
  EXPECT_TRUE(has(report, "AMF-I045"));
  // "...A==" with the last digit's unused bits set: same bytes, not canonical base64.
  const std::string value = text.substr(value_start, value_end - value_start);
  ASSERT_EQ(value.back(), '=');
  std::string bent = value;
  const std::size_t last = bent.find('=') - 1;
  bent[last] = static_cast<char>(bent[last] + 1);
  EXPECT_TRUE(amf::decode_hash_value(value, amf::HashAlgorithm::sha256).has_value());
  EXPECT_FALSE(amf::decode_hash_value(bent, amf::HashAlgorithm::sha256).has_value()) << bent;
  fs::remove_all(dir);
}

// Item 20: an ACES 1.3 pipeline with unregistered v2.0 ids passed; the id's own version decides.
TEST(AmfHardening, AcesVersionIsJudgedFromTheId) {
  const fs::path dir = fresh_dir("versions");
  const std::string text = amf::read_xml_file(kData / "doctype_internal_subset.amf");
  std::string body = "<?xml version=\"1.0\"?>\n" + text.substr(text.find("<aces:acesMetadataFile"));
  body = replace_once(body, "<aces:majorVersion>2</aces:majorVersion>", "<aces:majorVersion>1</aces:majorVersion>");
  body = replace_once(body, "<aces:minorVersion>0</aces:minorVersion>", "<aces:minorVersion>3</aces:minorVersion>");
  const struct {
    const char* id;
    const char* message;
  } cases[] = {
      {"urn:ampas:aces:transformId:v2.0:Output.Studio.Custom_Rec709.a2.v1", "is an ACES 2.x transform"},
      {"urn:ampas:aces:transformId:v2.0:Output.Studio.Custom_Rec709.a1.v1",
       "names ACES 2 in its URN but ACES 1 in its version tag"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.id);
    const std::string doc = replace_once(
        body, "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1", c.id);
    write(dir / "v.amf", doc);
    const auto report = amf::validate_amf(dir / "v.amf");
    bool found = false;
    for (const auto& f : report.findings) {
      if (f.id == "AMF-E020" && f.message.find(c.message) != std::string::npos) found = true;
    }
    EXPECT_TRUE(found);
  }
  // A version tag too long for an int (found by the AMF fuzzer: std::stoi threw out of the
  // validator) is no ACES version: validation goes on and reports the id.
  const std::string mangled = "urn:ampas:aces:transformId:v1.5:InvRRT.a12222222222222222222222222222222.0.3";
  const std::string doc = replace_once(
      body, "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1", mangled);
  write(dir / "v.amf", doc);
  amf::ValidationReport report;
  EXPECT_NO_THROW(report = amf::validate_amf(dir / "v.amf"));
  bool named = false;
  for (const auto& f : report.findings) named = named || f.message.find(mangled) != std::string::npos;
  EXPECT_TRUE(named);
  fs::remove_all(dir);
}

}  // namespace
