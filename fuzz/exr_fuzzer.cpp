// SPDX-License-Identifier: Apache-2.0
// OpenEXR files as `deliver check` reads them (deliver/check_file.h check_exr_file, through
// image/exr_reader.h): the header rules of a profile, then, when the first input byte is odd, the
// pixels too (--pixels). OpenEXR's own exceptions must come back as aceslab::Error naming the file.
// Pixels are read only for data windows up to 4 Mpx: a larger window is a whole-frame allocation
// (bounded by read_exr_pixels' 8192 x 8192 limit, tests/image/image_hardening_test.cpp) whose cost
// under ASan is seconds of memset, not a parser path.
#include "deliver/check_file.h"
#include "fuzz_support.h"
#include "image/exr_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aceslab;
  if (size == 0) return 0;
  const auto path = fuzz::write_scratch("frame.exr", fuzz::as_text(data + 1, size - 1));
  deliver::CheckOptions options;
  options.profile = (data[0] & 2) ? deliver::Profile::st2065_4 : deliver::Profile::nam;
  options.threads = 1;
  fuzz::refusal_is_fine([&] {
    const aces::ExrFileInfo info = aces::read_exr_info(path);
    const long long w = static_cast<long long>(info.data_window.max_x) - info.data_window.min_x + 1;
    const long long h = static_cast<long long>(info.data_window.max_y) - info.data_window.min_y + 1;
    options.pixels = (data[0] & 1) != 0 && w > 0 && h > 0 && w * h <= 4LL * 1024 * 1024;
  });
  fuzz::refusal_is_fine([&] { (void)deliver::check_exr_file(path, "frame.exr", options); });
  return 0;
}
