// SPDX-License-Identifier: Apache-2.0
// aceslab's OpenColorIO config export, in one include: recipes (AMF files, look CLFs, input CLFs)
// turned into an OCIO config that compositing and 3D applications load, with the ACES 2.0 Output
// Transforms as displays and views. Two forms: OCIO 2.4 (OCIO's own ACES 2.0 built-in transforms,
// laid out as the ACES studio config v4.0.0) and OCIO 2.1 (every ACES 2.0 view baked by aceslab into
// a CLF, shaper + LUT3D, with its error measured through OpenColorIO).
//
//   ocio_names.h      the names OCIO gives aceslab's transforms (built-in styles, displays, views)
//   output_bake.h     an output transform baked into CLF nodes, and the measurement of its error
//   config_model.h    the config as data, and its YAML text
//   config_builder.h  recipes -> config + its folder of CLFs
//
//   namespace oc = aceslab::ocioconfig;
//   oc::OcioConfigRequest req;
//   req.amfs = {"shot.amf"};
//   req.version = oc::OcioVersion::v2_1;
//   const oc::OcioConfigReport r = oc::write_ocio_config(req, "shot.ocio", aceslab::Overwrite::refuse);
//   // r.views[i].error.max: the baked view's largest error in code values
//
// Depends on amf/ (reading and gating recipes), clf/ (writing and evaluating CLF), pipeline/,
// aces2/ and color/.
#pragma once

#include "ocioconfig/config_builder.h"
#include "ocioconfig/config_model.h"
#include "ocioconfig/ocio_names.h"
#include "ocioconfig/output_bake.h"
