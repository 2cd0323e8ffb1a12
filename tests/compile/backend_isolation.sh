#!/usr/bin/env bash
# tests/compile/backend_isolation.sh - no backend header names another
# backend's private functions (virt__hv_*, virt__xs_*, virt__xend_*, virt__xl_*) or
# tests a backend-presence macro (VIRT__*HAS_*, VIRT_NO_HV/XS/XEND): only
# virt.h's Xen router combines backends (issue 10).
#   backend_isolation.sh SRCDIR
set -u
cd "$1" || exit 2
status=0
for own in hv xs xend xl; do
    header=virt_$own.h
    for other in hv xs xend xl; do
        [ "$other" = "$own" ] && continue
        # virt__xs_ is a prefix of no other backend's names; virt__hv_ neither
        hits=$(grep -n "virt__${other}_" "$header")
        if [ -n "$hits" ]; then
            echo "$header names $other's private functions:"; echo "$hits"; status=1
        fi
    done
    hits=$(grep -nE 'VIRT__[A-Z_]*HAS_|VIRT_NO_(HV|XS|XEND)\b' "$header")
    if [ -n "$hits" ]; then
        echo "$header tests a backend-presence macro:"; echo "$hits"; status=1
    fi
done
[ $status -eq 0 ] && echo "backend headers: no cross-backend names or presence macros"
exit $status
