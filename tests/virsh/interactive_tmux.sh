#!/usr/bin/env bash
# tests/virsh/interactive_tmux.sh VIRSH EDITING: the interactive virsh as a
# person uses it, in a real terminal (tmux): types commands and arrow keys
# with `tmux send-keys` and reads the screen with `capture-pane`.
#   EDITING  libedit | readline | none: what examples/CMakeLists.txt built
#            virsh with (none: the plain fallback, no history)
# With line editing: Up recalls the last command (and must not reach the
# parser as "^[[A"), the history file virsh 9.0 uses ($XDG_CACHE_HOME/virsh/
# history) is read at start (a line written there beforehand, as GNU
# readline writes it, is recalled) and written at exit. Without: commands
# still run and no history file appears. Exit 77 without tmux.
set -u
VIRSH=$1 EDITING=$2
command -v tmux >/dev/null || { echo "tmux is not installed (Debian: tmux)"; exit 77; }
tmp=$(mktemp -d)
sock="$tmp/tmux.sock"
T() { tmux -S "$sock" "$@"; }
trap 'T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); echo "     screen:"; screen | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' | sed 's/^/     | /'; }
screen() { T capture-pane -p -t vt -S -100 2>/dev/null; }
# wait_for SECONDS CMD...: polls CMD every 0.1 s (the screen is redrawn asynchronously)
wait_for() {
    local n=$(($1 * 10)); shift
    while [ $n -gt 0 ]; do "$@" && return 0; sleep 0.1; n=$((n - 1)); done
    return 1
}
count() { screen | grep -c -- "$1"; }
has_count() { [ "$(count "$1")" -ge "$2" ]; }
session_gone() { ! T has-session -t vt 2>/dev/null; }

mkdir -p "$tmp/cache/virsh"
# GNU readline's format, with a timestamp line (history_write_timestamps)
printf '#1700000000\nnodeinfo\n' > "$tmp/cache/virsh/history"
[ "$EDITING" = none ] && rm -rf "$tmp/cache/virsh"
T new-session -d -s vt -x 100 -y 50 \
    "env -u VIRSH_HISTSIZE XDG_CACHE_HOME=$tmp/cache $VIRSH -c test:///default; echo \"virsh exited \$?\"; sleep 30"
wait_for 10 has_count 'virsh #' 1 && ok "the prompt appears" || bad "no prompt"

T send-keys -t vt 'list' Enter
wait_for 10 has_count ' 1    test   running' 1 && ok "list runs" || bad "list did not run"

if [ "$EDITING" != none ]; then
    T send-keys -t vt Up
    wait_for 5 has_count 'virsh # list' 2 && ok "Up recalls 'list' onto the prompt line" ||
        bad "Up did not recall 'list'"
    T send-keys -t vt Enter
    wait_for 10 has_count ' 1    test   running' 2 && ok "Up, Enter runs it again" ||
        bad "Up, Enter did not run list again"
    [ "$(count 'nknown command')" = 0 ] && ok "no 'unknown command' (the arrow is not a command)" ||
        bad "the arrow key reached the command parser"
    # list, list, then the line that was in the history file before virsh started
    T send-keys -t vt Up Up Up
    wait_for 5 has_count 'virsh # nodeinfo' 1 && ok "Up x3 recalls 'nodeinfo' from the history file" ||
        bad "the history file's entry was not recalled"
    T send-keys -t vt Enter
    wait_for 10 has_count 'CPU model:' 1 && ok "the recalled nodeinfo runs" || bad "nodeinfo did not run"
fi

T send-keys -t vt 'quit' Enter
# exit status 0 (under ASan/UBSan: no report either)
wait_for 20 has_count 'virsh exited ' 1 || true
[ "$(count 'virsh exited 0')" = 1 ] && ok "quit ends virsh with status 0" || bad "virsh did not exit 0 after quit"
if [ "$EDITING" != none ]; then
    want=$(printf 'nodeinfo\nlist\nlist\nnodeinfo\nquit')
    got=$(cat "$tmp/cache/virsh/history" 2>/dev/null)
    [ "$got" = "$want" ] && ok "history written to \$XDG_CACHE_HOME/virsh/history, one command a line" ||
        { bad "history file"; echo "     want: $(echo $want)"; echo "     got:  $(echo $got)"; }
else
    [ ! -e "$tmp/cache/virsh/history" ] && ok "no history file without line editing" ||
        bad "the plain fallback wrote a history file"
fi
echo "virsh_interactive ($EDITING): $passed passed, $failed failed"
[ "$failed" = 0 ]
