# tests/remote/daemons.sh - sourced by the remote tests: starts Debian's
# libvirtd (built-in test driver only) and, on request, a private sshd, both
# on loopback, and stops them by PID when the sourcing script exits (also
# on failure). Facts: shared/reference/libvirt-remote-protocol.md section 9.
#
#   . daemons.sh; vr_start_libvirtd; [vr_start_sshd]
#   sets VR_DIR, VR_SOCK, VR_TCP_PORT, VR_LIBVIRTD_PID, [VR_SSH_PORT VR_SSH_KEY]
# VR_AUTH_UNIX_RW=sasl VR_SASL_MECH=scram-sha-256 (or digest-md5, ...): the
# unix socket asks for SASL with that mechanism only, from a private config
# and sasldb (user VR_SASL_USER, password VR_SASL_PASS), nothing in /etc.
# VR_AUTH_TCP=sasl: the TCP listener asks for it too (default none).
# Returns 77 from vr_start_* when the component is not installed.

VR_PIDS=""
VR_DIRS=""
vr_cleanup() {
    local p
    for p in $VR_PIDS; do kill "$p" 2>/dev/null; done
    for p in $VR_PIDS; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$p" 2>/dev/null
    done
    VR_PIDS=""
    for p in $VR_DIRS; do rm -rf "$p"; done
}
trap vr_cleanup EXIT

vr_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits up to 10 s for a path to exist (a socket the daemon creates).
vr_wait_path() {
    for _ in $(seq 1 100); do [ -e "$1" ] && return 0; sleep 0.1; done
    return 1
}

# vr_run_libvirtd DIR EXTRA_ENV [ARGS...]: libvirtd in the background on
# DIR/libvirtd.conf with ARGS, its home, runtime, config and cache in DIR,
# the environment empty but for PATH and EXTRA_ENV ("" for none; no spaces).
# As root it would be a privileged daemon (system paths): it runs as nobody.
vr_run_libvirtd() {
    local dir=$1 extra=$2 runas=""
    shift 2
    if [ "$(id -u)" = 0 ]; then
        chown -R 65534:65534 "$dir"
        runas="setpriv --reuid=65534 --regid=65534 --clear-groups"
    fi
    # shellcheck disable=SC2086  # extra and runas are words or nothing
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$dir/home" XDG_RUNTIME_DIR="$dir/run" \
        XDG_CONFIG_HOME="$dir/cfg" XDG_CACHE_HOME="$dir/cache" $extra \
        $runas libvirtd -f "$dir/libvirtd.conf" "$@" >/dev/null 2>&1 &
}

# With VR_SASL_MECH set: DIR/sasl/libvirt.conf naming that mechanism and a
# sasldb made by saslpasswd2 (the daemon's SASL service is "libvirt";
# cyrus-sasl reads SERVICE.conf from $SASL_CONF_PATH, and libvirtd 9.0's log
# then lists only that file's mechanism); prints the environment word for
# the daemon. 77 when saslpasswd2 (sasl2-bin) is missing.
vr_sasl_config() {
    local dir=$1
    [ -n "${VR_SASL_MECH:-}" ] || return 0
    command -v saslpasswd2 >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
    command -v saslpasswd2 >/dev/null 2>&1 || { echo "SKIP: saslpasswd2 not installed (sasl2-bin)" >&2; return 77; }
    mkdir -p "$dir/sasl"
    printf 'mech_list: %s\nsasldb_path: %s\n' "$VR_SASL_MECH" "$dir/sasl/passwd.db" > "$dir/sasl/libvirt.conf"
    printf '%s' "${VR_SASL_PASS:-secret}" |
        saslpasswd2 -p -c -a libvirt -f "$dir/sasl/passwd.db" "${VR_SASL_USER:-alice}" || return 1
    printf ' SASL_CONF_PATH=%s' "$dir/sasl"
}

