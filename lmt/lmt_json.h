// SPDX-License-Identifier: Apache-2.0
// The LMT maker's result as JSON: what `aceslab lmt --json` prints and what a report or batch
// module stores. Field names are stable (snake_case); figures are plain numbers.
#pragma once

#include <nlohmann/json.hpp>

#include "lmt/lmt_maker.h"

namespace aceslab::lmt {

nlohmann::json to_json(const ErrorStats& s);
nlohmann::json to_json(const SetFigures& f);
nlohmann::json to_json(const Verification& v);
// The whole result with the settings it was made with and the LUT it came from.
nlohmann::json to_json(const LmtResult& r, const LmtSettings& settings, const ShowLut& lut);

}  // namespace aceslab::lmt
