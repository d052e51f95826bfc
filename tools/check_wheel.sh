#!/usr/bin/env bash
# Builds the sdist and the wheel and verifies them as a user would meet them (Linux):
#   1. `python -m build`: the sdist, then the wheel built from that sdist in an isolated env;
#   2. `auditwheel repair` makes it a manylinux wheel;
#   3. the wheel's contents: the compiled module (stripped), py.typed, the stub, LICENSE; no tests,
#      tools, C/Cython sources or build leftovers;
#   4. a fresh venv installs the wheel and runs the cibuildwheel test-command of pyproject.toml
#      (the suite, embedded-server tests included) from a directory outside the source tree;
#   5. a fresh venv installs the sdist with no C compiler: pure Python, one warning saying why;
#   6. [tool.cibuildwheel] matches cibuildwheel's schema and lists the expected build identifiers
#      for Linux, macOS and Windows; the GitHub workflows match the workflow schema.
# Prints the wheel's size and the import time. Needs the release tools: pip install --group release
# Usage: tools/check_wheel.sh [WORK_DIR]   (default: build/check-wheel, emptied first)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
WORK=${1:-$REPO/build/check-wheel}
rm -rf "$WORK" && mkdir -p "$WORK"
PYTHON=${PYTHON:-python}
step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS"; }
fail() { echo "check_wheel: FAILED: $*" >&2; exit 1; }

