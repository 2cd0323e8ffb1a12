"""python/tests/support.py - shared helpers of the virt binding's tests.

The tests import the module built by CMake: ctest puts its directory on
PYTHONPATH (VIRT_SOURCE_DIR names the source tree, for virt.h).
"""
import os
import unittest

import virt

SOURCE_DIR = os.environ.get("VIRT_SOURCE_DIR",
                            os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
SHARED_DIR = os.environ.get("VIRT_SHARED_DIR", os.path.join(SOURCE_DIR, "..", "shared"))

# A domain the test driver accepts (libvirt's test driver XML, type='test').
def domain_xml(name, memory_kib=131072, vcpus=1, uuid=None):
    uuid_el = "<uuid>%s</uuid>" % uuid if uuid else ""
    return ("<domain type='test'><name>%s</name>%s<memory>%d</memory><vcpu>%d</vcpu>"
            "<os><type>linux</type></os></domain>" % (name, uuid_el, memory_kib, vcpus))


class ErrorCapture:
    """Registered as the error handler: keeps every error list virt reports
    (and keeps them off stderr)."""

    def __init__(self):
        self.errors = []

    def __call__(self, ctx, err):
        self.errors.append((ctx, err))


class VirtTestCase(unittest.TestCase):
    """Errors are captured, not printed; assertVirtError checks code/origin."""

    def setUp(self):
        self.captured = ErrorCapture()
        virt.registerErrorHandler(self.captured, "ctx")
        virt.virResetLastError()

    def tearDown(self):
        virt.registerErrorHandler(None, None)

    def assertVirtError(self, code, func, *args, origin=None, **kwargs):
        with self.assertRaises(virt.libvirtError) as cm:
            func(*args, **kwargs)
        e = cm.exception
        self.assertEqual(e.get_error_code(), code,
                         "%s%r: expected error %d, got %r (%s)"
                         % (getattr(func, "__name__", func), args, code, e.get_error_code(), e))
        if origin is not None:
            self.assertEqual(e.get_error_domain(), origin, str(e))
        self.assertTrue(e.get_error_message(), "an error without a message")
        self.assertEqual(str(e), e.get_error_message())
        return e
