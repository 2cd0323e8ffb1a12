#!/usr/bin/env python3
"""tests/remote/remote_migrate.py - remote_migrate.c's calls through
libvirt's own client (python3-libvirt), the same output lines."""
import sys
import libvirt

XML_VRM = ("<domain type='qemu'><name>vrm</name><uuid>44444444-5555-6666-7777-888888888888</uuid>"
           "<memory>65536</memory><os><type arch='x86_64'>hvm</type></os></domain>")


def rc(what, fn):
    try:
        r = fn()
    except libvirt.libvirtError as e:
        print("%s: error code=%d domain=%d message=%s" % (what, e.get_error_code(), e.get_error_domain(),
                                                            e.get_error_message() or ""))
        return None
    print("%s: %d" % (what, r if isinstance(r, int) else 0))
    return r


def names(what, c):
    print("%s:%s" % (what, "".join(" " + d.name() for d in c.listAllDomains(0))))


def drop(c, name):
    try:
        c.lookupByName(name).undefine()
    except libvirt.libvirtError:
        pass


def main():
    libvirt.registerErrorHandler(lambda *a: None, None)
    src = libvirt.open(sys.argv[1])
    dst = libvirt.open(sys.argv[2])
    bad = "qemu+unix:///session?socket=/nonexistent/virt-migrate.sock"
    off = libvirt.VIR_MIGRATE_PEER2PEER | libvirt.VIR_MIGRATE_OFFLINE | libvirt.VIR_MIGRATE_PERSIST_DEST
    print("type: %s" % src.getType())
    d = src.defineXML(XML_VRM)
    print("define vrm: 0")
    rc("toURI p2p inactive", lambda: d.migrateToURI(sys.argv[2], libvirt.VIR_MIGRATE_PEER2PEER, None, 0))
    rc("toURI p2p same host", lambda: d.migrateToURI("qemu:///session", libvirt.VIR_MIGRATE_PEER2PEER, None, 0))
    rc("toURI direct", lambda: d.migrateToURI("tcp://127.0.0.1:49152", 0, None, 0))
    rc("toURI p2p offline unreachable", lambda: d.migrateToURI(bad, off, None, 0))
    rc("toURI p2p offline", lambda: d.migrateToURI(sys.argv[2], off, "vrm1", 0))
    names("destination after toURI", dst)
    drop(dst, "vrm1")
    rc("toURI2 p2p offline", lambda: d.migrateToURI2(sys.argv[2], None, None, off, "vrm2", 0))
    names("destination after toURI2", dst)
    drop(dst, "vrm2")
    rc("toURI3 p2p offline",
       lambda: d.migrateToURI3(sys.argv[2], {libvirt.VIR_MIGRATE_PARAM_DEST_NAME: "vrm3"}, off))
    names("destination after toURI3", dst)
    drop(dst, "vrm3")
    m = rc("migrate p2p offline", lambda: d.migrate(dst, off, "vrm4", None, 0))
    if m:
        print("migrate p2p offline: returned %s" % m.name())
    names("destination after migrate", dst)
    drop(dst, "vrm4")
    m = rc("migrate managed inactive", lambda: d.migrate(dst, 0, None, None, 0))
    m = rc("migrate managed offline",
           lambda: d.migrate(dst, libvirt.VIR_MIGRATE_OFFLINE | libvirt.VIR_MIGRATE_PERSIST_DEST, "vrm5", None, 0))
    if m:
        print("migrate managed offline: returned %s" % m.name())
    names("destination after managed migrate", dst)
    drop(dst, "vrm5")
    mp = {libvirt.VIR_MIGRATE_PARAM_DEST_NAME: "vrm6"}
    rc("migrate3 managed inactive", lambda: d.migrate3(dst, mp, 0))
    m = rc("migrate3 managed offline",
           lambda: d.migrate3(dst, mp, libvirt.VIR_MIGRATE_OFFLINE | libvirt.VIR_MIGRATE_PERSIST_DEST))
    if m:
        print("migrate3 managed offline: returned %s" % m.name())
    names("destination after managed migrate3", dst)
    drop(dst, "vrm6")
    names("source at the end", src)
    rc("undefine vrm", d.undefine)
    dst.close()
    src.close()


if __name__ == "__main__":
    main()
