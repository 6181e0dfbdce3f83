// SPDX-License-Identifier: Apache-2.0
// Spectral data files (idt/spectral.h): the same bytes as a rawtoaces JSON file (camera
// sensitivities, illuminants) and as a CSV table, read from a file as `aceslab idt --spectral` and
// spd_file illuminants read them, then resampled as the IDT does.
#include "fuzz_support.h"
#include "idt/spectral.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aceslab;
  const auto text = fuzz::as_text(data, size);
  const auto json = fuzz::write_scratch("spectra.json", text);
  const auto csv = fuzz::write_scratch("spectra.csv", text);
  const idt::WavelengthGrid grid{380, 780, 5};
  fuzz::refusal_is_fine([&] {
    const idt::CameraSensitivities camera = idt::read_camera_sensitivities(json);
    for (const auto& s : camera.rgb) (void)idt::resample(s, grid, idt::Interpolation::sprague);
  });
  for (const auto& path : {json, csv}) {
    fuzz::refusal_is_fine([&] {
      const auto spectra = path == json ? idt::read_rawtoaces_json(path) : idt::read_spectral_csv(path);
      for (const idt::Spectrum& s : spectra) (void)idt::resample(s, grid, idt::Interpolation::sprague);
    });
    fuzz::refusal_is_fine([&] { (void)idt::read_spd_file(path); });
  }
  return 0;
}
