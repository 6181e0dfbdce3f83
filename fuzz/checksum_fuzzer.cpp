// SPDX-License-Identifier: Apache-2.0
// checksum.txt files as `deliver verify` and `deliver check` read them (deliver/checksum_txt.h
// read_checksum_txt): `<digest>  <file name>` lines, comments, CRLF.
#include "deliver/checksum_txt.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aceslab;
  const auto path = fuzz::write_scratch("checksum.txt", fuzz::as_text(data, size));
  fuzz::refusal_is_fine([&] { (void)deliver::read_checksum_txt(path); });
  return 0;
}
