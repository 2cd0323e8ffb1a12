#!/usr/bin/env python3
"""fake_xend.py - a stand-in for xend's HTTP/SXP server (Xen 3.0.2 to 3.0.4), for virt's tests.

Python 3 standard library only. It serves the same resource tree, ops, parameters,
reply shapes, status codes and error bodies as xend, after the facts collected in
../shared/reference/xend-protocol.md (cited below as "proto §N"), which in turn cite
xend's sources: xen/web/{http,httpserver,SrvBase,SrvDir}.py and
xen/xend/server/{SrvNode,SrvDomainDir,SrvDomain}.py, xen/xend/{XendDomainInfo,XendNode,sxp}.py.

Usage:
  fake_xend.py --unix PATH | --tcp HOST --port-file FILE   [options]
    --version 3.0.2|3.0.3|3.0.4   which xend to behave as (default 3.0.3)
    --guests N                    start with N running guests (guest1..guestN) besides Domain-0
    --fault MODE                  misbehave on requests whose path starts with --fault-path:
        close-mid   send the head and half the body, then close
        slow        wait --delay seconds before answering (client timeouts fire)
        huge        announce and stream a 100 MiB body
        huge-noclen stream 100 MiB without Content-length (read until close)
        bad-sxp     answer 200 with malformed SXP
        chunked     answer correctly but with Transfer-Encoding: chunked (xend never does)
        garbage     answer with something that is not HTTP
        html        answer in HTML, as xend does for a browser-like client (proto §1.4)
    --fault-path PREFIX           default "/xend/domain"
    --delay SECONDS               for --fault slow (default 5)
    --fail-op OP                  domain op OP fails with (xend.err 'Injected failure of OP')
    --slow-op OP[,OP...]          domain ops OP answer only after --delay seconds (as xend's
                                  wait_for_devices does while a backend never connects)
    --phantoms N                  (3.0.4) ?state=all also lists N names that are answered 404
                                  (domains that keep going away between the list and the GET)
    --fail-text TEXT              ... with (xend.err TEXT) instead (any bytes: a hostile xend)
    --zombies                     a destroyed domain stays listed once as Zombie-<name>,
                                  state -----d, as xend does while Xen tears it down (proto §2.4)
    --xenstore PATH               keep a xenstored (tests/xs/fake_xenstored.py) at PATH up to date,
                                  as xend does: each running domain's name, vm path, ostype and
                                  memory target, and its devices' backend and frontend entries
                                  (what libvirt's xend driver read device ids from)

Test-only extension (not in xend): GET /fake/stats returns
  (stats (requests N) (last_config_name NAME) (last_path PATH) (last_migrate 'HOST:PORT live=L'))
  where N counts every request except /fake/* and PATH is the last one's path as it came on the
  wire (still percent-encoded); last_migrate is the last op=migrate's destination, with "refused" when it could not connect.
"""
import argparse
import os
import re
import socket
import sys
import threading
import time
import urllib.parse
import uuid as uuidlib

# ---------------------------------------------------------------- SXP (xend's sxp.py)

BARE = re.compile(r'^[A-Za-z0-9._:/~-]*$')   # proto §3.1: written bare (the empty string too)


def show(v):
    """xend's sxp.show: lists with single spaces, ints/floats with str(), strings bare or repr()."""
    if isinstance(v, list):
        return '(' + ' '.join(show(x) for x in v) + ')'
    if isinstance(v, (int, float)):
        return str(v)
    s = str(v)
    if BARE.match(s):
        return s
    return pyrepr(s)


def pyrepr(s):
    """Python 2 repr() of a byte string, which xend wrote (proto §3.1)."""
    q = '"' if ("'" in s and '"' not in s) else "'"
    out = [q]
    for ch in s:
        o = ord(ch)
        if ch == '\\':
            out.append('\\\\')
        elif ch == q:
            out.append('\\' + q)
        elif ch == '\n':
            out.append('\\n')
        elif ch == '\r':
            out.append('\\r')
        elif ch == '\t':
            out.append('\\t')
        elif o < 0x20 or o >= 0x7f:
            for b in ch.encode('utf-8'):
                out.append('\\x%02x' % b)
        else:
            out.append(ch)
    out.append(q)
    return ''.join(out)


class ParseError(Exception):
    pass


def parse_sxp(text):
    """xend's sxp.Parser (proto §3.2): '..' and ".." strings with escapes, # comments,
    atoms end at whitespace or any of (){}<>[]!;. Returns the first value."""
    pos = 0
    n = len(text)
    stack = [[]]
    esc = {'a': '\a', 'b': '\b', 't': '\t', 'n': '\n', 'v': '\v', 'f': '\f', 'r': '\r',
           '\\': '\\', "'": "'", '"': '"'}
    while pos < n:
        c = text[pos]
        if c in ' \t\n\v\f\r':
            pos += 1
        elif c == '#':
            while pos < n and text[pos] != '\n':
                pos += 1
        elif c == '(':
            stack.append([])
            pos += 1
        elif c == ')':
            if len(stack) == 1:
                raise ParseError('unexpected )')
            v = stack.pop()
            stack[-1].append(v)
            pos += 1
        elif c in '"\'':
            q = c
            pos += 1
            buf = []
            while True:
                if pos >= n:
                    raise ParseError('unexpected EOF')
                c = text[pos]
                if c == q:
                    pos += 1
                    break
                if c == '\\':
                    pos += 1
                    if pos >= n:
                        raise ParseError('unexpected EOF')
                    e = text[pos]
                    if e in esc:
                        buf.append(esc[e])
                        pos += 1
                    elif e == 'x':
                        buf.append(chr(int(text[pos + 1:pos + 3], 16)))
                        pos += 3
                    elif e in '01234567':
                        m = re.match(r'[0-7]{1,3}', text[pos:])
                        buf.append(chr(int(m.group(0), 8)))
                        pos += len(m.group(0))
                    else:  # 3.0.4 keeps unknown escapes literally
                        buf.append('\\' + e)
                        pos += 1
                else:
                    buf.append(c)
                    pos += 1
            stack[-1].append(''.join(buf))
        else:
            start = pos
            while pos < n and text[pos] not in ' \t\n\v\f\r(){}<>[]!;#':
                pos += 1
            if pos == start:
                raise ParseError('unexpected character %r' % text[pos])
            stack[-1].append(text[start:pos])
        if len(stack) == 1 and stack[0]:
            return stack[0][0]
    raise ParseError('unexpected EOF')


def child(v, name):
    for x in v[1:]:
        if isinstance(x, list) and x and x[0] == name:
            return x
    return None


def child_value(v, name, default=None):
    c = child(v, name)
    if c is None or len(c) < 2:
        return default
    return c[1]


def children(v, name):
    return [x for x in v[1:] if isinstance(x, list) and x and x[0] == name]


