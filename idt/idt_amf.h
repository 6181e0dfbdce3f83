// SPDX-License-Identifier: Apache-2.0
// The AMF recipe of a made IDT: an ACES Metadata File (v2.0, written by amf/) whose input
// transform is the IDT CLF, referenced by its path relative to the AMF and its SHA-256.
#pragma once

#include <filesystem>
#include <string>

#include "color/atomic_file.h"

namespace aceslab::idt {

// The CLF must already exist and lie in the AMF's folder or below it. Throws aceslab::Error.
void write_idt_amf(const std::filesystem::path& amf_path, const std::filesystem::path& clf_path,
                   const std::string& description, Overwrite overwrite);

}  // namespace aceslab::idt
