// SPDX-License-Identifier: Apache-2.0
// IDT capture manifests (idt/capture.h), aceslab's own and the Academy idt-calculator's JSON,
// read from a file as `aceslab idt capture.json` reads them (JSON errors, wrong types, paths,
// duplicate exposures), with the illuminant spec parsed as the maker parses it.
#include "fuzz_support.h"
#include "idt/capture.h"
#include "idt/spectral.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aceslab;
  const auto path = fuzz::write_scratch("capture.json", fuzz::as_text(data, size));
  fuzz::refusal_is_fine([&] {
    const idt::Capture c = idt::load_capture(path);
    (void)idt::IlluminantSpec::from_json(c.illuminant, Location(path.string(), 0, c.illuminant_element));
  });
  return 0;
}
