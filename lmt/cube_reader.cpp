// SPDX-License-Identifier: Apache-2.0
#include "lmt/cube_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string_view>

#include "color/error.h"
#include "color/input_file.h"
#include "color/text.h"

namespace aceslab::lmt {
namespace {

// Lines are counted in one place: here.
class LineReader {
 public:
  LineReader(std::istream& in, std::string name) : m_in(in), m_name(std::move(name)) {}

  // Next line with trailing CR and surrounding blanks removed; false at end of input.
  bool next(std::string_view& line) {
    const LineStatus status = read_line(m_in, m_buffer, kMaxLineBytes);
    if (status == LineStatus::end) return false;
    ++m_line;
    if (status == LineStatus::too_long) {
      fail("line is longer than " + std::to_string(kMaxLineBytes) + " bytes: not a .cube file");
    }
    if (m_buffer.find('\0') != std::string::npos) {
      const bool utf16 = m_line == 1 && m_buffer.size() >= 2 &&
                         ((m_buffer[0] == '\xFF' && m_buffer[1] == '\xFE') || (m_buffer[0] == '\xFE' && m_buffer[1] == '\xFF'));
      fail(utf16 ? "the file is UTF-16 text; .cube files are ASCII (UTF-8)"
                 : "binary data (NUL bytes): not a .cube text file");
    }
    std::string_view v(m_buffer);
    if (m_line == 1 && v.substr(0, 3) == "\xEF\xBB\xBF") v.remove_prefix(3);  // UTF-8 BOM
    while (!v.empty() && (v.back() == '\r' || v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    line = v;
    return true;
  }

  // Longer than any real .cube line (a TITLE of a few hundred bytes at most).
  static constexpr std::size_t kMaxLineBytes = 65536;

  int line() const { return m_line; }
  [[noreturn]] void fail(const std::string& message) const {
    throw Error(ErrorKind::invalid_input, message, Location(m_name, m_line));
  }
  [[noreturn]] void fail_at(int line, const std::string& message) const {
    throw Error(ErrorKind::invalid_input, message, Location(m_name, line));
  }
  std::string where() const {
    std::ostringstream s;
    s << m_name << ':' << m_line;
    return s.str();
  }

 private:
  std::istream& m_in;
  std::string m_name;
  std::string m_buffer;
  int m_line = 0;
};

std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string quoted(std::string_view s) { return quote_excerpt(s); }

// A number token; nullopt if it is not one. Non-finite values parse (so that they can be reported
// as such) and are rejected by the caller.
std::optional<double> parse_number(std::string_view token) {
  if (!token.empty() && token.front() == '+') token.remove_prefix(1);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || end != token.data() + token.size()) return std::nullopt;
  return value;
}

bool is_keyword(std::string_view token) {
  if (token.empty() || !(token.front() >= 'A' && token.front() <= 'Z')) return false;
  return std::all_of(token.begin(), token.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; });
}

double finite_number(const LineReader& r, std::string_view token, std::string_view what) {
  const auto v = parse_number(token);
  if (!v) {
    std::string m(what);
    m.append(": expected a number, got ").append(quoted(token));
    r.fail(m);
  }
  if (!std::isfinite(*v)) {
    std::string m(what);
    m.append(": non-finite value ").append(quoted(token));
    r.fail(m);
  }
  return *v;
}

int parse_size(const LineReader& r, const std::vector<std::string_view>& tokens, int lo, int hi) {
  const std::string keyword(tokens[0]);
  if (tokens.size() != 2) r.fail(keyword + ": expected one integer");
  int value = 0;
  const auto [end, ec] = std::from_chars(tokens[1].data(), tokens[1].data() + tokens[1].size(), value);
  if (ec == std::errc::result_out_of_range) {
    std::ostringstream m;
    m << keyword << ' ' << tokens[1] << " is out of range [" << lo << ", " << hi << ']';
    r.fail(m.str());
  }
  if (ec != std::errc() || end != tokens[1].data() + tokens[1].size()) {
    r.fail(keyword + ": expected an integer, got " + quoted(tokens[1]));
  }
  if (value < lo || value > hi) {
    std::ostringstream m;
    m << keyword << ' ' << value << " is out of range [" << lo << ", " << hi << ']';
    r.fail(m.str());
  }
  return value;
}

struct Header {
  std::optional<std::string> title;
  int size1d = 0, size3d = 0;
  std::optional<std::array<double, 2>> range1d, range3d;
  int range1d_line = 0;
  std::optional<std::array<double, 3>> domain_min, domain_max;
  int domain_line = 0;
};

std::array<double, 2> parse_range(const LineReader& r, const std::vector<std::string_view>& tokens) {
  const std::string keyword(tokens[0]);
  if (tokens.size() != 3) r.fail(keyword + ": expected 2 numbers (min max)");
  std::array<double, 2> v{finite_number(r, tokens[1], keyword), finite_number(r, tokens[2], keyword)};
  if (!(v[0] < v[1])) r.fail(keyword + ": min must be less than max");
  return v;
}

std::array<double, 3> parse_triplet(const LineReader& r, const std::vector<std::string_view>& tokens) {
  const std::string keyword(tokens[0]);
  if (tokens.size() != 4) r.fail(keyword + ": expected 3 numbers (red green blue)");
  return {finite_number(r, tokens[1], keyword), finite_number(r, tokens[2], keyword),
          finite_number(r, tokens[3], keyword)};
}

void parse_keyword(LineReader& r, std::string_view line, const std::vector<std::string_view>& tokens,
                   Header& h, std::vector<std::string>& notes) {
  const std::string_view key = tokens[0];
  auto once = [&](bool already) {
    if (already) r.fail(std::string(key) + " given twice");
  };
  if (key == "TITLE") {
    once(h.title.has_value());
    std::string_view rest = line.substr(key.size());
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"') {
      rest = rest.substr(1, rest.size() - 2);
    } else if (!rest.empty() && rest.front() == '"') {
      r.fail("TITLE: missing closing quote");
    }
    h.title = std::string(rest);
  } else if (key == "LUT_1D_SIZE") {
    once(h.size1d != 0);
    h.size1d = parse_size(r, tokens, kCubeMin1DSize, kCubeMax1DSize);
  } else if (key == "LUT_3D_SIZE") {
    once(h.size3d != 0);
    h.size3d = parse_size(r, tokens, kCubeMin3DSize, kCubeMax3DSize);
  } else if (key == "LUT_1D_INPUT_RANGE") {
    once(h.range1d.has_value());
    h.range1d = parse_range(r, tokens);
    h.range1d_line = r.line();
  } else if (key == "LUT_3D_INPUT_RANGE") {
    once(h.range3d.has_value());
    h.range3d = parse_range(r, tokens);
  } else if (key == "DOMAIN_MIN") {
    once(h.domain_min.has_value());
    h.domain_min = parse_triplet(r, tokens);
    h.domain_line = r.line();
  } else if (key == "DOMAIN_MAX") {
    once(h.domain_max.has_value());
    h.domain_max = parse_triplet(r, tokens);
    h.domain_line = r.line();
  } else {
    // Both specifications let readers skip keywords they do not know (vendors add their own).
    notes.push_back(r.where() + ": ignored unknown keyword " + quoted(key));
  }
}

// Checks the header once the first table entry is reached (or at the end of a file without data)
// and returns the number of entries expected.
std::size_t finish_header(const LineReader& r, Header& h, CubeFile& out, std::vector<std::string>& notes) {
  if (h.size1d == 0 && h.size3d == 0) r.fail("no LUT_1D_SIZE or LUT_3D_SIZE before the table");
  const bool adobe = h.domain_min || h.domain_max;
  const bool resolve = h.range1d || h.range3d;
  if (adobe && resolve) {
    r.fail_at(h.domain_line, "DOMAIN_MIN/DOMAIN_MAX (Adobe) and LUT_*_INPUT_RANGE (Resolve) cannot be mixed");
  }
  if (adobe && h.size1d != 0 && h.size3d != 0) {
    r.fail_at(h.domain_line,
              "DOMAIN_MIN/DOMAIN_MAX with both a 1D and a 3D table is ambiguous; "
              "use LUT_1D_INPUT_RANGE and LUT_3D_INPUT_RANGE");
  }
  if (h.range3d && h.size3d == 0) r.fail("LUT_3D_INPUT_RANGE without LUT_3D_SIZE");
  out.dialect = adobe ? CubeDialect::adobe : resolve ? CubeDialect::resolve : CubeDialect::unspecified;
  if (h.title) out.title = *h.title;

  std::array<double, 3> dmin{0.0, 0.0, 0.0}, dmax{1.0, 1.0, 1.0};
  if (adobe) {
    if (h.domain_min) dmin = *h.domain_min;
    if (h.domain_max) dmax = *h.domain_max;
    for (int c = 0; c < 3; ++c) {
      if (!(dmin[c] < dmax[c])) r.fail_at(h.domain_line, "DOMAIN_MIN must be less than DOMAIN_MAX in every channel");
    }
  }
  auto table = [&](int size, std::optional<std::array<double, 2>> range) {
    CubeTable t;
    t.size = size;
    t.domain_min = dmin;
    t.domain_max = dmax;
    if (range) {
      t.domain_min = {(*range)[0], (*range)[0], (*range)[0]};
      t.domain_max = {(*range)[1], (*range)[1], (*range)[1]};
    }
    return t;
  };
  if (h.size1d != 0) out.lut1d = table(h.size1d, h.range1d);
  if (h.size3d != 0) {
    auto range3d = h.range3d;
    if (!range3d && h.range1d && h.size1d == 0) {
      // Colour 0.3.11 wrote the domain of 3D-only files this way; the intent is unambiguous.
      range3d = h.range1d;
      std::ostringstream m;
      m << r.where().substr(0, r.where().rfind(':')) << ':' << h.range1d_line
        << ": LUT_1D_INPUT_RANGE in a file without a 1D table taken as the 3D table's input range";
      notes.push_back(m.str());
    }
    out.lut3d = table(h.size3d, range3d);
  }
  const std::size_t n3 = static_cast<std::size_t>(h.size3d);
  return static_cast<std::size_t>(h.size1d) + n3 * n3 * n3;
}

}  // namespace

