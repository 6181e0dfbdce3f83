// SPDX-License-Identifier: Apache-2.0
// Digests of referenced transform files for AMF <hash> elements (OpenSSL EVP): SHA-256, SHA-1 and
// MD5, the three algorithms acesMetadataFile.xsd enumerates. The schema types the value as
// xs:base64Binary, so aceslab WRITES base64 of the raw digest (SHA-256 by default). When READING,
// a hex string of the digest's length is also accepted because some writers emit hex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "amf/model.h"
#include "color/error.h"

namespace aceslab::amf {

using Digest = std::vector<unsigned char>;

// The algorithm URI used in the `algorithm` attribute, and back (nullopt if not one of the three).
const char* hash_algorithm_uri(HashAlgorithm algorithm);
std::optional<HashAlgorithm> hash_algorithm_from_uri(std::string_view uri);
const char* hash_algorithm_name(HashAlgorithm algorithm);  // "sha256", "sha1", "md5"
std::size_t digest_size(HashAlgorithm algorithm);          // 32, 20, 16 bytes

Digest digest_bytes(std::string_view bytes, HashAlgorithm algorithm);
// Streams the file; throws aceslab::Error (io) naming it if it cannot be read.
Digest digest_file(const std::filesystem::path& path, HashAlgorithm algorithm);

std::string to_hex(const Digest& digest);
std::string to_base64(const Digest& digest);

enum class HashEncoding { base64, hex };
struct DecodedHash {
  Digest digest;
  HashEncoding encoding = HashEncoding::base64;
};
// Decodes a <hash> value written as hex (exactly 2 * digest_size digits) or base64 (decoding to
// digest_size bytes); nullopt when it is neither, e.g. a SHA-256 hex string labelled SHA-1.
std::optional<DecodedHash> decode_hash_value(std::string_view value, HashAlgorithm algorithm);

// A file an AMF references, read once for both its hash check and its use: the bytes returned
// are the bytes hashed, so the file cannot be swapped between the check and the load (whoever
// applies a referenced file must parse these bytes, never re-read the path). When `expected` is
// given the digest must match it. Throws aceslab::Error: io (missing, not a regular file,
// unreadable), unsupported (over `max_bytes`), invalid_input (a hash that is malformed or does not
// match, located at `hash_location`).
std::string read_hashed_file(const std::filesystem::path& file, const Hash* expected, const Location& hash_location,
                             std::uintmax_t max_bytes);

// The <hash> aceslab writes for `file`: base64 of its digest.
Hash hash_of_file(const std::filesystem::path& file, HashAlgorithm algorithm = HashAlgorithm::sha256);

}  // namespace aceslab::amf
