// SPDX-License-Identifier: Apache-2.0
// The attacks of issue 15 on the command line, items 1-8, 12, 13, 15 and 16, each kept as a test:
// crashes on LUTs without a table, CLFs read through OpenColorIO without the CLF checks, inputs that
// never end (devices, FIFOs, a 50 MB line) with memory capped and measured as max RSS, concurrent
// runs writing one output, runs destroying their own inputs, batch outputs escaping their folder,
// LUT3D sizes nothing can read, outputs left behind by failed runs, temporaries left by signals,
// and read errors on stdin.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "process_support.h"

namespace {
namespace fs = std::filesystem;
using aceslab::test::ProcessOptions;
using aceslab::test::ProcessResult;
using aceslab::test::run_process;

const fs::path kHardening = fs::path(ACESLAB_TEST_DATA_DIR) / "hardening";
const fs::path kSampleLut = fs::path(ACESLAB_DATA_DIR) / "samples" / "show_logc3_to_rec709.cube";
const std::vector<std::string> kLutArgs = {"--lut-in", "logc3-ei800-awg3", "--lut-out", "rec709-bt1886-100nit"};

// Peak memory of a run that refuses its input at once: the process's own start-up (OpenColorIO,
// the registry) is about 135 MB; reading what never ends used to cost 5.5-8.5 GB. AddressSanitizer
// (scripts/sanitize) roughly triples a process's footprint.
#ifdef ACESLAB_SANITIZED
constexpr long kRefusalMaxRssKb = 1024 * 1024;
#else
constexpr long kRefusalMaxRssKb = 300 * 1024;
#endif

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("aceslab_hard_cli_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::vector<std::string> lmt_args(const fs::path& lut, const fs::path& out, std::vector<std::string> more = {}) {
  std::vector<std::string> a{"lmt", lut.string()};
  a.insert(a.end(), kLutArgs.begin(), kLutArgs.end());
  a.insert(a.end(), {"-o", out.string(), "--cube-size", "9", "-q"});
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Item 1: a header and no table made `lmt` segfault (exit 139), and killed a whole batch.
TEST(HardeningCli, CubeHeadersWithoutATableAreErrors) {
  const fs::path dir = fresh_dir("cube");
  const struct {
    const char* file;
    const char* message;
  } cases[] = {
      {"header_only_3d.cube", "header_only_3d.cube:1: the header declares 8 table entries but the file has none"},
      {"header_only_1d.cube", "header_only_1d.cube:1: the header declares 1024 table entries but the file has none"},
      {"title_only.cube", "title_only.cube:1: no LUT_1D_SIZE or LUT_3D_SIZE found"},
      {"domain_only.cube", "domain_only.cube:2: no LUT_1D_SIZE or LUT_3D_SIZE found"},
      {"utf16.cube", "utf16.cube:1: the file is UTF-16 text; .cube files are ASCII (UTF-8)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const ProcessResult r = run_process(lmt_args(kHardening / "cube" / c.file, dir / "out.clf", {"--no-verify"}));
    EXPECT_EQ(r.signal, 0) << "crashed";
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(contains(r.err, c.message)) << r.err;
    EXPECT_FALSE(fs::exists(dir / "out.clf"));
  }
  // One such file in a batch fails alone; the good LUT next to it converts.
  fs::copy_file(kHardening / "cube" / "header_only_3d.cube", dir / "bad.cube");
  fs::copy_file(kSampleLut, dir / "good.cube");
  write(dir / "batch.json",
        R"({"defaults": {"lut_in": "logc3-ei800-awg3", "lut_out": "rec709-bt1886-100nit", "cube_size": 9},
            "luts": [{"file": "bad.cube"}, {"file": "good.cube"}]})");
  const ProcessResult batch = run_process({"lmt", "--batch", (dir / "batch.json").string(), "-q"});
  EXPECT_EQ(batch.signal, 0) << "crashed";
  EXPECT_EQ(batch.exit_code, 1);
  EXPECT_TRUE(contains(batch.out, "1 of 2 converted, 1 failed")) << batch.out;
  EXPECT_TRUE(fs::exists(dir / "good_lmt.clf"));
  fs::remove_all(dir);
}

// Item 4: a .clf show LUT went to OpenColorIO without the CLF checks (XXE, external DTD and
// parameter entities exited 0; 100k nested elements took over 100 s).
TEST(HardeningCli, ClfShowLutsPassTheClfChecks) {
  const fs::path dir = fresh_dir("clflut");
  const fs::path hostile = fs::path(ACESLAB_TEST_DATA_DIR) / "clf" / "hostile";
  for (const char* name : {"xxe_file.clf", "xxe_parameter_entity.clf", "external_dtd.clf", "billion_laughs.clf"}) {
    SCOPED_TRACE(name);
    const ProcessResult r = run_process(lmt_args(hostile / name, dir / "out.clf", {"--no-verify"}));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(r.err, "DTD") || contains(r.err, "entity declarations are not allowed")) << r.err;
    EXPECT_FALSE(contains(r.err, "root:")) << "resolved /etc/passwd";
  }
  std::string deep = "<?xml version=\"1.0\"?>\n<ProcessList id=\"a\" compCLFversion=\"3.0\">";
  for (int i = 0; i < 100000; ++i) deep += "<Info>";
  for (int i = 0; i < 100000; ++i) deep += "</Info>";
  deep += "</ProcessList>\n";
  write(dir / "deep.clf", deep);
  const auto start = std::chrono::steady_clock::now();
  const ProcessResult r = run_process(lmt_args(dir / "deep.clf", dir / "out.clf", {"--no-verify"}));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "deep.clf:2: elements nested more than 64 deep")) << r.err;
  fs::remove_all(dir);
}

