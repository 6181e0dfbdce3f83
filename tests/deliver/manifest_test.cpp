// SPDX-License-Identifier: Apache-2.0
// Checksum manifests: ASC MHL generations (every file valid against the ASC's XSDs,
// ../shared/reference/mhl, validated offline with libxml2), the chain, folder hashes recomputed
// independently, generations appended and never rewritten, verification of missing, extra and
// altered files; checksum.txt per sequence folder with each hash format.
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "color/error.h"
#include "deliver/checksum_txt.h"
#include "deliver/manifest.h"
#include "deliver/mhl.h"
#include "deliver_test_support.h"

namespace deliver = aceslab::deliver;
namespace fs = std::filesystem;
using aceslab::test::TempDir;

namespace {

const fs::path kSchemas = fs::path(ACESLAB_SHARED_DIR) / "reference/mhl";

// The two ASC schemas in a folder of their own, the directory schema's import pointed at the
// local copy (it names the schema by https URL).
class Schemas {
 public:
  Schemas() : m_dir("mhl_xsd") {
    fs::copy_file(kSchemas / "ASCMHL.xsd", m_dir / "ASCMHL.xsd");
    std::string directory = aceslab::test::read_text(kSchemas / "ASCMHLDirectory.xsd");
    directory = std::regex_replace(directory, std::regex("schemaLocation=\"https://[^\"]*ASCMHL.xsd\""),
                                   "schemaLocation=\"ASCMHL.xsd\"");
    std::ofstream(m_dir / "ASCMHLDirectory.xsd") << directory;
  }

  // Empty when `doc` is valid against the schema, else libxml2's messages.
  std::string validate(const fs::path& doc, const std::string& schema) const {
    std::string errors;
    xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt((m_dir / schema).c_str());
    xmlSchemaPtr xsd = xmlSchemaParse(parser);
    if (!xsd) {
      xmlSchemaFreeParserCtxt(parser);
      return "schema " + schema + " did not load";
    }
    xmlSchemaValidCtxtPtr valid = xmlSchemaNewValidCtxt(xsd);
    xmlSchemaSetValidStructuredErrors(valid, [](void* out, xmlErrorPtr e) {
      static_cast<std::string*>(out)->append(std::to_string(e->line) + ": " + e->message);
    }, &errors);
    xmlDocPtr xml = xmlReadFile(doc.c_str(), nullptr, XML_PARSE_NONET);
    if (!xml) errors += "not well-formed";
    else if (xmlSchemaValidateDoc(valid, xml) != 0 && errors.empty()) errors = "invalid";
    if (xml) xmlFreeDoc(xml);
    xmlSchemaFreeValidCtxt(valid);
    xmlSchemaFree(xsd);
    xmlSchemaFreeParserCtxt(parser);
    return errors;
  }

  void expect_history_valid(const fs::path& root) const {
    for (const auto& e : fs::directory_iterator(root / "ascmhl")) {
      const std::string schema = e.path().extension() == ".mhl" ? "ASCMHL.xsd" : "ASCMHLDirectory.xsd";
      EXPECT_EQ(validate(e.path(), schema), "") << e.path();
    }
  }

 private:
  TempDir m_dir;
};

const Schemas& schemas() {
  static const Schemas s;
  return s;
}

// A delivery: a sequence folder with frames, a sidecar, an empty folder and a nested folder.
void make_delivery(const fs::path& root) {
  fs::create_directories(root / "A001C003");
  fs::create_directories(root / "docs/notes");
  fs::create_directories(root / "empty");
  for (int f = 1001; f <= 1004; ++f) std::ofstream(root / "A001C003" / ("A001C003." + std::to_string(f) + ".exr")) << "frame " << f;
  std::ofstream(root / "docs/readme.txt") << "delivery notes";
  std::ofstream(root / "docs/notes/a.txt") << "a";
  std::ofstream(root / ".DS_Store") << "ignored";
}

}  // namespace

