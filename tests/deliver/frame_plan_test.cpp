// SPDX-License-Identifier: Apache-2.0
// Frame numbers: sequence patterns, files on disk, the frame plan (cut, handles, start frame,
// slate, chunks, gaps) and SMPTE time code arithmetic.
#include <gtest/gtest.h>

#include <fstream>

#include "color/error.h"
#include "deliver/frame_plan.h"
#include "deliver/timecode.h"
#include "deliver_test_support.h"

namespace deliver = aceslab::deliver;
using aceslab::Error;
using aceslab::ErrorKind;

namespace {

std::vector<long long> numbers(long long first, long long last) {
  std::vector<long long> n;
  for (long long f = first; f <= last; ++f) n.push_back(f);
  return n;
}

template <typename Fn>
ErrorKind error_kind(Fn&& fn, std::string* message = nullptr) {
  try {
    fn();
  } catch (const Error& e) {
    if (message) *message = e.what();
    return e.kind();
  }
  ADD_FAILURE() << "no error";
  return ErrorKind::internal;
}

}  // namespace

TEST(SequencePattern, PrintfAndHashFields) {
  const auto p = deliver::SequencePattern::parse("plates/A001C003.%06d.dpx");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->padding(), 6);
  EXPECT_EQ(p->file_name(86408), "A001C003.086408.dpx");
  EXPECT_EQ(p->file_name(1234567), "A001C003.1234567.dpx");
  EXPECT_EQ(p->shot_name(), "A001C003");
  EXPECT_EQ(p->match("A001C003.086408.dpx"), 86408);
  EXPECT_EQ(p->match("A001C003.1234567.dpx"), 1234567);
  EXPECT_FALSE(p->match("A001C003.86408.dpx"));    // too few digits for %06d
  EXPECT_FALSE(p->match("A001C003.0086408.dpx"));  // a padding zero too many
  EXPECT_FALSE(p->match("A001C004.086408.dpx"));

  const auto h = deliver::SequencePattern::parse("A001C003.#######.exr");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->padding(), 7);
  EXPECT_EQ(h->file_name(1001), "A001C003.0001001.exr");
  const auto d = deliver::SequencePattern::parse("shot_%d.tif");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->file_name(7), "shot_7.tif");
  EXPECT_EQ(d->match("shot_07.tif"), std::nullopt);

  EXPECT_FALSE(deliver::SequencePattern::parse("plate.dpx"));
  EXPECT_EQ(error_kind([] { deliver::SequencePattern::parse("a.%04d.%04d.exr"); }), ErrorKind::usage);
}

TEST(SequencePattern, FramesOnDiskAndDuplicateSpellings) {
  aceslab::test::TempDir dir("frames");
  for (const char* name : {"a.1.exr", "a.2.exr", "a.10.exr", "b.3.exr", "a.x.exr"}) std::ofstream(dir / name) << "x";
  const auto p = deliver::SequencePattern::parse(dir / "a.%d.exr");
  const auto frames = deliver::list_frames(*p);
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames.begin()->first, 1);
  EXPECT_EQ(frames.rbegin()->first, 10);
  std::ofstream(dir / "a.02.exr") << "x";  // not an unpadded spelling: ignored
  EXPECT_EQ(deliver::list_frames(*p).size(), 3u);
}

TEST(SequencePattern, PortableNames) {
  EXPECT_TRUE(deliver::is_portable_name("A001C003.0001001.exr"));
  EXPECT_TRUE(deliver::is_portable_name("NAM_v2-final"));
  EXPECT_FALSE(deliver::is_portable_name("A001 C003.exr"));
  EXPECT_FALSE(deliver::is_portable_name("plan\xc3\xa9.exr"));
  EXPECT_FALSE(deliver::is_portable_name(""));
}

TEST(FrameRange, Parsing) {
  EXPECT_EQ(deliver::parse_frame_range("86408-86455", "--frames"), (deliver::FrameRange{86408, 86455}));
  EXPECT_EQ(deliver::parse_frame_range("1001", "--chunk"), (deliver::FrameRange{1001, 1001}));
  std::string message;
  EXPECT_EQ(error_kind([] { deliver::parse_frame_range("20-10", "--frames"); }, &message), ErrorKind::usage);
  EXPECT_NE(message.find("--frames \"20-10\""), std::string::npos) << message;
  EXPECT_EQ(error_kind([] { deliver::parse_frame_range("a-b", "--frames"); }), ErrorKind::usage);
  EXPECT_EQ(error_kind([] { deliver::parse_frame_range("-5", "--frames"); }), ErrorKind::usage);
}

TEST(FramePlan, VfxPullWithHandlesStartFrameAndSlate) {
  // The example: --frames 86408-86455 --handles 8 --start-frame 1001 writes 1001-1064,
  // first frame of action 1009; --slate adds 1000.
  deliver::PlanRequest r;
  r.cut = deliver::FrameRange{86408, 86455};
  r.handles = 8;
  r.start_frame = 1001;
  r.slate = true;
  const deliver::FramePlan plan = deliver::plan_frames(numbers(86300, 86600), r);
  EXPECT_EQ(plan.source_range, (deliver::FrameRange{86400, 86463}));
  EXPECT_EQ(plan.output_range, (deliver::FrameRange{1000, 1064}));
  EXPECT_EQ(plan.first_of_action, 1009);
  ASSERT_EQ(plan.frames.size(), 65u);
  EXPECT_TRUE(plan.frames.front().slate);
  EXPECT_EQ(plan.frames.front().output, 1000);
  EXPECT_EQ(plan.frames[1].output, 1001);
  EXPECT_EQ(plan.frames[1].source, 86400);
  EXPECT_EQ(plan.frames.back().output, 1064);
  EXPECT_EQ(plan.frames.back().source, 86463);

  r.chunk = deliver::FrameRange{1057, 1064};
  const deliver::FramePlan chunk = deliver::plan_frames(numbers(86300, 86600), r);
  ASSERT_EQ(chunk.selected.size(), 8u);
  EXPECT_EQ(chunk.selected.front().source, 86456);
  r.chunk = deliver::FrameRange{990, 1000};
  std::string message;
  EXPECT_EQ(error_kind([&] { deliver::plan_frames(numbers(86300, 86600), r); }, &message), ErrorKind::usage);
  EXPECT_NE(message.find("1000-1064"), std::string::npos) << message;
}

