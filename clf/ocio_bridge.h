// SPDX-License-Identifier: Apache-2.0
// The boundary with OpenColorIO 2.1: a Pipeline turned into an OCIO GroupTransform (so anything
// aceslab builds can be evaluated by OCIO as an independent oracle), and evaluation of any OCIO
// transform on a float RGB buffer. OCIO exceptions are rethrown as aceslab::Error with context.
#pragma once

#include <span>
#include <string>

#include <OpenColorIO/OpenColorIO.h>

#include "pipeline/pipeline.h"

namespace aceslab::aces {

namespace OCIO = OCIO_NAMESPACE;

// Each step as its OCIO counterpart (MatrixTransform, RangeTransform, LogTransform /
// LogAffineTransform / LogCameraTransform, ExponentTransform / ExponentWithLinearTransform,
// Lut1DTransform, Lut3DTransform, CDLTransform); transfer steps are first replaced as
// clf_exportable() does. Throws aceslab::Error (unsupported) for an output transform step.
OCIO::GroupTransformRcPtr pipeline_to_ocio(const Pipeline& pipeline);

enum class OcioOptimization { none, lossless };

// A CPU processor for `transform` in a raw config (no files, no colour spaces needed).
// `context` names the source in error messages (a file path or "pipeline").
OCIO::ConstCPUProcessorRcPtr ocio_cpu_processor(const OCIO::ConstTransformRcPtr& transform,
                                                OcioOptimization optimization, const std::string& context);

// Applies the processor to interleaved RGB floats in place.
void ocio_apply(const OCIO::ConstCPUProcessorRcPtr& processor, std::span<float> rgb);

}  // namespace aceslab::aces