TEST(Mhl, GenerationChainAndSchemas) {
  TempDir dir("mhl_delivery");
  const fs::path root = dir / "NAM";
  make_delivery(root);
  deliver::ManifestOptions o;
  o.hostname = "farm01";
  const deliver::ManifestReport r = deliver::create_manifest(root, o);
  ASSERT_TRUE(r.generation);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.files, 6u);
  EXPECT_EQ(r.original.size(), 6u);
  EXPECT_TRUE(std::regex_match(r.generation->filename().string(), std::regex(R"(0001_NAM_\d{4}-\d\d-\d\d_\d{6}Z\.mhl)")))
      << *r.generation;
  schemas().expect_history_valid(root);

  // Read back: files in post order (a folder's subfolders, then its files, then the folder).
  const deliver::MhlHistory history = deliver::read_mhl_history(root);
  ASSERT_EQ(history.generations.size(), 1u);
  EXPECT_EQ(history.generations[0].c4, deliver::hash_file(*r.generation, deliver::HashType::c4));
  const deliver::MhlGeneration g = deliver::read_mhl_generation(history, history.generations[0]);
  std::vector<std::string> order;
  for (const auto& e : g.entries) order.push_back((e.directory ? "dir " : "") + e.path);
  const std::vector<std::string> expected = {"A001C003/A001C003.1001.exr", "A001C003/A001C003.1002.exr",
                                             "A001C003/A001C003.1003.exr", "A001C003/A001C003.1004.exr",
                                             "dir A001C003",                "docs/notes/a.txt",
                                             "dir docs/notes",              "docs/readme.txt",
                                             "dir docs",                    "dir empty"};
  EXPECT_EQ(order, expected);
  EXPECT_EQ(g.entries[0].hashes.front().type, deliver::HashType::xxh128);
  EXPECT_EQ(g.entries[0].hashes.front().value, deliver::hash_file(root / "A001C003/A001C003.1001.exr", deliver::HashType::xxh128));
  EXPECT_EQ(g.entries[0].hashes.front().action, "original");
  EXPECT_EQ(*g.entries[0].size, fs::file_size(root / "A001C003/A001C003.1001.exr"));

  // The root hashes recomputed independently from the file hashes (ascmhl's rule, file_hash.h).
  auto h = [&](const std::string& rel) { return deliver::hash_file(root / rel, deliver::HashType::xxh128); };
  const auto T = deliver::HashType::xxh128;
  std::vector<std::string> seq, seq_structure;
  for (int f = 1001; f <= 1004; ++f) {
    const std::string name = "A001C003." + std::to_string(f) + ".exr";
    seq.push_back(h("A001C003/" + name));
    seq_structure.push_back(deliver::structure_item_hash(name, seq.back(), T));
  }
  const std::string notes = deliver::hash_of_hashes({h("docs/notes/a.txt")}, T);
  const std::string notes_s = deliver::hash_of_hashes({deliver::structure_item_hash("a.txt", h("docs/notes/a.txt"), T)}, T);
  const std::string docs = deliver::hash_of_hashes({notes, h("docs/readme.txt")}, T);
  const std::string docs_s = deliver::hash_of_hashes(
      {deliver::structure_item_hash("notes", notes_s, T), deliver::structure_item_hash("readme.txt", h("docs/readme.txt"), T)}, T);
  const std::string empty = deliver::hash_of_hashes({}, T);
  const std::string root_content = deliver::hash_of_hashes({deliver::hash_of_hashes(seq, T), docs, empty}, T);
  const std::string root_structure =
      deliver::hash_of_hashes({deliver::structure_item_hash("A001C003", deliver::hash_of_hashes(seq_structure, T), T),
                               deliver::structure_item_hash("docs", docs_s, T), deliver::structure_item_hash("empty", empty, T)},
                              T);
  EXPECT_EQ(g.root_content.front().value, root_content);
  EXPECT_EQ(g.root_structure.front().value, root_structure);
}

TEST(Mhl, GenerationsAreAppendedAndVerificationFindsChanges) {
  TempDir dir("mhl_verify");
  const fs::path root = dir / "pull";
  make_delivery(root);
  deliver::ManifestOptions o;
  o.hash = deliver::HashType::xxh64;
  const fs::path first = *deliver::create_manifest(root, o).generation;
  const std::string first_bytes = aceslab::test::read_text(first);

  deliver::VerifyReport clean = deliver::verify_manifest(root);
  EXPECT_TRUE(clean.ok());
  EXPECT_EQ(clean.verified, 6u);
  ASSERT_TRUE(clean.generation);
  EXPECT_EQ(clean.generation->filename().string().substr(0, 5), "0002_");

  std::ofstream(root / "A001C003/A001C003.1002.exr", std::ios::app) << "x";  // altered
  fs::remove(root / "docs/notes/a.txt");                                     // missing
  std::ofstream(root / "A001C003/A001C003.1005.exr") << "new";               // extra
  const deliver::VerifyReport r = deliver::verify_manifest(root);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.altered, std::vector<std::string>{"A001C003/A001C003.1002.exr"});
  EXPECT_EQ(r.missing, std::vector<std::string>{"docs/notes/a.txt"});
  EXPECT_EQ(r.extra, std::vector<std::string>{"A001C003/A001C003.1005.exr"});
  EXPECT_EQ(aceslab::test::read_text(first), first_bytes) << "a generation was rewritten";
  const deliver::MhlHistory history = deliver::read_mhl_history(root);
  ASSERT_EQ(history.generations.size(), 3u);
  ASSERT_EQ(history.chain.size(), 3u);
  schemas().expect_history_valid(root);
  // The verification generation records what it found, in the generation's format.
  const deliver::MhlGeneration g = deliver::read_mhl_generation(history, history.generations.back());
  for (const auto& e : g.entries) {
    if (e.directory) continue;
    const std::string expected = e.path == "A001C003/A001C003.1002.exr"   ? "failed"
                                 : e.path == "A001C003/A001C003.1005.exr" ? "original"
                                                                           : "verified";
    EXPECT_EQ(e.hashes.front().action, expected) << e.path;
    EXPECT_EQ(e.hashes.front().type, deliver::HashType::xxh64);
  }

  // A generation edited after the fact no longer matches its c4 in the chain.
  std::ofstream(root / "ascmhl" / history.generations.back().file_name, std::ios::app) << "<!-- -->";
  const deliver::VerifyReport tampered = deliver::verify_manifest(root);
  ASSERT_FALSE(tampered.altered.empty());
  EXPECT_NE(tampered.altered.front().find("does not match its c4"), std::string::npos);
}

