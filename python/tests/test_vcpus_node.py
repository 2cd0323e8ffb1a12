"""Capabilities, node memory, vCPU counts, autostart and the scheduler type
under libvirt-python's names and return shapes (issue 11 phase 2b). The
values are python3-libvirt's on test:///default (measured); where
python3-libvirt is importable the same calls run on it and are compared."""
import unittest

import virt

try:
    import libvirt as real_libvirt
except ImportError:
    real_libvirt = None


def quiet(ctx, err):
    pass


def answers(mod):
    """What one module says to the calls, in order; errors as (code, domain, text)."""
    conn = mod.open("test:///default")
    dom = conn.lookupByName("test")
    out = [len(conn.getCapabilities()), conn.getMaxVcpus(None), conn.getMaxVcpus("kvm"),
           conn.getFreeMemory(), conn.getCellsFreeMemory(0, 8), conn.getCellsFreeMemory(1, 5),
           dom.maxVcpus(), dom.vcpusFlags(0), dom.vcpusFlags(mod.VIR_DOMAIN_VCPU_MAXIMUM),
           dom.autostart(), dom.setAutostart(1), dom.autostart(), dom.schedulerType(),
           dom.setVcpusFlags(3, mod.VIR_DOMAIN_VCPU_MAXIMUM | mod.VIR_DOMAIN_AFFECT_CONFIG),
           dom.vcpusFlags(mod.VIR_DOMAIN_VCPU_MAXIMUM | mod.VIR_DOMAIN_AFFECT_CONFIG),
           dom.setVcpusFlags(1, mod.VIR_DOMAIN_AFFECT_LIVE), dom.vcpusFlags(mod.VIR_DOMAIN_AFFECT_LIVE),
           dom.vcpusFlags(mod.VIR_DOMAIN_AFFECT_CONFIG)]
    for call in (lambda: conn.getCellsFreeMemory(2, 5), lambda: dom.setVcpusFlags(3, mod.VIR_DOMAIN_AFFECT_LIVE),
                 lambda: dom.vcpusFlags(mod.VIR_DOMAIN_AFFECT_LIVE | mod.VIR_DOMAIN_AFFECT_CONFIG)):
        try:
            out.append(call())
        except mod.libvirtError as e:
            out.append((e.get_error_code(), e.get_error_domain(), str(e)))
    return out


class VcpusNodeTest(unittest.TestCase):
    def setUp(self):
        virt.registerErrorHandler(quiet, None)

    def test_values(self):
        got = answers(virt)
        self.assertEqual(got[:13], [2799, 32, 32, 3145728, [2097152, 4194304], [4194304],
                                    2, 2, 2, 0, 0, 1, ("fair", 1)])
        self.assertEqual(got[13:18], [0, 3, 0, 1, 2])
        self.assertEqual(got[18], (virt.VIR_ERR_INVALID_ARG, virt.VIR_FROM_TEST,
                                   "invalid argument: Range exceeds available cells"))
        self.assertEqual(got[19], (virt.VIR_ERR_INVALID_ARG, virt.VIR_FROM_TEST,
                                   "invalid argument: requested cpu amount exceeds maximum (3 > 2)"))
        self.assertEqual(got[20][:2], (virt.VIR_ERR_INVALID_ARG, virt.VIR_FROM_DOMAIN))

    @unittest.skipIf(real_libvirt is None, "python3-libvirt is not importable here")
    def test_same_as_libvirt(self):
        real_libvirt.registerErrorHandler(quiet, None)
        self.assertEqual(answers(virt), answers(real_libvirt))

    def test_capabilities_document(self):
        caps = virt.open("test:///default").getCapabilities()
        self.assertTrue(caps.startswith("<capabilities>\n\n  <host>\n"))
        self.assertIn("<cells num='2'>", caps)
        self.assertTrue(caps.endswith("</capabilities>\n"))


if __name__ == "__main__":
    unittest.main()
