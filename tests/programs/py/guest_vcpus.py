#!/usr/bin/env python3
"""Equivalent of libvirt-python's examples/guest-vcpus/guest-vcpu.py (see
../README.md): the live and maximum vCPU counts, then a change of the
live one through setVcpusFlags."""
import sys

import libvirt

conn = libvirt.open(sys.argv[1])
dom = conn.lookupByName(sys.argv[2])
print("max %d live %d" % (dom.vcpusFlags(libvirt.VIR_DOMAIN_VCPU_MAXIMUM), dom.vcpusFlags(libvirt.VIR_DOMAIN_AFFECT_LIVE)))
dom.setVcpusFlags(1, libvirt.VIR_DOMAIN_AFFECT_LIVE)
print("after: live %d" % dom.vcpusFlags(libvirt.VIR_DOMAIN_AFFECT_LIVE))
