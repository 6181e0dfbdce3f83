// SPDX-License-Identifier: Apache-2.0
// Hash formats of ASC MHL and checksum.txt against published values: the xxHash, MD5 and SHA-1
// digests of "" and "abc", the C4 IDs the ASC's reference tool wrote into its example chain
// (../shared/reference/mhl/examples), and ascmhl's folder content and structure hashes in the same
// example (scenario_02: Clips/ with two files, Sidecar.txt at the root).
#include <gtest/gtest.h>

#include <filesystem>

#include "deliver/file_hash.h"

namespace deliver = aceslab::deliver;
using deliver::HashType;
namespace fs = std::filesystem;

namespace {

const fs::path kExamples = fs::path(ACESLAB_SHARED_DIR) / "reference/mhl/examples";

}  // namespace

TEST(FileHash, PublishedDigestsOfShortInputs) {
  // xxHash 0.8 (xxhsum -H0/-H1/-H2/-H3 of an empty file and of "abc"), RFC 1321, FIPS 180.
  EXPECT_EQ(deliver::hash_bytes("", HashType::xxh64), "ef46db3751d8e999");
  EXPECT_EQ(deliver::hash_bytes("", HashType::xxh3), "2d06800538d394c2");
  EXPECT_EQ(deliver::hash_bytes("", HashType::xxh128), "99aa06d3014798d86001c324468d497f");
  EXPECT_EQ(deliver::hash_bytes("abc", HashType::xxh64), "44bc2cf5ad770999");
  EXPECT_EQ(deliver::hash_bytes("", HashType::md5), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(deliver::hash_bytes("abc", HashType::md5), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(deliver::hash_bytes("abc", HashType::sha1), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(FileHash, C4MatchesTheChainOfTheReferenceTool) {
  const fs::path folder = kExamples / "scenario_02_real_output";
  // ascmhl_chain.xml lists each generation's file with its c4 ID.
  const std::string one = deliver::hash_file(folder / "0001_A002R2EC_2020-01-16_091500Z.mhl", HashType::c4);
  const std::string two = deliver::hash_file(folder / "0002_A002R2EC_2020-01-17_143000Z.mhl", HashType::c4);
  EXPECT_EQ(one, "c43qQABrjeiU3kteaNFtgwufQRLKxgMJEZfNSj6LcZ8fKwB568U8As9eScRsnb64NfqiAYzjNUXs81tAxPB77PUThb");
  EXPECT_EQ(two, "c45kfAU9bNHnT32pMzSdio6Qb7us3xkd65ff8uAvJcgdkpoQZUKoPFckwtVHozxgftZj4uUoXrRiAiwSqNGAxLUAKM");
  // And back: the digest bytes of a c4 ID are the SHA-512 of the file.
  EXPECT_EQ(deliver::digest_bytes(one, HashType::c4).size(), 64u);
}

TEST(FileHash, FolderHashesAsTheReferenceToolComputesThem) {
  // scenario_02: Clips/A002C006_141024_R2EC.mov 0ea03b369a463d9d, Clips/A002C007_141024_R2EC.mov
  // 7680e5f98f4a80fd, Sidecar.txt 3ab5a4166b9bde44; Clips content 4c226b42e27d7af3, structure
  // 906faa843d591a9f; root content 8d02114c32e28cbe, structure f557f8ca8e5a88ef.
  const std::string a = "0ea03b369a463d9d", b = "7680e5f98f4a80fd", sidecar = "3ab5a4166b9bde44";
  const std::string clips_content = deliver::hash_of_hashes({b, a}, HashType::xxh64);
  const std::string clips_structure = deliver::hash_of_hashes(
      {deliver::structure_item_hash("A002C006_141024_R2EC.mov", a, HashType::xxh64),
       deliver::structure_item_hash("A002C007_141024_R2EC.mov", b, HashType::xxh64)},
      HashType::xxh64);
  EXPECT_EQ(clips_content, "4c226b42e27d7af3");
  EXPECT_EQ(clips_structure, "906faa843d591a9f");
  EXPECT_EQ(deliver::hash_of_hashes({clips_content, sidecar}, HashType::xxh64), "8d02114c32e28cbe");
  EXPECT_EQ(deliver::hash_of_hashes({deliver::structure_item_hash("Clips", clips_structure, HashType::xxh64),
                                     deliver::structure_item_hash("Sidecar.txt", sidecar, HashType::xxh64)},
                                    HashType::xxh64),
            "f557f8ca8e5a88ef");
}
