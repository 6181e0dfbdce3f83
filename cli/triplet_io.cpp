// SPDX-License-Identifier: Apache-2.0
#include "cli/triplet_io.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "color/error.h"

namespace aceslab::cli {
namespace {

bool is_separator(char c) { return c == ' ' || c == '\t' || c == ',' || c == '\r'; }

}  // namespace

TripletInput read_triplets(std::istream& in, const std::string& source) {
  TripletInput input;
  input.source = source;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::size_t i = 0;
    while (i < line.size() && is_separator(line[i])) ++i;
    if (i == line.size() || line[i] == '#') continue;
    float v[3];
    int count = 0;
    while (i < line.size()) {
      std::size_t j = i;
      while (j < line.size() && !is_separator(line[j])) ++j;
      const std::string token = line.substr(i, j - i);
      if (count == 3) {
        throw Error(ErrorKind::invalid_input, "expected 3 numbers, got more (\"" + line + "\")", {source, number});
      }
      float value = 0.0f;
      const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
      if (ec != std::errc() || end != token.data() + token.size()) {
        // from_chars rejects "+1" and "inf"/"nan" spellings some tools write; accept them via strtof.
        char* stop = nullptr;
        value = std::strtof(token.c_str(), &stop);
        if (token.empty() || stop != token.c_str() + token.size()) {
          throw Error(ErrorKind::invalid_input, "not a number: \"" + token + "\"", {source, number});
        }
      }
      v[count++] = value;
      i = j;
      while (i < line.size() && is_separator(line[i])) ++i;
    }
    if (count != 3) {
      throw Error(ErrorKind::invalid_input,
                  "expected 3 numbers, got " + std::to_string(count) + " (\"" + line + "\")", {source, number});
    }
    input.values.insert(input.values.end(), v, v + 3);
    input.line_of.push_back(number);
  }
  return input;
}

void write_triplets(std::ostream& out, std::span<const float> rgb) {
  char buffer[96];
  for (std::size_t i = 0; i + 2 < rgb.size(); i += 3) {
    const int n = std::snprintf(buffer, sizeof buffer, "%.9g %.9g %.9g\n", static_cast<double>(rgb[i]),
                                static_cast<double>(rgb[i + 1]), static_cast<double>(rgb[i + 2]));
    out.write(buffer, n);
  }
}

void report_non_finite(const TripletInput& input, std::span<const float> rgb) {
  int reported = 0;
  std::size_t total = 0;
  for (std::size_t t = 0; 3 * t + 2 < rgb.size(); ++t) {
    if (std::isfinite(rgb[3 * t]) && std::isfinite(rgb[3 * t + 1]) && std::isfinite(rgb[3 * t + 2])) continue;
    ++total;
    // Printed even with -q and reflected in the exit code: a NaN must never pass unnoticed.
    if (reported++ < 10) {
      std::cerr << "aceslab: error: " << input.source << ':' << input.line_of[t]
                << ": result is not finite (NaN or Inf)\n";
    }
  }
  if (total > 10) std::cerr << "aceslab: error: " << total << " results in all are not finite\n";
  if (total > 0) set_exit_code(kExitFailure);
}

}  // namespace aceslab::cli
