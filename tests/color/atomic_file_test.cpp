// SPDX-License-Identifier: Apache-2.0
// Output files (color/atomic_file.h) under attack: two writers racing for one name (exactly one
// wins, many iterations, bounded in time), temporary files (0600, removed on signals), outputs that
// are the run's own inputs however spelled, names longer than the file system allows, and a failed
// run that leaves nothing behind.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "color/atomic_file.h"
#include "color/error.h"

namespace aceslab {
namespace {
namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("aceslab_atomic_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::vector<fs::path> hidden_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().front() == '.') out.push_back(e.path());
  }
  return out;
}

// The race of issue 15 item 6: two writers of the same new output both succeeded (2 of 150 pairs)
// when publishing checked exists() and then renamed. With a no-replace publish exactly one wins.
TEST(AtomicFile, TwoWritersOfOneOutputNeverBothSucceed) {
  const fs::path dir = fresh_dir("race");
  constexpr int kMaxRounds = 2000;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  int rounds = 0;
  for (; rounds < kMaxRounds && std::chrono::steady_clock::now() < deadline; ++rounds) {
    const fs::path out = dir / ("out" + std::to_string(rounds) + ".clf");
    std::atomic<int> ready{0}, wins{0}, refusals{0};
    auto writer = [&](char tag) {
      ++ready;
      while (ready < 2) {
      }
      try {
        write_file_atomically(out, std::string(1000, tag));
        ++wins;
      } catch (const Error& e) {
        if (std::string(e.detail()).find("output exists") != std::string::npos) ++refusals;
      }
    };
    std::thread a(writer, 'a'), b(writer, 'b');
    a.join();
    b.join();
    ASSERT_EQ(wins.load(), 1) << "round " << rounds;
    ASSERT_EQ(refusals.load(), 1) << "round " << rounds;
  }
  EXPECT_GT(rounds, 50);
  EXPECT_TRUE(hidden_files(dir).empty()) << "a temporary file was left behind";
  fs::remove_all(dir);
}

TEST(AtomicFile, OverwriteOnlyWhenAllowedAndNoTemporaryLeft) {
  const fs::path dir = fresh_dir("overwrite");
  const fs::path out = dir / "x.txt";
  write_file_atomically(out, "one");
  EXPECT_THROW(write_file_atomically(out, "two"), Error);
  write_file_atomically(out, "three", Overwrite::allow);
  std::ifstream in(out);
  std::string text;
  in >> text;
  EXPECT_EQ(text, "three");
  // A writer that fails leaves neither the output nor its temporary.
  EXPECT_THROW(write_path_atomically(dir / "y.exr", [](const fs::path&) { throw Error(ErrorKind::io, "boom"); }),
               Error);
  EXPECT_FALSE(fs::exists(dir / "y.exr"));
  EXPECT_TRUE(hidden_files(dir).empty());
  // Published files get the umask's mode, not the temporary's 0600.
  struct stat st {};
  ASSERT_EQ(::stat(out.c_str(), &st), 0);
  const mode_t mask = ::umask(022);
  ::umask(mask);
  EXPECT_EQ(st.st_mode & 0777, 0666 & ~mask);
  fs::remove_all(dir);
}

TEST(AtomicFile, TemporaryFilesArePrivate) {
  const fs::path dir = fresh_dir("private");
  fs::path seen;
  {
    const TemporaryFile temp(dir, "look.clf", ".clf");
    seen = temp.path();
    struct stat st {};
    ASSERT_EQ(::stat(temp.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(temp.path().extension(), ".clf");
  }
  EXPECT_FALSE(fs::exists(seen));
  fs::remove_all(dir);
}

// Issue 15 item 15: SIGINT left ".out.tmp-PID-N.exr" and 114 MB private copies behind.
TEST(AtomicFile, SignalsRemoveTemporaryFiles) {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    const fs::path dir = fresh_dir("signal" + std::to_string(sig));
    int pipe_fd[2];
    ASSERT_EQ(::pipe(pipe_fd), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(pipe_fd[0]);
      install_temporary_cleanup();
      const TemporaryFile a(dir, "out", ".exr");
      const TemporaryFile b(dir, "look.clf.verifying", ".clf");
      const char ok = 'k';
      if (::write(pipe_fd[1], &ok, 1) != 1) ::_exit(3);
      ::pause();  // until the signal
      ::_exit(4);
    }
    ::close(pipe_fd[1]);
    char c = 0;
    ASSERT_EQ(::read(pipe_fd[0], &c, 1), 1);
    ::close(pipe_fd[0]);
    EXPECT_EQ(hidden_files(dir).size(), 2u);
    ::kill(child, sig);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) << "the process ends by the same signal";
    EXPECT_TRUE(hidden_files(dir).empty()) << "signal " << sig << " left a temporary file";
    fs::remove_all(dir);
  }
}

TEST(AtomicFile, OutputsThatAreInputsAreRefusedHoweverSpelled) {
  const fs::path dir = fresh_dir("same");
  const fs::path lut = dir / "a.cube";
  std::ofstream(lut) << "LUT_3D_SIZE 2\n";
  fs::create_symlink(lut, dir / "link.cube");
  fs::create_hard_link(lut, dir / "hard.cube");
  for (const fs::path& spelling :
       {lut, dir / "." / "a.cube", dir / "sub" / ".." / "a.cube", dir / "link.cube", dir / "hard.cube"}) {
    SCOPED_TRACE(spelling.string());
    try {
      check_distinct_files({{"the LUT", lut}}, {{"-o", spelling}});
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::usage);
      EXPECT_NE(std::string(e.detail()).find("would destroy its own input"), std::string::npos) << e.what();
    }
  }
  // Two outputs of one run, one not existing yet.
  try {
    check_distinct_files({}, {{"-o", dir / "x.clf"}, {"--amf", dir / "sub" / ".." / "x.clf"}});
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.detail()).find("one run cannot write two outputs to one file"), std::string::npos);
  }
  EXPECT_NO_THROW(check_distinct_files({{"the LUT", lut}}, {{"-o", dir / "a.clf"}, {"--amf", {}}}));
  fs::remove_all(dir);
}

