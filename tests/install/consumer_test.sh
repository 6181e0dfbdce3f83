#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds tests/install/consumer against the prefix install_test.sh installed, twice: with CMake
# (find_package(aceslab) -> aceslab::amf, aceslab::aces) and with plain g++ and pkg-config
# (aceslab.pc), then runs both programs. Usage: consumer_test.sh SOURCE_DIR WORK_DIR
set -euo pipefail
source="$1" work="$2"
prefix="$work/prefix"
test -x "$prefix/bin/aceslab" || { echo "consumer_test: no installed prefix at $prefix (run install_test first)" >&2; exit 1; }
rm -rf "$work/consumer"
mkdir -p "$work/consumer"
cp "$source/tests/install/consumer/CMakeLists.txt" "$source/tests/install/consumer/main.cpp" "$work/consumer/"

# CMake package. No launcher or cache from the aceslab build leaks in: a fresh configure.
cmake -S "$work/consumer" -B "$work/consumer/build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" > "$work/consumer/configure.log"
cmake --build "$work/consumer/build" > "$work/consumer/build.log"
"$work/consumer/build/consumer" "$work/consumer"

# pkg-config, from the same installed prefix.
export PKG_CONFIG_PATH="$(dirname "$(find "$prefix" -name aceslab.pc | head -1)")"
pkg-config --modversion aceslab
libdata="$(find "$prefix" -path '*share/aceslab' -type d | head -1)"
g++ -std=c++20 -O1 -o "$work/consumer/consumer_pc" "$work/consumer/main.cpp" \
  -DCONSUMER_DATA_DIR="\"$libdata\"" $(pkg-config --cflags --libs aceslab)
"$work/consumer/consumer_pc" "$work/consumer"
