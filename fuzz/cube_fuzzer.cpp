// SPDX-License-Identifier: Apache-2.0
// .cube show LUTs (lmt/cube_reader.h), and the same bytes as a Panasonic .vlt (lmt/vlt_reader.h):
// parsed, turned into a ShowLut and evaluated on values inside, outside and at the edges of the
// domain, NaN and Inf included (item 1 of issue 15, a header without a table, crashed here).
#include <cmath>
#include <limits>
#include <sstream>
#include <vector>

#include "fuzz_support.h"
#include "lmt/cube_reader.h"
#include "lmt/show_lut.h"
#include "lmt/vlt_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aceslab;
  const std::string text(fuzz::as_text(data, size));
  const auto evaluate = [](const lmt::ShowLut& lut) {
    const float inf = std::numeric_limits<float>::infinity();
    std::vector<float> rgb{0.0f, 0.5f, 1.0f, -1.0f, 2.0f, 0.999f, std::nanf(""), inf, -inf, 1e30f, -1e-30f, 0.25f};
    lut.apply(rgb);
    lut.apply_pre(rgb);
    lut.apply_core(rgb);
  };
  fuzz::refusal_is_fine([&] {
    std::istringstream in{text};
    evaluate(lmt::ShowLut(lmt::parse_cube(in, "fuzz.cube"), "fuzz.cube"));
  });
  fuzz::refusal_is_fine([&] { evaluate(lmt::ShowLut(lmt::parse_vlt(text, "fuzz.vlt"), "fuzz.vlt", "vlt")); });
  return 0;
}