class XendError(Exception):
    pass


# ---------------------------------------------------------------- the node and its domains

class Domain:
    def __init__(self, name, domid, memory, maxmem, vcpus, image=None, devices=None, uid=None,
                 on=('destroy', 'restart', 'restart'), bootloader=None):
        self.name = name
        self.domid = domid            # None while inactive (3.0.4 managed domains)
        self.uuid = uid or str(uuidlib.uuid4())
        self.memory = memory          # MiB
        self.maxmem = maxmem
        self.vcpus = vcpus
        self.image = image
        self.devices = devices or []
        self.on = on
        self.bootloader = bootloader
        self.paused = False
        self.managed = False
        self.cpu_time = 0.0
        self.start_time = time.time()
        self.zombie = 0
        self.on_xend_start = 'ignore'  # 3.0.4 XendConfig default (proto §3.3)
        self.cpumaps = [None] * vcpus  # hard affinity per vCPU; None = every CPU
        self.next_vif = 0              # device-misc/vif/nextDeviceID
        self.dev_ids = {}              # id(device record) -> its device id


    def state(self):
        # proto §3.3 item 5: r b p s c d; dom0 runs xend itself, idle guests block
        if self.zombie:
            return '-----d'
        if self.paused:
            return '--p---'
        return 'r-----' if self.domid == 0 else '-b----'

    def record(self, version):
        """The (domain ...) record as XendDomainInfo.sxpr / XendConfig.to_sxp print it (proto §3.3)."""
        self.cpu_time += 0.125
        running = self.domid is not None
        if version == '3.0.4':
            r = ['domain']
            if running:
                r.append(['domid', self.domid])
            r += [['uuid', self.uuid], ['vcpus', self.vcpus], ['memory', self.memory],
                  ['maxmem', self.maxmem], ['name', self.name], ['on_poweroff', self.on[0]],
                  ['on_reboot', self.on[1]], ['on_crash', self.on[2]], ['shadow_memory', 0],
                  ['vcpu_avail', (1 << self.vcpus) - 1], ['cpu_weight', 256], ['cpu_cap', 0],
                  ['features', ''], ['on_xend_start', self.on_xend_start], ['on_xend_stop', 'ignore']]
            if self.bootloader:
                r.append(['bootloader', self.bootloader])
            if running:
                r += [['start_time', '%.2f' % self.start_time], ['cpu_time', round(self.cpu_time, 9)],
                      ['online_vcpus', self.vcpus]]
            if self.image:
                r.append(self.image)
            r.append(['status', (1 if self.paused else 2) if running else 0])
            r += [['memory_dynamic_min', self.memory], ['memory_dynamic_max', self.maxmem]]
            if running:
                r.append(['state', self.state()])
            for d in self.devices:
                r.append(['device', d])
            return r
        r = ['domain', ['domid', self.domid], ['uuid', self.uuid]]
        if version == '3.0.2':
            r.append(['ssidref', 0])
        r += [['vcpus', self.vcpus], ['vcpu_avail', (1 << self.vcpus) - 1], ['cpu_weight', 1.0],
              ['memory', self.memory]]
        if version != '3.0.2':
            r.append(['shadow_memory', 0])
        r.append(['maxmem', self.maxmem])
        if self.bootloader:
            r.append(['bootloader', self.bootloader])
        if version != '3.0.2':
            r.append(['features', ''])
        r += [['name', self.name], ['on_poweroff', self.on[0]], ['on_reboot', self.on[1]],
              ['on_crash', self.on[2]]]
        if self.image:
            r.append(self.image)
        for d in self.devices:
            r.append(['device', d])
        r += [['state', self.state()], ['shutdown_reason', 'poweroff'],
              ['cpu_time', round(self.cpu_time, 9)], ['online_vcpus', self.vcpus]]
        if self.domid != 0:
            r += [['up_time', '%.7f' % (time.time() - self.start_time)],
                  ['start_time', '%.2f' % self.start_time], ['store_mfn', 262142 - self.domid],
                  ['console_mfn', 262141 - self.domid]]
        return r


    def vcpuinfo(self, nr_cpus):
        """GET ?op=vcpuinfo (XendDomainInfo.getVCPUInfo, proto §2.5): one (vcpu ...) per vCPU,
        cpu_time in seconds, cpumap the list of CPUs the vCPU may run on."""
        r = ['domain', ['domid', self.domid], ['name', self.name], ['vcpu_count', self.vcpus]]
        for i in range(self.vcpus):
            cpus = self.cpumaps[i] if i < len(self.cpumaps) and self.cpumaps[i] is not None \
                else list(range(nr_cpus))
            running = 1 if self.domid == 0 and not self.paused else 0
            r.append(['vcpu', ['number', i], ['online', 1], ['blocked', 0 if running else 1],
                      ['running', running], ['cpu_time', round(self.cpu_time / (i + 1), 9)],
                      ['cpu', cpus[0] if cpus else 0], ['cpumap', cpus]])
        return r


# ---------------------------------------------------------------- xenstore, as xend writes it

class XsClient:
    """The few xenstore requests xend's xstransact makes here (WRITE, RM), on the socket wire
    protocol of xen/io/xs_wire.h: four native uint32 (type, req_id, tx_id, len) + payload."""
    WRITE, RM, ERROR = 11, 13, 16

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.req = 0

    def _call(self, mtype, payload):
        import struct
        self.req += 1
        self.sock.sendall(struct.pack('=IIII', mtype, self.req, 0, len(payload)) + payload)
        head = b''
        while len(head) < 16:
            part = self.sock.recv(16 - len(head))
            if not part:
                raise OSError('xenstored closed')
            head += part
        rtype, _, _, n = struct.unpack('=IIII', head)
        body = b''
        while len(body) < n:
            part = self.sock.recv(n - len(body))
            if not part:
                raise OSError('xenstored closed')
            body += part
        if rtype == self.ERROR and body.rstrip(b'\0') != b'ENOENT':
            raise OSError('xenstore: %s' % body.rstrip(b'\0').decode())

    def write(self, path, value):
        self._call(self.WRITE, path.encode() + b'\0' + str(value).encode())

    def rm(self, path):
        self._call(self.RM, path.encode() + b'\0')


