"""Every function and method of the binding on test:///default, with its
error paths (codes and origins, not message wording)."""
import os
import tempfile
import unittest

import virt
from support import VirtTestCase, domain_xml, SHARED_DIR

URI = "test:///default"


class TestModule(VirtTestCase):
    def test_getVersion(self):
        self.assertEqual(virt.getVersion(), virt.LIBVIR_VERSION_NUMBER)
        self.assertIsInstance(virt.getVersion("Test"), int)
        self.assertVirtError(virt.VIR_ERR_NO_SUPPORT, virt.getVersion, "no-such-driver")

    def test_open_and_openReadOnly(self):
        for opener in (virt.open, virt.openReadOnly):
            conn = opener(URI)
            self.assertIsInstance(conn, virt.virConnect)
            self.assertEqual(conn.close(), 0)

    def test_open_errors(self):
        self.assertVirtError(virt.VIR_ERR_NO_SUPPORT, virt.open, "bogus://nowhere/")
        self.assertVirtError(virt.VIR_ERR_INVALID_ARG, virt.openReadOnly, "test://", origin=virt.VIR_FROM_TEST)
        self.assertVirtError(virt.VIR_ERR_OPEN_FAILED, virt.open, "test:///no/such/node.xml",
                             origin=virt.VIR_FROM_TEST)
        self.assertRaises(TypeError, virt.open, 42)

    def test_error_handler_gets_every_error(self):
        with self.assertRaises(virt.libvirtError):
            virt.open("bogus://nowhere/")
        self.assertEqual(len(self.captured.errors), 1)
        ctx, err = self.captured.errors[0]
        self.assertEqual(ctx, "ctx")
        self.assertEqual(err[0], virt.VIR_ERR_NO_SUPPORT)
        self.assertEqual(len(err), 9)

    def test_registerErrorHandler_arguments(self):
        self.assertRaises(TypeError, virt.registerErrorHandler, 42, None)
        self.assertEqual(virt.registerErrorHandler(None, None), 1)
        self.assertEqual(virt.registerErrorHandler(lambda ctx, err: None, None), 1)

    def test_handler_that_raises_does_not_break_the_call(self):
        def bad_handler(ctx, err):
            raise RuntimeError("handler failure")
        virt.registerErrorHandler(bad_handler, None)
        # the handler's exception cannot cross the C call; libvirtError still comes
        import io
        import sys
        saved, sys.stderr = sys.stderr, io.StringIO()
        try:
            self.assertVirtError(virt.VIR_ERR_NO_SUPPORT, virt.open, "bogus://nowhere/")
        finally:
            sys.stderr = saved

    def test_last_error(self):
        virt.virResetLastError()
        self.assertIsNone(virt.virGetLastError())
        with self.assertRaises(virt.libvirtError):
            virt.open("bogus://nowhere/")
        err = virt.virGetLastError()
        self.assertEqual(err[0], virt.VIR_ERR_NO_SUPPORT)
        virt.virResetLastError()
        self.assertIsNone(virt.virGetLastError())

    def test_libvirtError_built_by_the_user(self):
        e = virt.libvirtError("my message")
        self.assertEqual(str(e), "my message")
        self.assertIsNone(e.get_error_code())
        with self.assertRaises(virt.libvirtError):
            virt.open("bogus://nowhere/")
        e = virt.libvirtError("fallback")          # picks up the last error, as libvirt-python
        self.assertEqual(e.get_error_code(), virt.VIR_ERR_NO_SUPPORT)
        for getter in ("get_error_level", "get_str1", "get_str2", "get_str3", "get_int1", "get_int2"):
            getattr(e, getter)()
        self.assertEqual(e.get_error_level(), virt.VIR_ERR_ERROR)

    def test_enabledBackends(self):
        self.assertTrue(virt.enabledBackends() & virt.VIRT_BACKEND_TEST)


