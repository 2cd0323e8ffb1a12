"""Object lifetimes: a domain keeps its connection alive, closing a
connection under live domains does not crash, objects are freed, threads."""
import gc
import threading
import unittest

import virt
from support import VirtTestCase, domain_xml

URI = "test:///default"


class TestLifetime(VirtTestCase):
    def test_domain_outlives_closed_connection(self):
        conn = virt.open(URI)
        dom = conn.lookupByName("test")
        self.assertEqual(conn.close(), 1)          # the domain still holds the C connection
        # the domain keeps working on the C connection it references
        self.assertEqual(dom.name(), "test")
        self.assertEqual(dom.info()[0], virt.VIR_DOMAIN_RUNNING)
        self.assertEqual(dom.suspend(), 0)
        self.assertEqual(dom.resume(), 0)
        # the closed Python connection refuses calls with libvirt's error
        self.assertVirtError(virt.VIR_ERR_INVALID_CONN, conn.numOfDomains)
        self.assertVirtError(virt.VIR_ERR_INVALID_CONN, conn.lookupByName, "test")
        self.assertVirtError(virt.VIR_ERR_INVALID_CONN, conn.close)
        self.assertVirtError(virt.VIR_ERR_INVALID_CONN, conn.getType)
        self.assertIn("closed", repr(conn))
        self.assertIs(dom.connect(), conn)
        del dom
        gc.collect()

    def test_domain_keeps_python_connection(self):
        dom = virt.open(URI).lookupByName("test")  # the connection object is not kept by the caller
        gc.collect()
        conn = dom.connect()
        self.assertIsInstance(conn, virt.virConnect)
        self.assertEqual(conn.numOfDomains(), 1)

    def test_connection_dropped_before_domains(self):
        conn = virt.open(URI)
        doms = [conn.lookupByName("test") for _ in range(10)]
        conn.close()
        del conn
        gc.collect()
        for d in doms:
            self.assertEqual(d.name(), "test")
        del doms
        gc.collect()

    def test_many_objects(self):
        conn = virt.open(URI)
        for i in range(2000):
            d = conn.lookupByName("test")
            self.assertEqual(d.ID(), conn.listDomainsID()[0])
        for i in range(200):
            virt.openReadOnly(URI).lookupByName("test").info()
        del d
        self.assertEqual(conn.close(), 0)         # every domain object freed its reference

    def test_transient_domain_object_after_destroy(self):
        conn = virt.open(URI)
        dom = conn.createXML(domain_xml("short-lived"), 0)
        dom.destroy()
        # the object stays valid; the backend answers NO_DOMAIN
        self.assertEqual(dom.name(), "short-lived")
        self.assertVirtError(virt.VIR_ERR_NO_DOMAIN, dom.info)
        conn.close()
        self.assertVirtError(virt.VIR_ERR_NO_DOMAIN, dom.info)

    def test_threads_share_a_connection(self):
        conn = virt.open(URI)
        failures = []

        def worker(n):
            try:
                for _ in range(200):
                    d = conn.lookupByName("test")
                    d.info()
                    d.XMLDesc(0)
                    conn.listDomainsID()
                    conn.getInfo()
            except Exception as e:               # reported below
                failures.append((n, e))

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertEqual(failures, [])
        self.assertEqual(conn.close(), 0)

    def test_close_while_other_threads_call(self):
        for _ in range(20):
            conn = virt.open(URI)
            stop = threading.Event()
            errors = []

            def caller():
                while not stop.is_set():
                    try:
                        conn.numOfDomains()
                    except virt.libvirtError as e:
                        if e.get_error_code() != virt.VIR_ERR_INVALID_CONN:
                            errors.append(e)
                        return

            threads = [threading.Thread(target=caller) for _ in range(3)]
            for t in threads:
                t.start()
            conn.close()
            stop.set()
            for t in threads:
                t.join(30)
            self.assertEqual(errors, [])


if __name__ == "__main__":
    unittest.main()
