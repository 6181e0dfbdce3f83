#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Submits an aceslab delivery to Thinkbox Deadline as three CommandLine-plugin jobs, each
# depending on the one before (deadlinecommand -SubmitMultipleJobs -dependent): the render in
# chunks of output frames (Deadline replaces <STARTFRAME>-<ENDFRAME> per task; --resume makes a
# requeued task safe), then `aceslab deliver manifest`, then `aceslab deliver check`.
#
#   farm/deadline/submit.sh SOURCE IDT OUTPUT_FOLDER SHOT CUT HANDLES START_FRAME SLATE_DATE \
#       [PROFILE=vfx] [COMPRESSION=piz] [CHUNK_SIZE=8]
#   farm/deadline/submit.sh /plates/A001C003.%06d.dpx /show/idt/logc3.clf /deliveries/pull A001C003 \
#       86408-86455 8 1001 2026-03-14
#
# The output frames (slate included) come from `aceslab render ... --dry-run --json`.
# ACESLAB (default: aceslab on the PATH) and DEADLINECOMMAND (default: deadlinecommand) may be set.
set -euo pipefail
if [ $# -lt 8 ]; then sed -n '2,15p' "$0" >&2; exit 2; fi
here=$(cd "$(dirname "$0")" && pwd)
source=$1 idt=$2 out=$3 shot=$4 cut=$5 handles=$6 start=$7 slate_date=$8
profile=${9:-vfx} compression=${10:-piz} chunk=${11:-8}
aceslab=${ACESLAB:-aceslab}
output_frames=$("$aceslab" render "$source" --idt "$idt" --frames "$cut" --handles "$handles" --start-frame "$start" \
  --slate -o "$out/$shot.%07d.exr" --dry-run --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["output_range"])')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in render_job_info render_plugin_info manifest_job_info manifest_plugin_info check_job_info check_plugin_info; do
  sed -e "s|@ACESLAB@|$(command -v "$aceslab")|g" -e "s|@SOURCE@|$source|g" -e "s|@IDT@|$idt|g" \
      -e "s|@OUTPUT_FOLDER@|$out|g" -e "s|@SHOT@|$shot|g" -e "s|@CUT@|$cut|g" -e "s|@HANDLES@|$handles|g" \
      -e "s|@START_FRAME@|$start|g" -e "s|@SLATE_DATE@|$slate_date|g" -e "s|@PROFILE@|$profile|g" \
      -e "s|@COMPRESSION@|$compression|g" -e "s|@CHUNK_SIZE@|$chunk|g" -e "s|@OUTPUT_FRAMES@|$output_frames|g" \
      "$here/$f.txt" > "$work/$f.txt"
done
"${DEADLINECOMMAND:-deadlinecommand}" -SubmitMultipleJobs -dependent \
  -job "$work/render_job_info.txt" "$work/render_plugin_info.txt" \
  -job "$work/manifest_job_info.txt" "$work/manifest_plugin_info.txt" \
  -job "$work/check_job_info.txt" "$work/check_plugin_info.txt"
