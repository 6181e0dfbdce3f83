// SPDX-License-Identifier: Apache-2.0
// Farm readiness: the job templates in farm/ parse (YAML through python3's yaml module, Deadline's
// key=value files), name only flags the commands have, and the OpenJD template's commands run on a
// generated shot; a render split into shuffled chunks run as parallel processes, one of them
// killed midway and rerun with --resume, gives the same bytes as a single run.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "deliver_test_support.h"
#include "tests/cli/cli_test_support.h"

namespace fs = std::filesystem;
using nlohmann::json;
using aceslab::test::TempDir;

namespace {

const fs::path kFarm = fs::path(ACESLAB_SOURCE_DIR) / "farm";

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

json load_yaml(const fs::path& path) {
  const std::string command = "python3 -c 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)' " +
                              quote(path.string());
  std::FILE* p = ::popen(command.c_str(), "r");
  std::string text;
  char buffer[4096];
  for (std::size_t n; p && (n = std::fread(buffer, 1, sizeof buffer, p)) > 0;) text.append(buffer, n);
  const int status = p ? ::pclose(p) : -1;
  EXPECT_EQ(status, 0) << "python3 with the yaml module (Debian: python3-yaml) could not parse " << path;
  return json::parse(text.empty() ? "null" : text);
}

// The long flags `aceslab SUB --help` lists.
std::set<std::string> help_flags(const std::string& sub) {
  const auto r = aceslab::test::run_aceslab(sub + " --help");
  std::set<std::string> flags;
  static const std::regex flag("--[a-z0-9][a-z0-9-]*");
  for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), flag); it != std::sregex_iterator(); ++it) flags.insert(it->str());
  flags.insert("-o");
  return flags;
}

// Words of a command line, with '...' and "..." quoting (enough for the templates' lines).
std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::string word;
  char q = 0;
  bool any = false;
  for (char c : line) {
    if (q) {
      if (c == q) q = 0;
      else word += c;
    } else if (c == '\'' || c == '"') {
      q = c;
      any = true;
    } else if (c == ' ') {
      if (any || !word.empty()) out.push_back(word);
      word.clear();
      any = false;
    } else {
      word += c;
    }
  }
  if (any || !word.empty()) out.push_back(word);
  return out;
}

// "render" or "deliver manifest": the subcommand words before the first argument.
std::string subcommand(const std::vector<std::string>& args) {
  return args.size() > 1 && args[0] == "deliver" ? "deliver " + args[1] : args.at(0);
}

void expect_known_flags(const std::vector<std::string>& args, const std::string& where) {
  const std::string sub = subcommand(args);
  const std::set<std::string> flags = help_flags(sub);
  ASSERT_GT(flags.size(), 3u) << "no help for " << sub;
  for (const std::string& a : args) {
    if (a.rfind("--", 0) == 0) {
      EXPECT_TRUE(flags.count(a)) << where << ": aceslab " << sub << " has no flag " << a;
    }
  }
}

std::map<std::string, std::string> key_values(const fs::path& path) {
  std::map<std::string, std::string> out;
  std::istringstream in(aceslab::test::read_text(path));
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.empty()) continue;
    const auto eq = line.find('=');
    EXPECT_NE(eq, std::string::npos) << path << ":" << line_no << ": not key=value";
    if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

std::string substitute(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [k, v] : values) {
    for (std::size_t at; (at = text.find(k)) != std::string::npos;) text.replace(at, k.size(), v);
  }
  return text;
}

// Starts `aceslab args...` as a child process (output discarded); returns its pid.
pid_t spawn(const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    std::vector<char*> argv;
    std::string binary = ACESLAB_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

}  // namespace