def blkdev_name_to_number(name):
    """xen/util/blkif.py blkdev_name_to_number (3.0.x) without its first step (os.stat of
    /dev/<name>, which gives the host's own number when dom0 has such a device): SCSI sd[a-p]N,
    IDE hd[a-t]N, xvd[a-p]N, else a hex device number; None when none fits."""
    n = name if name.startswith('/dev/') else '/dev/' + name
    if re.match(r'^/dev/sd[a-p]([1-9]|1[0-5])?$', n):
        scsi_major = [8, 65, 66, 67, 68, 69, 70, 71, 128, 129, 130, 131, 132, 133, 134, 135]
        d = ord(n[7]) - ord('a')
        return scsi_major[d // 16] * 256 + (d % 16) * 16 + int(n[8:] or 0)
    if re.match(r'^/dev/hd[a-t]([1-9]|[1-5][0-9]|6[0-3])?$', n):
        ide_majors = [3, 22, 33, 34, 56, 57, 88, 89, 90, 91]
        d = ord(n[7]) - ord('a')
        return ide_majors[d // 2] * 256 + (d % 2) * 64 + int(n[8:] or 0)
    if re.match(r'^/dev/xvd[a-p]([1-9]|1[0-5])?$', n):
        return 202 * 256 + 16 * (ord(n[8]) - ord('a')) + int(n[9:] or 0)
    if re.match(r'^(0x)?[0-9a-fA-F]+$', name):
        return int(name, 16)
    return None


def vbd_dev_name(dev):
    """BlkifController.getDeviceDetails: 'ioemu:hda' -> 'hda'; 'hdc:cdrom' -> ('hdc', 'cdrom')."""
    if dev.startswith('ioemu:'):
        dev = dev[6:]
    if ':' in dev:
        dev, kind = dev.split(':', 1)
        return dev, kind
    return dev, 'disk'


NAME_OK = re.compile(r'^[A-Za-z0-9_.:/+-]+$')   # proto §4.3: letters, digits, _-.:/+


class Node:
    def __init__(self, version, guests, zombies=False, xenstore=None):
        self.version = version
        self.zombies = zombies
        self.xs = XsClient(xenstore) if xenstore else None
        self.lock = threading.Lock()
        self.next_id = 1
        self.domains = []
        self.requests = 0
        self.last_config_name = ''
        self.last_path = ''
        self.last_migrate = ''
        d0 = Domain('Domain-0', 0, 1024, 1024, 2, uid='00000000-0000-0000-0000-000000000000')
        self.domains.append(d0)
        for i in range(guests):
            d = Domain('guest%d' % (i + 1), self.alloc_id(), 128, 256, 1,
                       image=['image', ['linux', ['kernel', '/boot/vmlinuz-xenU'],
                                        ['args', 'console=xvc0 root=/dev/sda1 ro']]],
                       devices=[['vbd', ['backend', 0], ['dev', self.dev('sda1')],
                                 ['uname', 'file:/var/xen/guest%d.img' % (i + 1)], ['mode', 'w']]])
            self.domains.append(d)
        for d in self.domains:
            for dev in d.devices:
                self.assign_devid(d, dev)
            self.store(d)

    # ---- devices and the store (xend's DevController, server/DevController.py 3.0.x)
    def assign_devid(self, dom, dev):
        """A device's id as its controller picks it: vbd/tap by blkdev_name_to_number of the
        device name (BlkifController.getDeviceDetails), vif the domain's next free number
        (DevController.allocateDeviceID: device-misc/vif/nextDeviceID from 0). Kept as
        dev_ids[id(dev)] beside the record, which has no id field."""
        cls = dev[0]
        if cls in ('vbd', 'tap'):
            name, _ = vbd_dev_name(str(child_value(dev, 'dev', '')))
            devid = blkdev_name_to_number(name)
            if devid is None:
                raise XendError('Unable to find number for device (%s)' % name)
        elif cls == 'vif':
            devid = dom.next_vif
            dom.next_vif += 1
            if child_value(dev, 'mac') is None:   # netif: randomMAC() in Xen's OUI 00:16:3e
                import random
                dev.append(['mac', '00:16:3e:%02x:%02x:%02x' % (random.randint(0, 0x7f), random.randint(0, 255),
                                                                random.randint(0, 255))])
        else:
            devid = 0
        dom.dev_ids[id(dev)] = devid
        return devid

    def device_paths(self, dom, dev):
        devid = dom.dev_ids.get(id(dev))
        return ('/local/domain/0/backend/%s/%d/%d' % (dev[0], dom.domid, devid),
                '/local/domain/%d/device/%s/%d' % (dom.domid, 'vbd' if dev[0] == 'tap' else dev[0], devid))

    def store_device(self, dom, dev):
        """DevController.addStoreEntries: backend (frontend, frontend-id, online, state and the
        class's details: blkif dev/type/params/mode, netif mac/handle/bridge/script) and
        frontend (backend, backend-id, state, blkif virtual-device and device-type)."""
        if not self.xs or dom.domid is None or dev[0] not in ('vbd', 'tap', 'vif'):
            return
        back, front = self.device_paths(dom, dev)
        self.xs.write(back + '/frontend', front)
        self.xs.write(back + '/frontend-id', dom.domid)
        self.xs.write(back + '/online', 1)
        self.xs.write(back + '/state', 1)
        if dev[0] in ('vbd', 'tap'):
            name, kind = vbd_dev_name(str(child_value(dev, 'dev', '')))
            uname = str(child_value(dev, 'uname', ''))
            typ, _, params = uname.partition(':')
            self.xs.write(back + '/dev', name)
            self.xs.write(back + '/type', typ)
            self.xs.write(back + '/params', params)
            self.xs.write(back + '/mode', child_value(dev, 'mode', 'r'))
            self.xs.write(front + '/virtual-device', dom.dev_ids[id(dev)])
            self.xs.write(front + '/device-type', kind)
        else:
            self.xs.write(back + '/mac', child_value(dev, 'mac'))
            self.xs.write(back + '/handle', dom.dev_ids[id(dev)])
            for k in ('bridge', 'script'):
                if child_value(dev, k) is not None:
                    self.xs.write(back + '/' + k, child_value(dev, k))
        self.xs.write(front + '/backend', back)
        self.xs.write(front + '/backend-id', 0)
        self.xs.write(front + '/state', 1)

    def unstore_device(self, dom, dev):
        if not self.xs or dom.domid is None or dev[0] not in ('vbd', 'tap', 'vif'):
            return
        back, front = self.device_paths(dom, dev)
        self.xs.rm(back)
        self.xs.rm(front)

    def store(self, dom):
        """XendDomainInfo.storeDomDetails / storeVmDetails: name, vm, memory/target (KiB) under
        /local/domain/<id>, the image's ostype under the vm path; then the devices."""
        if not self.xs or dom.domid is None:
            return
        base = '/local/domain/%d' % dom.domid
        self.xs.write(base + '/name', dom.name)
        self.xs.write(base + '/vm', '/vm/' + dom.uuid)
        self.xs.write(base + '/memory/target', dom.memory * 1024)
        kind = dom.image[1][0] if dom.image and len(dom.image) > 1 and isinstance(dom.image[1], list) else 'linux'
        self.xs.write('/vm/%s/image/ostype' % dom.uuid, kind)
        for dev in dom.devices:
            self.store_device(dom, dev)

    def unstore(self, dom):
        if not self.xs or dom.domid is None:
            return
        for dev in dom.devices:
            self.unstore_device(dom, dev)
        self.xs.rm('/local/domain/%d' % dom.domid)

    def find_device(self, dom, cls, devid):
        for dev in dom.devices:
            if (dev[0] == cls or (cls == 'vbd' and dev[0] == 'tap')) and dom.dev_ids.get(id(dev)) == devid:
                return dev
        return None

    def dev(self, d):
        return d if self.version == '3.0.2' or ':' in d else d + ':disk'   # proto §3.3 (3.0.3)

    def alloc_id(self):
        i = self.next_id
        self.next_id += 1
        return i

    def format(self):
        return {'3.0.2': None, '3.0.3': 2, '3.0.4': 3}[self.version]

    def node_record(self):
        """GET /xend/node/ (proto §2.2: XendNode.info, fixed order)."""
        used = sum(d.memory for d in self.domains if d.domid is not None)
        r = ['node', ['system', 'Linux'], ['host', 'fakexen'], ['release', '2.6.16.29-xen'],
             ['version', '#1 SMP Tue Oct 17 10:21:34 BST 2006'], ['machine', 'x86_64'],
             ['nr_cpus', 4], ['nr_nodes', 1], ['sockets_per_node', 1], ['cores_per_socket', 2],
             ['threads_per_core', 2], ['cpu_mhz', 2394],
             ['hw_caps', 'bfebfbff:20100000:00000000:00000140'], ['total_memory', 4096],
             ['free_memory', max(0, 4096 - used)], ['xen_major', 3], ['xen_minor', 0],
             ['xen_extra', '.' + self.version.split('.')[2] + '-1'],
             ['xen_caps', 'xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_64']]
        if self.version != '3.0.2':
            r.append(['xen_pagesize', 4096])
        r += [['platform_params', 'virt_start=0xffff800000000000'],
              ['xen_changeset', 'Sun Oct 15 09:53:20 2006 +0100 11765:6c167ac0db8f'],
              ['cc_compiler', 'gcc version 4.1.1 20060525 (Red Hat 4.1.1-1)'],
              ['cc_compile_by', 'root'], ['cc_compile_domain', 'localdomain'],
              ['cc_compile_date', 'Tue Oct 17 10:20:51 BST 2006']]
        if self.format():
            r.append(['xend_config_format', self.format()])
        return r

    def lookup(self, seg):
        """Name first, then integer domid (proto §2.5); 404 otherwise."""
        for d in self.domains:
            if d.name == seg:
                return d
        if re.match(r'^-?\d+$', seg):
            for d in self.domains:
                if d.domid == int(seg):
                    return d
        return None

    def listed(self):
        # proto §2.4: 3.0.4 lists running domains only (paused and inactive are left out)
        live = [d for d in self.domains if d.domid is not None]
        for z in [d for d in self.domains if d.zombie]:
            self.domains.remove(z)            # gone after this listing
        if self.version == '3.0.4':
            live = [d for d in live if not d.paused]
        return live

    # ---- domain creation from a (vm ...) config (proto §4)
    def create(self, cfgtext, managed=False):
        try:
            cfg = parse_sxp(cfgtext)
        except (ParseError, ValueError, AttributeError) as e:
            raise XendError('Invalid configuration %s' % e)
        if not isinstance(cfg, list):
            raise XendError('Invalid configuration not a list')
        name = child_value(cfg, 'name')
        self.last_config_name = name if isinstance(name, str) else ''
        try:
            if not name:
                raise XendError('missing vm name')
            if not isinstance(name, str) or not NAME_OK.match(name):
                raise XendError('invalid vm name')
            for d in self.domains:
                if d.name != name:
                    continue
                # 3.0.4's op=new with the uuid of the managed domain of that name updates its
                # config (XendDomain.domain_new -> XendDomainInfo.createDormant; inferred):
                # libvirt's autostart rewrites on_xend_start this way
                same = managed and d.managed and re.sub('[^0-9a-f]', '', str(child_value(cfg, 'uuid', '')).lower()) \
                    == re.sub('[^0-9a-f]', '', d.uuid.lower())
                if not same:
                    raise XendError("VM name '%s' already in use by domain %s" % (name, d.domid))
                v = child_value(cfg, 'on_xend_start', 'ignore')
                if v not in ('ignore', 'start'):
                    raise XendError('invalid on_xend_start: %s' % v)
                d.on_xend_start = v
                return d
            memory = int(child_value(cfg, 'memory', 128))
            maxmem = int(child_value(cfg, 'maxmem', memory))
            vcpus = int(child_value(cfg, 'vcpus', 1))
            for ev, dflt in (('on_poweroff', 'destroy'), ('on_reboot', 'restart'), ('on_crash', 'restart')):
                v = child_value(cfg, ev, dflt)
                if v not in ('destroy', 'restart', 'preserve', 'rename-restart'):
                    raise XendError('invalid restart event: %s = %s' % (ev, v))
            image = child(cfg, 'image')
            bootloader = child_value(cfg, 'bootloader')
            if image is None and not bootloader:
                raise XendError('Missing image in configuration')
            if image is not None:
                if len(image) < 2 or not isinstance(image[1], list):
                    raise XendError('missing image type')
                kind = image[1][0]
                if kind not in ('linux', 'hvm'):
                    raise XendError('unknown image type: %s' % kind)
                kernel = child_value(image[1], 'kernel', '')
                if isinstance(kernel, str) and kernel.startswith('/missing'):
                    raise XendError('Kernel image does not exist: %s' % kernel)
                if kind == 'hvm' and not child_value(image[1], 'device_model'):
                    raise XendError('hvm: missing device model')
            devices = []
            for dev in children(cfg, 'device'):
                if len(dev) < 2 or not isinstance(dev[1], list) or dev[1][0] not in (
                        'vbd', 'vif', 'tap', 'vfb', 'vkbd', 'pci', 'ioports', 'irq', 'usb', 'vtpm'):
                    raise XendError('invalid device (%s, ...)' % (dev[1][0] if len(dev) > 1 else ''))
                d = [dev[1][0], ['backend', 0]] + dev[1][1:]
                devices.append(d)
        except XendError as e:
            if str(e).startswith('Invalid configuration'):
                raise
            raise XendError('Error creating domain: %s' % e)
        except (TypeError, ValueError) as e:
            raise XendError('Configuration error %s' % e)
        uid = child_value(cfg, 'uuid')
        if uid:
            h = re.sub('[^0-9a-fA-F]', '', uid)
            uid = '%s-%s-%s-%s-%s' % (h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])
        dom = Domain(name, None if managed else self.alloc_id(), memory, maxmem, vcpus,
                     image=image, devices=devices, uid=uid,
                     on=(child_value(cfg, 'on_poweroff', 'destroy'), child_value(cfg, 'on_reboot', 'restart'),
                         child_value(cfg, 'on_crash', 'restart')), bootloader=bootloader)
        dom.managed = managed
        dom.on_xend_start = child_value(cfg, 'on_xend_start', 'ignore')
        dom.paused = not managed       # proto §4.2: create leaves the domain paused
        for dev in dom.devices:
            self.assign_devid(dom, dev)
        self.domains.append(dom)
        self.store(dom)
        return dom

    def remove(self, dom):
        self.unstore(dom)
        if self.zombies and dom.domid is not None and not dom.managed:
            z = Domain('Zombie-' + dom.name, dom.domid, dom.memory, dom.maxmem, dom.vcpus, uid=dom.uuid)
            z.zombie = 1                      # listed by the next listing only
            self.domains.append(z)
        if dom.managed:
            dom.domid = None
            dom.paused = False
        else:
            self.domains.remove(dom)


# ---------------------------------------------------------------- HTTP (xen/web/http.py)

REASONS = {200: 'OK', 201: 'Created', 202: 'Accepted', 404: 'Not found', 406: 'Not acceptable',
           413: 'Request Entity Too Large', 500: 'Internal server error', 501: 'Not implemented'}


class Reply:
    def __init__(self, code=200, body=None, ctype='application/sxp', reason=None, headers=None, close=False):
        self.code = code
        self.body = body        # str, list (SXP) or None
        self.ctype = ctype
        self.reason = reason
        self.headers = headers or []
        self.close = close


def sxp_reply(v, code=200, reason=None, headers=None):
    return Reply(code, show(v), 'application/sxp', reason, headers)


class Server:
    def __init__(self, args):
        self.args = args
        self.node = Node(args.version, args.guests, args.zombies, args.xenstore)
        self.stop = False

    # ---- error profile (proto §2.7, §6 item 3)
    def op_error(self, op, msg, accepted=False):
        body = show(['xend.err', msg])
        if op == 'save':
            return Reply(202, body)                  # threaded op: status already 202
        if self.node.version == '3.0.2':
            return Reply(202 if accepted else 200, body)
        return Reply(500, body, reason='Request failed: %s' % op)

    def handle(self, method, path, query, form, headers):
        segs = [urllib.parse.unquote(s) for s in path.split('/')]
        if path.startswith('/fake/stats'):
            return sxp_reply(['stats', ['requests', self.node.requests],
                              ['last_config_name', self.node.last_config_name],
                              ['last_path', self.node.last_path], ['last_migrate', self.node.last_migrate]])
        self.node.requests += 1
        self.node.last_path = path
        args = dict(query)
        args.update(form)              # proto §1.3: body args override query args
        parts = [s for s in segs[1:]]
        if parts and parts[-1] == '':
            parts = parts[:-1]
        if not parts:
            return sxp_reply(['ls', ''])           # proto §2.1 (written "(ls )")
        if parts[0] != 'xend':
            return Reply(404, 'Not found: %s' % parts[0], 'text/plain')
        rest = parts[1:]
        if not rest:
            return Reply(200, '(ls  node domain vnet)')
        if method not in ('GET', 'POST'):
            return Reply(501, 'Request method not supported (%s)' % method, 'text/plain',
                         headers=[('Accept', 'GET, POST')])
        if rest[0] == 'node':
            return self.node_res(method, rest[1:], args)
        if rest[0] == 'domain':
            if len(rest) == 1:
                return self.domain_dir(method, args, query)
            dom = self.node.lookup(rest[1])
            if dom is None:
                return Reply(404, 'No such domain %s' % rest[1], 'text/plain')
            return self.domain_res(method, dom, args)
        if rest[0] == 'vnet':
            return sxp_reply([])
        return Reply(404, 'Not found: %s' % rest[0], 'text/plain')

    def get_op(self, args):
        ops = args.get('op')
        if ops is None or len(ops) != 1:
            return None
        return ops[0]

    def arg(self, args, name):
        v = args.get(name)
        if v is None:
            raise XendError('Missing parameter: %s' % name)
        if len(v) > 1:
            raise XendError('Too many values for %s' % name)
        return v[0]

    def int_arg(self, args, name):
        v = self.arg(args, name)
        try:
            return int(v)
        except ValueError:
            raise XendError('invalid literal for int(): %s' % v)

    def node_res(self, method, rest, args):
        if rest and rest[0] in ('dmesg', 'log'):
            return Reply(200, '(XEN) fake console\n', 'text/plain')
        if rest:
            return Reply(404, 'Not found: %s' % rest[0], 'text/plain')
        if method == 'GET':
            return sxp_reply(self.node.node_record())
        op = self.get_op(args)
        if op is None:
            return Reply(406, '', reason='Invalid request')
        if op in ('shutdown', 'reboot'):
            return Reply(200, '0')                   # proto §2.2: no-ops returning 0
        return Reply(501, 'Operation not implemented: %s' % op, reason='Operation not implemented: %s' % op)

    def domain_dir(self, method, args, query):
        node = self.node
        if method == 'GET':
            if query.get('detail') == ['1']:
                return sxp_reply([d.record(node.version) for d in node.listed()])
            state = (query.get('state') or [''])[0]
            if node.version == '3.0.4' and state == 'all':
                doms = [d for d in node.domains]
                if self.args.phantoms:
                    return sxp_reply(sorted([d.name for d in doms] +
                                            ['phantom%06d' % i for i in range(self.args.phantoms)]))
            elif node.version == '3.0.4' and state == 'halted':
                doms = [d for d in node.domains if d.domid is None]
            else:
                doms = node.listed()
            return sxp_reply(sorted(d.name for d in doms))   # proto §2.4: sorted bytewise
        op = self.get_op(args)
        if op is None:
            return Reply(406, '', reason='Invalid request')
        try:
            if op == 'create':
                dom = node.create(self.arg(args, 'config'))
                return sxp_reply(dom.record(node.version), 201, 'created',
                                 [('Location', 'http://localhost:8080/xend/domain/' + dom.name)])
            if op == 'restore':
                return self.restore(self.arg(args, 'file'))
            if op == 'list':
                return sxp_reply([d.record(node.version) for d in node.listed()])
            if op == 'new' and node.version == '3.0.4':
                node.create(self.arg(args, 'config'), managed=True)
                return Reply(200, None)
        except XendError as e:
            if op == 'restore':
                return Reply(200, show(['xend.err', str(e)]))
            return self.op_error(op, str(e))
        return Reply(501, 'Operation not implemented: %s' % op, reason='Operation not implemented: %s' % op)

    def restore(self, path):
        try:
            with open(path) as f:
                text = f.read()
        except OSError as e:
            raise XendError('Restore failed: %s' % e)
        if not text.startswith('LinuxGuestRecord\n'):
            raise XendError('Restore failed: not a saved domain image: %s' % path)
        node = self.node
        cfg = text.split('\n', 1)[1]
        dom = node.create(cfg)
        dom.paused = False
        return Reply(201, None, None, 'Created', [('Location', 'http://localhost:8080/xend/domain/' + dom.name)])

    def domain_res(self, method, dom, args):
        node = self.node
        if method == 'GET' and (args.get('op') or [''])[0] != 'vcpuinfo':
            return sxp_reply(dom.record(node.version))
        op = self.get_op(args)
        if op is None:
            return Reply(406, '', reason='Invalid request')
        accepted = op in ('shutdown', 'destroy', 'save', 'rename', 'sysrq', 'wait_for_devices',
                          'start', 'delete', 'dump')
        try:
            if op == self.args.fail_op:
                raise XendError(self.args.fail_text or 'Injected failure of %s' % op)
            r = self.domain_op(op, dom, args)
        except XendError as e:
            return self.op_error(op, str(e), accepted)
        if r is NotImplemented:
            return Reply(501, 'Operation not implemented: %s' % op, reason='Operation not implemented: %s' % op)
        if accepted:
            return Reply(202, None, None, headers=[('Location', '..')])
        return Reply(200, r if r is None else show(r))

    def domain_op(self, op, dom, args):
        node = self.node
        v = node.version
        active = dom.domid is not None
        if op in ('pause', 'unpause', 'shutdown', 'destroy', 'save', 'mem_target_set', 'set_vcpus',
                  'wait_for_devices', 'dump') and not active:
            raise XendError('Domain %s is not running' % dom.name)
        if op == 'pause':
            dom.paused = True
            return None
        if op == 'unpause':
            dom.paused = False
            return None
        if op == 'wait_for_devices':
            return None
        if op == 'shutdown':
            reason = self.arg(args, 'reason')
            if reason not in ('poweroff', 'reboot', 'suspend', 'crash', 'halt'):
                raise XendError('Invalid reason: %s' % reason)
            if dom.domid == 0 and v != '3.0.2':
                raise XendError("Can't specify Domain-0" if v == '3.0.3' else 'Domain 0 cannot be shutdown')
            if reason == 'reboot':
                node.unstore(dom)
                dom.domid = node.alloc_id()          # a rebooted guest comes back under a new id
                dom.cpu_time = 0.0
                node.store(dom)
            elif dom.domid != 0:
                node.remove(dom)
            return None
        if op == 'destroy':
            if dom.domid == 0:
                raise XendError('Cannot destroy privileged domain 0')
            node.remove(dom)
            return None
        if op == 'save':
            path = self.arg(args, 'file')
            if dom.domid == 0:
                raise XendError('Cannot save privileged domain 0')
            cfg = ['vm', ['name', dom.name], ['memory', dom.memory], ['maxmem', dom.maxmem],
                   ['vcpus', dom.vcpus], ['uuid', dom.uuid]]
            if dom.image:
                cfg.append(dom.image)
            if dom.bootloader:
                cfg.append(['bootloader', dom.bootloader])
            for d in dom.devices:
                cfg.append(['device', [x for x in d if not (isinstance(x, list) and x[0] == 'backend')]])
            try:
                with open(path, 'w') as f:
                    f.write('LinuxGuestRecord\n' + show(cfg))
            except OSError as e:
                raise XendError('Save failed: %s' % e)
            node.remove(dom)
            return None
        if op == 'mem_target_set':
            t = self.int_arg(args, 'target')
            if t <= 0 and v != '3.0.2':
                raise XendError('Invalid memory size')
            dom.memory = t
            return None
        if op == 'maxmem_set':
            m = self.int_arg(args, 'memory')
            if m <= 0 and v == '3.0.4':
                raise XendError('Invalid memory size')
            dom.maxmem = m
            return 0
        if op == 'vcpuinfo':
            if not active:
                raise XendError('Domain %s is not running' % dom.name)
            return dom.vcpuinfo(4)   # node_record's nr_cpus
        if op == 'pincpu':
            # XendDomain.domain_pincpu: vcpu int (3.0.3+: or 'all'); cpumap "[0,2]" or "0,2".
            # 3.0.2 handed the string to xc, which ignores a non-list: every CPU (proto §2.5)
            if not active:
                raise XendError('Domain %s is not running' % dom.name)
            sv = self.arg(args, 'vcpu')
            vcpus = range(dom.vcpus) if sv == 'all' and v != '3.0.2' else [int(sv)]
            text = self.arg(args, 'cpumap').strip('[] ')
            try:
                cpus = sorted(set(int(c) for c in text.split(',') if c.strip()))
            except ValueError:
                raise XendError('Invalid cpumap: %s' % text)
            for n in vcpus:
                if n < 0 or n >= dom.vcpus:
                    raise XendError('Invalid VCPU %d' % n)
                if not cpus or any(c >= 4 for c in cpus):
                    raise XendError('(22, \'Invalid argument\')')   # xc's error for no usable CPU
                dom.cpumaps[n] = None if v == '3.0.2' else cpus
            return 0
        if op == 'set_vcpus':
            n = self.int_arg(args, 'vcpus')
            if n <= 0:
                raise XendError('Invalid VCPU count: %d' % n)
            dom.vcpus = n
            dom.cpumaps = (dom.cpumaps + [None] * n)[:n]
            return None
        if op == 'migrate':
            # SrvDomain.op_migrate: FormFn(domain_migrate, dom, destination str, live int,
            # resource int, port int); the fields later xends read (node, ssl,
            # change_home_server) are not declared, so not read. XendDomain.domain_migrate:
            # domain 0 refused, port 0 = xend-relocation-port (8002), a TCP connection to the
            # destination ("can't connect: <strerror>" when it fails), then XendCheckpoint.save
            # sends the domain, which leaves this host. The fake sends nothing and closes.
            if not active:
                raise XendError('Domain %s is not running' % dom.name)
            dst = self.arg(args, 'destination')
            live = self.int_arg(args, 'live')
            self.int_arg(args, 'resource')
            port = self.int_arg(args, 'port') if v != '3.0.2' or 'port' in args else 0
            if dom.domid == 0:
                raise XendError('Cannot migrate privileged domain %d' % dom.domid)
            if dom.paused and v == '3.0.2':
                raise XendError('Domain %s is paused' % dom.name)    # inferred: save of a paused guest hangs
            port = port or 8002
            node.last_migrate = '%s:%d live=%d refused' % (dst, port, live)
            try:
                with socket.create_connection((dst, port), timeout=5):
                    pass
            except OSError as e:
                raise XendError("can't connect: %s" % (e.strerror or e))
            node.last_migrate = '%s:%d live=%d' % (dst, port, live)
            node.remove(dom)
            return None
        if op == 'device_create':
            # SrvDomain.op_device_create: FormFn(domain_device_create, dom, config sxpr) ->
            # XendDomainInfo.device_create: the controller creates the device (its store
            # entries; a device id already in use is refused, inferred from
            # DevController.createDevice), the config joins info['device'], the reply is the
            # controller's sxpr of the new device. 3.0.4 adds it to a halted managed domain's
            # config alone.
            try:
                cfg = parse_sxp(self.arg(args, 'config'))
            except ParseError as e:
                raise XendError('Invalid configuration %s' % e)
            if not isinstance(cfg, list) or not cfg or cfg[0] not in ('vbd', 'tap', 'vif'):
                raise XendError('Invalid device config (%s)' % (cfg[0] if isinstance(cfg, list) and cfg else cfg))
            if not active and not (v == '3.0.4' and dom.managed):
                raise XendError('Domain %s is not running' % dom.name)
            dev = [cfg[0], ['backend', 0]] + cfg[1:]
            if cfg[0] in ('vbd', 'tap'):
                mode = child_value(dev, 'mode', 'r')
                if v != '3.0.2' and mode not in ('r', 'w', 'w!'):
                    raise XendError('Invalid mode')
            devid = node.assign_devid(dom, dev)
            if active and node.find_device(dom, cfg[0], devid) is not None:
                name = vbd_dev_name(str(child_value(dev, 'dev', '')))[0] if cfg[0] != 'vif' else str(devid)
                raise XendError('Device %s (%d, %s) is already connected.' % (name, devid, cfg[0]))
            dom.devices.append(dev)
            node.store_device(dom, dev)
            return [cfg[0], ['dom', dom.domid if active else -1], ['id', devid]]
        if op == 'device_destroy':
            # SrvDomain.op_device_destroy: FormFn(domain_device_destroy, dom, type, dev); extra
            # fields (libvirt's force, rm_cfg) are not declared and so not read (Args.get_args).
            # DevController.destroyDevice: the number (3.0.3+: a vbd may be named), then its
            # frontend's backend path, else "Device %s not connected".
            if not active:
                raise XendError('Domain %s is not running' % dom.name)
            cls = self.arg(args, 'type')
            if cls not in ('vbd', 'tap', 'vif', 'pci', 'vtpm', 'vfb', 'vkbd', 'ioports', 'irq', 'usb'):
                raise XendError("Unknown device class '%s'" % cls)
            ref = self.arg(args, 'dev')
            try:
                devid = int(ref)
            except ValueError:
                devid = blkdev_name_to_number(ref) if v != '3.0.2' and cls in ('vbd', 'tap') else None
                if devid is None:
                    raise XendError("invalid literal for int(): %s" % ref)
            dev = node.find_device(dom, cls, devid)
            if dev is None:
                raise XendError('Device %s not connected' % ref)
            node.unstore_device(dom, dev)
            dom.devices.remove(dev)
            del dom.dev_ids[id(dev)]
            return None
        if op == 'device_configure':
            # SrvDomain.op_device_configure: FormFn(domain_device_configure, dom, config, dev) ->
            # BlkifController.reconfigureDevice: only a read-only CD-ROM of the same name gets
            # a new type/params (a medium change); anything else "Refusing to reconfigure".
            if not active:
                raise XendError('Domain %s is not running' % dom.name)
            try:
                cfg = parse_sxp(self.arg(args, 'config'))
            except ParseError as e:
                raise XendError('Invalid configuration %s' % e)
            ref = self.arg(args, 'dev')
            try:
                devid = int(ref)
            except ValueError:
                raise XendError("invalid literal for int(): %s" % ref)
            if not isinstance(cfg, list) or not cfg or cfg[0] not in ('vbd', 'tap'):
                raise XendError('Cannot reconfigure device %s' % ref)
            dev = node.find_device(dom, cfg[0], devid)
            if dev is None:
                raise XendError('Device %s not connected' % ref)
            old_name, old_kind = vbd_dev_name(str(child_value(dev, 'dev', '')))
            new_name, new_kind = vbd_dev_name(str(child_value(cfg, 'dev', '')))
            if not (old_kind == 'cdrom' and new_kind == 'cdrom' and old_name == new_name
                    and child_value(dev, 'mode', 'r') == 'r'):
                raise XendError('Refusing to reconfigure device %s:%d to %s' % (cfg[0], devid, show(cfg)))
            for i, x in enumerate(dev):
                if isinstance(x, list) and x and x[0] == 'uname':
                    dev[i] = ['uname', child_value(cfg, 'uname', '')]
                    break
            else:
                dev.append(['uname', child_value(cfg, 'uname', '')])
            node.store_device(dom, dev)
            return None
        if v == '3.0.4' and op == 'dump':
            # SrvDomain.op_dump -> XendDomain.domain_dump(dom, file, live, crash): xc.domain_dumpcore
            # writes an ELF core; not live: paused around it; crash: destroyed afterwards
            path = self.arg(args, 'file')
            live, crash = self.int_arg(args, 'live'), self.int_arg(args, 'crash')
            if dom.domid == 0:
                raise XendError('Cannot dump core for privileged domain 0')
            try:
                with open(path, 'wb') as f:
                    f.write(b'\x7fELF' + ('fake core of %s live=%d' % (dom.name, live)).encode())
            except OSError as e:
                raise XendError('domain_dump failed: %s' % e)
            if crash:
                node.remove(dom)
            return None
        if v == '3.0.4' and op == 'start':
            if active:
                raise XendError('Domain is already running')
            dom.domid = node.alloc_id()
            dom.paused = False
            node.store(dom)
            return None
        if v == '3.0.4' and op == 'delete':
            if active:
                raise XendError('Domain is not halted.')
            node.domains.remove(dom)
            return None
        return NotImplemented


# ---------------------------------------------------------------- connection handling

def read_request(conn, buf):
    """Returns (method, path, query, headers, body, rest) or None at EOF. Raises on 413."""
    while b'\r\n\r\n' not in buf and b'\n\n' not in buf:
        data = conn.recv(65536)
        if not data:
            return None
        buf += data
        if len(buf) > 65536:
            raise ValueError('head too long')
    sep = b'\r\n\r\n' if b'\r\n\r\n' in buf else b'\n\n'
    head, buf = buf.split(sep, 1)
    lines = head.decode('latin-1').replace('\r\n', '\n').split('\n')
    fields = lines[0].split()
    if len(fields) not in (2, 3):
        raise ValueError('bad request line')
    method, uri = fields[0], fields[1]
    headers = {}
    for line in lines[1:501]:
        if ':' in line:
            k, v = line.split(':', 1)
            headers[k.strip().lower()] = v.strip()
    body = b''
    if 'content-length' in headers:    # proto §1.3: body read only with Content-Length
        n = int(headers['content-length'])
        if n > 10000:
            raise OverflowError()
        while len(buf) < n:
            data = conn.recv(65536)
            if not data:
                break
            buf += data
        body, buf = buf[:n], buf[n:]
    return method, uri, headers, body, buf


def send_reply(conn, server, reply, headers_in, keep):
    args = server.args
    if isinstance(reply.body, list):
        reply.body = show(reply.body)
    body = (reply.body or '').encode('utf-8')
    reason = reply.reason or REASONS.get(reply.code, 'OK')
    # proto §1.5: HTTP/1.1 always, capitalised header names, the three no-cache
    # headers, Content-length always, no Date/Server, no trailing newline
    hdrs = [('Pragma', 'no-cache'), ('Cache-control', 'no-cache'), ('Expires', '-1')]
    if reply.ctype and (reply.body is not None):
        hdrs.append(('Content-type', reply.ctype))
    hdrs += reply.headers
    if keep:
        hdrs.append(('Connection', 'keep-alive'))
    fault = args.fault if args.fault and headers_in.get('__path', '').startswith(args.fault_path) else None
    if fault == 'slow':
        time.sleep(args.delay)
    if fault == 'garbage':
        conn.sendall(b'SSH-2.0-OpenSSH_9.2\r\n\r\n')
        return False
    if fault == 'bad-sxp':
        body = b'(domain (domid 1) (name broken'
        reply.code, reason = 200, 'OK'
    if fault in ('huge', 'huge-noclen'):
        head = 'HTTP/1.1 200 OK\r\nContent-type: application/sxp\r\n'
        if fault == 'huge':
            head += 'Content-length: %d\r\n' % (100 * 1024 * 1024)
        conn.sendall((head + '\r\n').encode())
        chunk = b'(' + b'x' * 65534 + b')'
        try:
            for _ in range(1600):
                conn.sendall(chunk)
        except OSError:
            pass
        return False
    if fault == 'chunked':
        head = 'HTTP/1.1 %d %s\r\n' % (reply.code, reason)
        head += ''.join('%s: %s\r\n' % h for h in hdrs) + 'Transfer-Encoding: chunked\r\n\r\n'
        out = head.encode('latin-1')
        for i in range(0, len(body), 7):
            part = body[i:i + 7]
            out += b'%x\r\n' % len(part) + part + b'\r\n'
        conn.sendall(out + b'0\r\n\r\n')
        return False
    if reply.code not in (204, 304):
        hdrs.append(('Content-length', str(len(body))))
    head = 'HTTP/1.1 %d %s\r\n' % (reply.code, reason) + ''.join('%s: %s\r\n' % h for h in hdrs) + '\r\n'
    data = head.encode('latin-1') + body
    if fault == 'close-mid':
        conn.sendall(data[:len(head) + len(body) // 2])
        return False
    conn.sendall(data)
    return keep


def html_reply(reply):
    # proto §1.4: a browser-like client gets HTML
    text = reply.body if isinstance(reply.body, str) else show(reply.body) if reply.body else ''
    return Reply(reply.code, '<html><body><p>%s</p></body></html>' % text, 'text/html', reply.reason)


def serve_conn(server, conn):
    buf = b''
    try:
        conn.settimeout(30)
        while True:
            try:
                req = read_request(conn, buf)
            except OverflowError:
                conn.sendall(b'HTTP/1.1 413 Request Entity Too Large\r\nContent-length: 0\r\n\r\n')
                return                   # proto §1.3: 413, then the connection is dropped
            except (ValueError, UnicodeDecodeError):
                conn.sendall(b'HTTP/1.1 400 Bad Request\r\nContent-length: 0\r\n\r\n')
                return
            if req is None:
                return
            method, uri, headers, body, buf = req
            path, _, qs = uri.partition('?')
            query = urllib.parse.parse_qs(qs, keep_blank_values=False)
            form = {}
            if method == 'POST' and headers.get('content-type', '').startswith('application/x-www-form-urlencoded'):
                form = urllib.parse.parse_qs(body.decode('latin-1'), keep_blank_values=True)
            with server.node.lock:
                reply = server.handle(method, path, query, form, headers)
            if server.args.slow_op and (form.get('op') or [''])[0] in server.args.slow_op.split(','):
                time.sleep(server.args.delay)       # outside the lock: other requests go on
            use_sxp = ('user-agent' not in headers or 'accept' not in headers
                       or 'application/sxp' in headers.get('accept', ''))
            headers['__path'] = path
            if not use_sxp or (server.args.fault == 'html' and path.startswith(server.args.fault_path)):
                reply = html_reply(reply)
            keep = headers.get('connection', '').lower() == 'keep-alive'
            if not send_reply(conn, server, reply, headers, keep):
                return
    except OSError:
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def main():
    ap = argparse.ArgumentParser(description='fake xend for virt tests')
    ap.add_argument('--unix')
    ap.add_argument('--tcp')
    ap.add_argument('--port-file')
    ap.add_argument('--version', default='3.0.3', choices=['3.0.2', '3.0.3', '3.0.4'])
    ap.add_argument('--guests', type=int, default=0)
    ap.add_argument('--fault', choices=['close-mid', 'slow', 'huge', 'huge-noclen', 'bad-sxp', 'chunked', 'garbage',
                                        'html'])
    ap.add_argument('--fault-path', default='/xend/domain')
    ap.add_argument('--delay', type=float, default=5.0)
    ap.add_argument('--fail-op')
    ap.add_argument('--fail-text')
    ap.add_argument('--phantoms', type=int, default=0)
    ap.add_argument('--slow-op')
    ap.add_argument('--zombies', action='store_true')
    ap.add_argument('--xenstore')
    args = ap.parse_args()
    server = Server(args)
    if args.unix:
        try:
            os.unlink(args.unix)
        except OSError:
            pass
        tmp = args.unix + '.tmp'
        try:
            os.unlink(tmp)
        except OSError:
            pass
        ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        ls.bind(tmp)
        ls.listen(5)                          # proto §1.1: backlog 5
        os.rename(tmp, args.unix)             # appears only once it accepts
    else:
        fam = socket.AF_INET6 if ':' in args.tcp else socket.AF_INET
        ls = socket.socket(fam, socket.SOCK_STREAM)
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind((args.tcp, 0))
        ls.listen(5)
        with open(args.port_file + '.tmp', 'w') as f:
            f.write('%d\n' % ls.getsockname()[1])
        os.rename(args.port_file + '.tmp', args.port_file)
    threaded = args.version == '3.0.4'       # proto §1.2: 3.0.4 has a thread per connection
    while True:
        conn, _ = ls.accept()
        if threaded:
            threading.Thread(target=serve_conn, args=(server, conn), daemon=True).start()
        else:
            serve_conn(server, conn)        # 3.0.2/3.0.3: one connection at a time


if __name__ == '__main__':
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
