// SPDX-License-Identifier: Apache-2.0
// The AMF recipe of a baked LMT: input transform = the LUT's camera encoding (its ACES 2.0 CSC
// transformId where the registry has one, else a CLF of its IDT written next to the AMF), look =
// the LMT CLF (relative path + SHA-256), output = the ACES 2.0 output transform the LUT was made
// for. The AMF is written by amf/ (v2.0, valid against the official XSD).
#pragma once

#include <filesystem>
#include <string>

#include "amf/model.h"
#include "color/atomic_file.h"
#include "lmt/lmt_maker.h"

namespace aceslab::lmt {

struct LmtAmfResult {
  amf::Amf amf;
  std::filesystem::path idt_clf;  // the IDT CLF written for an encoding without a registry id, else empty
};

// Writes `amf_path` for the LMT at `result.clf_path` made with `settings`. The LMT CLF must lie in
// the AMF's folder or below it. Throws aceslab::Error.
LmtAmfResult write_lmt_amf(const std::filesystem::path& amf_path, const LmtResult& result,
                           const LmtSettings& settings, Overwrite overwrite);

}  // namespace aceslab::lmt
