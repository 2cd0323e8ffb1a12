#!/usr/bin/env python3
"""fake_xenstored.py - a small xenstored for virt's tests (Python stdlib only).

Speaks the real socket protocol, written from Xen's public descriptions:
  - framing: struct xsd_sockmsg = four native-endian uint32 (type, req_id,
    tx_id, len) then len payload bytes, len <= XENSTORE_PAYLOAD_MAX 4096
    (xen/io/xs_wire.h); a client that sends more is disconnected, as
    xenstored does (docs/misc/xenstore.txt);
  - the type numbers and errno names of xs_wire.h; errors are type ERROR with
    the errno's name as payload, req_id and tx_id copied;
  - payload formats of docs/misc/xenstore.txt: READ, WRITE (creates parents),
    MKDIR, RM (recursive; ENOENT only if the parent is missing), DIRECTORY
    (E2BIG when the list exceeds one payload), DIRECTORY_PART (<gencnt>|names,
    an empty name ends the list), GET_PERMS/SET_PERMS (n/r/w/b<domid>, first
    entry = owner and default), WATCH (fires once at once; events for every
    change at or below the watched path; a recursive removal above it fires
    with the watched path), UNWATCH, RESET_WATCHES, TRANSACTION_START/END
    (a copy of the store; commit gets EAGAIN if anything else was written
    meanwhile; watches fire on commit), GET_DOMAIN_PATH,
    IS_DOMAIN_INTRODUCED, INTRODUCE/RELEASE (fire @introduceDomain /
    @releaseDomain), paths limited to A-Za-z0-9-/_@ and 3072 bytes.

Test hooks, through CONTROL (whose commands are implementation-specific,
xenstore.txt): "setdomid|N|" makes this connection act as domain N (for
permission tests); "fault|KIND|[ARG|]" arms a fault for the connection's
next request: close-mid-reply, bad-length, stall, wrong-reqid, flood|N
(N watch events on "/flood" before the reply, whether watched or not),
dribble (the reply one byte per 100 ms); "fault|flood-watchers|N|" (0: off)
makes every connection that has a watch get N events of its first
watch before each reply (a watched node that changes without pause);
"fault|hostile-error|" answers the connection's next request with an
ERROR whose text is not an errno name but terminal control sequences.

Usage: fake_xenstored.py --socket PATH [--seed] [--pidfile FILE]
"""
import argparse
import copy
import os
import selectors
import signal
import socket
import struct
import sys

HDR = struct.Struct("=IIII")       # native endian, as the C struct
PAYLOAD_MAX = 4096
ABS_PATH_MAX = 3072
T = dict(CONTROL=0, DIRECTORY=1, READ=2, GET_PERMS=3, WATCH=4, UNWATCH=5,
         TRANSACTION_START=6, TRANSACTION_END=7, INTRODUCE=8, RELEASE=9,
         GET_DOMAIN_PATH=10, WRITE=11, MKDIR=12, RM=13, SET_PERMS=14,
         WATCH_EVENT=15, ERROR=16, IS_DOMAIN_INTRODUCED=17, RESUME=18,
         SET_TARGET=19, RESET_WATCHES=21, DIRECTORY_PART=22)
VALID = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/_@")


class XsError(Exception):
    def __init__(self, name):
        super().__init__(name)
        self.name = name


class Node:
    __slots__ = ("value", "perms", "children", "gen")

    def __init__(self, value=b"", perms=None, gen=0):
        self.value = value
        self.perms = perms if perms is not None else [("n", 0)]
        self.children = {}
        self.gen = gen


class Store:
    """The tree plus a generation counter bumped on every change."""

    def __init__(self):
        self.root = Node()
        self.gen = 1           # node generation counter (DIRECTORY_PART's gencnt)
        self.version = 1       # bumped by every committed change (transaction conflicts)

    def lookup(self, root, path):
        node = root
        if path == "/":
            return node
        for part in path.strip("/").split("/"):
            node = node.children.get(part)
            if node is None:
                return None
        return node

    def parent_of(self, path):
        return path.rsplit("/", 1)[0] or "/"


class Conn:
    def __init__(self, sock):
        self.sock = sock
        self.inbuf = b""
        self.outbuf = b""
        self.domid = 0
        self.watches = []              # (wpath, token)
        self.tx = {}                   # id -> [root copy, start gen, changed paths]
        self.fault = None
        self.closing = False
        self.dribble = b""             # sent one byte per tick (fault "dribble")


