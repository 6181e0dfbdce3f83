// SPDX-License-Identifier: Apache-2.0
// CLF documents (clf/xml_safety.h, clf/reader.h, clf/parser.h): the safety scan and structure
// checks every CLF passes, then aceslab's own parse into a Pipeline, which is evaluated on a few
// values (LUT interpolation with hostile sizes, Log and Exponent parameters) and written back.
// OpenColorIO's evaluation is left out: it is not instrumented, and it reads files.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "clf/parser.h"
#include "clf/reader.h"
#include "clf/writer.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aceslab;
  const std::string bytes(fuzz::as_text(data, size));
  fuzz::refusal_is_fine([&] { aces::check_clf_document(bytes, "fuzz.clf"); });
  fuzz::refusal_is_fine([&] {
    aces::check_clf_document(bytes, "fuzz.clf");
    const aces::Pipeline p = aces::parse_clf_pipeline(bytes, "fuzz.clf");
    std::vector<float> rgb{0.0f, 0.18f, 1.0f, -0.5f, 4.0f, 0.5f, std::nanf(""), 1e30f, -1e30f};
    aces::apply(p, rgb);
    (void)aces::write_clf(p, {});
  });
  return 0;
}
