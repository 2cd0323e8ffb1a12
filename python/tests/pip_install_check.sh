#!/usr/bin/env bash
# python/tests/pip_install_check.sh - `pip install ./python` works offline.
#
#   pip_install_check.sh SRCDIR WORKDIR PYTHON
#
# Copies the headers and python/ to WORKDIR (pip builds in the tree it is
# given; the source tree stays clean), makes a venv of PYTHON that sees the
# system's pip, setuptools and wheel (Debian: python3-pip python3-setuptools python3-wheel
# python3-venv), installs with --no-index (nothing may come from PyPI) and
# runs the seed's example with the installed module from a neutral
# directory. Exit 77 (skip) when venv, setuptools or wheel are missing.
set -eu
SRC=$1
WORK=$2/pip_install
PY=$3
if ! "$PY" -c "import setuptools, wheel, venv, pip" 2>/dev/null; then
    echo "SKIP: $PY lacks venv/pip/setuptools/wheel (Debian: python3-venv python3-pip python3-setuptools python3-wheel)"
    exit 77
fi
rm -rf "$WORK"
mkdir -p "$WORK/src"
cp "$SRC"/virt.h "$SRC"/virt_xml.h "$SRC"/virt_xend.h "$SRC"/virt_xs.h "$SRC"/virt_hv.h "$SRC"/virt_remote.h "$WORK/src/"
mkdir "$WORK/src/python"
cp "$SRC"/python/setup.py "$SRC"/python/gen_constants.py "$SRC"/python/virtmodule.c "$WORK/src/python/"
"$PY" -m venv --without-pip --system-site-packages "$WORK/venv"
CFLAGS="-g0" "$WORK/venv/bin/python" -m pip install --no-index --no-build-isolation --disable-pip-version-check "$WORK/src/python"
cd "$WORK"
out=$("$WORK/venv/bin/python" "$SRC/python/examples/basic.py" test:///default test)
echo "$out"
case "$out" in
    *"Domain 0: id "*" running linux"*) echo "pip-install: 1 passed, 0 failed" ;;
    *) echo "pip-install: 0 passed, 1 failed"; exit 1 ;;
esac
"$WORK/venv/bin/python" -c "import virt, sys; sys.exit(0 if virt.__file__.startswith('$WORK/venv') else 1)"
