// SPDX-License-Identifier: Apache-2.0
// Test helper: reads the ACES 2.0 reference vector CSVs of /work/shared/reference/aces2 (columns
// by header name, '#' comment lines skipped) and summarises errors.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace aceslab::test {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::string> category;            // the "category" column, if present
  std::vector<std::vector<double>> rows;        // numeric columns (non-numeric -> NaN)

  int col(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) ADD_FAILURE() << "no column " << name;
    return it == header.end() ? 0 : static_cast<int>(it - header.begin());
  }
  std::array<float, 3> triplet(size_t row, const std::string& prefix) const {
    return {static_cast<float>(rows[row][col(prefix + "r")]), static_cast<float>(rows[row][col(prefix + "g")]),
            static_cast<float>(rows[row][col(prefix + "b")])};
  }
  std::array<float, 3> cols3(size_t row, const std::string& a, const std::string& b, const std::string& c) const {
    return {static_cast<float>(rows[row][col(a)]), static_cast<float>(rows[row][col(b)]),
            static_cast<float>(rows[row][col(c)])};
  }
};

inline std::string aces2_reference(const std::string& name) {
  return std::string(ACESLAB_SHARED_DIR) + "/reference/aces2/" + name;
}

inline CsvTable read_csv(const std::string& path) {
  CsvTable t;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::string line;
  int cat_col = -1;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (t.header.empty()) {
      t.header = cells;
      const auto it = std::find(t.header.begin(), t.header.end(), "category");
      if (it != t.header.end()) cat_col = static_cast<int>(it - t.header.begin());
      continue;
    }
    std::vector<double> row(cells.size(), std::nan(""));
    for (size_t i = 0; i < cells.size(); ++i) {
      if (static_cast<int>(i) == cat_col) continue;
      row[i] = std::strtod(cells[i].c_str(), nullptr);
    }
    t.category.push_back(cat_col >= 0 ? cells[cat_col] : "");
    t.rows.push_back(std::move(row));
  }
  return t;
}

// Max and a high quantile of a set of absolute errors.
struct ErrorStats {
  std::vector<double> errors;
  void add(double e) { errors.push_back(e); }
  double max() const { return errors.empty() ? 0.0 : *std::max_element(errors.begin(), errors.end()); }
  double quantile(double q) const {
    if (errors.empty()) return 0.0;
    std::vector<double> s = errors;
    std::sort(s.begin(), s.end());
    const size_t i = std::min(s.size() - 1, static_cast<size_t>(std::ceil(q * s.size())) - 1);
    return s[i];
  }
  double fraction_within(double tol) const {
    if (errors.empty()) return 1.0;
    return static_cast<double>(std::count_if(errors.begin(), errors.end(), [&](double e) { return e <= tol; })) /
           errors.size();
  }
};

}  // namespace aceslab::test
