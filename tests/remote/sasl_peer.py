#!/usr/bin/python3
"""tests/remote/sasl_peer.py URI USER PASSWORD - libvirt's own client (python3-
libvirt 9.0) logging in to a libvirtd that asks for SASL (daemons.sh with
VR_SASL_MECH): the right password opens the connection (the test node's
type and domain list), a wrong one fails with libvirt's error. Prints both
outcomes; run_remote.sh compares them with what it expects, and they are
what a SASL client of virt must reproduce."""
import sys

import libvirt


def login(uri, user, password):
    asked = []

    def answer(creds, _data):
        for cred in creds:
            asked.append(cred[0])
            if cred[0] == libvirt.VIR_CRED_AUTHNAME:
                cred[4] = user
            elif cred[0] == libvirt.VIR_CRED_PASSPHRASE:
                cred[4] = password
        return 0

    auth = [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], answer, None]
    try:
        conn = libvirt.openAuth(uri, auth, 0)
    except libvirt.libvirtError as e:
        return "error code=%d domain=%d message=%s asked=%s" % (
            e.get_error_code(), e.get_error_domain(), e.get_error_message(), sorted(set(asked)))
    try:
        return "ok type=%s domains=%s asked=%s" % (
            conn.getType(), sorted(d.name() for d in conn.listAllDomains()), sorted(set(asked)))
    finally:
        conn.close()


def main():
    uri, user, password = sys.argv[1:4]
    libvirt.registerErrorHandler(lambda _ctx, _err: None, None)
    print("right password: " + login(uri, user, password))
    print("wrong password: " + login(uri, user, password + "x"))


if __name__ == "__main__":
    main()
