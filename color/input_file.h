// SPDX-License-Identifier: Apache-2.0
// Reading input files that come from outside (LUTs, manifests, AMFs, spectral data, stdin) without
// letting them cost unbounded time or memory: only regular files are read (a FIFO would block, a
// device such as /dev/zero never ends, a directory is not a file, and each gets its own message),
// whole-file reads have a size limit checked before and while reading, and lines have a length
// limit, so a 50 MB "line" is refused after its first bytes instead of being stored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <istream>
#include <string>
#include <string_view>

namespace aceslab {

// Throws aceslab::Error (io) naming `path` unless it is a regular file: "no such file",
// "is a directory, not a file", "is a FIFO, not a regular file" (or a character device, block
// device, socket). `what` names the file's role in messages ("LUT file", "batch manifest").
void check_input_file(const std::filesystem::path& path, std::string_view what);

// The whole file, read once. Throws aceslab::Error: io as check_input_file (the type is checked on
// the opened descriptor, so a FIFO never blocks the open) or when reading fails; unsupported when
// the file holds more than `max_bytes`, before reading it.
std::string read_input_file(const std::filesystem::path& path, std::uintmax_t max_bytes, std::string_view what);

// Everything `in` holds up to `max_bytes`; unsupported when there is more, io on a read error.
std::string read_input_stream(std::istream& in, std::uintmax_t max_bytes, const std::string& name);

enum class LineStatus { ok, end, too_long };

// Reads one line into `line` without its end: '\n', "\r\n" or a lone '\r' (classic Mac OS text). A line longer than `max_bytes`
// is consumed to its end but only its first `max_bytes` bytes are kept, and too_long is returned
// (its whole length in `full_length` when given); `end` means no more lines. A read error sets
// `in`'s badbit (check it after `end`).
LineStatus read_line(std::istream& in, std::string& line, std::size_t max_bytes, std::size_t* full_length = nullptr);

// For messages about stdin: "stdin is closed", "stdin is a directory" when it cannot be read as a
// stream, else empty; and after reading, whether the C stream behind std::cin reported an error.
std::string stdin_problem();
bool stdin_read_failed();

}  // namespace aceslab