TEST(FramePlan, DefaultsKeepTheSourceNumbers) {
  const deliver::FramePlan plan = deliver::plan_frames(numbers(10, 19), {});
  EXPECT_EQ(plan.output_range, (deliver::FrameRange{10, 19}));
  EXPECT_EQ(plan.frames.size(), 10u);
  EXPECT_EQ(plan.selected.size(), 10u);
}

TEST(FramePlan, HandlesMustExist) {
  deliver::PlanRequest r;
  r.cut = deliver::FrameRange{12, 15};
  r.handles = 4;
  std::string message;
  EXPECT_EQ(error_kind([&] { deliver::plan_frames(numbers(10, 19), r); }, &message), ErrorKind::usage);
  EXPECT_NE(message.find("needs source frames 8-19"), std::string::npos) << message;
  r.cut = deliver::FrameRange{5, 15};
  r.handles = 0;
  EXPECT_EQ(error_kind([&] { deliver::plan_frames(numbers(10, 19), r); }), ErrorKind::usage);
}

TEST(FramePlan, MissingFramesAreListedAndNeverFilled) {
  std::vector<long long> available = numbers(1, 20);
  available.erase(available.begin() + 4, available.begin() + 7);  // 5, 6, 7
  available.erase(available.begin() + 10);                          // 14
  std::string message;
  EXPECT_EQ(error_kind([&] { deliver::plan_frames(available, {}); }, &message), ErrorKind::invalid_input);
  EXPECT_NE(message.find("4 source frame(s) missing: 5-7, 14"), std::string::npos) << message;
  deliver::PlanRequest r;
  r.allow_gaps = true;
  r.start_frame = 101;
  const deliver::FramePlan plan = deliver::plan_frames(available, r);
  EXPECT_EQ(plan.missing, (std::vector<long long>{5, 6, 7, 14}));
  EXPECT_EQ(plan.frames.size(), 16u);
  // Numbers keep their distance to the start: 104 is source 4, 108 is source 8; 105-107 absent.
  EXPECT_EQ(plan.frames[3].output, 104);
  EXPECT_EQ(plan.frames[4].output, 108);
  EXPECT_EQ(plan.frames[4].source, 8);
}

TEST(Timecode, NonDropAndDropFrameArithmetic) {
  const aceslab::aces::ExrRational fps24{24, 1}, ntsc{30000, 1001}, ntsc60{60000, 1001};
  auto tc = [](const char* t) { return deliver::parse_timecode_flag(t, "--timecode"); };
  EXPECT_EQ(deliver::format_timecode(deliver::add_frames(tc("01:00:00:00"), 24 * 3600 - 1, fps24)), "01:59:59:23");
  EXPECT_EQ(deliver::format_timecode(deliver::add_frames(tc("00:00:00:00"), -1, fps24)), "23:59:59:23");
  // Drop frame (SMPTE ST 12-1): labels ;00 and ;01 are skipped at minutes not divisible by ten.
  EXPECT_EQ(deliver::format_timecode(deliver::add_frames(tc("00:00:59;29"), 1, ntsc)), "00:01:00;02");
  EXPECT_EQ(deliver::format_timecode(deliver::add_frames(tc("00:09:59;29"), 1, ntsc)), "00:10:00;00");
  EXPECT_EQ(deliver::format_timecode(deliver::add_frames(tc("00:01:00;02"), -1, ntsc)), "00:00:59;29");
  // One hour of 29.97 drop frame is 107892 frames.
  EXPECT_EQ(deliver::format_timecode(deliver::add_frames(tc("00:00:00;00"), 107892, ntsc)), "01:00:00;00");
  EXPECT_EQ(deliver::format_timecode(deliver::add_frames(tc("00:00:59;59"), 1, ntsc60)), "00:01:00;04");
  EXPECT_EQ(error_kind([&] { deliver::add_frames(tc("00:01:00;00"), 1, ntsc); }), ErrorKind::usage);
  EXPECT_EQ(error_kind([&] { deliver::add_frames(tc("00:00:00;00"), 1, fps24); }), ErrorKind::usage);
  EXPECT_EQ(error_kind([&] { deliver::add_frames(tc("00:00:00:24"), 1, fps24); }), ErrorKind::usage);
  EXPECT_EQ(error_kind([] { deliver::parse_timecode_flag("1:00:00:00", "--timecode"); }), ErrorKind::usage);
}

TEST(Timecode, FrameRates) {
  auto fps = [](const char* t) { return deliver::format_fps(deliver::parse_fps(t, "--fps")); };
  EXPECT_EQ(fps("24"), "24");
  EXPECT_EQ(fps("23.976"), "24000/1001");
  EXPECT_EQ(fps("29.97"), "30000/1001");
  EXPECT_EQ(fps("59.94"), "60000/1001");
  EXPECT_EQ(fps("24000/1001"), "24000/1001");
  EXPECT_EQ(fps("25"), "25");
  EXPECT_EQ(error_kind([] { deliver::parse_fps("24.5", "--fps"); }), ErrorKind::usage);
  EXPECT_EQ(error_kind([] { deliver::parse_fps("0", "--fps"); }), ErrorKind::usage);
}
