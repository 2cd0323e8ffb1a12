#!/usr/bin/env bash
# tests/compile/prelude_identical.sh - the shared blocks, piece by piece.
#
# The headers usable alone (virt_xml.h, virt_xs.h, virt_hv.h, virt_remote.h)
# each carry the `>>prelude` and the `>>common PIECE` blocks they use;
# virt.h, virt_xend.h and virt_xl.h carry none (they include virt_xml.h,
# which carries all). Each piece is once-guarded by its version macro, so
# two copies must be byte-identical: a copy that drifts would give two
# translation units different definitions of the same helpers. Checked:
#   - the carriers carry exactly the pieces listed below, the others none;
#   - every copy of a piece is byte-identical to the first;
#   - a header carries no piece whose helpers it does not use;
#   - a piece's version macro is its guard and is checked against 1000.
#
#   prelude_identical.sh SRCDIR
#
# A block runs from the line that starts with "/* >>NAME:" to the line
# "/* >>NAME end */", both included. Exit 0 when all hold, 1 otherwise.
set -u
SRC=${1:?usage: $0 SRCDIR}
ALL_HEADERS="virt.h virt_xml.h virt_xend.h virt_xs.h virt_hv.h virt_remote.h virt_xl.h"
PIECES="prelude status size str buf"
# The pieces each header carries (none for the others).
carried() {
    case $1 in
        virt_xml.h | virt_xs.h | virt_remote.h) echo "prelude status size str buf" ;;
        virt_hv.h) echo "prelude status" ;;
        *) echo "" ;;
    esac
}
# What a header must use outside the block to need the piece (a regex).
uses() {
    case $1 in
        prelude) echo 'virt_status|VIRT_API' ;;
        status) echo 'virt__status_(set|clear)\(' ;;
        size) echo 'virt__size_(add|mul)\(' ;;
        str) echo 'virt__strn?dup\(' ;;
        buf) echo 'virt__buf_[a-z]+\(' ;;
    esac
}
marker() { if [ "$1" = prelude ]; then echo ">>prelude"; else echo ">>common $1"; fi; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failed=0
passed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

count() { # count NAME HEADER: how many blocks start with "/* NAME:"
    awk -v start="/* $1:" 'index($0, start) == 1 { n++ } END { print n + 0 }' "$2"
}
extract() { # extract NAME HEADER > out
    awk -v start="/* $1:" -v stop="/* $1 end */" '
        index($0, start) == 1 { inside = 1; count++ }
        inside { print }
        $0 == stop && inside { inside = 0; done = 1 }
        END { if (count != 1 || !done) exit 1 }' "$2"
}
outside() { # outside HEADER: the header without any shared block
    awk '/^\/\* >>(prelude|common [a-z]+):/ { inside = 1 }
        !inside { print }
        /^\/\* >>(prelude|common [a-z]+) end \*\/$/ { inside = 0 }' "$1"
}

for piece in $PIECES; do
    name=$(marker "$piece")
    ref=""
    for h in $ALL_HEADERS; do
        n=$(count "$name" "$SRC/$h")
        case " $(carried "$h") " in
            *" $piece "*) want=1 ;;
            *) want=0 ;;
        esac
        if [ "$n" -ne "$want" ]; then
            fail "$h: $n \"/* $name:\" blocks, expected $want"
            continue
        fi
        [ "$want" -eq 1 ] || continue
        if ! extract "$name" "$SRC/$h" >"$WORK/$piece.$h"; then
            fail "$h: $name block has no \"/* $name end */\" line"
            continue
        fi
        if ! outside "$SRC/$h" | grep -Eq "$(uses "$piece")"; then
            fail "$h: carries $name but uses none of its helpers ($(uses "$piece"))"
        fi
        if [ "$piece" != prelude ]; then
            macro=VIRT__COMMON_$(echo "$piece" | tr a-z A-Z)_VERSION
            if ! grep -q "^#ifndef $macro\$" "$WORK/$piece.$h" ||
               ! grep -q "^#if defined($macro) && $macro != 1000\$" "$WORK/$piece.$h"; then
                fail "$h: $name is not guarded and version-checked by $macro"
            fi
        fi
        if [ -z "$ref" ]; then
            ref=$h
            ok "$h: $name found ($(wc -l <"$WORK/$piece.$h") lines, the reference)"
        elif cmp -s "$WORK/$piece.$ref" "$WORK/$piece.$h"; then
            ok "$h: $name identical to $ref"
        else
            fail "$h: $name differs from $ref:"
            diff -u "$WORK/$piece.$ref" "$WORK/$piece.$h" | head -40 | sed 's/^/     | /'
        fi
    done
done
# The old whole-block marker must be gone (a header merged from before the
# split would carry it and redefine every helper).
for h in $ALL_HEADERS; do
    if grep -q '^#define VIRT__COMMON_INCLUDED' "$SRC/$h"; then
        fail "$h: still carries the whole >>common block (VIRT__COMMON_INCLUDED); carry pieces"
    fi
done
echo "prelude-identical: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
