// SPDX-License-Identifier: Apache-2.0
// Telling the user what a LUT is (lmt/lut_diagnosis.h), on the generated classes: each misdeclared
// LUT gets its finding with the evidence and the likely setting; a LUT given the wrong input
// encoding gets the right one suggested; correctly declared LUTs of every class get no false alarm
// (only the share of outputs the output transform cannot produce, where there is one).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "lmt/lmt_maker.h"
#include "lmt/lut_classes.h"
#include "lmt/lut_diagnosis.h"

using namespace aceslab;
using namespace aceslab::lmt;

namespace {

ShowLut class_lut(const LutClass& c) {
  const CubeFile t = make_class_table(c);
  return ShowLut(t, c.file_name());
}

bool has(const LutDiagnosis& d, const std::string& id, std::string* message = nullptr) {
  for (const auto& f : d.findings) {
    if (f.id == id) {
      if (message) *message = f.message;
      return true;
    }
  }
  return false;
}

}  // namespace

TEST(LutDiagnosis, LogOutputGivenAsDisplay) {
  const LutClass& c = find_show_lut_class("slog2_to_slog3_as_display");
  const LutDiagnosis d = diagnose_lut(class_lut(c), lut_encoding(c.settings()));
  std::string m;
  ASSERT_TRUE(has(d, "output_log_like", &m));
  EXPECT_NE(m.find("black renders at code 0.09"), std::string::npos) << m;  // S-Log3 black: 95/1023
}

TEST(LutDiagnosis, LegalOutputGivenAsFullAndTheReverse) {
  const LutClass& c = find_show_lut_class("legal_given_as_full");
  const ShowLut lut = class_lut(c);
  std::string m;
  ASSERT_TRUE(has(diagnose_lut(lut, lut_encoding(c.settings())), "output_legal_as_full", &m));
  EXPECT_NE(m.find("--lut-out-range legal"), std::string::npos) << m;
  // Declared legal, it is fine.
  LmtSettings legal = c.settings();
  legal.lut_out_range = CodeRange::legal;
  EXPECT_FALSE(has(diagnose_lut(lut, lut_encoding(legal)), "output_legal_as_full"));
  // A full-range LUT declared legal.
  const LutClass& full = find_show_lut_class("ipp2_high_log3g10_rec709");
  LmtSettings wrong = full.settings();
  wrong.lut_out_range = CodeRange::legal;
  EXPECT_TRUE(has(diagnose_lut(class_lut(full), lut_encoding(wrong)), "output_full_as_legal"));
}

TEST(LutDiagnosis, WrongInputEncodingGetsTheRightOneSuggested) {
  const LutClass& c = find_show_lut_class("ipp2_high_log3g10_rec709");
  LmtSettings wrong = c.settings();
  wrong.lut_in = "slog3-sgamut3";
  std::string m;
  ASSERT_TRUE(has(diagnose_lut(class_lut(c), lut_encoding(wrong)), "grey_mismatch", &m));
  EXPECT_NE(m.find("log3g10-rwg"), std::string::npos) << m;
}

TEST(LutDiagnosis, UnreachableOutputsAreReportedByShareAndWhere) {
  const LutClass& c = find_show_lut_class("unclamped_logc4_rec709");
  const LutDiagnosis d = diagnose_lut(class_lut(c), lut_encoding(c.settings()));
  std::string m;
  ASSERT_TRUE(has(d, "unreachable", &m));
  EXPECT_GT(d.unreachable_share, 0.5);
  EXPECT_NE(m.find("above the display's peak white"), std::string::npos) << m;
  EXPECT_NE(m.find("below its black"), std::string::npos) << m;
}

TEST(LutDiagnosis, NoFalseAlarmsOnCorrectlyDeclaredLuts) {
  for (const auto& c : show_lut_classes()) {
    if (c.family == "diagnosis" || c.family == "format" || c.source == LutSource::aces1_output) continue;
    SCOPED_TRACE(c.id);
    const LutDiagnosis d = diagnose_lut(class_lut(c), lut_encoding(c.settings()));
    for (const auto& f : d.findings) EXPECT_EQ(f.id, "unreachable") << f.message;
  }
}
