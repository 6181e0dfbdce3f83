// SPDX-License-Identifier: Apache-2.0
// RGB triplets as text, the stdin/stdout interface of `aceslab apply`: one triplet per line,
// components separated by spaces, tabs or commas; blank lines and lines starting with '#' are
// skipped. Written back with 9 significant digits (enough to round-trip float32). The stream is
// processed in chunks, so memory stays bounded however long the input is; a line longer than
// kMaxTripletLineBytes is refused after its first bytes, and a read error (stdin closed, a
// directory) is an error, never an empty result.
//
// NaN and Inf follow one policy for triplets and images alike (`--nan`, see NanPolicy): a value
// that is not finite is never silently turned into a plausible number.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <ostream>
#include <span>
#include <string>
#include <vector>

namespace aceslab::cli {

constexpr std::size_t kMaxTripletLineBytes = 4096;

// What to do with non-finite values (NaN, +-Inf), in the input or produced by the transforms:
//   refuse  (default) an error naming where (the line, or the count and first pixel): exit 1, and
//           no image is written; a triplet file stops at the first non-finite input line
//   keep    processed and counted: a non-finite input comes out as NaN (never as a number the
//           transforms made up from it), non-finite results stay as they are
//   zero    non-finite inputs are processed as 0 and non-finite results written as 0, counted
enum class NanPolicy { refuse, keep, zero };
const char* nan_policy_name(NanPolicy policy);

// Counts of triplets (or pixels) whose input or result was not finite, and the first few indices.
struct NonFiniteCount {
  std::size_t inputs = 0;
  std::size_t results = 0;
  std::vector<std::size_t> first_inputs, first_results;  // at most kNonFiniteListed each
  static constexpr std::size_t kNonFiniteListed = 10;
  void add(const NonFiniteCount& other, std::size_t index_offset);
};

// Runs `apply` on interleaved RGB triplets under `policy` (refuse counts and processes like keep;
// the caller decides what to refuse).
NonFiniteCount apply_with_nan_policy(std::span<float> rgb, NanPolicy policy,
                                     const std::function<void(std::span<float>)>& apply);

// One chunk of triplets from a text stream.
class TripletReader {
 public:
  // `policy` refuse: a NaN or Inf spelled in the input is an error at its line.
  TripletReader(std::istream& in, std::string source, NanPolicy policy);
  // Appends up to `max` triplets to `rgb` (cleared first) and their line numbers to `lines`; false
  // at the end of the input. Throws aceslab::Error naming the line: invalid_input for a malformed
  // line ("<stdin>:4: expected 3 numbers, got 2 (\"0.1 0.2\")"), io when the stream fails.
  bool read(std::size_t max, std::vector<float>& rgb, std::vector<long>& lines);

 private:
  std::istream& m_in;
  std::string m_source;
  NanPolicy m_policy;
  long m_line = 0;
  std::string m_buffer;
};

void write_triplets(std::ostream& out, std::span<const float> rgb);

// The whole stream: triplets from `in` through `apply` to `write` (write_triplets to stdout, or a
// JSON array), in chunks. Non-finite results are reported on `err` with their input line (printed
// whatever -q says) and under refuse make the return value false (the caller sets exit code 1);
// under keep and zero the counts are reported unless `quiet`. Throws aceslab::Error as
// TripletReader does; with `is_stdin`, a closed stdin or a directory on it is an io error too.
bool process_triplets(std::istream& in, const std::string& source, bool is_stdin, std::ostream& err, bool quiet,
                      NanPolicy policy, const std::function<void(std::span<float>)>& apply,
                      const std::function<void(std::span<const float>)>& write);

}  // namespace aceslab::cli
