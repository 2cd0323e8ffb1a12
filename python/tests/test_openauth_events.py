"""openAuth, getLibVersion, LIBVIRT_DEFAULT_URI and the event-loop functions
of the virt module, under libvirt-python's names (issue 11). Where
python3-libvirt is installed, the same calls are made on it and the results
compared."""
import os
import unittest

import virt

try:
    import libvirt as real_libvirt
except ImportError:
    real_libvirt = None


def quiet(ctx, err):
    pass


class OpenAuthTest(unittest.TestCase):
    def setUp(self):
        virt.registerErrorHandler(quiet, None)

    def test_open_auth_read_write_and_read_only(self):
        auth = [[virt.VIR_CRED_AUTHNAME, virt.VIR_CRED_PASSPHRASE], lambda c, o: 0, None]
        conn = virt.openAuth("test:///default", auth, 0)
        dom = conn.lookupByName("test")
        self.assertEqual(dom.suspend(), 0)
        self.assertEqual(dom.resume(), 0)
        self.assertEqual(virt.openAuth("test:///default", auth).getType(), "TEST")   # flags=0
        ro = virt.openAuth("test:///default", auth, virt.VIR_CONNECT_RO)
        with self.assertRaises(virt.libvirtError) as cm:
            ro.lookupByName("test").suspend()
        self.assertEqual(cm.exception.get_error_code(), virt.VIR_ERR_OPERATION_DENIED)

    def test_open_auth_bad_flags_and_auth(self):
        with self.assertRaises(virt.libvirtError) as cm:
            virt.openAuth("test:///default", [], 1 << 5)
        self.assertEqual(cm.exception.get_error_code(), virt.VIR_ERR_INVALID_ARG)
        with self.assertRaises(TypeError):
            virt.openAuth("test:///default", 42, 0)

    def test_lib_version(self):
        conn = virt.openReadOnly("test:///default")
        self.assertEqual(conn.getLibVersion(), virt.getVersion())

    def test_default_uri(self):
        os.environ["LIBVIRT_DEFAULT_URI"] = "test:///default"
        try:
            self.assertEqual(virt.openReadOnly(None).getURI(), "test:///default")
            self.assertEqual(virt.open(None).getType(), "TEST")
        finally:
            del os.environ["LIBVIRT_DEFAULT_URI"]

    def test_constants_are_libvirts(self):
        if real_libvirt is None:
            self.skipTest("python3-libvirt not installed")
        for name in ("VIR_CONNECT_RO", "VIR_CRED_AUTHNAME", "VIR_CRED_EXTERNAL", "VIR_TYPED_PARAM_STRING",
                     "VIR_EVENT_HANDLE_READABLE", "VIR_EVENT_HANDLE_HANGUP"):
            self.assertEqual(getattr(virt, name), getattr(real_libvirt, name), name)


class EventLoopTest(unittest.TestCase):
    def run_scenario(self, mod):
        """A timer that fires three times then removes itself, a disabled
        timer, a pipe handle; returns what happened.

        The second tick writes the pipe and disables the timer until the
        handle has run: both loops dispatch expired timers before ready
        handles in one iteration, so a 1 ms timer left armed would beat
        the read whenever that iteration starts 1 ms late (a loaded
        machine, valgrind), and the order would depend on the clock."""
        seen = []
        r, w = os.pipe()
        mod.virEventRegisterDefaultImpl()
        state = {"timer": None}

        def tick(timer, opaque):
            seen.append(("tick", timer == state["timer"], opaque))
            if len(seen) == 2:
                mod.virEventUpdateTimeout(timer, -1)
                os.write(w, b"x")
            if sum(1 for s in seen if s[0] == "tick") == 3:
                mod.virEventRemoveTimeout(timer)

        def readable(watch, fd, events, opaque):
            seen.append(("read", fd == r, events, os.read(fd, 1), opaque))
            mod.virEventRemoveHandle(watch)
            mod.virEventUpdateTimeout(state["timer"], 1)

        state["timer"] = mod.virEventAddTimeout(1, tick, "t")
        idle = mod.virEventAddTimeout(-1, tick, "idle")
        watch = mod.virEventAddHandle(r, mod.VIR_EVENT_HANDLE_READABLE, readable, "h")
        for _ in range(50):
            if len(seen) >= 4:
                break
            mod.virEventRunDefaultImpl()
        mod.virEventRemoveTimeout(idle)
        with self.assertRaises(mod.libvirtError):
            mod.virEventRemoveHandle(watch)
        os.close(r)
        os.close(w)
        return seen

    def test_default_loop(self):
        seen = self.run_scenario(virt)
        self.assertEqual(seen, [("tick", True, "t"), ("tick", True, "t"),
                                ("read", True, virt.VIR_EVENT_HANDLE_READABLE, b"x", "h"),
                                ("tick", True, "t")])

    def test_same_as_libvirt_python(self):
        if real_libvirt is None:
            self.skipTest("python3-libvirt not installed")
        self.assertEqual(self.run_scenario(virt), self.run_scenario(real_libvirt))

    def test_update(self):
        """A disabled timer enabled later fires; a handle switched to
        WRITABLE on a pipe's write end fires at once."""
        virt.virEventRegisterDefaultImpl()
        seen = []
        r, w = os.pipe()
        timer = virt.virEventAddTimeout(-1, lambda t, o: seen.append("timer"), None)
        watch = virt.virEventAddHandle(w, 0, lambda wt, fd, ev, o: seen.append(ev), None)
        virt.virEventUpdateTimeout(timer, 0)
        virt.virEventUpdateHandle(watch, virt.VIR_EVENT_HANDLE_WRITABLE)
        virt.virEventRunDefaultImpl()
        self.assertEqual(sorted(map(str, seen)), sorted(["timer", str(virt.VIR_EVENT_HANDLE_WRITABLE)]))
        virt.virEventRemoveTimeout(timer)
        virt.virEventRemoveHandle(watch)
        os.close(r)
        os.close(w)

    def test_bad_callback(self):
        virt.virEventRegisterDefaultImpl()
        with self.assertRaises(TypeError):
            virt.virEventAddTimeout(1, None, None)


if __name__ == "__main__":
    unittest.main()