step "build sdist and wheel"
INFORMIX_DB_REQUIRE_EXT=1 "$PYTHON" -m build --outdir "$WORK/dist" . >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log"; fail "python -m build"; }
SDIST=$(ls "$WORK"/dist/*.tar.gz)
RAW_WHEEL=$(ls "$WORK"/dist/*.whl)
echo "$(basename "$SDIST")  $(basename "$RAW_WHEEL")"

step "auditwheel repair"
"$PYTHON" -m auditwheel repair -w "$WORK/wheelhouse" "$RAW_WHEEL" >"$WORK/auditwheel.log" 2>&1 \
  || { cat "$WORK/auditwheel.log"; fail "auditwheel repair"; }
WHEEL=$(ls "$WORK"/wheelhouse/*.whl)
case "$(basename "$WHEEL")" in *manylinux*) ;; *) fail "not a manylinux wheel: $WHEEL" ;; esac
echo "$(basename "$WHEEL")"

step "wheel contents"
"$PYTHON" - "$WHEEL" "$SDIST" <<'PY'
import re, sys, tarfile, zipfile
wheel, sdist = sys.argv[1], sys.argv[2]
names = zipfile.ZipFile(wheel).namelist()
def has(pattern): return [n for n in names if re.search(pattern, n)]
problems = []
for pattern, what in [(r"^tests?/|/tests?/", "tests"), (r"(^|/)tools/|/peer(_suite)?\.py$", "dev tools"),
                      (r"\.(c|h|pyx|pxd|pxi)$", "C or Cython sources"),
                      (r"(^|/)(build|__pycache__)/|\.py[co]$|\.egg-info/", "build leftovers")]:
    if has(pattern):
        problems.append(f"{what}: {has(pattern)}")
for pattern, what in [(r"^informix_db/_cwire\.[^/]+\.so$", "the compiled wire module"),
                      (r"^informix_db/_cserver\.[^/]+\.so$", "the compiled server module"),
                      (r"^informix_db/py\.typed$", "py.typed"), (r"^informix_db/_cwire\.pyi$", "the stub"),
                      (r"\.dist-info/licenses/LICENSE$", "LICENSE")]:
    if not has(pattern):
        problems.append(f"missing {what}")
sdist_names = tarfile.open(sdist).getnames()
for needed in ("LICENSE", "ext/_cwire.pyx", "setup.py", "tests/conftest.py"):
    if not any(n.endswith("/" + needed) for n in sdist_names):
        problems.append(f"sdist lacks {needed}")
if [n for n in sdist_names if n.endswith((".c", ".so"))]:
    problems.append("sdist holds generated C or binaries")
if problems:
    sys.exit("check_wheel: FAILED: " + "; ".join(problems))
print(f"{len(names)} files in the wheel, {len(sdist_names)} in the sdist: contents as expected")
PY
mkdir -p "$WORK/unpacked" && (cd "$WORK/unpacked" && "$PYTHON" -m zipfile -e "$WHEEL" .)
for EXT in "$WORK"/unpacked/informix_db/*.so; do
  if readelf -S --wide "$EXT" | grep -Eq '\.debug_|\.symtab'; then fail "$EXT is not stripped"; fi
  echo "extension stripped: $(basename "$EXT"), $(stat -c %s "$EXT") bytes"
done

step "fresh venv: install the wheel, run the suite from outside the tree"
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install -q --disable-pip-version-check "$WHEEL[test]"
TESTDIR="$WORK/outside"
mkdir -p "$TESTDIR"
# What cibuildwheel copies (test-sources) and runs (test-command), read from pyproject.toml.
IFS=$'\t' read -r SOURCES COMMAND < <("$PYTHON" - <<'PY'
try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
cfg = tomllib.load(open("pyproject.toml", "rb"))["tool"]["cibuildwheel"]
print(" ".join(cfg["test-sources"]), cfg["test-command"], sep="\t")
PY
)
for src in $SOURCES; do cp -r "$REPO/$src" "$TESTDIR/"; done
(
  cd "$TESTDIR"
  export PATH="$WORK/venv/bin:$PATH"
  unset INFORMIX_DB_IMPL PYTHONPATH
  python - <<'PY'
import informix_db, pathlib
assert informix_db.IMPLEMENTATION == "c", informix_db.IMPLEMENTATION
assert "site-packages" in pathlib.Path(informix_db.__file__).parts, informix_db.__file__
PY
  eval "$COMMAND"
)

step "import time (installed wheel, best of 5 fresh interpreters)"
"$WORK/venv/bin/python" - <<'PY'
import subprocess, sys
code = "import time; t = time.perf_counter(); import informix_db; print(time.perf_counter() - t)"
best = min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                cwd="/").stdout) for _ in range(5))
print(f"import informix_db: {best * 1000:.1f} ms")
PY

step "fresh venv: the sdist without a C compiler"
"$PYTHON" -m venv "$WORK/venv-nocc"
CC=/nonexistent/cc "$WORK/venv-nocc/bin/python" -m pip install -q --disable-pip-version-check "$SDIST"
(cd / && "$WORK/venv-nocc/bin/python" -W always -c "import informix_db; print(informix_db.IMPLEMENTATION)") \
  >"$WORK/nocc.out" 2>"$WORK/nocc.err"
cat "$WORK/nocc.out" "$WORK/nocc.err"
[ "$(cat "$WORK/nocc.out")" = python ] || fail "the no-compiler install does not run pure Python"
[ "$(grep -c RuntimeWarning "$WORK/nocc.err")" = 1 ] || fail "expected exactly one RuntimeWarning"
grep -q "built without its compiled extension" "$WORK/nocc.err" || fail "the warning does not say why"

step "cibuildwheel configuration, build identifiers and workflow files"
"$PYTHON" - <<'PY'
import json, os, subprocess, sys
import cibuildwheel, jsonschema
try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
schema_path = os.path.join(os.path.dirname(cibuildwheel.__file__), "resources", "cibuildwheel.schema.json")
config = tomllib.load(open("pyproject.toml", "rb"))["tool"]["cibuildwheel"]
jsonschema.validate(config, json.load(open(schema_path)))
print("[tool.cibuildwheel] is valid against cibuildwheel's schema")
versions = ("cp310", "cp311", "cp312", "cp313", "cp314")
expected = {
    "linux": [f"{v}-{libc}_{arch}" for v in versions for libc in ("manylinux", "musllinux")
              for arch in ("x86_64", "aarch64")],
    "macos": [f"{v}-macosx_{arch}" for v in versions for arch in ("x86_64", "arm64")],
    "windows": [f"{v}-win_{arch}" for v in versions for arch in ("amd64", "arm64")],
}
for platform, identifiers in expected.items():
    out = subprocess.run([sys.executable, "-m", "cibuildwheel", "--print-build-identifiers",
                          "--platform", platform], capture_output=True, text=True, check=True).stdout.split()
    if sorted(out) != sorted(identifiers):
        sys.exit(f"check_wheel: FAILED: {platform} identifiers {sorted(out)} != {sorted(identifiers)}")
    print(f"{platform} ({len(out)}): {' '.join(out)}")
PY
"$PYTHON" -m check_jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

step "done"
echo "wheel $(basename "$WHEEL"): $(stat -c %s "$WHEEL") bytes; sdist $(stat -c %s "$SDIST") bytes"