TEST(Farm, OpenJdTemplateParsesAndNamesOnlyExistingFlags) {
  const json t = load_yaml(kFarm / "aceslab_delivery.openjd.yaml");
  ASSERT_TRUE(t.is_object());
  EXPECT_EQ(t["specificationVersion"], "jobtemplate-2023-09");
  EXPECT_EQ(t["extensions"], json::array({"TASK_CHUNKING"}));
  std::set<std::string> parameters;
  for (const json& p : t["parameterDefinitions"]) parameters.insert(p["name"].get<std::string>());
  ASSERT_EQ(t["steps"].size(), 2u);
  const json& render = t["steps"][0];
  const json& finish = t["steps"][1];
  const json& frames = render["parameterSpace"]["taskParameterDefinitions"][0];
  EXPECT_EQ(frames["type"], "CHUNK[INT]");
  EXPECT_EQ(frames["chunks"]["rangeConstraint"], "CONTIGUOUS");
  EXPECT_EQ(finish["dependencies"][0]["dependsOn"], render["name"]);
  // Every {{Param.X}} is a defined parameter.
  const std::string text = t.dump();
  static const std::regex ref(R"(\{\{\s*Param\.([A-Za-z0-9_]+)\s*\}\})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), ref); it != std::sregex_iterator(); ++it) {
    EXPECT_TRUE(parameters.count((*it)[1])) << "undefined parameter " << (*it)[1];
  }
  const json& action = render["script"]["actions"]["onRun"];
  EXPECT_EQ(action["command"], "aceslab");
  const auto args = action["args"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(args.begin(), args.end(), "{{Task.Param.Frames}}"), args.end());
  expect_known_flags(args, "Render step");
  std::istringstream script(finish["script"]["embeddedFiles"][0]["data"].get<std::string>());
  int commands = 0;
  for (std::string line; std::getline(script, line);) {
    std::vector<std::string> w = words(line);
    if (w.empty() || w[0] != "aceslab") continue;
    w.erase(w.begin());
    expect_known_flags(w, "Finish step");
    ++commands;
  }
  EXPECT_EQ(commands, 2) << "deliver manifest and deliver check";
}

TEST(Farm, DeadlineJobsParseAndNameOnlyExistingFlags) {
  const fs::path d = kFarm / "deadline";
  const std::string submit = aceslab::test::read_text(d / "submit.sh");
  for (const char* step : {"render", "manifest", "check"}) {
    SCOPED_TRACE(step);
    const auto job = key_values(d / (std::string(step) + "_job_info.txt"));
    const auto plugin = key_values(d / (std::string(step) + "_plugin_info.txt"));
    EXPECT_EQ(job.at("Plugin"), "CommandLine");
    EXPECT_TRUE(job.count("Frames"));
    EXPECT_EQ(plugin.at("Executable"), "@ACESLAB@");
    // Deadline's <QUOTE> token is a quote character.
    const std::string arguments = std::regex_replace(plugin.at("Arguments"), std::regex("<QUOTE>"), "\"");
    expect_known_flags(words(arguments), step);
    EXPECT_NE(submit.find(std::string(step) + "_job_info"), std::string::npos);
  }
  EXPECT_NE(aceslab::test::read_text(d / "render_plugin_info.txt").find("--chunk <STARTFRAME>-<ENDFRAME> --resume"), std::string::npos);
  EXPECT_NE(submit.find("-SubmitMultipleJobs -dependent"), std::string::npos);
}