TEST(Mhl, EveryHashFormatIsSchemaValid) {
  for (deliver::HashType t : deliver::all_hash_types()) {
    TempDir dir(std::string("mhl_") + deliver::hash_type_name(t));
    make_delivery(dir / "d");
    deliver::ManifestOptions o;
    o.hash = t;
    deliver::create_manifest(dir / "d", o);
    EXPECT_TRUE(deliver::verify_manifest(dir / "d").ok()) << deliver::hash_type_name(t);
    schemas().expect_history_valid(dir / "d");
  }
}

TEST(Mhl, MalformedAndHostileGenerationsAreRefused) {
  TempDir dir("mhl_bad");
  make_delivery(dir / "d");
  deliver::create_manifest(dir / "d", {});
  const fs::path gen = deliver::read_mhl_history(dir / "d").folder / deliver::read_mhl_history(dir / "d").generations[0].file_name;
  std::ofstream(gen) << "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><hashlist>&e;</hashlist>";
  EXPECT_THROW(deliver::verify_manifest(dir / "d"), aceslab::Error);
  std::ofstream(gen) << "<hashlist";
  EXPECT_THROW(deliver::verify_manifest(dir / "d"), aceslab::Error);
}

TEST(ChecksumTxt, OnePerSequenceFolderInEveryFormat) {
  TempDir dir("checksum");
  const fs::path root = dir / "NAM";
  make_delivery(root);
  deliver::ManifestOptions o;
  o.mhl = false;
  o.checksum = true;
  const deliver::ManifestReport r = deliver::create_manifest(root, o);
  ASSERT_EQ(r.checksum_files.size(), 1u);  // docs/ holds no numbered image
  EXPECT_EQ(r.checksum_files[0], root / "A001C003/checksum.txt");
  const auto lines = deliver::read_checksum_txt(root / "A001C003/checksum.txt");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].name, "A001C003.1001.exr");
  EXPECT_EQ(lines[0].hash, deliver::hash_bytes("frame 1001", deliver::HashType::md5));
  EXPECT_EQ(aceslab::test::read_text(root / "A001C003/checksum.txt").substr(32, 2), "  ");
  EXPECT_TRUE(deliver::verify_manifest(root).ok());

  std::ofstream(root / "A001C003/A001C003.1003.exr", std::ios::app) << "!";
  const deliver::VerifyReport v = deliver::verify_manifest(root);
  EXPECT_EQ(v.altered, std::vector<std::string>{"A001C003/A001C003.1003.exr"});
  // Rewriting a checksum.txt whose files changed needs --force.
  EXPECT_THROW(deliver::create_manifest(root, o), aceslab::Error);
  o.force = true;
  deliver::create_manifest(root, o);
  EXPECT_TRUE(deliver::verify_manifest(root).ok());

  for (deliver::HashType t : {deliver::HashType::xxh64, deliver::HashType::xxh128, deliver::HashType::sha1, deliver::HashType::c4}) {
    o.hash = t;
    deliver::create_manifest(root, o);
    const deliver::VerifyReport ok = deliver::verify_manifest(root);
    EXPECT_TRUE(ok.ok()) << deliver::hash_type_name(t);
    EXPECT_EQ(ok.verified, 4u);
  }
}

TEST(ChecksumTxt, MalformedLineIsNamed) {
  TempDir dir("checksum_bad");
  std::ofstream(dir / "checksum.txt") << "d41d8cd98f00b204e9800998ecf8427e  a.exr\nnot a line\n";
  try {
    deliver::read_checksum_txt(dir / "checksum.txt");
    FAIL();
  } catch (const aceslab::Error& e) {
    EXPECT_NE(std::string(e.what()).find("checksum.txt:2"), std::string::npos) << e.what();
  }
}
