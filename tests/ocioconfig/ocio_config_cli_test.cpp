// SPDX-License-Identifier: Apache-2.0
// `aceslab ocio-config` as a user runs it, on a recipe made with the command itself (LogC3 input by
// transformId, a look CLF, an ASC CDL in ACEScct, Rec.709 output) plus an S-Log3 IDT CLF:
//  - the OCIO 2.1 config loads in the installed OpenColorIO 2.1 and reproduces `aceslab apply --amf`
//    through the recipe's view within the baked LUT's measured error;
//  - the OCIO 2.4 config uses only styles OCIO 2.4.0 defines, and with those replaced by
//    placeholders the installed OCIO parses and validates the rest (names, references, views,
//    looks, roles) and builds a processor for every display/view;
//  - refusals: an existing config without --force, a changed look file, nothing to export.
#include <OpenColorIO/OpenColorIO.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <sstream>

#include "aces2/output_presets.h"
#include "aces2/output_transform.h"
#include "clf/reader.h"
#include "tests/cli/cli_test_support.h"

namespace OCIO = OCIO_NAMESPACE;
namespace fs = std::filesystem;
namespace aces = aceslab::aces;
using aceslab::test::read_text;
using aceslab::test::run_aceslab;

namespace {

// OCIO evaluating the same exact steps (CLF Log/Matrix, CDL, the ACEScct builtin there and back)
// as aceslab's own code, in float32 (relative; measured 2.9e-5).
constexpr double kExactPartsTol = 5e-5;
// The view beyond the baked LUT's own error at the same colours (measured 3e-6).
constexpr double kViewTol = 1e-4;

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

class OcioConfigCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = fs::temp_directory_path() / ("aceslab_ocio_config_" + std::to_string(::getpid()));
    fs::remove_all(s_dir);
    fs::create_directories(s_dir / "shot");
    auto ok = [](const aceslab::test::CliResult& r, const std::string& what) {
      ASSERT_EQ(r.exit_code, 0) << what << "\n" << r.err;
    };
    ok(run_aceslab("idt --from-spec slog3-sgamut3 -o " + q(s_dir / "slog3_idt.clf")), "idt");
    // A look CLF (ACES2065-1 in and out): a saturation matrix and a CDL, written by hand (the LMT
    // maker's 65^3 bakes belong to its own tests).
    std::ofstream(s_dir / "shot" / "look.clf") << kLookClf;
    ok(run_aceslab("amf create -o " + q(s_dir / "shot" / "shot.amf") +
                   " --input-id urn:ampas:aces:transformId:v2.0:CSC.Arri.LogC3_to_ACES.a2.v1 --look " +
                   q(s_dir / "shot" / "look.clf") + " --look cdl:1.1,1,0.95,0.01,0,0,1,1,1,1.05" +
                   " --output-transform rec709-bt1886-100nit"),
       "amf create");
  }
  static void TearDownTestSuite() { fs::remove_all(s_dir); }

  static nlohmann::json export_config(const std::string& version, const fs::path& out, const std::string& extra = "") {
    const auto r = run_aceslab("ocio-config --amf " + q(s_dir / "shot" / "shot.amf") + " --idt " + q(s_dir / "slog3_idt.clf") +
                               " --ocio-version " + version + " -o " + q(out) + " --json -q " + extra);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
  }

  static inline fs::path s_dir;
  static constexpr const char* kLookClf = R"(<?xml version="1.0" encoding="UTF-8"?>
<ProcessList id="urn:uuid:7c3e3b9e-2f0b-4a57-9d8e-3d1c2b1a0f00" name="Test look" compCLFversion="3.0">
  <Description>A saturation matrix and a soft offset, ACES2065-1 in and out</Description>
  <InputDescriptor>ACES2065-1</InputDescriptor>
  <OutputDescriptor>ACES2065-1</OutputDescriptor>
  <Matrix inBitDepth="32f" outBitDepth="32f">
    <Array dim="3 3">
      0.94 0.05 0.01
      0.03 0.95 0.02
      0.01 0.04 0.95
    </Array>
  </Matrix>
  <ASC_CDL inBitDepth="32f" outBitDepth="32f" style="FwdNoClamp">
    <SOPNode><Slope>1.02 1.0 0.98</Slope><Offset>0.001 0 0</Offset><Power>1 1 1</Power></SOPNode>
    <SatNode><Saturation>1.1</Saturation></SatNode>
  </ASC_CDL>
</ProcessList>
)";
};

std::vector<float> logc3_codes() {
  std::mt19937 rng(424242);
  std::uniform_real_distribution<float> u(0.02f, 0.98f);
  std::vector<float> v = {0.391f, 0.391f, 0.391f, 0.1f, 0.1f, 0.1f, 0.9f, 0.9f, 0.9f};
  for (int i = 0; i < 3 * 2000; ++i) v.push_back(u(rng));
  return v;
}

