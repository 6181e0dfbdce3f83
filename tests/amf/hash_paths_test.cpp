// SPDX-License-Identifier: Apache-2.0
// Digests (against the published FIPS 180 / RFC 1321 test vectors), hash value decoding (hex and
// base64), percent-encoding and safe resolution of AMF file references.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "amf/amf.h"
#include "color/error.h"

namespace fs = std::filesystem;
namespace amf = aceslab::amf;

TEST(AmfHash, KnownDigestsOfAbc) {
  // FIPS 180-2 appendix B.1 / A.1 and RFC 1321 section A.5 test vectors for "abc".
  EXPECT_EQ(amf::to_hex(amf::digest_bytes("abc", amf::HashAlgorithm::sha256)),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(amf::to_hex(amf::digest_bytes("abc", amf::HashAlgorithm::sha1)), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(amf::to_hex(amf::digest_bytes("abc", amf::HashAlgorithm::md5)), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(amf::to_base64(amf::digest_bytes("abc", amf::HashAlgorithm::sha256)),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
}

TEST(AmfHash, Base64Padding) {
  EXPECT_EQ(amf::to_base64({'f'}), "Zg==");
  EXPECT_EQ(amf::to_base64({'f', 'o'}), "Zm8=");
  EXPECT_EQ(amf::to_base64({'f', 'o', 'o'}), "Zm9v");
}

TEST(AmfHash, DecodesHexAndBase64) {
  const auto digest = amf::digest_bytes("abc", amf::HashAlgorithm::md5);
  auto hex = amf::decode_hash_value("900150983CD24FB0D6963F7D28E17F72", amf::HashAlgorithm::md5);
  ASSERT_TRUE(hex);
  EXPECT_EQ(hex->encoding, amf::HashEncoding::hex);
  EXPECT_EQ(hex->digest, digest);
  auto b64 = amf::decode_hash_value(" " + amf::to_base64(digest) + "\n", amf::HashAlgorithm::md5);
  ASSERT_TRUE(b64);
  EXPECT_EQ(b64->encoding, amf::HashEncoding::base64);
  EXPECT_EQ(b64->digest, digest);
  // A SHA-256 hex string labelled SHA-1 (as in the official example4.amf) fits neither form.
  EXPECT_FALSE(amf::decode_hash_value("c81af4fb4a22ee0353308e4582708951df4682bf73f838c24bf44e585fc3bb61",
                                      amf::HashAlgorithm::sha1));
  EXPECT_FALSE(amf::decode_hash_value("not base64!", amf::HashAlgorithm::md5));
}

TEST(AmfHash, CorpusMd5MatchesItsClf) {
  const fs::path clf = fs::path(ACESLAB_SHARED_DIR) /
                       "reference/amf/corpus/Generated_Samples_AMF/valid_AMFs/MasterLookBright_O-Rec709.clf";
  EXPECT_EQ(amf::to_base64(amf::digest_file(clf, amf::HashAlgorithm::md5)), "4GYskVNKvJ8K1ltFxVqpgw==");
  EXPECT_THROW(amf::digest_file("/nonexistent/file.clf", amf::HashAlgorithm::md5), aceslab::Error);
}

TEST(AmfHash, AlgorithmUris) {
  for (auto a : {amf::HashAlgorithm::sha256, amf::HashAlgorithm::sha1, amf::HashAlgorithm::md5}) {
    EXPECT_EQ(amf::hash_algorithm_from_uri(amf::hash_algorithm_uri(a)), a);
  }
  EXPECT_FALSE(amf::hash_algorithm_from_uri("http://www.w3.org/2001/04/xmlenc#sha512"));
}

TEST(AmfPaths, PercentEncoding) {
  EXPECT_EQ(amf::percent_encode_path("looks/show look#1.clf"), "looks/show%20look%231.clf");
  EXPECT_EQ(amf::percent_encode_path("caf\xc3\xa9.clf"), "caf%C3%A9.clf");
  EXPECT_EQ(amf::percent_decode("looks/show%20look%231.clf").value(), "looks/show look#1.clf");
  EXPECT_EQ(amf::percent_decode("%2FLibrary%2FLUTs").value(), "/Library/LUTs");
  EXPECT_FALSE(amf::percent_decode("bad%2"));
  EXPECT_FALSE(amf::percent_decode("bad%zz"));
  EXPECT_FALSE(amf::percent_decode("nul%00byte"));
}

TEST(AmfPaths, ReferenceProblems) {
  const fs::path amf_path = "/shows/alpha/amf/shot.amf";
  using P = amf::ReferenceProblem;
  EXPECT_EQ(amf::check_reference(amf_path, "look.clf").problem, P::none);
  EXPECT_EQ(amf::check_reference(amf_path, "look.clf").path, fs::path("/shows/alpha/amf/look.clf"));
  EXPECT_EQ(amf::check_reference(amf_path, "sub/../look.clf").problem, P::none);
  EXPECT_EQ(amf::check_reference(amf_path, "../look.clf").problem, P::escapes);
  EXPECT_EQ(amf::check_reference(amf_path, "sub/../../look.clf").problem, P::escapes);
  EXPECT_EQ(amf::check_reference(amf_path, "%2E%2E/look.clf").problem, P::escapes);
  EXPECT_EQ(amf::check_reference(amf_path, "/etc/passwd").problem, P::absolute);
  EXPECT_EQ(amf::check_reference(amf_path, "%2FLibrary%2FLUTs%2Flook.cube").problem, P::absolute);
  EXPECT_EQ(amf::check_reference(amf_path, "file:///etc/passwd").problem, P::absolute);
  EXPECT_EQ(amf::check_reference(amf_path, "http://example.com/look.clf").problem, P::absolute);
  EXPECT_EQ(amf::check_reference(amf_path, "C:\\luts\\look.clf").problem, P::absolute);
  EXPECT_EQ(amf::check_reference(amf_path, "").problem, P::empty);
  EXPECT_EQ(amf::check_reference(amf_path, "bad%zz.clf").problem, P::malformed);
  // An encoded colon is part of a file name, not a scheme.
  EXPECT_EQ(amf::check_reference(amf_path, "shot%3A1.clf").problem, P::none);
}

TEST(AmfPaths, ResolveThrowsOnEscapeUnlessAllowed) {
  const fs::path amf_path = "/shows/alpha/amf/shot.amf";
  EXPECT_EQ(amf::resolve_reference(amf_path, "a%20b.clf", false), fs::path("/shows/alpha/amf/a b.clf"));
  try {
    amf::resolve_reference(amf_path, "../../etc/passwd", false);
    FAIL() << "expected an error";
  } catch (const aceslab::Error& e) {
    EXPECT_EQ(e.kind(), aceslab::ErrorKind::invalid_input);
    EXPECT_NE(std::string(e.what()).find("leaves the AMF's folder"), std::string::npos);
    EXPECT_EQ(e.location().path, amf_path.string());
  }
  EXPECT_EQ(amf::resolve_reference(amf_path, "../look.clf", true), fs::path("/shows/alpha/look.clf"));
}

TEST(AmfPaths, SymlinkOutOfTheFolderEscapes) {
  const fs::path dir = fs::temp_directory_path() / ("aceslab_amf_paths_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "amf");
  { std::ofstream(dir / "secret.clf") << "x"; }
  fs::create_symlink(dir / "secret.clf", dir / "amf" / "link.clf");
  EXPECT_EQ(amf::check_reference(dir / "amf" / "shot.amf", "link.clf").problem, amf::ReferenceProblem::escapes);
  fs::remove_all(dir);
}

TEST(AmfPaths, MissingFileBesideAnAmfNamedWithoutAFolderIsInside) {
  // `aceslab amf validate shot.amf` run in the AMF's folder: a referenced file that does not exist
  // (yet) is missing, not outside the folder.
  const fs::path dir = fs::temp_directory_path() / ("aceslab_amf_cwd_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path before = fs::current_path();
  fs::current_path(dir);
  const auto missing = amf::check_reference("shot.amf", "not_yet.clf");
  const auto nested = amf::check_reference("shot.amf", "looks/not_yet.clf");
  const auto outside = amf::check_reference("shot.amf", "../not_yet.clf");
  fs::current_path(before);
  fs::remove_all(dir);
  EXPECT_EQ(missing.problem, amf::ReferenceProblem::none);
  EXPECT_EQ(nested.problem, amf::ReferenceProblem::none);
  EXPECT_EQ(outside.problem, amf::ReferenceProblem::escapes);
}
