// SPDX-License-Identifier: Apache-2.0
// What an IDT run reports: the result as JSON (for `--json` and scripts), and an HTML page with
// before/after chart swatches, a delta E bar per patch, the linearisation curve (inline SVG, no
// dependencies) and a PNG of the sampling overlay.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "color/atomic_file.h"
#include "idt/idt_maker.h"

namespace aceslab::idt {

nlohmann::json result_json(const IdtResult& result);

// Writes DIR/index.html (and DIR/overlay.png when the result kept an overlay); creates DIR.
// Returns the page's path. Throws aceslab::Error (io) naming the file on failure.
std::filesystem::path write_report(const std::filesystem::path& dir, const IdtResult& result, Overwrite overwrite);

}  // namespace aceslab::idt
