// SPDX-License-Identifier: Apache-2.0
// Writing a Pipeline as a Common LUT Format v3 document (Academy S-2014-006, or SMPTE ST 2136-1 on
// request: ClfFlavor): a ProcessList with a random urn:uuid id, compCLFversion 3.0, descriptions, an Info block carrying the ACES metadata
// (ACEStransformID, ACESuserName) and any caller-supplied key/value settings, then one process
// node per step with float ("32f") bit depths. Numbers are written with 9 significant digits so
// every float32 value reads back bit-exactly.
//
// Steps that are aceslab's own are exported as CLF nodes first (clf_exportable): a transfer
// function becomes its exact Log or Exponent node when it has one, else a baked LUT1D; an output
// transform cannot be exported and must be baked by the caller (into a LUT3D).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "color/atomic_file.h"
#include "pipeline/pipeline.h"

namespace aceslab::aces {

// Which CLF is written: Academy S-2014-006 CLF v3, or SMPTE ST 2136-1 in the form OpenColorIO 2.6
// writes (clf/st2136.h: namespace, compCLFversion="3", an <Id> urn:uuid beside the id attribute),
// which CLF v3 readers read as well. The process nodes are the same.
enum class ClfFlavor { academy_v3, smpte_st2136_1 };
const char* clf_flavor_id(ClfFlavor flavor);    // "academy-v3", "smpte-st2136-1"
ClfFlavor parse_clf_flavor(std::string_view id);  // throws aceslab::Error (usage)

struct ClfMetadata {
  ClfFlavor flavor = ClfFlavor::academy_v3;
  std::string aces_transform_id;  // Info/ACEStransformID, omitted when empty
  std::string aces_user_name;     // Info/ACESuserName, omitted when empty
  // Extra Info children in order, as <key>value</key>; keys must be XML names (letters, digits,
  // '_', '-', '.', not starting with a digit, '-' or '.', and not "xml...").
  std::vector<std::pair<std::string, std::string>> info;
};

// Sizes of the LUT1Ds that stand in for transfer functions without an exact CLF form. Decoding
// (code -> linear) samples the code domain uniformly (behind a Range that maps it onto [0,1]);
// encoding (linear -> code) uses a halfDomain LUT1D, whose samples follow the floating-point
// spacing of scene-linear input. Measured against the exact curves, OCIO reading the written file
// (clf_writer_test, TransferFunctionsExactOrBaked): at most 2e-6 (absolute up to 1, relative above;
// ACEScc and LogC4 decodes) and below 5e-7 for every encode. Inputs beyond the code domain clamp
// (decode), and beyond +-65504 stick to the end (encode).
constexpr std::size_t kBakedDecodeEntries = 16384;

// The largest LUT3D written: OpenColorIO 2.1 refuses grids above 129 points per axis
// (Lut3DOpData::maxSupportedLength), so a larger one would make a file nothing can read.
constexpr int kMaxClfLut3DSize = 129;

// The same pipeline with only CLF-expressible steps: transfer steps replaced by their exact
// Log/Exponent node or a baked LUT1D (identity curves dropped). Throws aceslab::Error
// (unsupported) for an output transform step, telling the caller to bake it.
Pipeline clf_exportable(const Pipeline& pipeline);

// The CLF document (an empty pipeline is written as one identity Matrix, since CLF requires a
// process node). Throws aceslab::Error (unsupported / invalid_input) for steps CLF cannot
// hold (an output transform, per-channel Log bases that differ) or bad metadata keys.
std::string write_clf(const Pipeline& pipeline, const ClfMetadata& meta);

// Writes the document atomically (temporary file + rename); refuses to replace an existing file
// unless `overwrite` allows it.
void write_clf_file(const std::filesystem::path& path, const Pipeline& pipeline, const ClfMetadata& meta,
                    Overwrite overwrite);

// A random (version 4) UUID as "urn:uuid:xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string random_urn_uuid();

}  // namespace aceslab::aces
