#!/usr/bin/env bash
# tests/remote/run_sasl.sh - virt's SASL client against Debian's real
# libvirtd, one daemon per mechanism (SCRAM-SHA-256, DIGEST-MD5) asking for
# SASL on its unix socket, from a private config and sasldb (daemons.sh,
# VR_SASL_MECH; nothing in /etc).
#   built with VIRT_WITH_SASL (WITH_SASL=1): python3-libvirt (sasl_peer.py)
#     and virt (test_remote_sasl --live) make the same six logins (right and
#     wrong password, no callback, a refusing callback, AUTHNAME only, no
#     credentials at all); their lines must be identical: results, error
#     code, domain and message, IsSecure/IsEncrypted, the credential types
#     asked; then DIGEST-MD5 over TCP (auth_tcp = "sasl": libvirt asks SSF
#     >= 56 there, every packet then goes through sasl_encode/decode): the
#     same six logins, and a 200 KB definition both ways and 4 threads'
#     calls through the security layer (test_remote_sasl --tcp).
#   without (WITH_SASL=0): virConnectOpenAuth is refused naming 'sasl', the
#     callback never called (test_remote_sasl --refused).
# Usage: run_sasl.sh BINDIR WITH_SASL
# Exit 77 (skip) when libvirtd, python3-libvirt or saslpasswd2 (sasl2-bin)
# is missing.
set -u
BIN=${1:?usage: $0 BINDIR WITH_SASL}
WITH_SASL=${2:?usage: $0 BINDIR WITH_SASL}
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3          # Debian's python3, where python3-libvirt lives
$PY -c 'import libvirt' 2>/dev/null || { echo "SKIP: python3-libvirt not installed"; exit 77; }
. "$HERE/daemons.sh"
passed=0; failed=0
check() { # check NAME COMMAND...
    if "${@:2}"; then passed=$((passed + 1)); echo "ok: $1"
    else failed=$((failed + 1)); echo "FAILED: $1"; fi
}
same_logins() { # same_logins URI: virt's lines == python3-libvirt's
    local want got
    want=$($PY "$HERE/sasl_peer.py" "$1" alice secret 2>&1)
    got=$("$BIN/test_remote_sasl" --live "$1" alice secret 2>&1)
    # the reference itself: libvirt logs in and refuses the wrong password
    case $want in "right password: ok type=TEST domains=['test'] secure=1 encrypted=1 asked=[2, 5]"*) ;;
        *) echo "sasl_peer.py printed:"; echo "$want"; return 1 ;; esac
    [ "$want" = "$got" ] || { diff -u <(echo "$want") <(echo "$got"); return 1; }
}
for mech in scram-sha-256 digest-md5; do
    VR_AUTH_UNIX_RW=sasl VR_SASL_MECH=$mech VR_SASL_USER=alice VR_SASL_PASS=secret vr_start_libvirtd
    rc=$?
    [ $rc = 0 ] || exit $rc                 # 77: libvirtd or saslpasswd2 missing
    uri="test+unix:///default?socket=$VR_SOCK"
    if [ "$WITH_SASL" = 1 ]; then
        check "sasl_$mech: virt's logins == python3-libvirt's" same_logins "$uri"
    else
        check "sasl_$mech: refused by name (built without VIRT_WITH_SASL)" "$BIN/test_remote_sasl" --refused "$uri"
    fi
done
if [ "$WITH_SASL" = 1 ]; then
    VR_AUTH_TCP=sasl VR_SASL_MECH=digest-md5 VR_SASL_USER=alice VR_SASL_PASS=secret vr_start_libvirtd || exit $?
    uri="test+tcp://127.0.0.1:$VR_TCP_PORT/default"
    check "sasl_digest-md5_tcp: virt's logins == python3-libvirt's (security layer, SSF 128)" same_logins "$uri"
    check "sasl_digest-md5_tcp: 200 KB both ways, 4 threads through the layer" \
        "$BIN/test_remote_sasl" --tcp "$uri" alice secret
fi
echo "run_sasl: $passed passed, $failed failed"
[ $failed = 0 ]
