"""python/setup.py - builds the `virt` extension module with setuptools.

From the source tree (the headers are one directory up):

    pip install ./python            # a venv, pyenv, or --break-system-packages
    pip install --no-build-isolation ./python   # if a pyproject-aware pip insists

Needs only the Debian packages python3-dev, python3-setuptools and
libexpat1-dev (no PyPI access: there is deliberately no pyproject.toml, so
pip uses the installed setuptools instead of fetching one). The CMake build
(python/CMakeLists.txt) builds the same module for the tests.
"""
import os
import re
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VIRT_H = os.path.join(ROOT, "virt.h")

if not os.path.exists(VIRT_H):
    sys.exit("setup.py: %s not found: build from virt's source tree (pip install ./python)" % VIRT_H)

# The version is in the prelude, which virt.h takes from virt_xml.h.
with open(os.path.join(ROOT, "virt_xml.h"), encoding="utf-8") as f:
    VERSION = re.search(r'^#define VIRT_VERSION_STRING "([0-9.]+)"', f.read(), re.M).group(1)


class BuildWithConstants(build_ext):
    """Writes virtconstants.h from virt.h (gen_constants.py) before compiling."""

    def run(self):
        sys.path.insert(0, HERE)
        import gen_constants
        out_dir = os.path.join(self.build_temp, "generated")
        os.makedirs(out_dir, exist_ok=True)
        saved = sys.argv
        try:
            sys.argv = ["gen_constants.py", VIRT_H, os.path.join(out_dir, "virtconstants.h")]
            if gen_constants.main() != 0:
                sys.exit("setup.py: gen_constants.py failed")
        finally:
            sys.argv = saved
        for ext in self.extensions:
            ext.include_dirs.append(out_dir)
        build_ext.run(self)


setup(
    name="virt",
    version=VERSION,
    description="libvirt's domain API (virt, a header-only C library) with libvirt-python's names",
    license="MIT",
    ext_modules=[Extension(
        "virt",
        sources=["virtmodule.c"],
        include_dirs=[ROOT],
        libraries=["expat", "pthread"],
        depends=[os.path.join(ROOT, h) for h in
                 ("virt.h", "virt_xml.h", "virt_xend.h", "virt_xs.h", "virt_hv.h", "virt_remote.h")],
        extra_compile_args=["-std=c99"],
    )],
    cmdclass={"build_ext": BuildWithConstants},
)
