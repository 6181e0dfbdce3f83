// SPDX-License-Identifier: Apache-2.0
#include "deliver/file_hash.h"

#include <openssl/evp.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>

#include "color/error.h"

namespace aceslab::deliver {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kBase58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
constexpr std::size_t kC4Digits = 88;  // base-58 digits of a C4 ID after "c4"

std::string to_hex(const std::uint8_t* bytes, std::size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 0xF];
  }
  return out;
}

// The 64-byte big-endian number in base 58, most significant digit first, padded with '1' (zero).
std::string to_c4(const std::uint8_t* digest) {
  std::vector<std::uint8_t> number(digest, digest + 64);
  std::string digits;
  while (std::any_of(number.begin(), number.end(), [](std::uint8_t b) { return b != 0; })) {
    unsigned remainder = 0;
    for (std::uint8_t& b : number) {  // long division by 58
      const unsigned value = remainder * 256 + b;
      b = static_cast<std::uint8_t>(value / 58);
      remainder = value % 58;
    }
    digits.push_back(kBase58[remainder]);
  }
  while (digits.size() < kC4Digits) digits.push_back('1');
  std::reverse(digits.begin(), digits.end());
  return "c4" + digits;
}

const EVP_MD* evp_for(HashType type) {
  switch (type) {
    case HashType::md5: return EVP_md5();
    case HashType::sha1: return EVP_sha1();
    case HashType::c4: return EVP_sha512();
    default: return nullptr;
  }
}

}  // namespace

const char* hash_type_name(HashType type) {
  switch (type) {
    case HashType::c4: return "c4";
    case HashType::md5: return "md5";
    case HashType::sha1: return "sha1";
    case HashType::xxh128: return "xxh128";
    case HashType::xxh3: return "xxh3";
    case HashType::xxh64: return "xxh64";
  }
  return "?";
}

std::vector<HashType> all_hash_types() {
  return {HashType::c4, HashType::md5, HashType::sha1, HashType::xxh128, HashType::xxh3, HashType::xxh64};
}

HashType parse_hash_type(std::string_view name) {
  for (HashType t : all_hash_types()) {
    if (name == hash_type_name(t)) return t;
  }
  throw Error(ErrorKind::usage, "unknown hash \"" + std::string(name) + "\" (xxh128, xxh64, xxh3, md5, sha1 or c4)");
}

struct Hasher::Impl {
  HashType type;
  EVP_MD_CTX* evp = nullptr;
  XXH64_state_t* xxh64 = nullptr;
  XXH3_state_t* xxh3 = nullptr;

  explicit Impl(HashType t) : type(t) {
    if (const EVP_MD* md = evp_for(t)) {
      evp = EVP_MD_CTX_new();
      if (!evp || EVP_DigestInit_ex(evp, md, nullptr) != 1) throw Error(ErrorKind::internal, "OpenSSL digest init failed");
    } else if (t == HashType::xxh64) {
      xxh64 = XXH64_createState();
      XXH64_reset(xxh64, 0);
    } else {
      xxh3 = XXH3_createState();
      if (t == HashType::xxh128) XXH3_128bits_reset(xxh3);
      else XXH3_64bits_reset(xxh3);
    }
  }
  ~Impl() {
    if (evp) EVP_MD_CTX_free(evp);
    if (xxh64) XXH64_freeState(xxh64);
    if (xxh3) XXH3_freeState(xxh3);
  }
};

Hasher::Hasher(HashType type) : m_impl(std::make_unique<Impl>(type)) {}
Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(const void* data, std::size_t size) {
  Impl& h = *m_impl;
  if (h.evp) EVP_DigestUpdate(h.evp, data, size);
  else if (h.xxh64) XXH64_update(h.xxh64, data, size);
  else if (h.type == HashType::xxh128) XXH3_128bits_update(h.xxh3, data, size);
  else XXH3_64bits_update(h.xxh3, data, size);
}

std::string Hasher::finish() {
  Impl& h = *m_impl;
  if (h.evp) {
    std::array<std::uint8_t, EVP_MAX_MD_SIZE> digest{};
    unsigned n = 0;
    EVP_DigestFinal_ex(h.evp, digest.data(), &n);
    return h.type == HashType::c4 ? to_c4(digest.data()) : to_hex(digest.data(), n);
  }
  if (h.xxh64 || h.type == HashType::xxh3) {
    XXH64_canonical_t c;
    XXH64_canonicalFromHash(&c, h.xxh64 ? XXH64_digest(h.xxh64) : XXH3_64bits_digest(h.xxh3));
    return to_hex(c.digest, sizeof c.digest);
  }
  XXH128_canonical_t c;
  XXH128_canonicalFromHash(&c, XXH3_128bits_digest(h.xxh3));
  return to_hex(c.digest, sizeof c.digest);
}

std::string hash_bytes(std::string_view bytes, HashType type) {
  Hasher h(type);
  h.update(bytes.data(), bytes.size());
  return h.finish();
}

std::vector<std::string> hash_file(const fs::path& path, const std::vector<HashType>& types) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw Error(ErrorKind::io, "cannot open the file to hash it", {path.string()});
  std::vector<Hasher> hashers;
  for (HashType t : types) hashers.emplace_back(t);
  std::vector<char> buffer(1 << 20);
  bool failed = false;
  for (;;) {
    const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), f);
    for (Hasher& h : hashers) h.update(buffer.data(), n);
    if (n < buffer.size()) {
      failed = std::ferror(f) != 0;
      break;
    }
  }
  std::fclose(f);
  if (failed) throw Error(ErrorKind::io, "read error while hashing", {path.string()});
  std::vector<std::string> out;
  for (Hasher& h : hashers) out.push_back(h.finish());
  return out;
}

std::string hash_file(const fs::path& path, HashType type) { return hash_file(path, std::vector<HashType>{type}).front(); }

std::vector<std::uint8_t> digest_bytes(std::string_view hash, HashType type) {
  std::vector<std::uint8_t> out;
  if (type == HashType::c4) {
    if (hash.size() != kC4Digits + 2 || hash.substr(0, 2) != "c4") return {};
    std::vector<std::uint8_t> number(64, 0);
    for (char c : hash.substr(2)) {
      const std::size_t digit = kBase58.find(c);
      if (digit == std::string_view::npos) return {};
      unsigned carry = static_cast<unsigned>(digit);
      for (std::size_t i = number.size(); i-- > 0;) {  // number = number * 58 + digit
        const unsigned value = number[i] * 58u + carry;
        number[i] = static_cast<std::uint8_t>(value & 0xFF);
        carry = value >> 8;
      }
      if (carry != 0) return {};
    }
    return number;
  }
  if (hash.size() % 2 != 0) return {};
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < hash.size(); i += 2) {
    const int hi = nibble(hash[i]), lo = nibble(hash[i + 1]);
    if (hi < 0 || lo < 0) return {};
    out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
  }
  return out;
}

std::string hash_of_hashes(std::vector<std::string> hashes, HashType type) {
  std::sort(hashes.begin(), hashes.end());
  Hasher h(type);
  for (const std::string& s : hashes) {
    const std::vector<std::uint8_t> bytes = digest_bytes(s, type);
    h.update(bytes.data(), bytes.size());
  }
  return h.finish();
}

std::string structure_item_hash(std::string_view name, std::string_view hash, HashType type) {
  std::string bytes(name);
  const std::vector<std::uint8_t> digest = digest_bytes(hash, type);
  bytes.append(digest.begin(), digest.end());
  return hash_bytes(bytes, type);
}

}  // namespace aceslab::deliver
