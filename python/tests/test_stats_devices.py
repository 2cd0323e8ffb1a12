"""Core dumps, devices, statistics and memory flags (issue 11 phase 3)
under libvirt-python's names, defaults and return shapes: coreDump,
coreDumpWithFormat, attachDevice(Flags), detachDevice(Flags), blockStats,
interfaceStats, memoryStats, getCPUStats (domain and node),
getMemoryStats and setMemoryFlags.

As in test_domain_calls.py, one script runs on the virt module and on
python3-libvirt (where importable) and the transcripts must be equal. The
test driver derives the counters and CPU times from the clock, so those
are recorded as their types and keys only."""
import os
import shutil
import tempfile
import unittest

import virt
from test_domain_calls import LibvirtComparison, Transcript, answer, quiet

try:
    import libvirt as real_libvirt
except ImportError:
    real_libvirt = None

DISK_XML = "<disk type='file' device='disk'><source file='/x'/><target dev='vdb'/></disk>"


def types_only(value):
    """The shape of a clock-derived answer: container types, keys, and
    the types of the numbers."""
    if isinstance(value, (list, tuple)):
        return type(value)([types_only(v) for v in value])
    if isinstance(value, dict):
        return {k: types_only(v) for k, v in value.items()}
    return type(value).__name__


def memory_stats_shape(stats):
    """memoryStats() with last_update (a clock) as its type; keys in order."""
    return [(k, type(v).__name__ if k == "last_update" else v) for k, v in stats.items()]


def stats(mod, t):
    conn = mod.open("test:///default")
    dom = conn.lookupByName("test")
    t.call("blockStats vda", lambda: types_only(dom.blockStats("vda")))
    t.call("blockStats source path", lambda: types_only(dom.blockStats("/guest/diskimage1")))
    t.call("blockStats path=", lambda: len(dom.blockStats(path="vda")))
    t.call("blockStats unknown", dom.blockStats, "nope")
    t.call("interfaceStats name", lambda: types_only(dom.interfaceStats("testnet0")))
    t.call("interfaceStats mac", lambda: types_only(dom.interfaceStats("aa:bb:cc:dd:ee:ff")))
    t.call("interfaceStats unknown", dom.interfaceStats, "x")
    t.call("memoryStats", lambda: memory_stats_shape(dom.memoryStats()))
    t.call("getCPUStats total", lambda: types_only(dom.getCPUStats(True)))
    t.call("getCPUStats per CPU", lambda: types_only(dom.getCPUStats(False)))
    t.call("getCPUStats total=1, flags=0", lambda: types_only(dom.getCPUStats(total=1, flags=0)))
    t.call("getCPUStats flags 1", dom.getCPUStats, True, 1)
    for cpu in (mod.VIR_NODE_CPU_STATS_ALL_CPUS, 0, 99):
        t.call("node getCPUStats %d" % cpu, conn.getCPUStats, cpu)
    t.call("node getCPUStats flags 1", conn.getCPUStats, 0, flags=1)
    for cell in (mod.VIR_NODE_MEMORY_STATS_ALL_CELLS, 0, 5):
        t.call("node getMemoryStats %d" % cell, conn.getMemoryStats, cell)
    t.call("setMemoryFlags", dom.setMemoryFlags, 1024)
    t.call("info after", lambda: dom.info()[:4])
    t.call("setMemoryFlags live", dom.setMemoryFlags, 2048, mod.VIR_DOMAIN_AFFECT_LIVE)
    t.call("setMemoryFlags config", dom.setMemoryFlags, 4096, flags=mod.VIR_DOMAIN_AFFECT_CONFIG)
    t.call("setMemoryFlags maximum", dom.setMemoryFlags, 4096, mod.VIR_DOMAIN_MEM_MAXIMUM)
    t.call("setMemoryFlags too much", dom.setMemoryFlags, 1 << 40)
    t.call("info at the end", lambda: dom.info()[:4])
    dom.destroy()
    t.call("blockStats inactive", dom.blockStats, "vda")
    t.call("memoryStats inactive", dom.memoryStats)
    t.call("getCPUStats inactive", dom.getCPUStats, True)


