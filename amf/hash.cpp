// SPDX-License-Identifier: Apache-2.0
#include "amf/hash.h"

#include <openssl/evp.h>

#include <cctype>
#include <fstream>
#include <memory>

#include "color/error.h"
#include "color/input_file.h"

namespace aceslab::amf {
namespace {

// URIs from acesMetadataFile.xsd hashAlgoType (W3C XML Encryption / XML Signature identifiers).
constexpr const char* kSha256Uri = "http://www.w3.org/2001/04/xmlenc#sha256";
constexpr const char* kSha1Uri = "http://www.w3.org/2000/09/xmldsig#sha1";
constexpr const char* kMd5Uri = "http://www.w3.org/2001/04/xmldsig-more#md5";

const EVP_MD* evp_md(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::sha256: return EVP_sha256();
    case HashAlgorithm::sha1: return EVP_sha1();
    case HashAlgorithm::md5: return EVP_md5();
  }
  return EVP_sha256();
}

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

MdCtx start(HashAlgorithm algorithm) {
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), evp_md(algorithm), nullptr) != 1) {
    throw Error(ErrorKind::internal, "OpenSSL could not start a digest");
  }
  return ctx;
}

Digest finish(EVP_MD_CTX* ctx) {
  Digest out(EVP_MAX_MD_SIZE);
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx, out.data(), &size) != 1) {
    throw Error(ErrorKind::internal, "OpenSSL could not finish a digest");
  }
  out.resize(size);
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::optional<Digest> decode_base64(std::string_view text) {
  std::string clean;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) clean.push_back(c);
  }
  if (clean.empty() || clean.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  while (!clean.empty() && clean.back() == '=') {
    clean.pop_back();
    ++padding;
  }
  if (padding > 2) return std::nullopt;
  Digest out;
  unsigned int buffer = 0;
  int bits = 0;
  for (char c : clean) {
    const int v = base64_value(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned int>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<unsigned char>((buffer >> bits) & 0xFF));
    }
  }
  // RFC 4648 section 3.5: the bits the padding leaves over must be zero (xs:base64Binary's
  // lexical space says the same), so one digest has one spelling.
  if ((buffer & ((1u << bits) - 1u)) != 0) return std::nullopt;
  return out;
}

}  // namespace

const char* hash_algorithm_uri(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::sha256: return kSha256Uri;
    case HashAlgorithm::sha1: return kSha1Uri;
    case HashAlgorithm::md5: return kMd5Uri;
  }
  return kSha256Uri;
}

std::optional<HashAlgorithm> hash_algorithm_from_uri(std::string_view uri) {
  if (uri == kSha256Uri) return HashAlgorithm::sha256;
  if (uri == kSha1Uri) return HashAlgorithm::sha1;
  if (uri == kMd5Uri) return HashAlgorithm::md5;
  return std::nullopt;
}

const char* hash_algorithm_name(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::sha256: return "sha256";
    case HashAlgorithm::sha1: return "sha1";
    case HashAlgorithm::md5: return "md5";
  }
  return "sha256";
}

std::size_t digest_size(HashAlgorithm algorithm) {
  return static_cast<std::size_t>(EVP_MD_size(evp_md(algorithm)));
}

Digest digest_bytes(std::string_view bytes, HashAlgorithm algorithm) {
  auto ctx = start(algorithm);
  if (EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1) {
    throw Error(ErrorKind::internal, "OpenSSL digest update failed");
  }
  return finish(ctx.get());
}

Digest digest_file(const std::filesystem::path& path, HashAlgorithm algorithm) {
  check_input_file(path, "the file to hash");  // a FIFO would block, /dev/zero never end
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::io, "cannot open file to hash it", {path.string()});
  auto ctx = start(algorithm);
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = in.gcount();
    if (n > 0 && EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(n)) != 1) {
      throw Error(ErrorKind::internal, "OpenSSL digest update failed", {path.string()});
    }
  }
  if (in.bad()) throw Error(ErrorKind::io, "read error while hashing", {path.string()});
  return finish(ctx.get());
}

std::string to_hex(const Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (unsigned char b : digest) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0F]);
  }
  return out;
}

std::string to_base64(const Digest& digest) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < digest.size(); i += 3) {
    const unsigned int v = (digest[i] << 16) | (digest[i + 1] << 8) | digest[i + 2];
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  const std::size_t rest = digest.size() - i;
  if (rest == 1) {
    const unsigned int v = digest[i] << 16;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out += "==";
  } else if (rest == 2) {
    const unsigned int v = (digest[i] << 16) | (digest[i + 1] << 8);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back('=');
  }
  return out;
}

std::optional<DecodedHash> decode_hash_value(std::string_view value, HashAlgorithm algorithm) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
  const std::size_t size = digest_size(algorithm);
  // Hex first: a hex string of the right length is also lexically valid base64 but would decode
  // to 1.5x the digest size, so the length decides unambiguously.
  if (value.size() == 2 * size) {
    Digest out;
    bool ok = true;
    for (std::size_t i = 0; i < value.size(); i += 2) {
      const int hi = hex_value(value[i]);
      const int lo = hex_value(value[i + 1]);
      if (hi < 0 || lo < 0) {
        ok = false;
        break;
      }
      out.push_back(static_cast<unsigned char>(hi * 16 + lo));
    }
    if (ok) return DecodedHash{std::move(out), HashEncoding::hex};
  }
  if (auto decoded = decode_base64(value); decoded && decoded->size() == size) {
    return DecodedHash{std::move(*decoded), HashEncoding::base64};
  }
  return std::nullopt;
}

std::string read_hashed_file(const std::filesystem::path& file, const Hash* expected, const Location& hash_location,
                             std::uintmax_t max_bytes) {
  std::string bytes = read_input_file(file, max_bytes, "the referenced file");
  if (!expected) return bytes;
  const auto decoded = decode_hash_value(expected->value, expected->algorithm);
  if (!decoded) {
    throw Error(ErrorKind::invalid_input, "hash value is neither hex nor base64 of a " +
                                              std::string(hash_algorithm_name(expected->algorithm)) + " digest",
                hash_location);
  }
  if (digest_bytes(bytes, expected->algorithm) != decoded->digest) {
    throw Error(ErrorKind::invalid_input,
                "hash mismatch: " + file.string() + " is not the file this AMF was made with "
                "(run 'aceslab amf verify' for details)",
                hash_location);
  }
  return bytes;
}

Hash hash_of_file(const std::filesystem::path& file, HashAlgorithm algorithm) {
  Hash h;
  h.algorithm = algorithm;
  h.value = to_base64(digest_file(file, algorithm));
  return h;
}

}  // namespace aceslab::amf