// Item 5: /dev/zero grew `lmt`, `lmt --batch` and `idt` to 5.5-8.5 GB; FIFOs hung `apply --amf`,
// `amf create --from-json` and image reads. Each is refused at once, with little memory.
TEST(HardeningCli, EndlessInputsAreRefusedWithBoundedMemory) {
  const fs::path dir = fresh_dir("endless");
  fs::create_symlink("/dev/zero", dir / "zero.cube");
  const fs::path fifo = dir / "look.clf";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo((dir / "recipe.json").c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo((dir / "plate.exr").c_str(), 0600), 0);
  // An AMF whose look is the FIFO, with some hash: the hash check must not block on it.
  write(dir / "shot.amf",
        "<?xml version=\"1.0\"?>\n<aces:acesMetadataFile version=\"2.0\" xmlns:aces=\"urn:ampas:aces:amf:v2.0\">\n"
        "<aces:amfInfo><aces:dateTime><aces:creationDateTime>2020-11-10T13:20:00Z</aces:creationDateTime>"
        "<aces:modificationDateTime>2020-11-10T13:20:00Z</aces:modificationDateTime></aces:dateTime>"
        "<aces:uuid>urn:uuid:54bfd6af-57c0-4bd1-8f95-0952c4f25f86</aces:uuid></aces:amfInfo>\n<aces:pipeline>"
        "<aces:pipelineInfo><aces:dateTime><aces:creationDateTime>2020-11-10T13:20:00Z</aces:creationDateTime>"
        "<aces:modificationDateTime>2020-11-10T13:20:00Z</aces:modificationDateTime></aces:dateTime>"
        "<aces:uuid>urn:uuid:d587baff-1e20-46e7-a3b1-bbb1194b0172</aces:uuid><aces:systemVersion>"
        "<aces:majorVersion>2</aces:majorVersion><aces:minorVersion>0</aces:minorVersion>"
        "<aces:patchVersion>0</aces:patchVersion></aces:systemVersion></aces:pipelineInfo>\n"
        "<aces:lookTransform applied=\"false\"><aces:file>look.clf</aces:file>"
        "<aces:hash algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\">"
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=</aces:hash></aces:lookTransform>\n"
        "</aces:pipeline></aces:acesMetadataFile>\n");
  const struct {
    const char* name;
    std::vector<std::string> args;
    const char* message;
  } cases[] = {
      {"lmt /dev/zero", lmt_args(dir / "zero.cube", dir / "o.clf"), "the LUT file is a character device"},
      {"lmt --batch /dev/zero", {"lmt", "--batch", "/dev/zero"}, "the batch manifest is a character device"},
      {"idt /dev/zero", {"idt", "/dev/zero", "-o", (dir / "i.clf").string()}, "the JSON file is a character device"},
      {"apply --amf, FIFO look", {"apply", "--amf", (dir / "shot.amf").string()}, "the referenced file is a FIFO"},
      {"amf create --from-json FIFO",
       {"amf", "create", "--from-json", (dir / "recipe.json").string(), "-o", (dir / "c.amf").string()},
       "the JSON description is a FIFO"},
      {"apply FIFO image",
       {"apply", (dir / "plate.exr").string(), "-o", (dir / "out.exr").string(), "--output-transform",
        "rec709-bt1886-100nit"},
       "the image is a FIFO"},
      {"amf validate /dev/zero", {"amf", "inspect", "/dev/zero"}, "the XML file is a character device"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto start = std::chrono::steady_clock::now();
    const ProcessResult r = run_process(c.args);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10)) << "blocked";
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(r.err, c.message)) << r.err;
    EXPECT_LT(r.max_rss_kb, kRefusalMaxRssKb);
  }
  // A 50 MB line on stdin: refused after its first bytes, quoted as an excerpt with its length.
  std::string line(50 << 20, '1');
  line += '\n';
  write(dir / "line.txt", line);
  ProcessOptions in;
  in.stdin_file = (dir / "line.txt").string();
  const ProcessResult r = run_process({"apply", "--output-transform", "rec709-bt1886-100nit"}, in);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "<stdin>:1: line is longer than 4096 bytes: \"1111")) << r.err.substr(0, 300);
  EXPECT_TRUE(contains(r.err, "(52428800 bytes)")) << r.err.substr(0, 300);
  EXPECT_LT(r.err.size(), 400u);
  EXPECT_LT(r.max_rss_kb, kRefusalMaxRssKb);
  fs::remove_all(dir);
}