class TestConnection(VirtTestCase):
    def setUp(self):
        super().setUp()
        self.conn = virt.open(URI)
        self.ro = virt.openReadOnly(URI)

    def tearDown(self):
        self.ro.close()
        self.conn.close()
        super().tearDown()

    def test_node(self):
        self.assertEqual(self.conn.getType(), "TEST")
        self.assertEqual(self.conn.getVersion(), 2)         # libvirt's test driver says 0.0.2
        self.assertEqual(self.conn.getURI(), URI)
        self.assertIsInstance(self.conn.getHostname(), str)
        self.assertTrue(self.conn.getHostname())
        # libvirt's test node; memory in MiB as libvirt-python reports it
        self.assertEqual(self.conn.getInfo(), ["i686", 3072, 16, 1400, 2, 2, 2, 2])

    def test_lists(self):
        ids = self.conn.listDomainsID()
        self.assertEqual(len(ids), 1)
        self.assertEqual(self.conn.numOfDomains(), 1)
        self.assertEqual(self.conn.listDefinedDomains(), [])
        self.assertEqual(self.conn.numOfDefinedDomains(), 0)
        self.assertEqual(self.conn.lookupByID(ids[0]).name(), "test")

    def test_lookups(self):
        dom = self.conn.lookupByName("test")
        self.assertEqual(self.conn.lookupByID(dom.ID()), dom)
        self.assertEqual(self.conn.lookupByUUID(dom.UUID()), dom)
        self.assertEqual(self.conn.lookupByUUIDString(dom.UUIDString()), dom)
        self.assertEqual(hash(self.conn.lookupByName("test")), hash(dom))
        self.assertNotEqual(dom, "test")

    def test_native_formats_not_on_the_test_driver(self):
        # libvirt's test driver has no native formats: VIR_ERR_NO_SUPPORT
        # (python3-libvirt raises the same for both calls)
        self.assertVirtError(virt.VIR_ERR_NO_SUPPORT, self.conn.domainXMLFromNative, "xen-xl", 'name = "a"\n')
        self.assertVirtError(virt.VIR_ERR_NO_SUPPORT, self.conn.domainXMLToNative, "xen-xl", "<domain/>", 0)
        self.assertRaises(TypeError, self.conn.domainXMLFromNative, "xen-xl")

    def test_lookup_errors(self):
        self.assertVirtError(virt.VIR_ERR_NO_DOMAIN, self.conn.lookupByName, "nope")
        self.assertVirtError(virt.VIR_ERR_NO_DOMAIN, self.conn.lookupByID, 4242)
        self.assertVirtError(virt.VIR_ERR_INVALID_ARG, self.conn.lookupByID, -1)
        self.assertVirtError(virt.VIR_ERR_NO_DOMAIN, self.conn.lookupByUUID, b"0123456789abcdef")
        self.assertVirtError(virt.VIR_ERR_INVALID_ARG, self.conn.lookupByUUID, b"short")
        self.assertVirtError(virt.VIR_ERR_INVALID_ARG, self.conn.lookupByUUIDString, "not-a-uuid")
        self.assertRaises(TypeError, self.conn.lookupByName, None)
        self.assertRaises(OverflowError, self.conn.lookupByID, 2 ** 40)

    def test_createLinux_and_createXML(self):
        for create, name in ((self.conn.createLinux, "linux1"), (self.conn.createXML, "xml1")):
            dom = create(domain_xml(name))
            self.assertEqual(dom.name(), name)
            self.assertIn(dom.ID(), self.conn.listDomainsID())
            self.assertEqual(dom.info()[0], virt.VIR_DOMAIN_RUNNING)
            dom.destroy()
            self.assertNotIn(name, [self.conn.lookupByID(i).name() for i in self.conn.listDomainsID()])
        dom = self.conn.createXML(xmlDesc=domain_xml("kw"), flags=0)
        self.assertEqual(dom.name(), "kw")
        dom.destroy()

    def test_create_errors(self):
        self.assertVirtError(virt.VIR_ERR_XML_ERROR, self.conn.createLinux, "<domain", 0)
        self.assertVirtError(virt.VIR_ERR_XML_ERROR, self.conn.defineXML, "<domain/>")
        self.assertVirtError(virt.VIR_ERR_INVALID_ARG, self.conn.createXML, domain_xml("f"), -1)
        self.assertRaises(TypeError, self.conn.createXML, domain_xml("f"), "zero")

    def test_define_create_undefine(self):
        dom = self.conn.defineXML(domain_xml("defined1"))
        self.assertEqual(dom.ID(), -1)
        self.assertEqual(self.conn.listDefinedDomains(), ["defined1"])
        self.assertEqual(self.conn.numOfDefinedDomains(), 1)
        self.assertEqual(dom.create(), 0)
        self.assertNotEqual(dom.ID(), -1)
        self.assertEqual(self.conn.numOfDefinedDomains(), 0)
        # libvirt 9.0: VIR_ERR_INTERNAL_ERROR, "Domain 'defined1' is already running"
        self.assertVirtError(virt.VIR_ERR_INTERNAL_ERROR, dom.create)
        dom.destroy()
        self.assertEqual(dom.ID(), -1)
        self.assertEqual(dom.undefine(), 0)
        self.assertEqual(self.conn.numOfDefinedDomains(), 0)
        self.assertVirtError(virt.VIR_ERR_NO_DOMAIN, self.conn.lookupByName, "defined1")

    def test_restore_errors(self):
        self.assertVirtError(virt.VIR_ERR_SYSTEM_ERROR, self.conn.restore, "/no/such/saved/image")
        self.assertVirtError(virt.VIR_ERR_INVALID_ARG, self.conn.restore, "")

    def test_read_only_refuses_changes(self):
        dom = self.ro.lookupByName("test")
        denied = virt.VIR_ERR_OPERATION_DENIED
        for call, args in ((self.ro.createLinux, (domain_xml("ro"),)), (self.ro.createXML, (domain_xml("ro"), 0)),
                           (self.ro.defineXML, (domain_xml("ro"),)), (self.ro.restore, ("/tmp/x",)),
                           (dom.suspend, ()), (dom.resume, ()), (dom.destroy, ()), (dom.shutdown, ()),
                           (dom.reboot, (0,)), (dom.save, ("/tmp/x",)), (dom.setMemory, (65536,)),
                           (dom.setMaxMemory, (65536,)), (dom.setVcpus, (1,)), (dom.create, ()),
                           (dom.undefine, ())):
            self.assertVirtError(denied, call, *args)
        # reading still works
        self.assertEqual(dom.info()[0], virt.VIR_DOMAIN_RUNNING)

    def test_connection_last_error(self):
        self.conn.virConnResetLastError()
        self.assertIsNone(self.conn.virConnGetLastError())
        with self.assertRaises(virt.libvirtError):
            self.conn.lookupByName("nope")
        self.assertEqual(self.conn.virConnGetLastError()[0], virt.VIR_ERR_NO_DOMAIN)
        self.conn.virConnResetLastError()
        self.assertIsNone(self.conn.virConnGetLastError())

    def test_repr(self):
        self.assertIn(URI, repr(self.conn))
        self.assertIn("test", repr(self.conn.lookupByName("test")))