CubeFile parse_cube(std::istream& in, const std::string& name) {
  LineReader reader(in, name);
  CubeFile out;
  Header header;
  std::vector<std::string> notes;
  std::vector<float> data;
  std::size_t expected = 0;
  bool in_data = false;

  std::string_view line;
  while (reader.next(line)) {
    if (line.empty() || line.front() == '#') continue;
    const auto tokens = split(line);
    if (is_keyword(tokens[0]) && !parse_number(tokens[0])) {
      if (in_data) reader.fail("keyword " + quoted(tokens[0]) + " after the table data started");
      parse_keyword(reader, line, tokens, header, notes);
      continue;
    }
    if (const char c = tokens[0].front(); !parse_number(tokens[0]) && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      reader.fail("neither a table entry nor a .cube keyword: " + quoted(tokens[0]) +
                  " (keywords are upper case: TITLE, LUT_3D_SIZE, DOMAIN_MIN...)");
    }
    if (!in_data) {
      expected = finish_header(reader, header, out, notes);
      // Grow with the data actually present: a header promising a huge table costs nothing.
      data.reserve(std::min<std::size_t>(expected, std::size_t{1} << 20) * 3);
      in_data = true;
    }
    if (tokens.size() != 3) reader.fail("expected 3 numbers, got " + quoted(line));
    if (data.size() / 3 >= expected) {
      std::ostringstream m;
      m << "more table entries than declared (" << expected << ')';
      reader.fail(m.str());
    }
    for (const auto& t : tokens) {
      const auto v = parse_number(t);
      if (!v) reader.fail("expected 3 numbers, got " + quoted(line));
      if (!std::isfinite(*v)) reader.fail("non-finite value " + quoted(t));
      if (std::fabs(*v) > 3.0e38) reader.fail("value " + quoted(t) + " does not fit in a 32-bit float");
      data.push_back(static_cast<float>(*v));
    }
  }
  if (in.bad()) throw Error(ErrorKind::io, "read error", Location(name, reader.line()));
  if (!in_data) {
    if (header.size1d == 0 && header.size3d == 0) reader.fail("no LUT_1D_SIZE or LUT_3D_SIZE found");
    expected = finish_header(reader, header, out, notes);
    reader.fail("the header declares " + std::to_string(expected) + " table entries but the file has none");
  }
  if (data.size() / 3 != expected) {
    std::ostringstream m;
    m << "file ends after " << data.size() / 3 << " of " << expected << " table entries (truncated?)";
    reader.fail(m.str());
  }
  std::size_t offset = 0;
  if (out.lut1d) {
    const std::size_t n = static_cast<std::size_t>(out.lut1d->size) * 3;
    out.lut1d->values.assign(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
    offset = n;
  }
  if (out.lut3d) out.lut3d->values.assign(data.begin() + static_cast<std::ptrdiff_t>(offset), data.end());
  out.notes = std::move(notes);
  return out;
}

CubeFile read_cube_file(const std::filesystem::path& path) {
  check_input_file(path, "the LUT file");  // a FIFO would block, /dev/zero never end
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::io, "cannot open the LUT file", Location(path.string()));
  return parse_cube(in, path.string());
}

}  // namespace aceslab::lmt
