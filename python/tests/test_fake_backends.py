"""The binding against the Xen backends, through the project's fake peers:
tests/xend/fake_xend.py (xend's HTTP/SXP protocol) and
tests/xs/fake_xenstored.py (xenstored's wire protocol). Skipped when those
scripts are absent. Asserts error codes and origins, not message wording."""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import virt
from support import VirtTestCase, SOURCE_DIR

FAKE_XEND = os.path.join(SOURCE_DIR, "tests", "xend", "fake_xend.py")
FAKE_XENSTORED = os.path.join(SOURCE_DIR, "tests", "xs", "fake_xenstored.py")


def wait_for_socket(proc, path, what):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("%s exited early with status %s" % (what, proc.returncode))
        if os.path.exists(path):
            s = socket.socket(socket.AF_UNIX)
            try:
                s.connect(path)
                return
            except OSError:
                pass
            finally:
                s.close()
        time.sleep(0.05)
    raise RuntimeError("%s did not listen on %s within 10 s" % (what, path))


class FakePeer:
    """A fake daemon in a private directory, stopped by its pid."""

    def __init__(self, script, args_for_socket, what):
        self.dir = tempfile.mkdtemp(prefix="virt-py-fake.")
        self.sock = os.path.join(self.dir, "socket")
        self.log = open(os.path.join(self.dir, "log"), "w")
        self.proc = subprocess.Popen([sys.executable, script] + args_for_socket(self.sock),
                                     stdout=self.log, stderr=subprocess.STDOUT)
        try:
            wait_for_socket(self.proc, self.sock, what)
        except Exception:
            self.stop()
            raise

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class EnvOverride:
    def __init__(self, **values):
        self.values = values
        self.saved = {}

    def __enter__(self):
        for k, v in self.values.items():
            self.saved[k] = os.environ.get(k)
            os.environ[k] = v

    def __exit__(self, *exc):
        for k, v in self.saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class FakePeerTestCase(VirtTestCase):
    """A connection to cls.uri per test; setUpClass starts cls.fake and
    enters cls.env, tearDownClass undoes both."""

    @classmethod
    def tearDownClass(cls):
        cls.env.__exit__(None, None, None)
        cls.fake.stop()

    def setUp(self):
        super().setUp()
        self.conn = virt.open(self.uri)

    def tearDown(self):
        self.conn.close()
        super().tearDown()


