// SPDX-License-Identifier: Apache-2.0
// OpenEXR files as `deliver check` reads them (deliver/check_file.h check_exr_file, through
// image/exr_reader.h): the header rules of a profile, then, when the first input byte is odd, the
// pixels too (--pixels). OpenEXR's own exceptions must come back as aceslab::Error naming the file.
#include "deliver/check_file.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aceslab;
  if (size == 0) return 0;
  const auto path = fuzz::write_scratch("frame.exr", fuzz::as_text(data + 1, size - 1));
  deliver::CheckOptions options;
  options.profile = (data[0] & 2) ? deliver::Profile::st2065_4 : deliver::Profile::nam;
  options.pixels = (data[0] & 1) != 0;
  options.threads = 1;
  fuzz::refusal_is_fine([&] { (void)deliver::check_exr_file(path, "frame.exr", options); });
  return 0;
}