def devices_and_dumps(mod, t, workdir):
    conn = mod.open("test:///default")
    dom = conn.lookupByName("test")
    # first: libvirt's connections to test:///default in one process share
    # one node, virt's do not (the crash dump below stops the domain)
    ro = mod.openReadOnly("test:///default").lookupByName("test")
    t.call("read-only coreDump", ro.coreDump, os.path.join(workdir, "core.g"))
    t.call("read-only attachDevice", ro.attachDevice, DISK_XML)
    t.call("read-only setMemoryFlags", ro.setMemoryFlags, 1024)
    t.call("read-only blockStats", lambda: types_only(ro.blockStats("vda")))
    for label, f, args in (("attachDevice", dom.attachDevice, (DISK_XML,)),
                           ("attachDeviceFlags", dom.attachDeviceFlags, (DISK_XML, 0)),
                           ("attachDeviceFlags bad", dom.attachDeviceFlags, ("<bad",)),
                           ("detachDevice", dom.detachDevice, (DISK_XML,)),
                           ("detachDeviceFlags", dom.detachDeviceFlags, ("<x/>", 1))):
        t.call(label, f, *args)
    path = os.path.join(workdir, "core.a")
    t.call("coreDump", dom.coreDump, path)
    t.call("dump written", os.path.getsize, path)
    t.call("coreDumpWithFormat", dom.coreDumpWithFormat, os.path.join(workdir, "core.b"), 0)
    t.call("coreDumpWithFormat 9", dom.coreDumpWithFormat, os.path.join(workdir, "core.c"), 9, 0)
    t.call("coreDump keywords", dom.coreDump, to=os.path.join(workdir, "core.d"), flags=0)
    t.call("coreDump unwritable", dom.coreDump, "/nonexistent-dir/core")
    t.call("coreDump crash", dom.coreDump, os.path.join(workdir, "core.e"), mod.VIR_DUMP_CRASH)
    t.call("state after crash dump", dom.state)
    t.call("coreDump inactive", dom.coreDump, os.path.join(workdir, "core.f"))


def run(mod, script):
    mod.registerErrorHandler(quiet, None)
    t = Transcript(mod)
    if script is devices_and_dumps:
        workdir = tempfile.mkdtemp(prefix="virt-py-dump-")
        try:
            script(mod, t, workdir)
        finally:
            shutil.rmtree(workdir)
    else:
        script(mod, t)
    return t.lines


class StatsDevicesTest(unittest.TestCase):
    """virt's own answers (python3-libvirt's, as measured)."""

    def test_stats(self):
        got = run(virt, stats)
        self.assertEqual(answer(got, "blockStats vda"), (("tuple", [("str", "int")] * 5),))
        self.assertEqual(answer(got, "interfaceStats mac"), (("tuple", [("str", "int")] * 8),))
        self.assertEqual(answer(got, "blockStats unknown"),
                         ("libvirtError", virt.VIR_ERR_INVALID_ARG, virt.VIR_FROM_TEST, "invalid argument: invalid path: nope"))
        keys = [k[1] for (_, (k, _)) in answer(got, "memoryStats")[0][1]]
        self.assertEqual(keys[0], "actual")
        self.assertIn("rss", keys)
        self.assertEqual(answer(got, "getCPUStats total"),
                         (("list", [("dict", [("cpu_time", ("str", "int")), ("system_time", ("str", "int")),
                                               ("user_time", ("str", "int"))])]),))
        self.assertEqual(answer(got, "node getMemoryStats 0")[:3],
                         ("libvirtError", virt.VIR_ERR_NO_SUPPORT, virt.VIR_FROM_DOMAIN))

    def test_devices_and_dumps(self):
        got = run(virt, devices_and_dumps)
        self.assertEqual(answer(got, "attachDevice")[:3], ("libvirtError", virt.VIR_ERR_NO_SUPPORT, virt.VIR_FROM_DOMAIN))
        self.assertEqual(answer(got, "coreDump"), (("int", 0),))
        self.assertGreater(answer(got, "dump written")[0][1], 0)
        self.assertEqual(answer(got, "coreDumpWithFormat 9"),
                         ("libvirtError", virt.VIR_ERR_INVALID_ARG, virt.VIR_FROM_DOMAIN, "dumpformat '9' is not supported"))

    def test_argument_types(self):
        dom = virt.open("test:///default").lookupByName("test")
        with self.assertRaises(TypeError):
            dom.blockStats()
        with self.assertRaises(TypeError):
            dom.setMemoryFlags("1024")


@unittest.skipIf(real_libvirt is None, "python3-libvirt is not importable here")
class SameAsLibvirtTest(LibvirtComparison):
    runner = staticmethod(run)

    def test_stats(self):
        self.compare(stats)

    def test_devices_and_dumps(self):
        self.compare(devices_and_dumps)


if __name__ == "__main__":
    unittest.main()
