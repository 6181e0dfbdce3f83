// SPDX-License-Identifier: Apache-2.0
// aceslab's LMT library, in one include: a legacy show LUT (camera log in, display code values out)
// read in any format (show_lut.h; .cube by aceslab's own reader, cube_reader.h, others through
// OpenColorIO), turned into an ACES 2 Look Modification Transform that reproduces it through the
// ACES 2.0 Output Transform of its display (lmt_maker.h: for SDR displays the LUT kept as it is and
// a table of the inverse output transform over warped display code values, display_warp.h; node
// values fitted, lmt_fit.h, and stored in a space that follows the output transform,
// node_encoding.h; a second table dense around the neutral axis corrects it there,
// neutral_table.h), verified independently of the bake on
// natural colours and the LUT's cube (verify.h), reported (report.h, lmt_json.h), written with its
// AMF recipe (lmt_amf.h), approximated by an ASC CDL for CDL-only systems (lmt_cdl.h) and run over
// whole LUT libraries (batch.h).
//
//   namespace lmt = aceslab::lmt;
//   const lmt::ShowLut lut = lmt::read_show_lut("show.cube");
//   lmt::LmtSettings settings;   // lut_in, lut_out, cube size...
//   const lmt::LmtResult result = lmt::make_lmt(lut, settings, "look.clf", aceslab::Overwrite::refuse);
#pragma once

#include "lmt/batch.h"
#include "lmt/lmt_amf.h"
#include "lmt/lmt_cdl.h"
#include "lmt/lmt_maker.h"
#include "lmt/show_lut.h"
#include "lmt/verify.h"
