// SPDX-License-Identifier: Apache-2.0
#include "cli/triplet_io.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "color/error.h"
#include "color/input_file.h"
#include "color/text.h"

namespace aceslab::cli {
namespace {

bool is_separator(char c) { return c == ' ' || c == '\t' || c == ',' || c == '\r'; }

// Triplets processed at once: bounded memory, and enough per call to keep the kernels busy.
constexpr std::size_t kChunkTriplets = 65536;

bool finite3(const float* p) { return std::isfinite(p[0]) && std::isfinite(p[1]) && std::isfinite(p[2]); }

void note(std::size_t& count, std::vector<std::size_t>& first, std::size_t index) {
  if (first.size() < NonFiniteCount::kNonFiniteListed) first.push_back(index);
  ++count;
}

}  // namespace

const char* nan_policy_name(NanPolicy policy) {
  switch (policy) {
    case NanPolicy::refuse: return "refuse";
    case NanPolicy::keep: return "keep";
    case NanPolicy::zero: return "zero";
  }
  return "refuse";
}

void NonFiniteCount::add(const NonFiniteCount& other, std::size_t index_offset) {
  for (std::size_t i : other.first_inputs) {
    if (first_inputs.size() < kNonFiniteListed) first_inputs.push_back(i + index_offset);
  }
  for (std::size_t i : other.first_results) {
    if (first_results.size() < kNonFiniteListed) first_results.push_back(i + index_offset);
  }
  inputs += other.inputs;
  results += other.results;
}

NonFiniteCount apply_with_nan_policy(std::span<float> rgb, NanPolicy policy,
                                     const std::function<void(std::span<float>)>& apply) {
  NonFiniteCount count;
  const std::size_t n = rgb.size() / 3;
  std::vector<std::size_t> bad_inputs;
  for (std::size_t t = 0; t < n; ++t) {
    float* p = rgb.data() + 3 * t;
    if (finite3(p)) continue;
    note(count.inputs, count.first_inputs, t);
    bad_inputs.push_back(t);
    for (int c = 0; c < 3; ++c) {
      if (!std::isfinite(p[c])) p[c] = 0.0f;  // keep: replaced by NaN after the transforms
    }
  }
  apply(rgb);
  if (policy == NanPolicy::keep) {
    constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
    for (std::size_t t : bad_inputs) rgb[3 * t] = rgb[3 * t + 1] = rgb[3 * t + 2] = kNaN;
  }
  std::size_t next_bad = 0;
  for (std::size_t t = 0; t < n; ++t) {
    if (next_bad < bad_inputs.size() && bad_inputs[next_bad] == t) {
      ++next_bad;
      continue;
    }
    float* p = rgb.data() + 3 * t;
    if (finite3(p)) continue;
    note(count.results, count.first_results, t);
    if (policy == NanPolicy::zero) {
      for (int c = 0; c < 3; ++c) {
        if (!std::isfinite(p[c])) p[c] = 0.0f;
      }
    }
  }
  return count;
}

TripletReader::TripletReader(std::istream& in, std::string source, NanPolicy policy)
    : m_in(in), m_source(std::move(source)), m_policy(policy) {}

bool TripletReader::read(std::size_t max, std::vector<float>& rgb, std::vector<long>& lines) {
  rgb.clear();
  lines.clear();
  auto fail = [&](const std::string& message) {
    throw Error(ErrorKind::invalid_input, message, {m_source, static_cast<int>(std::min<long>(m_line, 1L << 30))});
  };
  while (lines.size() < max) {
    std::size_t length = 0;
    const LineStatus status = read_line(m_in, m_buffer, kMaxTripletLineBytes, &length);
    if (status == LineStatus::end) {
      if (m_in.bad()) throw Error(ErrorKind::io, "read error", {m_source, static_cast<int>(m_line)});
      break;
    }
    ++m_line;
    const std::string& line = m_buffer;
    if (status == LineStatus::too_long) {
      fail("line is longer than " + std::to_string(kMaxTripletLineBytes) + " bytes: " + quote_excerpt(line, 60, length));
    }
    std::size_t i = 0;
    while (i < line.size() && is_separator(line[i])) ++i;
    if (i == line.size() || line[i] == '#') continue;
    float v[3];
    int count = 0;
    while (i < line.size()) {
      std::size_t j = i;
      while (j < line.size() && !is_separator(line[j])) ++j;
      const std::string token = line.substr(i, j - i);
      if (count == 3) fail("expected 3 numbers, got more (" + quote_excerpt(line) + ")");
      float value = 0.0f;
      const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
      if (ec != std::errc() || end != token.data() + token.size()) {
        // from_chars rejects "+1" and "inf"/"nan" spellings some tools write; accept them via strtof.
        char* stop = nullptr;
        errno = 0;
        value = std::strtof(token.c_str(), &stop);
        if (token.empty() || stop != token.c_str() + token.size()) fail("not a number: " + quote_excerpt(token));
        if (errno == ERANGE && std::isinf(value)) {
          fail("value " + quote_excerpt(token) + " is outside the range of a 32-bit float");
        }
      }
      if (!std::isfinite(value) && m_policy == NanPolicy::refuse) {
        fail("input value " + quote_excerpt(token) +
             " is not finite (NaN or Inf): refused; --nan keep passes it through as NaN, --nan zero processes it as 0");
      }
      v[count++] = value;
      i = j;
      while (i < line.size() && is_separator(line[i])) ++i;
    }
    if (count != 3) fail("expected 3 numbers, got " + std::to_string(count) + " (" + quote_excerpt(line) + ")");
    rgb.insert(rgb.end(), v, v + 3);
    lines.push_back(m_line);
  }
  return !lines.empty();
}

void write_triplets(std::ostream& out, std::span<const float> rgb) {
  char buffer[96];
  for (std::size_t i = 0; i + 2 < rgb.size(); i += 3) {
    const int n = std::snprintf(buffer, sizeof buffer, "%.9g %.9g %.9g\n", static_cast<double>(rgb[i]),
                                static_cast<double>(rgb[i + 1]), static_cast<double>(rgb[i + 2]));
    out.write(buffer, n);
  }
}

bool process_triplets(std::istream& in, const std::string& source, bool is_stdin, std::ostream& err, bool quiet,
                      NanPolicy policy, const std::function<void(std::span<float>)>& apply,
                      const std::function<void(std::span<const float>)>& write) {
  if (is_stdin) {
    if (const std::string problem = stdin_problem(); !problem.empty()) {
      throw Error(ErrorKind::io, problem + ": no triplets to read (give them on stdin, or an image)");
    }
  }
  TripletReader reader(in, source, policy);
  std::vector<float> rgb;
  std::vector<long> lines;
  NonFiniteCount total;
  std::size_t reported = 0;
  while (reader.read(kChunkTriplets, rgb, lines)) {
    const NonFiniteCount count = apply_with_nan_policy(rgb, policy, apply);
    // Printed even with -q under refuse: a NaN must never pass unnoticed.
    for (std::size_t t : count.first_results) {
      if (reported++ < NonFiniteCount::kNonFiniteListed && (policy == NanPolicy::refuse || !quiet)) {
        err << "aceslab: " << (policy == NanPolicy::refuse ? "error: " : "warning: ") << source << ':' << lines[t]
            << ": result is not finite (NaN or Inf)" << (policy == NanPolicy::zero ? ", written as 0" : "") << '\n';
      }
    }
    total.add(count, 0);
    write(rgb);
  }
  if (is_stdin && stdin_read_failed()) throw Error(ErrorKind::io, "read error", {source});
  if (total.results > NonFiniteCount::kNonFiniteListed && (policy == NanPolicy::refuse || !quiet)) {
    err << "aceslab: " << (policy == NanPolicy::refuse ? "error: " : "warning: ") << total.results
        << " results in all are not finite\n";
  }
  if (total.inputs > 0 && !quiet) {
    err << "aceslab: warning: " << total.inputs << " input triplet(s) held NaN or Inf ("
        << (policy == NanPolicy::keep ? "written as NaN" : "processed as 0") << ", --nan " << nan_policy_name(policy)
        << ")\n";
  }
  return policy != NanPolicy::refuse || total.results == 0;
}

}  // namespace aceslab::cli
