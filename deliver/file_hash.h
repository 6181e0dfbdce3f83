// SPDX-License-Identifier: Apache-2.0
// The hash formats of ASC MHL v2.0 and checksum.txt, spelled as the ASC's reference tool (ascmhl)
// writes them: md5, sha1 (OpenSSL), xxh64, xxh3 (64-bit XXH3), xxh128 (XXH3 128-bit; ascmhl's
// default) from Debian's libxxhash as big-endian hex (xxHash's canonical form, as Python's
// xxhash hexdigest() gives), and c4 (SMPTE ST 2114 C4 ID: the SHA-512 digest as a base-58 number,
// 88 digits padded with '1', prefixed "c4").
//
// Directory hashes follow ascmhl (hasher.py, DirectoryHashContext): the content hash of a folder
// hashes the bytes of its children's content hashes, sorted as strings; the structure hash hashes,
// sorted likewise, hash(name + bytes of the child's hash) per child, where a file contributes its
// content hash and a folder its structure hash. An empty list hashes no bytes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace aceslab::deliver {

enum class HashType { c4, md5, sha1, xxh128, xxh3, xxh64 };  // the order ASCMHL.xsd lists them in

const char* hash_type_name(HashType type);  // "xxh128"...
// Throws aceslab::Error (usage) naming the formats for an unknown name.
HashType parse_hash_type(std::string_view name);
std::vector<HashType> all_hash_types();

// A running hash of one format.
class Hasher {
 public:
  explicit Hasher(HashType type);
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  void update(const void* data, std::size_t size);
  // The string ascmhl writes (hex, or the c4 ID). The hasher cannot be updated afterwards.
  std::string finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

std::string hash_bytes(std::string_view bytes, HashType type);
// Streams the file once for every format asked. Throws aceslab::Error (io) naming it.
std::vector<std::string> hash_file(const std::filesystem::path& path, const std::vector<HashType>& types);
std::string hash_file(const std::filesystem::path& path, HashType type);

// The digest bytes behind a hash string (hex, or a c4 ID); empty when the string is not one.
std::vector<std::uint8_t> digest_bytes(std::string_view hash, HashType type);

// ascmhl's hash_of_hash_list: the strings sorted, their digest bytes hashed in that order.
std::string hash_of_hashes(std::vector<std::string> hashes, HashType type);
// One child's contribution to its folder's structure hash: hash(name + digest bytes of `hash`).
std::string structure_item_hash(std::string_view name, std::string_view hash, HashType type);

}  // namespace aceslab::deliver
