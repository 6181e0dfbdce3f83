// SPDX-License-Identifier: Apache-2.0
// aceslab's IDT library, in one include: Input Transforms for cameras with no official one. From a
// capture manifest of ColorChecker 24 exposures (capture.h): the chart found (chart_detect.h) or
// given by its corners, its patches sampled (patch_sampling.h), the chart's reference values under
// the scene illuminant (chart_reference.h), the linearisation and matrix fitted by solver/, and the
// IDT assembled as a pipeline (idt_maker.h), checked (fit_checks.h: encoding, plausibility; the
// detector's own evidence in chart_evidence.h), reported (report.h) and written with its AMF
// (idt_amf.h) or as DCTL / CTL (shader_export.h); a grey-card frame corrects light falloff
// (flat_field.h). Also IDTs from measured spectral sensitivities (spectral_idt.h, spectral.h).
//
//   namespace idt = aceslab::idt;
//   const idt::IdtResult result = idt::make_idt(idt::load_capture("capture.json"));
#pragma once

#include "idt/capture.h"
#include "idt/idt_amf.h"
#include "idt/idt_maker.h"
#include "idt/shader_export.h"
#include "idt/spectral_idt.h"