// Item 5: a 114 MB CLF of tiny nodes cost OpenColorIO 1.7 GB; the element count is capped first.
TEST(HardeningCli, ClfsOfTinyNodesAreRefusedBeforeOpenColorIO) {
  const fs::path dir = fresh_dir("tiny_nodes");
  std::string clf = "<?xml version=\"1.0\"?>\n<ProcessList id=\"a\" compCLFversion=\"3.0\">\n";
  const std::string node =
      "<Matrix inBitDepth=\"32f\" outBitDepth=\"32f\"><Array dim=\"3 3\">1 0 0 0 1 0 0 0 1</Array></Matrix>\n";
  while (clf.size() < (20u << 20)) clf += node;
  clf += "</ProcessList>\n";
  write(dir / "tiny.clf", clf);
  write(dir / "in.txt", "0.1 0.2 0.3\n");
  ProcessOptions in;
  in.stdin_file = (dir / "in.txt").string();
  const ProcessResult r = run_process({"apply", "--clf", (dir / "tiny.clf").string()}, in);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "tiny.clf:5002: more than 10000 elements")) << r.err;
  EXPECT_LT(r.max_rss_kb, kRefusalMaxRssKb);
  fs::remove_all(dir);
}

// Item 6 at the command level (the library test races 2 writers thousands of times): two
// `amf create` runs of one output never both succeed.
TEST(HardeningCli, ConcurrentRunsOfOneOutputNeverBothSucceed) {
  const fs::path dir = fresh_dir("concurrent");
  constexpr int kPairs = 4;
  for (int i = 0; i < kPairs; ++i) {
    const std::string out = (dir / ("shot" + std::to_string(i) + ".amf")).string();
    const std::vector<std::string> args{"amf", "create", "-o", out, "--description", "race", "-q"};
    aceslab::test::Process a(args), b(args);
    const ProcessResult ra = a.wait(), rb = b.wait();
    EXPECT_EQ((ra.exit_code == 0) + (rb.exit_code == 0), 1) << ra.err << rb.err;
    EXPECT_TRUE(contains(ra.err + rb.err, "output exists"));
  }
  fs::remove_all(dir);
}

