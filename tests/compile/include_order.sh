#!/usr/bin/env bash
# tests/compile/include_order.sh - runs the include-order probes (one build
# of include_order.c per header order) and compares what they report: each
# must pass every check, and all must print the same summary.
#   include_order.sh FAKE_XENSTORED_PY PROBE...
set -u
script=$1
shift
first=""
status=0
for probe in "$@"; do
    out=$("$probe" "$script" 2>&1)
    rc=$?
    if [ "$rc" -eq 77 ]; then echo "SKIP: $out"; exit 77; fi
    summary=$(printf '%s\n' "$out" | tail -n 1)
    echo "$(basename "$probe"): $summary (exit $rc)"
    if [ "$rc" -ne 0 ]; then printf '%s\n' "$out" | sed 's/^/    | /'; status=1; fi
    if [ -z "$first" ]; then first=$summary
    elif [ "$summary" != "$first" ]; then echo "  differs from the first order: $first"; status=1; fi
done
exit $status
