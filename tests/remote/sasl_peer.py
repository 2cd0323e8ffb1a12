#!/usr/bin/python3
"""tests/remote/sasl_peer.py URI USER PASSWORD - libvirt's own client (python3-
libvirt 9.0) logging in to a libvirtd that asks for SASL (daemons.sh with
VR_SASL_MECH), one line per case: the right password opens the connection
(the test node's type, its domains, virConnectIsSecure/IsEncrypted), a
wrong one, no callback, a callback that refuses, a caller that answers
only VIR_CRED_AUTHNAME, and virConnectOpen without credentials each fail
with libvirt's error. Each line names the credential types the callback
was asked for. run_sasl.sh compares this with test_remote_sasl --live,
which makes the same calls through virt and prints the same lines."""
import sys

import libvirt


def opener(uri, credtypes, user, password, refuse=False, callback=True):
    asked = []

    def answer(creds, _data):
        for cred in creds:
            asked.append(cred[0])
            if cred[0] == libvirt.VIR_CRED_AUTHNAME:
                cred[4] = user
            elif cred[0] == libvirt.VIR_CRED_PASSPHRASE:
                cred[4] = password
        return -1 if refuse else 0

    if credtypes is None:
        return asked, lambda: libvirt.open(uri)
    auth = [credtypes, answer if callback else None, None]
    return asked, lambda: libvirt.openAuth(uri, auth, 0)


def login(asked, open_it):
    try:
        conn = open_it()
    except libvirt.libvirtError as e:
        return "error code=%d domain=%d message=%s asked=%s" % (
            e.get_error_code(), e.get_error_domain(), e.get_error_message(), sorted(set(asked)))
    try:
        return "ok type=%s domains=%s secure=%d encrypted=%d asked=%s" % (
            conn.getType(), sorted(d.name() for d in conn.listAllDomains()), conn.isSecure(),
            conn.isEncrypted(), sorted(set(asked)))
    finally:
        conn.close()


def main():
    uri, user, password = sys.argv[1:4]
    both = [libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE]
    libvirt.registerErrorHandler(lambda _ctx, _err: None, None)
    print("right password: " + login(*opener(uri, both, user, password)))
    print("wrong password: " + login(*opener(uri, both, user, password + "x")))
    print("no callback: " + login(*opener(uri, both, user, password, callback=False)))
    print("callback refuses: " + login(*opener(uri, both, user, password, refuse=True)))
    print("authname only: " + login(*opener(uri, [libvirt.VIR_CRED_AUTHNAME], user, password)))
    print("no credentials: " + login(*opener(uri, None, user, password)))


if __name__ == "__main__":
    main()