// Item 7: --force let a run destroy its own inputs.
TEST(HardeningCli, NoRunOverwritesItsOwnInputs) {
  const fs::path dir = fresh_dir("own");
  fs::copy_file(kSampleLut, dir / "a.cube");
  const std::string look = (dir / "look.clf").string();
  write(look, "<?xml version=\"1.0\"?>\n<ProcessList id=\"a\" compCLFversion=\"3.0\"><Matrix inBitDepth=\"32f\" "
              "outBitDepth=\"32f\"><Array dim=\"3 3\">1 0 0 0 1 0 0 0 1</Array></Matrix></ProcessList>\n");
  const struct {
    const char* name;
    std::vector<std::string> args;
    const char* message;
  } cases[] = {
      {"lmt a.cube -o a.cube", lmt_args(dir / "a.cube", dir / "." / "a.cube", {"--force"}), "would destroy its own input"},
      {"lmt -o x.clf --amf x.clf", lmt_args(dir / "a.cube", dir / "x.clf", {"--amf", (dir / "." / "x.clf").string()}),
       "one run cannot write two outputs to one file"},
      {"amf create -o look.clf --look look.clf", {"amf", "create", "-o", look, "--look", look, "--force"},
       "would destroy its own input"},
      {"apply --clf x -o x", {"apply", look, "--clf", look, "-o", look, "--force"}, "would destroy its own input"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const ProcessResult r = run_process(c.args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(contains(r.err, c.message)) << r.err;
  }
  EXPECT_EQ(fs::file_size(dir / "a.cube"), fs::file_size(kSampleLut));
  EXPECT_TRUE(contains(aceslab::test::run_process({"amf", "inspect", look}).err, "not an ACES Metadata File"));
  // A batch entry whose output is its own LUT.
  write(dir / "batch.json", R"({"defaults": {"lut_in": "logc3-ei800-awg3", "lut_out": "rec709-bt1886-100nit"},
                                "luts": [{"file": "a.cube", "output": "a.cube"}]})");
  const ProcessResult r = run_process({"lmt", "--batch", (dir / "batch.json").string(), "--force"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "batch.json: /luts/0: a.cube would write")) << r.err;
  EXPECT_TRUE(contains(r.err, "which is the LUT of /luts/0: the batch would destroy its own input")) << r.err;
  EXPECT_EQ(fs::file_size(dir / "a.cube"), fs::file_size(kSampleLut));
  fs::remove_all(dir);
}

// Item 8: a manifest wrote anywhere ("output_dir": "/abs", "output": "../../x.clf").
TEST(HardeningCli, BatchOutputsStayInTheManifestFolder) {
  const fs::path dir = fresh_dir("batch_outside");
  fs::create_directories(dir / "show");
  fs::copy_file(kSampleLut, dir / "show" / "a.cube");
  const std::string defaults = R"("defaults": {"lut_in": "logc3-ei800-awg3", "lut_out": "rec709-bt1886-100nit", "cube_size": 9})";
  const struct {
    const char* name;
    std::string manifest;
  } cases[] = {
      {"absolute output_dir", "{" + defaults + R"(, "output_dir": ")" + (dir / "elsewhere").string() +
                                  R"(", "luts": [{"file": "a.cube"}]})"},
      {"output ../../", "{" + defaults + R"(, "luts": [{"file": "a.cube", "output": "../../x.clf"}]})"},
      {"amf ../", "{" + defaults + R"(, "luts": [{"file": "a.cube", "amf": "../x.amf"}]})"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    write(dir / "show" / "batch.json", c.manifest);
    const ProcessResult r = run_process({"lmt", "--batch", (dir / "show" / "batch.json").string(), "-q"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(contains(r.err, "outside the manifest's folder")) << r.err;
    EXPECT_TRUE(contains(r.err, "--allow-outside")) << r.err;
  }
  write(dir / "show" / "batch.json", cases[0].manifest);
  const ProcessResult allowed =
      run_process({"lmt", "--batch", (dir / "show" / "batch.json").string(), "--allow-outside", "-q"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err << allowed.out;
  EXPECT_TRUE(fs::exists(dir / "elsewhere" / "a_lmt.clf"));
  fs::remove_all(dir);
}

// Item 12: LUT3D sizes above 129 made 78 MB CLFs OpenColorIO 2.1 cannot read.
TEST(HardeningCli, CubeSizesOpenColorIOCannotReadAreRefused) {
  const fs::path dir = fresh_dir("size");
  const ProcessResult r = run_process(lmt_args(kSampleLut, dir / "big.clf", {"--cube-size", "130", "--no-verify"}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--cube-size")) << r.err;
  EXPECT_FALSE(fs::exists(dir / "big.clf"));
  write(dir / "batch.json", R"({"defaults": {"lut_in": "logc3-ei800-awg3", "lut_out": "rec709-bt1886-100nit",
                                "cube_size": 200}, "luts": [{"file": ")" + kSampleLut.string() + R"("}]})");
  const ProcessResult b = run_process({"lmt", "--batch", (dir / "batch.json").string(), "--allow-outside"});
  EXPECT_EQ(b.exit_code, 1);
  EXPECT_TRUE(contains(b.err, "cube size 200 is out of range: 0 (automatic) or 2..129")) << b.err;
  fs::remove_all(dir);
}

// Item 13: failing commands left outputs behind ("output exists" on the rerun).
TEST(HardeningCli, FailedRunsLeaveNoOutputs) {
  const fs::path dir = fresh_dir("leftovers");
  const fs::path out = dir / "shot.amf";
  ProcessResult r = run_process({"amf", "create", "-o", out.string(), "--look", "cdl:1,1,1,0,0,0,-1,1,1,1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "the CDL red power -1 is not a finite number > 0")) << r.err;
  EXPECT_FALSE(fs::exists(out));
  write(dir / "report", "a file, not a folder");
  r = run_process(lmt_args(kSampleLut, dir / "x.clf", {"--report", (dir / "report").string(), "--no-verify"}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "is a file; it must be a folder")) << r.err;
  EXPECT_FALSE(fs::exists(dir / "x.clf"));
  fs::create_directories(dir / "a");
  fs::create_directories(dir / "b");
  r = run_process(lmt_args(kSampleLut, dir / "a" / "x.clf", {"--amf", (dir / "b" / "x.amf").string(), "--no-verify"}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "cannot reference -o")) << r.err;
  EXPECT_FALSE(contains(r.err, "--allow-outside")) << "lmt has no such flag for this";
  EXPECT_FALSE(fs::exists(dir / "a" / "x.clf"));
  fs::remove_all(dir);
}

std::vector<fs::path> matching(const fs::path& dir, const std::string& part) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().filename().string().find(part) != std::string::npos) out.push_back(e.path());
  }
  return out;
}

// Item 15: SIGINT left .out.tmp-PID-N.exr, .look.clf.verifying.clf and /tmp/aceslab-clf-*.clf
// (up to 114 MB, mode 0644) behind.
TEST(HardeningCli, InterruptedRunsLeaveNoTemporaries) {
  const fs::path dir = fresh_dir("sigint");
  const fs::path tmp = dir / "tmp";
  fs::create_directories(tmp);
  ProcessOptions options;
  options.env = {"TMPDIR=" + tmp.string()};
  // The LMT's verification copy, while the (slow, 129^3) LMT is verified.
  auto [lmt, lmt_sent] = aceslab::test::interrupt_when(
      {"lmt", kSampleLut.string(), "--lut-in", "logc3-ei800-awg3", "--lut-out", "rec709-bt1886-100nit", "-o",
       (dir / "big.clf").string(), "--cube-size", "129", "-q"},
      [&] { return !matching(dir, ".verifying").empty(); }, SIGINT, options);
  ASSERT_TRUE(lmt_sent) << "the verification copy never appeared: " << lmt.err;
  EXPECT_EQ(lmt.signal, SIGINT);
  EXPECT_TRUE(matching(dir, ".verifying").empty());
  EXPECT_TRUE(matching(dir, ".tmp-").empty());
  EXPECT_FALSE(fs::exists(dir / "big.clf"));
  // OpenColorIO's private copy in TMPDIR, while OCIO reads a large CLF: removed, and private.
  std::vector<std::string> bake{"lmt", kSampleLut.string(), "-o", (dir / "look.clf").string(), "--cube-size", "97",
                                "--no-verify", "-q"};
  bake.insert(bake.end(), kLutArgs.begin(), kLutArgs.end());
  const ProcessResult baked = run_process(bake);
  ASSERT_EQ(baked.exit_code, 0) << baked.err;
  write(dir / "triplets.txt", "0.1 0.2 0.3\n");
  ProcessOptions with_stdin = options;
  with_stdin.stdin_file = (dir / "triplets.txt").string();
  bool private_copy = false;
  auto [apply, apply_sent] = aceslab::test::interrupt_when(
      {"apply", "--clf", (dir / "look.clf").string()},
      [&] {
        const auto copies = matching(tmp, "aceslab-ocio");
        if (copies.empty()) return false;
        struct stat st {};
        private_copy = ::stat(copies.front().c_str(), &st) == 0 && (st.st_mode & 0777) == 0600;
        return true;
      },
      SIGINT, with_stdin);
  ASSERT_TRUE(apply_sent) << "the private copy never appeared: " << apply.err;
  EXPECT_TRUE(private_copy) << "the private copy is not mode 0600";
  EXPECT_EQ(apply.signal, SIGINT);
  EXPECT_TRUE(matching(tmp, "aceslab").empty()) << "a private copy was left in TMPDIR";
  fs::remove_all(dir);
}

// Item 16: a directory or a closed stdin read as empty input (exit 0, no output).
TEST(HardeningCli, StdinReadErrorsAreErrors) {
  ProcessOptions directory;
  directory.stdin_file = fs::temp_directory_path().string();
  ProcessResult r = run_process({"apply", "--output-transform", "rec709-bt1886-100nit"}, directory);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "stdin is a directory")) << r.err;
  ProcessOptions closed;
  closed.close_stdin = true;
  r = run_process({"apply", "--output-transform", "rec709-bt1886-100nit"}, closed);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "stdin is closed")) << r.err;
}

}  // namespace