class Server:
    def __init__(self, path, seed):
        self.path = path
        self.store = Store()
        self.sel = selectors.DefaultSelector()
        self.conns = {}
        self.next_tx = 1
        self.introduced = {0}
        self.flood_watchers = 0        # CONTROL fault|flood-watchers|N|
        if seed:
            self.seed()

    # ---- the store ----------------------------------------------------
    def seed(self):
        """What a dom0 with two guests looks like (shared/xenlab REPORT)."""
        w = lambda p, v: self.set_value(self.store.root, p, v.encode(), None, 0)
        w("/tool/xenstored", "")
        w("/local/domain/0/name", "Domain-0")
        w("/local/domain/0/domid", "0")
        for f in ("poweroff", "reboot", "suspend"):
            w("/local/domain/0/control/feature-" + f, "1")
        guests = [(1, "tiny", "aa03ba70-e832-11f1-a634-33f88c26d566", "linux", 131072, 1),
                  (2, "hvm1", "5f3a1c9e-0b1d-4c7e-9e51-3d2f6a8b9c01", "hvm", 262144, 2)]
        for domid, name, uuid, ostype, mem, vcpus in guests:
            d = "/local/domain/%d" % domid
            w(d + "/vm", "/vm/" + uuid)
            w(d + "/name", name)
            w(d + "/domid", str(domid))
            for c in range(vcpus):
                w(d + "/cpu/%d/availability" % c, "online")
            w(d + "/memory/static-max", str(mem))
            w(d + "/memory/target", str(mem))
            w(d + "/control/shutdown", "")
            w("/vm/%s/name" % uuid, name)
            w("/vm/%s/image/ostype" % uuid, ostype)
            self.introduced.add(domid)

    def bump(self):
        self.store.gen += 1
        return self.store.gen

    def committed(self, path, recursive=False):
        """A change outside any transaction: counts as a conflict, fires watches."""
        self.store.version += 1
        self.fire(path, recursive)

    def note_change(self, changed, path):
        """A change to path: fires now outside a transaction, at its commit
        inside one (changed is the transaction's list)."""
        if changed is None:
            self.committed(path)
        else:
            changed.append(path)

    def create(self, root, path, conn_domid):
        """Creates path and missing parents; returns (node, created list)."""
        node, cur, created = root, "", []
        for part in path.strip("/").split("/"):
            cur += "/" + part
            child = node.children.get(part)
            if child is None:
                perms = list(node.perms)
                if conn_domid != 0:
                    perms[0] = (perms[0][0], conn_domid)
                child = Node(b"", perms, self.bump())
                node.children[part] = child
                node.gen = self.store.gen
                created.append(cur)
            node = child
        return node, created

    def set_value(self, root, path, value, changed, domid):
        node, _ = self.create(root, path, domid)
        node.value = value
        node.gen = self.bump()
        if changed is not None:
            changed.append(path)

    # ---- permissions (first entry: owner + everybody's default) ---------
    def access(self, node, domid):
        if domid == 0 or node.perms[0][1] == domid:
            return "b"
        for kind, d in node.perms[1:]:
            if d == domid:
                return kind
        return node.perms[0][0]

    def check(self, root, path, domid, want):
        node = self.store.lookup(root, path)
        while node is None and path != "/":       # new node: its nearest parent decides
            path = self.store.parent_of(path)
            node = self.store.lookup(root, path)
        a = self.access(node, domid)
        if want == "r" and a not in "rb" or want == "w" and a not in "wb":
            raise XsError("EACCES")

    # ---- watches --------------------------------------------------------
    @staticmethod
    def is_child(path, parent):
        return path == parent or parent == "/" or path.startswith(parent + "/")

    def fire(self, epath, recursive=False):
        for conn in list(self.conns.values()):
            for wpath, token in conn.watches:
                if wpath.startswith("@") or epath.startswith("@"):
                    hit, ev = wpath == epath, epath
                elif self.is_child(epath, wpath):
                    hit, ev = True, epath
                elif recursive and self.is_child(wpath, epath):
                    hit, ev = True, wpath      # removal of a parent of wpath
                else:
                    hit = False
                if hit:
                    self.event(conn, ev, token)

    def event(self, conn, path, token):
        payload = path.encode() + b"\0" + token.encode() + b"\0"
        conn.outbuf += HDR.pack(T["WATCH_EVENT"], 0, 0, len(payload)) + payload

    # ---- requests ---------------------------------------------------------
    def canon(self, conn, raw, special_ok=False):
        if not raw or b"\0" in raw:
            raise XsError("EINVAL")
        path = raw.decode("latin-1")
        if special_ok and path.startswith("@"):
            return path
        if not path.startswith("/"):
            path = "/local/domain/%d/%s" % (conn.domid, path)
        if (len(path) > ABS_PATH_MAX or any(c not in VALID for c in path.encode("latin-1"))
                or "//" in path or (len(path) > 1 and path.endswith("/"))):
            raise XsError("EINVAL")
        return path

    @staticmethod
    def split(payload, n):
        """The first n NUL-terminated fields, then the rest."""
        parts = payload.split(b"\0", n)
        if len(parts) < n + 1:
            raise XsError("EINVAL")
        return parts

    def root_for(self, conn, tx_id):
        if tx_id == 0:
            return self.store.root, None
        if tx_id not in conn.tx:
            raise XsError("ENOENT")
        return conn.tx[tx_id][0], conn.tx[tx_id][2]

    def readable_node(self, conn, tx_id, p):
        """The node a READ or GET_PERMS payload names, if the caller may
        read it (ENOENT before EACCES, as xenstored checks)."""
        root, _ = self.root_for(conn, tx_id)
        path = self.canon(conn, self.split(p, 1)[0])
        node = self.store.lookup(root, path)
        if node is None:
            raise XsError("ENOENT")
        self.check(root, path, conn.domid, "r")
        return node

    def handle(self, conn, mtype, tx_id, p):
        """Returns the reply payload (bytes) or raises XsError."""
        if mtype == T["READ"]:
            return self.readable_node(conn, tx_id, p).value
        if mtype == T["WRITE"]:
            root, changed = self.root_for(conn, tx_id)
            raw, value = p.split(b"\0", 1) if b"\0" in p else (None, None)
            if raw is None:
                raise XsError("EINVAL")
            path = self.canon(conn, raw)
            self.check(root, path, conn.domid, "w")
            self.set_value(root, path, value, changed, conn.domid)
            if changed is None:
                self.committed(path)
            return b"OK\0"
        if mtype == T["MKDIR"]:
            root, changed = self.root_for(conn, tx_id)
            path = self.canon(conn, self.split(p, 1)[0])
            if self.store.lookup(root, path) is None:
                self.check(root, path, conn.domid, "w")
                self.create(root, path, conn.domid)
                self.note_change(changed, path)
            return b"OK\0"
        if mtype == T["RM"]:
            root, changed = self.root_for(conn, tx_id)
            path = self.canon(conn, self.split(p, 1)[0])
            if path == "/":
                raise XsError("EINVAL")
            parent = self.store.lookup(root, self.store.parent_of(path))
            if parent is None:
                raise XsError("ENOENT")
            if self.store.lookup(root, path) is None:
                return b"OK\0"
            self.check(root, path, conn.domid, "w")
            del parent.children[path.rsplit("/", 1)[1]]
            parent.gen = self.bump()
            if changed is None:
                self.committed(path, recursive=True)
            else:
                changed.append(("rm", path))
            return b"OK\0"
        if mtype in (T["DIRECTORY"], T["DIRECTORY_PART"]):
            root, _ = self.root_for(conn, tx_id)
            fields = self.split(p, 2 if mtype == T["DIRECTORY_PART"] else 1)
            path = self.canon(conn, fields[0])
            node = self.store.lookup(root, path)
            if node is None:
                raise XsError("ENOENT")
            self.check(root, path, conn.domid, "r")
            full = b"".join(name.encode() + b"\0" for name in node.children)
            if mtype == T["DIRECTORY"]:
                if len(full) > PAYLOAD_MAX:
                    raise XsError("E2BIG")
                return full
            try:
                off = int(fields[1].decode())
            except ValueError:
                raise XsError("EINVAL")
            gen = str(node.gen).encode() + b"\0"
            room = PAYLOAD_MAX - len(gen) - 1
            rest = full[off:] if off < len(full) else b""
            if len(rest) <= room:
                return gen + rest + b"\0"          # the empty name: end of list
            cut = rest.rfind(b"\0", 0, room) + 1   # whole names only
            return gen + rest[:cut]
        if mtype == T["GET_PERMS"]:
            node = self.readable_node(conn, tx_id, p)
            return b"".join(("%s%d" % perm).encode() + b"\0" for perm in node.perms)
        if mtype == T["SET_PERMS"]:
            root, changed = self.root_for(conn, tx_id)
            fields = p.split(b"\0")
            path = self.canon(conn, fields[0])
            node = self.store.lookup(root, path)
            if node is None:
                raise XsError("ENOENT")
            perms = []
            for f in fields[1:]:
                if not f:
                    continue
                kind, num = chr(f[0]), f[1:]
                if kind not in "nrwb" or not num.isdigit() or int(num) > 65535:
                    raise XsError("EINVAL")
                perms.append((kind, int(num)))
            if not perms:
                raise XsError("EINVAL")
            if conn.domid != 0 and node.perms[0][1] != conn.domid:
                raise XsError("EACCES")
            node.perms = perms
            node.gen = self.bump()
            self.note_change(changed, path)
            return b"OK\0"
        if mtype == T["WATCH"]:
            raw, token = self.split(p, 2)[:2]
            path = self.canon(conn, raw, special_ok=True)
            tok = token.decode("latin-1")
            if (path, tok) in conn.watches:
                raise XsError("EEXIST")
            conn.watches.append((path, tok))
            return ("fire-initial", path, tok)
        if mtype == T["UNWATCH"]:
            raw, token = self.split(p, 2)[:2]
            key = (self.canon(conn, raw, special_ok=True), token.decode("latin-1"))
            if key not in conn.watches:
                raise XsError("ENOENT")
            conn.watches.remove(key)
            return b"OK\0"
        if mtype == T["RESET_WATCHES"]:
            conn.watches = []
            conn.tx = {}
            return b"OK\0"
        if mtype == T["TRANSACTION_START"]:
            if tx_id != 0:
                raise XsError("EBUSY")
            tid = self.next_tx
            self.next_tx += 1
            conn.tx[tid] = [copy.deepcopy(self.store.root), self.store.version, []]
            return str(tid).encode() + b"\0"
        if mtype == T["TRANSACTION_END"]:
            if tx_id not in conn.tx:
                raise XsError("ENOENT")
            root, start_gen, changed = conn.tx.pop(tx_id)
            arg = self.split(p, 1)[0]
            if arg not in (b"T", b"F"):
                raise XsError("EINVAL")
            if arg == b"T" and changed:
                if self.store.version != start_gen:
                    raise XsError("EAGAIN")
                self.store.root = root
                self.store.version += 1
                for c in changed:
                    if isinstance(c, tuple):
                        self.fire(c[1], recursive=True)
                    else:
                        self.fire(c)
            return b"OK\0"
        if mtype == T["GET_DOMAIN_PATH"]:
            domid = self.domid_arg(p)
            return ("/local/domain/%d" % domid).encode() + b"\0"
        if mtype == T["IS_DOMAIN_INTRODUCED"]:
            return b"T\0" if self.domid_arg(p) in self.introduced else b"F\0"
        if mtype in (T["INTRODUCE"], T["RELEASE"]):
            if conn.domid != 0:
                raise XsError("EACCES")
            domid = self.domid_arg(p)
            if domid == 0:
                raise XsError("EINVAL")
            if mtype == T["INTRODUCE"]:
                self.introduced.add(domid)
                self.fire("@introduceDomain")
            else:
                self.introduced.discard(domid)
                self.fire("@releaseDomain")
            return b"OK\0"
        if mtype == T["CONTROL"]:
            return self.control(conn, p.split(b"\0"))
        raise XsError("EINVAL")

    @staticmethod
    def domid_arg(p):
        s = p.split(b"\0", 1)[0]
        if not s.isdigit() or int(s) > 65535:
            raise XsError("EINVAL")
        return int(s)

    def control(self, conn, args):
        cmd = args[0]
        if cmd == b"setdomid" and len(args) > 1 and args[1].isdigit():
            conn.domid = int(args[1])
            return b"OK\0"
        if cmd == b"fault" and len(args) > 1:
            kind = args[1].decode("latin-1")
            arg = int(args[2]) if len(args) > 2 and args[2].isdigit() else 0
            if kind == "flood-watchers":
                self.flood_watchers = arg
                return b"OK\0"
            if kind in ("close-mid-reply", "bad-length", "stall", "wrong-reqid", "flood", "dribble",
                        "hostile-error"):
                conn.fault = (kind, arg)
                return b"OK\0"
        if cmd == b"help":
            return b"setdomid\nfault\nhelp\n\0"
        raise XsError("EINVAL")

    # ---- connections --------------------------------------------------------
    def reply(self, conn, mtype, req_id, tx_id, payload):
        conn.outbuf += HDR.pack(mtype, req_id, tx_id, len(payload)) + payload

    def process(self, conn, mtype, req_id, tx_id, payload):
        fault, conn.fault = conn.fault, None
        if fault and fault[0] == "stall":
            return                                  # never answer this one
        if fault and fault[0] == "flood":
            for i in range(fault[1]):
                self.event(conn, "/flood/%d" % i, "flood")
        if self.flood_watchers and conn.watches:
            for i in range(self.flood_watchers):
                self.event(conn, conn.watches[0][0], conn.watches[0][1])
        if fault and fault[0] == "hostile-error":
            self.reply(conn, T["ERROR"], req_id, tx_id, b"\x1b[2J\x1b[31mEVIL\nroot# \0")
            return
        try:
            out = self.handle(conn, mtype, tx_id, payload)
            initial = None
            if isinstance(out, tuple):              # WATCH: reply, then the initial event
                initial, out = out[1:], b"OK\0"
            rtype = mtype
        except XsError as e:
            out, rtype, initial = e.name.encode() + b"\0", T["ERROR"], None
        if fault and fault[0] == "wrong-reqid":
            req_id += 1
        if fault and fault[0] == "dribble":
            conn.dribble += HDR.pack(rtype, req_id, tx_id, len(out)) + out
            return
        if fault and fault[0] == "bad-length":
            conn.outbuf += HDR.pack(rtype, req_id, tx_id, PAYLOAD_MAX + 100) + out
            return
        self.reply(conn, rtype, req_id, tx_id, out)
        if initial:
            self.event(conn, initial[0], initial[1])
        if fault and fault[0] == "close-mid-reply":
            conn.outbuf = conn.outbuf[:len(conn.outbuf) - len(out) // 2 - 2]
            conn.closing = True

    def on_readable(self, conn):
        try:
            data = conn.sock.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.drop(conn)
            return
        conn.inbuf += data
        while len(conn.inbuf) >= HDR.size:
            mtype, req_id, tx_id, length = HDR.unpack_from(conn.inbuf)
            if length > PAYLOAD_MAX:                # xenstored kills such clients
                self.drop(conn)
                return
            if len(conn.inbuf) < HDR.size + length:
                break
            payload = conn.inbuf[HDR.size:HDR.size + length]
            conn.inbuf = conn.inbuf[HDR.size + length:]
            self.process(conn, mtype, req_id, tx_id, payload)
        self.flush_all()

    def flush_all(self):
        for conn in list(self.conns.values()):
            self.flush(conn)

    def flush(self, conn):
        if conn.outbuf:
            try:
                n = conn.sock.send(conn.outbuf)
                conn.outbuf = conn.outbuf[n:]
            except BlockingIOError:
                pass
            except OSError:
                self.drop(conn)
                return
        if not conn.outbuf and conn.closing:
            self.drop(conn)
            return
        ev = selectors.EVENT_READ | (selectors.EVENT_WRITE if conn.outbuf else 0)
        self.sel.modify(conn.sock, ev, conn)

    def drop(self, conn):
        if conn.sock.fileno() in self.conns:
            del self.conns[conn.sock.fileno()]
            self.sel.unregister(conn.sock)
            conn.sock.close()

    def serve(self):
        if os.path.exists(self.path):
            os.unlink(self.path)
        lsock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        lsock.bind(self.path)
        lsock.listen(64)
        lsock.setblocking(False)
        self.sel.register(lsock, selectors.EVENT_READ, None)
        while True:
            dribbling = [c for c in self.conns.values() if c.dribble]
            for conn in dribbling:             # one byte per tick
                try:
                    conn.sock.send(conn.dribble[:1])
                    conn.dribble = conn.dribble[1:]
                except OSError:
                    conn.dribble = b""
            for key, mask in self.sel.select(0.1 if dribbling else None):
                if key.data is None:
                    try:
                        s, _ = lsock.accept()
                    except BlockingIOError:
                        continue
                    s.setblocking(False)
                    conn = Conn(s)
                    self.conns[s.fileno()] = conn
                    self.sel.register(s, selectors.EVENT_READ, conn)
                    continue
                conn = key.data
                if mask & selectors.EVENT_READ and conn.sock.fileno() in self.conns:
                    self.on_readable(conn)
                if mask & selectors.EVENT_WRITE and conn.sock.fileno() in self.conns:
                    self.flush(conn)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--socket", required=True)
    ap.add_argument("--seed", action="store_true", help="a dom0 store with two guests")
    ap.add_argument("--pidfile")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    if args.pidfile:
        with open(args.pidfile, "w") as f:
            f.write("%d\n" % os.getpid())
    server = Server(args.socket, args.seed)
    try:
        server.serve()
    finally:
        if os.path.exists(args.socket):
            os.unlink(args.socket)


if __name__ == "__main__":
    main()