TEST(AtomicFile, OverlongNamesAreRefusedBeforeWorkAndLongOnesWork) {
  const fs::path dir = fresh_dir("names");
  // 244 bytes: fine for the file system (255), and the temporary's name must fit too.
  const fs::path long_name = dir / (std::string(240, 'n') + ".clf");
  EXPECT_NO_THROW(check_writable(long_name, Overwrite::refuse));
  EXPECT_NO_THROW(write_file_atomically(long_name, "x"));
  EXPECT_TRUE(fs::exists(long_name));
  try {
    check_writable(dir / (std::string(300, 'n') + ".clf"), Overwrite::refuse);
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.detail()).find("the file system allows 255"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

TEST(AtomicFile, AFailedRunRemovesWhatItCreatedOnly) {
  const fs::path dir = fresh_dir("run");
  const fs::path old_file = dir / "old.clf";
  std::ofstream(old_file) << "keep me";
  {
    RunOutputs run;
    run.write(dir / "new.clf", [&] { write_file_atomically(dir / "new.clf", "x"); });
    run.write(old_file, [&] { write_file_atomically(old_file, "overwritten", Overwrite::allow); });
    run.write({dir / "report" / "index.html", dir / "report" / "a.png"}, [&] {
      fs::create_directories(dir / "report");
      write_file_atomically(dir / "report" / "index.html", "x");
    });
  }  // destroyed without keep(): the run failed
  EXPECT_FALSE(fs::exists(dir / "new.clf"));
  EXPECT_FALSE(fs::exists(dir / "report")) << "the folder the run created goes too";
  EXPECT_TRUE(fs::exists(old_file)) << "a file that existed before is not removed";
  {
    RunOutputs run;
    run.write(dir / "kept.clf", [&] { write_file_atomically(dir / "kept.clf", "x"); });
    run.keep();
  }
  EXPECT_TRUE(fs::exists(dir / "kept.clf"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace aceslab