std::string as_triplets(const std::vector<float>& v) {
  std::ostringstream o;
  o.precision(9);
  for (size_t i = 0; i < v.size(); i += 3) o << v[i] << ' ' << v[i + 1] << ' ' << v[i + 2] << '\n';
  return o.str();
}

std::vector<float> parse_triplets(const std::string& text) {
  std::istringstream in(text);
  std::vector<float> v;
  for (float x; in >> x;) v.push_back(x);
  return v;
}

const nlohmann::json* find_view(const nlohmann::json& doc, const std::string& display, const std::string& view) {
  for (const auto& v : doc["views"]) {
    if (v["display"] == display && v["view"] == view) return &v;
  }
  return nullptr;
}

}  // namespace

TEST_F(OcioConfigCli, Ocio21ConfigReproducesApplyAmf) {
  const fs::path out = s_dir / "ocio21" / "shot.ocio";
  fs::create_directories(out.parent_path());
  const nlohmann::json doc = export_config("2.1", out, "--output-transform rec2100-pq-1000nit-p3");
  ASSERT_FALSE(doc.is_null());
  EXPECT_EQ(doc["ocio_profile_version"], "2.1");
  const nlohmann::json* plain = find_view(doc, "Rec.1886 Rec.709 - Display", "ACES 2.0 - SDR 100 nits (Rec.709)");
  ASSERT_NE(plain, nullptr) << doc.dump(2);
  ASSERT_TRUE((*plain)["baked"].get<bool>());
  const double baked_max = (*plain)["error_code_values"]["max"].get<double>();
  EXPECT_GT(baked_max, 0.0);
  ASSERT_TRUE(fs::exists(out.parent_path() / "shot_luts"));

  OCIO::ConstConfigRcPtr config = OCIO::Config::CreateFromFile(out.string().c_str());
  EXPECT_NO_THROW(config->validate());
  EXPECT_EQ(config->getMajorVersion(), 2u);
  EXPECT_EQ(config->getMinorVersion(), 1u);

  // The recipe's input colour space (LogC3 by transformId) and its view with the two looks.
  std::string input;
  for (const auto& cs : doc["input_colorspaces"]) {
    if (cs.get<std::string>().find("LogC3") != std::string::npos) input = cs;
  }
  ASSERT_FALSE(input.empty()) << doc.dump(2);
  const std::string view = "shot - ACES 2.0 - SDR 100 nits (Rec.709)";
  const std::string looks = config->getDisplayViewLooks("Rec.1886 Rec.709 - Display", view.c_str());
  ASSERT_FALSE(looks.empty());
  const std::vector<float> codes = logc3_codes();
  const std::string input_text = as_triplets(codes);

  // 1. The exact parts (input transform and the two looks, up to ACES2065-1): OCIO through the
  //    config against `aceslab apply --amf --no-output`.
  const auto scene = run_aceslab("apply --amf " + q(s_dir / "shot" / "shot.amf") + " --no-output", input_text);
  ASSERT_EQ(scene.exit_code, 0) << scene.err;
  const std::vector<float> aces = parse_triplets(scene.out);
  ASSERT_EQ(aces.size(), codes.size());
  auto look = OCIO::LookTransform::Create();
  look->setSrc(input.c_str());
  look->setDst("ACES2065-1");
  look->setLooks(looks.c_str());
  std::vector<float> ocio_aces = codes;
  OCIO::PackedImageDesc sdesc(ocio_aces.data(), static_cast<long>(ocio_aces.size() / 3), 1, 3);
  config->getProcessor(look)->getDefaultCPUProcessor()->apply(sdesc);
  double scene_worst = 0;
  for (size_t i = 0; i < aces.size(); ++i) {
    scene_worst = std::max(scene_worst, std::abs(double(aces[i]) - ocio_aces[i]) / std::max(1.0, std::abs(double(aces[i]))));
  }
  EXPECT_LE(scene_worst, kExactPartsTol) << "input transform + looks, relative";

  // 2. The baked output's own error at exactly these colours: the baked CLF against the exact
  //    transform on aceslab's ACES values.
  const auto& preset = aces::find_output_preset("rec709-bt1886-100nit");
  std::vector<float> exact = aces, baked = aces;
  aces::output_transform(preset)->forward(exact);
  aces::ClfTransform((*plain)["file"].get<std::string>()).apply(baked);

  // 3. The whole view (what an application shows) against `aceslab apply --amf`: within the baked
  //    LUT's error at each colour, plus what the exact parts leave.
  auto dvt = OCIO::DisplayViewTransform::Create();
  dvt->setSrc(input.c_str());
  dvt->setDisplay("Rec.1886 Rec.709 - Display");
  dvt->setView(view.c_str());
  std::vector<float> ocio = codes;
  OCIO::PackedImageDesc desc(ocio.data(), static_cast<long>(ocio.size() / 3), 1, 3);
  config->getProcessor(dvt)->getDefaultCPUProcessor()->apply(desc);  // what an application uses
  const auto r = run_aceslab("apply --amf " + q(s_dir / "shot" / "shot.amf"), input_text);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<float> ours = parse_triplets(r.out);
  ASSERT_EQ(ours.size(), ocio.size());
  double worst = 0, worst_excess = 0;
  for (size_t i = 0; i < ours.size(); ++i) {
    const double d = std::abs(double(ours[i]) - ocio[i]);
    worst = std::max(worst, d);
    worst_excess = std::max(worst_excess, d - std::abs(double(baked[i]) - exact[i]));
  }
  std::cout << "OCIO 2.1 through the config vs aceslab apply --amf: max " << worst << " code values; beyond the baked "
            << "LUT's own error at the same colours: " << worst_excess << " (LUT max over its samples " << baked_max
            << "); input + looks relative " << scene_worst << "\n";
  EXPECT_LE(worst, baked_max + kExactPartsTol);
  EXPECT_LE(worst_excess, kViewTol);

  // The plain view on ACES2065-1 is the baked transform alone: within its error of `apply --output-transform`.
  auto plain_dvt = OCIO::DisplayViewTransform::Create();
  plain_dvt->setSrc("ACES2065-1");
  plain_dvt->setDisplay("Rec.2100-PQ - Display");
  plain_dvt->setView("ACES 2.0 - HDR 1000 nits (P3 D65)");
  const nlohmann::json* pq = find_view(doc, "Rec.2100-PQ - Display", "ACES 2.0 - HDR 1000 nits (P3 D65)");
  ASSERT_NE(pq, nullptr);
  std::vector<float> pq_in = {0.18f, 0.18f, 0.18f, 1.0f, 0.5f, 0.1f, 8.0f, 9.0f, 7.0f, 0.01f, 0.02f, 0.5f};
  const std::string pq_text = as_triplets(pq_in);
  OCIO::PackedImageDesc adesc(pq_in.data(), 4, 1, 3);
  config->getProcessor(plain_dvt)->getDefaultCPUProcessor()->apply(adesc);
  const auto ra = run_aceslab("apply --output-transform rec2100-pq-1000nit-p3", pq_text);
  ASSERT_EQ(ra.exit_code, 0) << ra.err;
  const auto pq_exact = parse_triplets(ra.out);
  ASSERT_EQ(pq_exact.size(), pq_in.size());
  for (size_t i = 0; i < pq_exact.size(); ++i) {
    EXPECT_LE(std::abs(pq_exact[i] - pq_in[i]), (*pq)["error_code_values"]["max"].get<double>() + kExactPartsTol) << i;
  }
}

