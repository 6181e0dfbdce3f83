// SPDX-License-Identifier: Apache-2.0
// RGB triplets as text, the stdin/stdout interface of `aceslab apply`: one triplet per line,
// components separated by spaces, tabs or commas; blank lines and lines starting with '#' are
// skipped. Written back with 9 significant digits (enough to round-trip float32).
#pragma once

#include <cstddef>
#include <istream>
#include <ostream>
#include <span>
#include <string>
#include <vector>

namespace aceslab::cli {

struct TripletInput {
  std::vector<float> values;    // 3 per triplet
  std::vector<int> line_of;     // source line number of each triplet
  std::string source;           // "<stdin>" or a file name, for messages
};

// Throws aceslab::Error (invalid_input) naming the line: "<stdin>:4: expected 3 numbers, got 2".
TripletInput read_triplets(std::istream& in, const std::string& source);

void write_triplets(std::ostream& out, std::span<const float> rgb);

// Announces on stderr (even with -q) each output triplet that is not finite (NaN or Inf), with
// its input line, and sets the exit code to 1.
void report_non_finite(const TripletInput& input, std::span<const float> rgb);

}  // namespace aceslab::cli
