#!/usr/bin/env python3
"""tests/remote/virsh_remote.py - tests/virsh/virsh_compare.py's cases (the
virsh example against Debian's virsh, output line for line) pointed at a
libvirtd URI instead of test:///default: both tools then talk to the same
daemon, virt through its remote driver.

    virsh_remote.py --virt VIRSH_EXAMPLE --uri URI CASE...

Each virsh process gets a fresh test node from the daemon (libvirtd shares
test:///default only among connections open at the same time), which is
what the cases expect of test:///default too."""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "virsh"))
import virsh_compare as vc  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--virt", required=True)
    ap.add_argument("--uri", required=True)
    ap.add_argument("cases", nargs="+")
    a = ap.parse_args()
    vc.URI = a.uri
    # compare()'s default uri was bound when the module was loaded
    defaults = list(vc.compare.__defaults__)
    defaults[-1] = a.uri
    vc.compare.__defaults__ = tuple(defaults)
    failed = 0
    for case in a.cases:
        ctx = vc.Ctx(os.path.abspath(a.virt), "", "")
        os.chmod(ctx.tmp, 0o777)          # the daemon (another user) writes save files there
        try:
            vc.CASES[case](ctx)
            print("virsh_remote %s: %d passed, 0 failed" % (case, ctx.checks))
        except (vc.Failure, vc.subprocess.TimeoutExpired) as e:
            print("FAILED: %s: %s" % (case, e))
            failed += 1
        finally:
            vc.shutil.rmtree(ctx.tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
