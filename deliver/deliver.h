// SPDX-License-Identifier: Apache-2.0
// aceslab's delivery library, in one include: the colour recipe (IDT, LMT, AMF) carried to the
// frames productions deliver. A render turns an image sequence, a movie or camera raw into
// ACES2065-1 half-float OpenEXR masters by delivery profile (SMPTE ST 2065-4, Netflix NAM, a VFX
// pull), numbered by a frame plan (cut, handles, start frame, slate, farm chunks); checksum
// manifests (ASC MHL v2.0 generations, checksum.txt) record and verify what was delivered; a
// validator checks a delivery folder against its profile with stable finding ids.
// Depends on amf/, clf/, pipeline/, image/ and color/.
//
//   sequence.h        frame ranges, sequence patterns, files on disk, portable names
//   frame_plan.h      which source frame becomes which output frame
//   profile.h         st2065-4 / nam / vfx rules, AP0 chromaticities
//   timecode.h        SMPTE time code arithmetic, frame rates
//   render_recipe.h   the input transform and looks of a render
//   frame_converter.h source pixels through the recipe into half floats
//   slate.h           the slate frame
//   source.h          sequences, images, movies, camera raw
//   render.h          the render job (atomic frames, resume, chunks)
//   file_hash.h       md5, sha1, xxh64, xxh3, xxh128, c4; ascmhl's directory hashes
//   mhl.h             ASC MHL v2.0 generations, chain and history
//   manifest.h        making and verifying manifests (MHL, checksum.txt)
//   check.h           delivery validation with stable finding ids
//
//   namespace deliver = aceslab::deliver;
//   deliver::RenderOptions o;
//   o.source = "A001C003.%06d.dpx";
//   o.output = "out/A001C003.%07d.exr";
//   o.recipe.idt_clf = "idt.clf";
//   o.frames.cut = deliver::FrameRange{86408, 86455};
//   o.frames.handles = 8;
//   o.frames.start_frame = 1001;
//   const deliver::RenderReport report = deliver::render(o);
#pragma once

#include "deliver/check.h"
#include "deliver/file_hash.h"
#include "deliver/frame_converter.h"
#include "deliver/frame_plan.h"
#include "deliver/manifest.h"
#include "deliver/mhl.h"
#include "deliver/profile.h"
#include "deliver/render.h"
#include "deliver/render_recipe.h"
#include "deliver/sequence.h"
#include "deliver/slate.h"
#include "deliver/source.h"
#include "deliver/timecode.h"
