// SPDX-License-Identifier: Apache-2.0
// aceslab's Common LUT Format library, in one include: CLF v3 (Academy S-2014-006) documents read
// safely (parser.h: size, nesting and entity checks before anything is parsed, then a Pipeline of
// steps), their metadata and their evaluation through OpenColorIO 2.1 (reader.h: ClfTransform),
// pipelines written as CLF (writer.h), and the bridge that hands pipelines to OpenColorIO
// (ocio_bridge.h), and the ACES 1.x output transforms (RRT + ODT) and their inverses through
// OpenColorIO 2.1's builtins (aces1_output.h) or, for the ACES 1.0.x HDR ODTs OCIO lacks, aceslab's
// own evaluation of the Academy's CTL (aces1_rrt.h, aces1_odt.h), and the Academy's looks AMFs
// name by id (aces_looks.h). Depends on pipeline/ and color/, pugixml and OpenColorIO.
//
//   namespace aces = aceslab::aces;
//   const aces::Pipeline idt = aces::read_clf_pipeline("camera_idt.clf");   // aceslab's own steps
//   aces::ClfTransform clf("look.clf");                                     // evaluated by OCIO
//   aces::write_clf_file("out.clf", idt, {}, aceslab::Overwrite::refuse);
#pragma once

#include "clf/aces1_odt.h"
#include "clf/aces1_output.h"
#include "clf/aces1_rrt.h"
#include "clf/aces_looks.h"
#include "clf/ocio_bridge.h"
#include "clf/parser.h"
#include "clf/reader.h"
#include "clf/writer.h"