TEST(Farm, OpenJdCommandsRunOnAGeneratedShot) {
  TempDir dir("farm_openjd");
  const std::string source = aceslab::test::write_sequence(dir / "plates", "A001C003", 1, 9);
  const json t = load_yaml(kFarm / "aceslab_delivery.openjd.yaml");
  std::map<std::string, std::string> values = {
      {"{{Param.Source}}", source},          {"{{Param.Idt}}", aceslab::test::logc3_idt().string()},
      {"{{Param.OutputFolder}}", (dir / "pull").string()}, {"{{Param.ShotName}}", "A001C003"},
      {"{{Param.Cut}}", "3-7"},              {"{{Param.Handles}}", "2"},
      {"{{Param.StartFrame}}", "1001"},      {"{{Param.SlateDate}}", "2026-03-14"},
      {"{{Param.Profile}}", "vfx"},          {"{{Param.Compression}}", "piz"},
      {"{{Param.Threads}}", "1"}};
  const auto args = t["steps"][0]["script"]["actions"]["onRun"]["args"].get<std::vector<std::string>>();
  for (const char* chunk : {"1005-1009", "1000-1004"}) {  // CONTIGUOUS chunks of OutputFrames 1000-1009
    values["{{Task.Param.Frames}}"] = chunk;
    std::string line;
    for (const auto& a : args) line += quote(substitute(a, values)) + " ";
    const auto r = aceslab::test::run_aceslab(line);
    EXPECT_EQ(r.exit_code, 0) << chunk << ": " << r.err;
  }
  std::istringstream script(substitute(t["steps"][1]["script"]["embeddedFiles"][0]["data"].get<std::string>(), values));
  for (std::string line; std::getline(script, line);) {
    if (line.rfind("aceslab ", 0) != 0) continue;
    const auto r = aceslab::test::run_aceslab(line.substr(8));
    EXPECT_EQ(r.exit_code, 0) << line << "\n" << r.out << r.err;
  }
  EXPECT_TRUE(fs::exists(dir / "pull/A001C003.0001000.exr"));
  EXPECT_TRUE(fs::exists(dir / "pull/A001C003.0001009.exr"));
  EXPECT_TRUE(fs::exists(dir / "pull/ascmhl/ascmhl_chain.xml"));
}

TEST(Farm, ShuffledParallelChunksWithAKilledChunkAreByteIdentical) {
  TempDir dir("farm_chunks");
  aceslab::test::PlateSpec s;
  s.width = 480;
  s.height = 270;
  const std::string source = aceslab::test::write_sequence(dir / "plates", "A001C003", 1, 24, s);
  auto render_args = [&](const fs::path& out, const std::string& chunk) {
    std::vector<std::string> a = {"render", source, "--idt", aceslab::test::logc3_idt().string(), "--start-frame", "1001",
                                  "--slate", "--slate-date", "2026-03-14", "--threads", "1", "-q", "-o",
                                  (out / "A001C003.%07d.exr").string()};
    if (!chunk.empty()) a.insert(a.end(), {"--chunk", chunk, "--resume"});
    return a;
  };
  ASSERT_EQ(wait_for(spawn(render_args(dir / "single", ""))), 0);

  // Output frames 1000-1024 in shuffled chunks, all started at once; the long one is killed as
  // soon as it has written a frame, then rerun with --resume.
  std::vector<std::string> chunks = {"1000-1003", "1004-1005", "1022-1024", "1017-1021"};
  std::shuffle(chunks.begin(), chunks.end(), std::mt19937(7));
  const std::string victim = "1006-1016";
  std::vector<pid_t> pids;
  const pid_t killed = spawn(render_args(dir / "chunks", victim));
  for (const auto& c : chunks) pids.push_back(spawn(render_args(dir / "chunks", c)));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!fs::exists(dir / "chunks/A001C003.0001006.exr") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  kill(killed, SIGKILL);
  EXPECT_EQ(wait_for(killed), -SIGKILL) << "the chunk finished before it could be killed";
  for (pid_t p : pids) EXPECT_EQ(wait_for(p), 0);
  std::size_t written_before = 0;
  for (int f = 1006; f <= 1016; ++f) written_before += fs::exists(dir / ("chunks/A001C003.000" + std::to_string(f) + ".exr"));
  EXPECT_LT(written_before, 11u) << "the killed chunk had finished";
  ASSERT_EQ(wait_for(spawn(render_args(dir / "chunks", victim))), 0);

  std::vector<std::string> single, parallel;
  for (const auto& e : fs::directory_iterator(dir / "single")) single.push_back(e.path().filename().string());
  for (const auto& e : fs::directory_iterator(dir / "chunks")) parallel.push_back(e.path().filename().string());
  std::sort(single.begin(), single.end());
  std::sort(parallel.begin(), parallel.end());
  ASSERT_EQ(single.size(), 25u);
  EXPECT_EQ(parallel, single) << "extra or missing files (temporaries left?)";
  for (const auto& name : single) EXPECT_TRUE(aceslab::test::read_text(dir / "single" / name) == aceslab::test::read_text(dir / "chunks" / name)) << name;
}