class TestDomain(VirtTestCase):
    def setUp(self):
        super().setUp()
        self.conn = virt.open(URI)
        self.dom = self.conn.createXML(domain_xml("guest", memory_kib=262144, vcpus=2,
                                                  uuid="c7a5fdbd-edaf-9455-926a-d65c16db1809"), 0)

    def tearDown(self):
        try:
            self.dom.destroy()
        except virt.libvirtError:
            pass
        self.conn.close()
        super().tearDown()

    def test_identity(self):
        self.assertEqual(self.dom.name(), "guest")
        self.assertGreater(self.dom.ID(), 0)
        self.assertEqual(self.dom.UUIDString(), "c7a5fdbd-edaf-9455-926a-d65c16db1809")
        self.assertEqual(self.dom.UUID(), bytes.fromhex("c7a5fdbdedaf9455926ad65c16db1809"))
        self.assertEqual(self.dom.OSType(), "linux")
        self.assertIs(self.dom.connect(), self.conn)

    def test_info(self):
        state, max_mem, mem, vcpus, cpu_time = self.dom.info()
        self.assertEqual(state, virt.VIR_DOMAIN_RUNNING)
        self.assertEqual(max_mem, 262144)
        self.assertEqual(mem, 262144)
        self.assertEqual(vcpus, 2)
        self.assertIsInstance(cpu_time, int)
        self.assertEqual(self.dom.maxMemory(), 262144)

    def test_XMLDesc(self):
        xml = self.dom.XMLDesc(0)
        self.assertIn("<name>guest</name>", xml)
        self.assertIn("c7a5fdbd", xml.replace("-", ""))
        self.assertEqual(self.dom.XMLDesc(), xml)
        self.assertIn("<name>guest</name>", self.dom.XMLDesc(flags=virt.VIR_DOMAIN_XML_INACTIVE))

    def test_suspend_resume(self):
        self.assertEqual(self.dom.suspend(), 0)
        self.assertEqual(self.dom.info()[0], virt.VIR_DOMAIN_PAUSED)
        self.assertEqual(self.dom.resume(), 0)
        self.assertEqual(self.dom.info()[0], virt.VIR_DOMAIN_RUNNING)

    def test_reboot_and_shutdown(self):
        self.assertEqual(self.dom.reboot(0), 0)
        self.assertEqual(self.dom.reboot(), 0)
        self.assertEqual(self.dom.shutdown(), 0)
        self.assertVirtError(virt.VIR_ERR_NO_DOMAIN, self.conn.lookupByName, "guest")

    def test_destroy(self):
        self.assertEqual(self.dom.destroy(), 0)
        self.assertVirtError(virt.VIR_ERR_NO_DOMAIN, self.dom.suspend)

    def test_memory(self):
        self.assertEqual(self.dom.setMemory(131072), 0)
        self.assertEqual(self.dom.info()[2], 131072)
        # the test driver (as libvirt's today) changes the maximum of inactive domains only
        self.assertVirtError(virt.VIR_ERR_OPERATION_INVALID, self.dom.setMaxMemory, 524288)
        inactive = self.conn.defineXML(domain_xml("inactive1", memory_kib=262144))
        try:
            self.assertEqual(inactive.setMaxMemory(524288), 0)
            self.assertEqual(inactive.maxMemory(), 524288)
        finally:
            inactive.undefine()
        self.assertVirtError(virt.VIR_ERR_INVALID_ARG, self.dom.setMemory, 100)
        self.assertVirtError(virt.VIR_ERR_INVALID_ARG, self.dom.setMaxMemory, 100)
        self.assertVirtError(virt.VIR_ERR_INVALID_ARG, self.dom.setMemory, -1)
        self.assertVirtError(virt.VIR_ERR_INVALID_ARG, self.dom.setMemory, 2 ** 80)
        self.assertRaises(TypeError, self.dom.setMemory, "lots")

    def test_vcpus(self):
        self.assertEqual(self.dom.setVcpus(1), 0)
        self.assertEqual(self.dom.info()[3], 1)
        self.assertVirtError(virt.VIR_ERR_INVALID_ARG, self.dom.setVcpus, 0)
        self.assertVirtError(virt.VIR_ERR_INVALID_ARG, self.dom.setVcpus, 2 ** 33)

    def test_save_restore(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "guest.save")
            self.assertEqual(self.dom.save(path), 0)
            self.assertTrue(os.path.exists(path))
            self.assertVirtError(virt.VIR_ERR_NO_DOMAIN, self.conn.lookupByName, "guest")
            self.assertEqual(self.conn.restore(path), 0)
            again = self.conn.lookupByName("guest")
            self.assertEqual(again.info()[0], virt.VIR_DOMAIN_RUNNING)
            self.assertEqual(again.UUIDString(), "c7a5fdbd-edaf-9455-926a-d65c16db1809")
        self.assertVirtError(virt.VIR_ERR_INVALID_ARG, self.dom.save, "")


@unittest.skipUnless(os.path.isdir(os.path.join(SHARED_DIR, "conformance", "libvirt-xen", "testdriver")),
                     "../shared is absent: no libvirt test node files")
class TestNodeFile(VirtTestCase):
    """test:///PATH.xml with libvirt's own docs/testnode.xml."""

    def test_testnode(self):
        path = os.path.abspath(os.path.join(SHARED_DIR, "conformance", "libvirt-xen", "testdriver", "testnode.xml"))
        conn = virt.openReadOnly("test://" + path)
        try:
            info = conn.getInfo()
            self.assertEqual(info[0], "i986")
            self.assertEqual(info[3], 6000)
            self.assertEqual(info[4:], [4, 4, 4, 2])
            self.assertEqual(info[2], 50)           # <active> caps the 128 cpus
            self.assertEqual(conn.numOfDomains(), 2)
            names = sorted(conn.lookupByID(i).name() for i in conn.listDomainsID())
            self.assertEqual(len(names), 2)
        finally:
            conn.close()


if __name__ == "__main__":
    unittest.main()