vr_start_libvirtd() {
    command -v libvirtd >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
    command -v libvirtd >/dev/null 2>&1 || { echo "SKIP: libvirtd not installed (libvirt-daemon)"; return 77; }
    VR_DIR=$(mktemp -d /tmp/virt-remote.XXXXXX)
    VR_DIRS="$VR_DIRS $VR_DIR"
    mkdir -p "$VR_DIR"/empty "$VR_DIR"/home "$VR_DIR"/run "$VR_DIR"/cfg "$VR_DIR"/cache
    VR_TCP_PORT=$(vr_free_port)
    cat > "$VR_DIR/libvirtd.conf" <<CONF
unix_sock_dir = "$VR_DIR"
auth_unix_rw = "${VR_AUTH_UNIX_RW:-none}"
auth_unix_ro = "none"
listen_tls = 0
listen_tcp = 1
listen_addr = "127.0.0.1"
tcp_port = "$VR_TCP_PORT"
auth_tcp = "${VR_AUTH_TCP:-none}"
log_outputs = "1:file:$VR_DIR/libvirtd.log"
log_filters = "1:rpc.keepalive 3:*"
# fast keepalive so that a test sees it act in seconds; it only runs for
# clients that ask (CONNECT_SUPPORTS_FEATURE 10), as virsh does
keepalive_interval = 1
keepalive_count = 2
CONF
    local sasl_env
    sasl_env=$(vr_sasl_config "$VR_DIR") || return $?
    vr_run_libvirtd "$VR_DIR" "LIBVIRT_DRIVER_DIR=$VR_DIR/empty$sasl_env" --listen
    VR_LIBVIRTD_PID=$!
    VR_PIDS="$VR_PIDS $VR_LIBVIRTD_PID"
    VR_SOCK="$VR_DIR/libvirt-sock"
    if ! vr_wait_path "$VR_SOCK"; then
        echo "libvirtd did not create $VR_SOCK"; cat "$VR_DIR/libvirtd.log" 2>/dev/null | tail -20
        return 1
    fi
    # the TCP listener comes up with the unix one; wait for it as well
    for _ in $(seq 1 50); do
        python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$VR_TCP_PORT),1)" 2>/dev/null && break
        sleep 0.1
    done
    export VR_DIR VR_SOCK VR_TCP_PORT VR_LIBVIRTD_PID
}

# A private sshd on 127.0.0.1 that lets the current user in with a key the
# test makes; the client side runs `nc -U` (netcat-openbsd) on the socket.
vr_start_sshd() {
    local sshd=/usr/sbin/sshd
    [ -x "$sshd" ] || { echo "SKIP: sshd not installed (openssh-server)"; return 77; }
    command -v nc >/dev/null 2>&1 || { echo "SKIP: nc not installed (netcat-openbsd)"; return 77; }
    local d="$VR_DIR/ssh"
    mkdir -p "$d" && chmod 700 "$d"
    ssh-keygen -q -t ed25519 -N '' -f "$d/host_key" || return 1
    ssh-keygen -q -t ed25519 -N '' -f "$d/client_key" || return 1
    cp "$d/client_key.pub" "$d/authorized_keys"
    VR_SSH_PORT=$(vr_free_port)
    cat > "$d/sshd_config" <<CONF
Port $VR_SSH_PORT
ListenAddress 127.0.0.1
HostKey $d/host_key
AuthorizedKeysFile $d/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
PidFile $d/sshd.pid
CONF
    mkdir -p /run/sshd 2>/dev/null
    "$sshd" -D -e -f "$d/sshd_config" 2>"$d/sshd.log" &
    VR_PIDS="$VR_PIDS $!"
    for _ in $(seq 1 50); do
        python3 -c "import socket; socket.create_connection(('127.0.0.1',$VR_SSH_PORT),1)" 2>/dev/null && break
        sleep 0.1
    done
    VR_SSH_KEY="$d/client_key"
    export VR_SSH_PORT VR_SSH_KEY
}

# A libvirtd with its QEMU driver (qemu:///session of an unprivileged
# user, no TCP), for migration: sets VR_QSOCK to its socket. Returns 77 when
# the QEMU driver or a qemu-system binary is not installed. Call it twice
# for a source and a destination (each gets its own directory).
vr_start_qemud() {
    command -v libvirtd >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
    command -v libvirtd >/dev/null 2>&1 || { echo "SKIP: libvirtd not installed"; return 77; }
    ls /usr/lib/*/libvirt/connection-driver/libvirt_driver_qemu.so >/dev/null 2>&1 \
        || { echo "SKIP: libvirt-daemon-driver-qemu not installed"; return 77; }
    command -v qemu-system-x86_64 >/dev/null 2>&1 || { echo "SKIP: qemu-system-x86_64 not installed"; return 77; }
    local d
    d=$(mktemp -d /tmp/virt-remote-q.XXXXXX)
    VR_DIRS="$VR_DIRS $d"
    mkdir -p "$d"/home "$d"/run "$d"/cfg "$d"/cache
    cat > "$d/libvirtd.conf" <<CONF
unix_sock_dir = "$d"
auth_unix_rw = "none"
auth_unix_ro = "none"
listen_tls = 0
listen_tcp = 0
log_outputs = "3:file:$d/libvirtd.log"
CONF
    vr_run_libvirtd "$d" ""
    VR_PIDS="$VR_PIDS $!"
    VR_QSOCK="$d/libvirt-sock"
    vr_wait_path "$VR_QSOCK" || { echo "the QEMU libvirtd did not create $VR_QSOCK"; tail -5 "$d/libvirtd.log"; return 1; }
    export VR_QSOCK
}
