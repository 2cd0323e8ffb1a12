#!/usr/bin/env bash
# tests/compile/prelude_identical.sh - the `>>prelude` and `>>common` blocks
# must be byte-identical in all five headers: each header carries its own
# copy so it can be used alone, and a copy that drifts would give two
# translation units different definitions of the same types (virt_status,
# virt_result) and helpers.
#
#   prelude_identical.sh SRCDIR
#
# A block runs from the line that starts with "/* >>NAME" to the line
# "/* >>NAME end */", both included. Exit 0 when identical, 1 otherwise.
set -u
SRC=${1:?usage: $0 SRCDIR}
HEADERS="virt.h virt_xml.h virt_xend.h virt_xs.h virt_hv.h virt_remote.h"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failed=0
passed=0

extract() { # extract BLOCK HEADER > out
    awk -v start="/* >>$1" -v stop="/* >>$1 end */" '
        index($0, start) == 1 && $0 != stop { inside = 1; count++ }
        inside { print }
        $0 == stop && inside { inside = 0; done = 1 }
        END { if (count != 1 || !done) exit 1 }' "$2"
}

for block in prelude common; do
    ref=""
    for h in $HEADERS; do
        if ! extract "$block" "$SRC/$h" >"$WORK/$block.$h"; then
            echo "FAIL $h: no single complete >>$block block (\"/* >>$block\" ... \"/* >>$block end */\")"
            failed=$((failed + 1))
            continue
        fi
        if [ -z "$ref" ]; then
            ref=$h
            passed=$((passed + 1))
            echo "ok   $h: >>$block block found ($(wc -l <"$WORK/$block.$h") lines, the reference)"
        elif cmp -s "$WORK/$block.$ref" "$WORK/$block.$h"; then
            passed=$((passed + 1))
            echo "ok   $h: >>$block identical to $ref"
        else
            failed=$((failed + 1))
            echo "FAIL $h: >>$block differs from $ref:"
            diff -u "$WORK/$block.$ref" "$WORK/$block.$h" | head -40 | sed 's/^/     | /'
        fi
    done
done
echo "prelude-identical: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
