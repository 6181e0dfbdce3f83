#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the Debian packages with CPack into WORK_DIR/packages and checks them: the runtime package
# (aceslab) depends on the Debian 12 runtime libraries its binaries link (dpkg-shlibdeps) plus
# python3 and python3-numpy, and holds the command, the data and the Python module; the development
# package (aceslab-dev) holds the headers, static libraries and the CMake/pkg-config packages and
# depends on aceslab and the -dev packages. The runtime package's files, unpacked into a temporary
# folder (not installed), run: `aceslab --version` and a transform that needs the shipped registry.
# Usage: package_test.sh BUILD_DIR WORK_DIR
set -euo pipefail
build="$1" work="$2"
out="$work/packages"
rm -rf "$out"
mkdir -p "$out"
(cd "$build" && cpack -G DEB -B "$out" > "$out/cpack.log")
runtime="$(ls "$out"/aceslab_*.deb)"
dev="$(ls "$out"/aceslab-dev_*.deb)"

depends="$(dpkg-deb -f "$runtime" Depends)"
echo "aceslab Depends: $depends"
# Ceres links statically (Debian's CMake package names libceres.a); its glog and SuiteSparse come in.
for pkg in libopencolorio2.1 libopenimageio2.4 libgoogle-glog0v6 libcholmod3 libpugixml1v5 libxml2 libssl3 libstdc++6 python3 python3-numpy; do
  grep -q "\b$pkg\b" <<<"$depends" || { echo "package_test: $runtime does not depend on $pkg" >&2; exit 1; }
done
dev_depends="$(dpkg-deb -f "$dev" Depends)"
echo "aceslab-dev Depends: $dev_depends"
for pkg in aceslab libopencolorio-dev libopenimageio-dev libceres-dev libeigen3-dev; do
  grep -q "\b$pkg\b" <<<"$dev_depends" || { echo "package_test: $dev does not depend on $pkg" >&2; exit 1; }
done

contents="$(dpkg-deb -c "$runtime")"
for f in ./usr/bin/aceslab ./usr/share/aceslab/aces/aces-transforms.json ./usr/share/aceslab/amf/schema \
         ./usr/lib/python3/dist-packages/aceslab/__init__.py; do
  grep -q " $f" <<<"$contents" || { echo "package_test: $runtime lacks $f" >&2; exit 1; }
done
dev_contents="$(dpkg-deb -c "$dev")"
for f in ./usr/include/aceslab/color/color.h aceslabConfig.cmake aceslabTargets.cmake aceslab.pc libaceslab_color.a; do
  grep -q "$f" <<<"$dev_contents" || { echo "package_test: $dev lacks $f" >&2; exit 1; }
done

unpacked="$(mktemp -d /tmp/aceslab-deb.XXXXXX)"
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$runtime" "$unpacked"
env -u ACESLAB_DATA_DIR "$unpacked/usr/bin/aceslab" --version
echo "0.18 0.18 0.18" | env -u ACESLAB_DATA_DIR "$unpacked/usr/bin/aceslab" apply --output-transform \
  urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1
env -u ACESLAB_DATA_DIR "$unpacked/usr/bin/aceslab" amf create -o "$unpacked/check.amf" --output-transform rec709-bt1886-100nit -q
