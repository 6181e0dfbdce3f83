#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs aceslab into a temporary prefix, copies the prefix somewhere else (it must not care where
# it lives), hides the source tree, the build tree and ../shared behind empty mounts in a private
# mount namespace, unsets ACESLAB_DATA_DIR, and runs from the installed copy only:
#   aceslab --version; the main job (the README quick start: the sample show LUT -> LMT + AMF, with
#   its verification); amf validate (XSD from share/aceslab); apply --amf on a triplet; and, when the
#   Python module is installed, `import aceslab` from the copied prefix doing the same kind of work.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR SHARED_DIR WORK_DIR
# Exit 77 (CTest: skipped) when no mount namespace can be made (neither root nor user namespaces).
set -euo pipefail
build="$1" source="$2" shared="$3" work="$4"

rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"

# A copy outside every tree the binary could know about.
moved="$(mktemp -d /tmp/aceslab-installed.XXXXXX)"
trap 'rm -rf "$moved"' EXIT
cp -a "$work/prefix/." "$moved/"

cat > "$moved/job.sh" <<JOB
set -euo pipefail
for dir in "$source" "$build" "$shared"; do
  if [ -d "\$dir" ]; then mount -t tmpfs -o size=1m,mode=0000 aceslab-hidden "\$dir"; fi
done
test -z "\$(ls -A "$source")" || { echo "source tree still visible" >&2; exit 1; }
unset ACESLAB_DATA_DIR
export PATH="$moved/bin:/usr/bin:/bin"
cd "$moved"
mkdir out
aceslab --version
aceslab lmt share/aceslab/samples/show_logc3_to_rec709.cube --lut-in logc3-ei800-awg3 \
  --lut-out rec709-bt1886-100nit -o out/show_look.clf --amf out/show_look.amf --strict -q
aceslab amf validate out/show_look.amf
echo "0.391 0.391 0.391" | aceslab apply --amf out/show_look.amf
pydir="$moved/lib/python3/dist-packages"
if [ -d "\$pydir/aceslab" ]; then
  # A sanitizer build (scripts/sanitize) loads ASan's runtime first into the uninstrumented
  # interpreter; CPython's own allocations at exit are not leaks of ours.
  env PYTHONPATH="\$pydir" \${ACESLAB_PYTHON_PRELOAD:+LD_PRELOAD=\$ACESLAB_PYTHON_PRELOAD ASAN_OPTIONS=detect_leaks=0} /usr/bin/python3 -c '
import numpy as np, aceslab
assert "/tmp/aceslab-installed" in aceslab.__file__, aceslab.__file__
print("python", aceslab.__version__, "data", aceslab.data_dir())
assert aceslab.data_dir().startswith("$moved/share/aceslab"), aceslab.data_dir()
findings = aceslab.validate_amf("out/show_look.amf")
assert not [f for f in findings if f["severity"] == "error"], findings
grey = aceslab.output_transform(np.full((1, 3), 0.18, np.float32), "rec709-bt1886-100nit")
print("python grey", grey)
'
fi
JOB

run_hidden() {
  if unshare --mount --propagation private true 2>/dev/null; then
    unshare --mount --propagation private bash "$moved/job.sh"
  elif unshare --user --map-root-user --mount true 2>/dev/null; then
    unshare --user --map-root-user --mount bash "$moved/job.sh"
  else
    echo "install_test: cannot create a mount namespace to hide the source tree: skipped" >&2
    exit 77
  fi
}
run_hidden