TEST_F(OcioConfigCli, Ocio24ConfigIsStructurallyValid) {
  const fs::path out = s_dir / "ocio24" / "shot.ocio";
  fs::create_directories(out.parent_path());
  const nlohmann::json doc = export_config("2.4", out, "--output-transform rec2100-pq-1000nit-p3 --output-transform p3d65-gamma2.2-100nit");
  ASSERT_FALSE(doc.is_null());
  const std::string text = read_text(out);
  EXPECT_EQ(text.rfind("ocio_profile_version: 2.4\n", 0), 0u);

  // Every built-in style is one OCIO 2.4.0 defines.
  std::set<std::string> styles24;
  {
    std::ifstream in(std::string(ACESLAB_SOURCE_DIR) + "/tests/ocioconfig/data/ocio-2.4.0-builtin-styles.txt");
    for (std::string line; std::getline(in, line);) styles24.insert(line);
  }
  const std::regex builtin(R"(!<BuiltinTransform> \{style: ("?)([^,}"]+)\1(, direction: inverse)?\})");
  std::set<std::string> used;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), builtin); it != std::sregex_iterator(); ++it) {
    used.insert((*it)[2]);
  }
  for (const auto& s : used) EXPECT_TRUE(styles24.count(s)) << s;
  EXPECT_TRUE(used.count("ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-100nit-REC709_2.0"));
  EXPECT_TRUE(used.count("DISPLAY - CIE-XYZ-D65_to_REC.1886-REC.709"));
  EXPECT_TRUE(used.count("ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - HDR-1000nit-P3-D65_2.0"));
  EXPECT_TRUE(used.count("DISPLAY - CIE-XYZ-D65_to_REC.2100-PQ"));
  // The studio config's layout: view transforms, display colour spaces, shared names.
  for (const char* key : {"\nview_transforms:\n", "\ndisplay_colorspaces:\n", "\nlooks:\n", "default_view_transform: Un-tone-mapped"}) {
    EXPECT_NE(text.find(key), std::string::npos) << key;
  }
  // A preset OCIO 2.4 has no built-in for is baked, with its error.
  const nlohmann::json* g22 = find_view(doc, "Gamma 2.2 P3-D65 - Display", "ACES 2.0 - SDR 100 nits (P3 D65)");
  ASSERT_NE(g22, nullptr) << doc.dump(2);
  EXPECT_TRUE((*g22)["baked"].get<bool>());
  EXPECT_FALSE((*find_view(doc, "Rec.1886 Rec.709 - Display", "ACES 2.0 - SDR 100 nits (Rec.709)"))["baked"].get<bool>());

  // The rest of the structure through OpenColorIO's own parser: OCIO 2.1 reads a 2.4 config whose
  // 2.4-only styles are replaced by a placeholder it knows.
  std::string as21 = std::regex_replace(text, std::regex("ocio_profile_version: 2.4"), "ocio_profile_version: 2.1");
  for (const auto& s : used) {
    bool in21 = false;
    const auto reg = OCIO::BuiltinTransformRegistry::Get();
    for (size_t i = 0; i < reg->getNumBuiltins(); ++i) in21 = in21 || s == reg->getBuiltinStyle(i);
    if (!in21) {
      for (size_t at = as21.find(s); at != std::string::npos; at = as21.find(s, at)) {
        as21.replace(at, s.size(), "UTILITY - ACES-AP0_to_CIE-XYZ-D65_BFD");
      }
    }
  }
  std::istringstream stream(as21);
  OCIO::ConfigRcPtr config = OCIO::Config::CreateFromStream(stream)->createEditableCopy();
  config->setSearchPath((out.parent_path() / "shot_luts").string().c_str());
  EXPECT_NO_THROW(config->validate());
  int views = 0;
  for (int d = 0; d < config->getNumDisplays(); ++d) {
    const char* display = config->getDisplay(d);
    for (int v = 0; v < config->getNumViews(display); ++v) {
      const char* view = config->getView(display, v);
      auto dvt = OCIO::DisplayViewTransform::Create();
      dvt->setSrc("ACES2065-1");
      dvt->setDisplay(display);
      dvt->setView(view);
      EXPECT_NO_THROW(config->getProcessor(dvt)) << display << " / " << view;
      ++views;
    }
  }
  EXPECT_GE(views, 7);
  EXPECT_STREQ(config->getDisplayViewTransformName("Rec.1886 Rec.709 - Display", "ACES 2.0 - SDR 100 nits (Rec.709)"),
               "ACES 2.0 - SDR 100 nits (Rec.709)");
  EXPECT_NE(config->getLook("Test look"), nullptr);
  EXPECT_NE(config->getColorSpace("Sony S-Log3 / S-Gamut3 to ACES2065-1"), nullptr);
}