@unittest.skipUnless(os.path.exists(FAKE_XEND), "tests/xend/fake_xend.py is absent")
@unittest.skipUnless(virt.enabledBackends() & virt.VIRT_BACKEND_XEND, "built with VIRT_NO_XEND")
class TestFakeXend(FakePeerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.fake = FakePeer(FAKE_XEND, lambda s: ["--unix", s, "--guests", "2"], "fake_xend.py")
        # only xend answers: no xenstore daemon for this connection
        cls.env = EnvOverride(XENSTORED_PATH="/nonexistent/virt-python-test/socket")
        cls.env.__enter__()
        cls.uri = "xen:///?socket=%s&timeout_ms=5000" % cls.fake.sock

    def test_node(self):
        self.assertEqual(self.conn.getType(), "Xen")
        self.assertGreaterEqual(self.conn.getVersion(), 3000000)
        info = self.conn.getInfo()
        self.assertEqual(len(info), 8)
        self.assertGreater(info[1], 0)
        self.assertIsInstance(self.conn.getHostname(), str)

    def test_domain0(self):
        ids = self.conn.listDomainsID()
        self.assertIn(0, ids)
        self.assertEqual(self.conn.numOfDomains(), len(ids))
        dom0 = self.conn.lookupByName("Domain-0")
        self.assertEqual(dom0.ID(), 0)
        self.assertEqual(self.conn.lookupByID(0), dom0)
        self.assertEqual(dom0.OSType(), "linux")
        state, max_mem, mem, vcpus, cpu_time = dom0.info()
        self.assertIn(state, (virt.VIR_DOMAIN_RUNNING, virt.VIR_DOMAIN_BLOCKED))
        self.assertGreater(mem, 0)
        self.assertGreater(vcpus, 0)
        self.assertIn("<name>Domain-0</name>", dom0.XMLDesc(0))

    def test_guest_lifecycle(self):
        guest = self.conn.lookupByName("guest1")
        self.assertEqual(self.conn.lookupByUUIDString(guest.UUIDString()), guest)
        self.assertEqual(guest.suspend(), 0)
        self.assertEqual(guest.info()[0], virt.VIR_DOMAIN_PAUSED)
        self.assertEqual(guest.resume(), 0)
        self.assertNotEqual(guest.info()[0], virt.VIR_DOMAIN_PAUSED)
        self.assertEqual(guest.setMemory(65536), 0)
        self.assertEqual(guest.info()[2], 65536)
        self.assertEqual(guest.maxMemory(), guest.info()[1])

    def test_listing_and_states(self):
        # the issue-11 calls through the Xen router (virt.h's fallbacks where
        # xend has no call of its own)
        names = sorted(d.name() for d in self.conn.listAllDomains())
        self.assertIn("Domain-0", names)
        self.assertIn("guest1", names)
        active = self.conn.listAllDomains(virt.VIR_CONNECT_LIST_DOMAINS_ACTIVE)
        self.assertEqual(sorted(d.ID() for d in active), sorted(self.conn.listDomainsID()))
        guest = self.conn.lookupByName("guest1")
        self.assertEqual(guest.isActive(), 1)
        state, reason = guest.state()
        self.assertEqual(state, guest.info()[0])
        self.assertIsInstance(reason, int)
        self.assertVirtError(virt.VIR_ERR_INVALID_ARG, guest.state, 1)
        self.assertVirtError(virt.VIR_ERR_NO_SUPPORT, guest.interfaceAddresses, 0)

    def test_errors(self):
        e = self.assertVirtError(virt.VIR_ERR_NO_DOMAIN, self.conn.lookupByName, "no-such-guest")
        self.assertIn(e.get_error_domain(), (virt.VIR_FROM_XEND, virt.VIR_FROM_NONE))
        ro = virt.openReadOnly(self.uri)
        try:
            self.assertVirtError(virt.VIR_ERR_OPERATION_DENIED, ro.lookupByName("guest2").suspend)
        finally:
            ro.close()

    def test_dead_socket(self):
        uri = "xen:///?socket=/nonexistent/virt-python-test/xend-socket&timeout_ms=1000"
        with self.assertRaises(virt.libvirtError) as cm:
            virt.open(uri)
        self.assertIn(cm.exception.get_error_code(), (virt.VIR_ERR_NO_CONNECT, virt.VIR_ERR_NO_SUPPORT))


@unittest.skipUnless(os.path.exists(FAKE_XENSTORED), "tests/xs/fake_xenstored.py is absent")
@unittest.skipUnless(virt.enabledBackends() & virt.VIRT_BACKEND_XS, "built with VIRT_NO_XS")
class TestFakeXenstored(FakePeerTestCase):
    """xen:/// with only the xenstore backend reachable (the fake's seeded
    store: dom0 and two guests)."""

    @classmethod
    def setUpClass(cls):
        cls.fake = FakePeer(FAKE_XENSTORED, lambda s: ["--socket", s, "--seed"], "fake_xenstored.py")
        cls.env = EnvOverride(XENSTORED_PATH=cls.fake.sock)
        cls.env.__enter__()
        cls.uri = "xen:///"

    def test_domains(self):
        ids = self.conn.listDomainsID()
        self.assertIn(0, ids)
        self.assertEqual(self.conn.numOfDomains(), len(ids))
        guests = [i for i in ids if i != 0]
        self.assertTrue(guests)
        for i in guests:
            dom = self.conn.lookupByID(i)
            self.assertEqual(dom.ID(), i)
            self.assertEqual(self.conn.lookupByName(dom.name()), dom)
            self.assertIn(dom.OSType(), ("linux", "hvm"))
            info = dom.info()
            self.assertEqual(info[1], dom.maxMemory())
            self.assertGreater(info[3], 0)

    def test_memory_target(self):
        dom = self.conn.lookupByID([i for i in self.conn.listDomainsID() if i != 0][0])
        self.assertEqual(dom.setMemory(65536), 0)

    def test_errors(self):
        self.assertVirtError(virt.VIR_ERR_NO_DOMAIN, self.conn.lookupByID, 4242)
        dom = self.conn.lookupByID([i for i in self.conn.listDomainsID() if i != 0][0])
        # xenstore alone cannot pause a domain: no backend of this connection can
        self.assertVirtError(virt.VIR_ERR_NO_SUPPORT, dom.suspend)


if __name__ == "__main__":
    unittest.main()
