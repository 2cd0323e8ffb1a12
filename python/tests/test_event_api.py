"""libvirt's domain event API in the virt module, under libvirt-python's
names: domainEventRegisterAny/DeregisterAny, domainEventRegister/Deregister
through the event loop, registerCloseCallback, setKeepAlive, isAlive,
isEncrypted, isSecure (issue 11 item 3, issue 14). Where python3-libvirt is
installed, the same script runs on it and the transcripts must be equal."""
import unittest

import virt

try:
    import libvirt as real_libvirt
except ImportError:
    real_libvirt = None

XML = ("<domain type='test'><name>pe</name><uuid>44444444-2222-3333-4444-555555555555</uuid>"
       "<memory>65536</memory><os><type>hvm</type></os></domain>")


def quiet(ctx, err):
    pass


def drain(mod):
    """Runs the loop until a 30 ms guard fires: both libraries deliver the
    queued events at the next iteration."""
    fired = []
    t = mod.virEventAddTimeout(30, lambda timer, opaque: fired.append(1), None)
    while not fired:
        mod.virEventRunDefaultImpl()
    mod.virEventRemoveTimeout(t)


def error_of(mod, fn, *args):
    try:
        return ("ok", fn(*args))
    except mod.libvirtError as e:
        return ("error", e.get_error_code(), e.get_error_domain(), e.get_error_message())


def scenario(mod):
    out = []
    mod.registerErrorHandler(quiet, None)
    mod.virEventRegisterDefaultImpl()
    c = mod.open("test:///default")

    def life(conn, dom, event, detail, opaque):
        out.append(("any", opaque, dom.name(), event, detail, conn is c))

    def legacy(conn, dom, event, detail, opaque):
        out.append(("legacy", opaque, dom.name(), event, detail))

    test = c.lookupByName("test")
    ids = [c.domainEventRegisterAny(None, mod.VIR_DOMAIN_EVENT_ID_LIFECYCLE, life, "A"),
           c.domainEventRegisterAny(test, mod.VIR_DOMAIN_EVENT_ID_LIFECYCLE, life, "B"),
           c.domainEventRegisterAny(None, mod.VIR_DOMAIN_EVENT_ID_REBOOT, life, "R")]
    out.append(("ids", ids))
    out.append(("legacy", c.domainEventRegister(legacy, "L")))
    steps = [("suspend", test.suspend), ("resume", test.resume), ("destroy", test.destroy),
             ("start", test.create), ("define", lambda: c.defineXML(XML) and 0),
             ("start pe", lambda: c.lookupByName("pe").create()),
             ("shutdown pe", lambda: c.lookupByName("pe").shutdown()),
             ("undefine pe", lambda: c.lookupByName("pe").undefine())]
    for name, step in steps:
        out.append((name, error_of(mod, step)))
        drain(mod)
    out.append(("deregister 99", error_of(mod, c.domainEventDeregisterAny, 99)))
    out.append(("deregister B", c.domainEventDeregisterAny(ids[1])))
    out.append(("deregister B again", error_of(mod, c.domainEventDeregisterAny, ids[1])))
    out.append(("legacy off", c.domainEventDeregister(legacy)))
    out.append(("suspend", test.suspend()))
    drain(mod)
    out.append(("alive", c.isAlive(), c.isEncrypted(), c.isSecure()))
    out.append(("keepalive", error_of(mod, c.setKeepAlive, 5, 3)))
    out.append(("close callback", c.registerCloseCallback(lambda conn, reason, opaque: None, None),
                c.unregisterCloseCallback()))
    for i in (ids[0], ids[2]):
        out.append(("deregister", c.domainEventDeregisterAny(i)))
    out.append(("close", c.close()))
    mod.registerErrorHandler(None, None)
    return out


class EventApiTest(unittest.TestCase):
    def test_transcript(self):
        out = scenario(virt)
        self.assertIn(("any", "A", "test", virt.VIR_DOMAIN_EVENT_SUSPENDED,
                       virt.VIR_DOMAIN_EVENT_SUSPENDED_PAUSED, True), out)
        self.assertIn(("any", "B", "test", virt.VIR_DOMAIN_EVENT_STOPPED,
                       virt.VIR_DOMAIN_EVENT_STOPPED_DESTROYED, True), out)
        self.assertFalse([o for o in out if o[:2] == ("any", "R")], "a REBOOT callback fired")
        self.assertFalse([o for o in out if o[:3] == ("any", "B", "pe")], "B is for 'test' only")
        # the handle `test` still holds the connection, as in libvirt
        self.assertEqual(out[-1], ("close", 1))

    def test_same_as_libvirt_python(self):
        if real_libvirt is None:
            self.skipTest("python3-libvirt not installed")
        ours, theirs = scenario(virt), scenario(real_libvirt)
        self.assertEqual(ours, theirs)
        self.assertGreater(len(ours), 30)

    def test_bad_arguments(self):
        virt.registerErrorHandler(quiet, None)
        virt.virEventRegisterDefaultImpl()
        c = virt.open("test:///default")
        with self.assertRaises(TypeError):
            c.domainEventRegisterAny(None, 0, 42, None)
        with self.assertRaises(TypeError):
            c.domainEventRegisterAny("test", 0, lambda *a: None, None)
        with self.assertRaises(virt.libvirtError) as cm:
            c.domainEventRegisterAny(None, 27, lambda *a: None, None)
        self.assertEqual(cm.exception.get_error_code(), virt.VIR_ERR_INVALID_ARG)
        with self.assertRaises(TypeError):
            c.registerCloseCallback(None, None)
        c.close()
        virt.registerErrorHandler(None, None)


if __name__ == "__main__":
    unittest.main()
