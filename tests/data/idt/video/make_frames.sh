#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# frame n (0..7): 192x128, surround code 4; patch p (row-major, 6x4 grid, pitch 28 px, side 24 px,
# grid origin 12,10) has 8-bit code 8 + 5p + 16c + 12n in channel c (R=0, G=1, B=2).
for n in 0 1 2 3 4 5 6 7; do
  args="--create 192x128 3 --fill:color=0.015686275,0.015686275,0.015686275 192x128"
  p=0
  while [ $p -lt 24 ]; do
    col=$((p % 6)); row=$((p / 6))
    x0=$((12 + 28 * col)); y0=$((10 + 28 * row)); x1=$((x0 + 23)); y1=$((y0 + 23))
    r=$(echo "scale=9; (8 + 5*$p + 12*$n) / 255" | bc)
    g=$(echo "scale=9; (8 + 5*$p + 16 + 12*$n) / 255" | bc)
    b=$(echo "scale=9; (8 + 5*$p + 32 + 12*$n) / 255" | bc)
    args="$args --box:color=$r,$g,$b:fill=1 $x0,$y0,$x1,$y1"
    p=$((p + 1))
  done
  oiiotool $args -d uint8 -o frame_$n.png
done