TEST_F(OcioConfigCli, RefusesWithoutLosingAnything) {
  const fs::path out = s_dir / "refuse" / "shot.ocio";
  fs::create_directories(out.parent_path());
  std::ofstream(out) << "precious";
  auto r = run_aceslab("ocio-config --amf " + q(s_dir / "shot" / "shot.amf") + " -o " + q(out));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(out.string()), std::string::npos) << r.err;
  EXPECT_EQ(read_text(out), "precious");
  EXPECT_FALSE(fs::exists(out.parent_path() / "shot_luts"));

  // A look changed after the AMF was made: the AMF's hash refuses it, naming the AMF.
  const fs::path changed = s_dir / "changed";
  fs::create_directories(changed);
  fs::copy_file(s_dir / "shot" / "shot.amf", changed / "shot.amf");
  std::string look = read_text(s_dir / "shot" / "look.clf");
  look.replace(look.find("1.02 1.0 0.98"), 13, "1.03 1.0 0.98");
  std::ofstream(changed / "look.clf") << look;
  r = run_aceslab("ocio-config --amf " + q(changed / "shot.amf") + " -o " + q(changed / "out.ocio"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("hash mismatch"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("shot.amf"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(changed / "out.ocio"));
  EXPECT_FALSE(fs::exists(changed / "out_luts"));

  EXPECT_EQ(run_aceslab("ocio-config -o " + q(changed / "x.ocio")).exit_code, 2);
  EXPECT_EQ(run_aceslab("ocio-config --amf " + q(s_dir / "shot" / "shot.amf") + " --ocio-version 3 -o " + q(changed / "x.ocio")).exit_code, 2);
  const auto help = run_aceslab("ocio-config --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("aceslab ocio-config --amf shot.amf -o shot.ocio"), std::string::npos);
}
