#!/usr/bin/env bash
# tests/xenlab/run.sh - the Xen lab: boots a real Xen 4.17 hypervisor with a
# Debian Linux dom0 and a tiny PV guest under QEMU (software emulation, no
# KVM), runs virt's integration tests inside dom0 against the real
# hypervisor and xenstored, and exits 0 only when every check passed.
#
# Usage: bash tests/xenlab/run.sh [WORKDIR]
#   WORKDIR  (default tests/xenlab/cache; gitignored) holds the downloaded
#            .debs (WORKDIR/debs, reused by later runs), the images and the
#            serial log (WORKDIR/serial.log). No spaces or commas in it:
#            QEMU's -initrd list is comma separated.
#
# Stages, each with its own time limit; a failure names the stage:
#   fetch    apt-get download of the Debian packages (FETCH_TIMEOUT, 300 s;
#            3 tries, apt-get update before a retry)
#   unpack   dpkg-deb of the packages, Xen + kernel images (UNPACK_TIMEOUT, 180 s)
#   programs the test programs, compiled on the host (PROGRAMS below; COMPILE_TIMEOUT, 300 s, each)
#   images   the guest and dom0 initramfs (IMAGE_TIMEOUT, 180 s)
#   boot     QEMU: Xen, dom0, toolstack, guest, tests, power off
#            (BOOT_TIMEOUT, 1800 s in all; STALL_TIMEOUT, 120 s without one
#            byte on the serial console). Inside, dom0 prints
#            "XENLAB-STAGE: <name>" as it goes, so a hang names its stage.
# Any failure after QEMU started prints the stage dom0 reached (for failed
# checks: how many and the first), the console's last CONSOLE_TAIL (60)
# lines unfiltered, and keeps the serial log as WORKDIR/serial-failed-*.log.
#
# Environment knobs: QEMU_CPU (qemu64,+svm,+npt), QEMU_SMP (2), QEMU_MEM
# (1024 MiB), DOM0_MEM (512M), GUEST_MEM (128 MiB; the Debian kernel needs
# more than 80), BOOT_TIMEOUT, STALL_TIMEOUT, TESTS_TIMEOUT (1500 s: dom0's whole suite), FETCH_TIMEOUT, XENLAB_VERBOSE=1
# (stream the whole serial console, not only the lab's lines), XENLAB_DEBUG=1
# (dom0 also prints `xl list -l`, `xl info` and `xenstore-ls -f`),
# XENLAB_SANITIZE=1 (build the programs with ASan and UBSan; any report
# fails the program), XENLAB_ONLY="SECTION..." (a partial run: dom0 runs
# only these sections of dom0-tests.sh: reads lifecycle images pvh console
# end; the verdict says so), CC (gcc).
#
# Facts this script relies on (proven by ../shared/xenlab/REPORT.md): QEMU's
# multiboot loader takes the gunzipped Xen ELF directly, with the dom0 kernel
# (and its command line) and initramfs as two modules; `-cpu max` crashes
# dom0 under TCG (SMAP), so the default is qemu64 with SVM+NPT; dom0 needs
# 512 MiB because the whole toolstack lives in its initramfs.
#
# Host tools: bash, apt-get, apt-cache, dpkg-deb, tar, gzip, gcc (with
# libexpat1-dev and libxen-dev for the test programs), qemu-system-x86_64.
# cpio comes from the downloaded busybox-static. Writes only below WORKDIR.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
if [ "${1:-}" = --stage ]; then WORK=$3; else WORK=${1:-$HERE/cache}; fi
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
case "$WORK" in *[[:space:],]*)
  echo "xenlab: WORKDIR '$WORK' contains a space or a comma (QEMU's -initrd list cannot hold it)" >&2
  exit 2 ;;
esac

QEMU_CPU=${QEMU_CPU:-qemu64,+svm,+npt}
QEMU_SMP=${QEMU_SMP:-2}
QEMU_MEM=${QEMU_MEM:-1024}
DOM0_MEM=${DOM0_MEM:-512M}
GUEST_MEM=${GUEST_MEM:-128}
FETCH_TIMEOUT=${FETCH_TIMEOUT:-300}
UNPACK_TIMEOUT=${UNPACK_TIMEOUT:-180}
IMAGE_TIMEOUT=${IMAGE_TIMEOUT:-180}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-1800}   # the libxl checks boot the guest 5 times and dump 128 MiB, the PVH ones boot 2 PVH guests and migrate them, under TCG
STALL_TIMEOUT=${STALL_TIMEOUT:-120}
XENLAB_VERBOSE=${XENLAB_VERBOSE:-0}
XENLAB_SANITIZE=${XENLAB_SANITIZE:-0}
CC=${CC:-gcc}

# The programs run in dom0: name, source (relative to the repository), extra
# compiler/linker flags. Adding one is one line here plus its call in
# dom0-tests.sh. A program whose source is missing is NOT skipped: dom0
# reports it "not built (missing source)" and the lab fails.
PROGRAMS=(
  "lab_checks|tests/xenlab/lab_checks.c|"
  "hv_real_checks|tests/hv/hv_real_checks.c|"
  "lab_vcpus|tests/xenlab/lab_vcpus.c|"
  "xs_real_checks|tests/xs/xs_real_checks.c|"
  "bench_xs|bench/bench_xs.c|-lxenstore"
  "virsh|examples/virsh.c|"
  "virsh_xl|examples/virsh.c|-DVIRT_WITH_XL -lxenlight -lxlutil -lxentoollog"
  "xl_lab|tests/xenlab/xl_lab.c|-lxenlight -lxlutil -lxentoollog"
)

# Debian bookworm packages: the hypervisor, the kernel (dom0 and guest),
# busybox, Xen's tools and the libraries they and our programs load.
# libgcc-s1: without it `xl create` aborts (glibc's pthread_cancel needs it).
# libexpat1: virt's XML parser, linked by every test program.
RUNTIME_PKGS="busybox-static xen-utils-4.17 xen-utils-common xenstore-utils
 libxencall1 libxendevicemodel1 libxenevtchn1 libxenforeignmemory1 libxengnttab1
 libxenhypfs1 libxenmisc4.17 libxenstore4 libxentoolcore1 libxentoollog1
 libc6 libgcc-s1 libyajl2 libuuid1 libzstd1 liblzma5 zlib1g libexpat1"

T0=$(date +%s)
STAGE=setup
CONSOLE_TAIL=${CONSOLE_TAIL:-60}
log() { printf '[xenlab %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
# die MESSAGE: the verdict line, naming the stage. Once QEMU has run, every
# failure also shows the console's last lines, unfiltered, and keeps the
# serial log beside the cache (the next run overwrites serial.log).
die() {
  if [ "${BOOTED:-0}" = 1 ] && [ -s "$LOG" ]; then
    local kept
    kept="$WORK/serial-failed-$(date +%Y%m%d-%H%M%S).log"
    cp "$LOG" "$kept" && log "serial log kept as $kept"
    log "last $CONSOLE_TAIL console lines (dom0 stage reached: $(boot_stage)):"
    tail -n "$CONSOLE_TAIL" "$LOG" >&2
  fi
  log "FAIL in stage '$STAGE': $*"
  exit 1
}
# run_stage NAME SECONDS: runs stage_NAME in a child of this script under
# `timeout` (which kills the child's whole process group), so that a stuck
# download, unpack or QEMU cannot hold the lab past its limit.
run_stage() {
  local rc=0
  STAGE=$1; STAGE_T0=$(date +%s); log "stage $1 (limit $2 s)"
  timeout --kill-after=10 "$2" bash "$0" --stage "$1" "$WORK" || rc=$?
  case $rc in
    0) ;;
    124|137) [ "$1" = boot ] && STAGE="boot: $(boot_stage)"
             die "timed out after $2 s" ;;
    *) exit "$rc" ;;   # the stage has said why
  esac
  eval "T_$1=$(( $(date +%s) - STAGE_T0 ))"
}

# ------------------------------------------------------------------ fetch
# Up to 3 tries: a mirror's hiccup, or apt lists older than the mirror (a
# security update replaced a version: 404 for the old file), must not fail
# the lab; before each retry, apt-get update and the versions resolved again.
stage_fetch() {
  local try
  for try in 1 2 3; do
    fetch_once && return 0
    [ "$try" = 3 ] && die "apt-get download failed 3 times (its messages are above)"
    log "apt-get download failed (try $try of 3): apt-get update, then again in $((try * 5)) s"
    sleep $((try * 5))
    apt-get update -q >/dev/null 2>&1 || log "apt-get update failed too"
  done
}

# fetch_once: the candidate versions into $WORK/debs; 1 when the download failed.
fetch_once() {
  local kpkg pkgs need="" p deb
  kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
  [ -n "$kpkg" ] || die "apt-cache cannot resolve linux-image-amd64 (is a bookworm source configured?)"
  echo "$kpkg" > "$WORK/kernel-package"
  pkgs="xen-hypervisor-4.17-amd64 $kpkg $RUNTIME_PKGS"
  mkdir -p "$WORK/debs"
  # A reused cache must hold apt's candidate version, and only that one
  # (unpack extracts every ${p}_*.deb).
  local -A ver=()
  local name v
  # shellcheck disable=SC2086
  while read -r name v; do ver[$name]=$v; done < <(apt-cache show --no-all-versions $pkgs 2>/dev/null |
    awk '/^Package:/{p=$2} /^Version:/{print p, $2}')
  for p in $pkgs; do
    [ -n "${ver[$p]:-}" ] || die "apt-cache knows no package $p"
    local want="${p}_${ver[$p]//:/%3a}_"
    for deb in "$WORK/debs/${p}"_*.deb; do
      case "${deb##*/}" in "$want"*) ;; *) rm -f "$deb" ;; esac
    done
    compgen -G "$WORK/debs/$want*.deb" >/dev/null || need="$need $p"
  done
  if [ -n "$need" ]; then
    log "downloading:$need"
    # shellcheck disable=SC2086
    # (apt warns that it downloads "unsandboxed as root": harmless here)
    (cd "$WORK/debs" && apt-get download -q $need 2>&1 | grep -v 'unsandboxed as root'
     exit "${PIPESTATUS[0]}") || return 1
  else
    log "all packages already in $WORK/debs"
  fi
  for p in $pkgs; do compgen -G "$WORK/debs/${p}_*.deb" >/dev/null || die "package $p was not downloaded"; done
  log "packages: $(cd "$WORK/debs" && ls *.deb | sed 's/_amd64.deb\|_all.deb//' | tr '\n' ' ')"
}

# ------------------------------------------------------------------ unpack
# The kernel package is ~430 MB unpacked: take only vmlinuz and drivers/xen.
stage_unpack() {
  local kpkg d p R="$WORK/rootfs"
  kpkg=$(cat "$WORK/kernel-package")
  rm -rf "$WORK/pkg" "$WORK/img"
  mkdir -p "$WORK/pkg" "$WORK/img"
  dpkg-deb -x "$WORK"/debs/xen-hypervisor-4.17-amd64_*.deb "$WORK/pkg"
  dpkg-deb -x "$WORK"/debs/busybox-static_*.deb "$WORK/pkg"
  dpkg-deb --fsys-tarfile "$WORK"/debs/${kpkg}_*.deb |
    tar -x -C "$WORK/pkg" --wildcards './boot/vmlinuz-*' './lib/modules/*/kernel/drivers/xen/*'
  KVER=$(ls "$WORK/pkg/lib/modules" | head -1)
  [ -f "$WORK/pkg/boot/vmlinuz-$KVER" ] || die "no vmlinuz in $kpkg"
  gzip -dc "$WORK"/pkg/boot/xen-4.17-amd64.gz > "$WORK/img/xen"
  cp "$WORK/pkg/boot/vmlinuz-$KVER" "$WORK/img/vmlinuz"
  # dom0's userspace: the runtime files only
  rm -rf "$R"; mkdir -p "$R"
  for p in $RUNTIME_PKGS; do
    for d in "$WORK"/debs/${p}_*.deb; do dpkg-deb -x "$d" "$R"; done
  done
  rm -rf "$R"/usr/share/{doc,man,locale,lintian,bug,bash-completion} "$R"/usr/lib/python3* \
         "$R"/usr/lib/x86_64-linux-gnu/gconv "$R"/usr/lib/xen-4.17/lib/python* "$R"/usr/lib/xen-4.17/boot
}

# ------------------------------------------------------------------ programs
# build_program NAME SOURCE FLAGS: compiles SOURCE (C) against the
# repository's headers into $WORK/progs/NAME, dynamically: dom0 has the same
# bookworm libc. The outcome is recorded in NAME.status for dom0 to report.
build_program() {
  local name=$1 src=$2 flags=$3 out="$WORK/progs"
  if [ ! -f "$REPO/$src" ]; then
    echo "not built (missing source $src)" > "$out/$name.status"
    log "program $name: missing source $src"
    return 0
  fi
  # ASan and UBSan runtimes linked in: dom0 has no libasan package
  local san=()
  [ "$XENLAB_SANITIZE" = 1 ] &&
    san=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
         -static-libasan -static-libubsan)
  # shellcheck disable=SC2086
  if timeout "${COMPILE_TIMEOUT:-300}" "$CC" -std=c99 -O1 -g -Wall -Wextra "${san[@]}" -I"$REPO" -I"$REPO/tests" \
       -o "$out/$name" "$REPO/$src" -lexpat -lpthread $flags 2> "$out/$name.cc.log"; then
    echo built > "$out/$name.status"
    log "program $name: built from $src"
  else
    echo "not built (compile error in $src)" > "$out/$name.status"
    log "program $name: COMPILE ERROR in $src:"
    head -40 "$out/$name.cc.log" >&2
  fi
}

# Two compilers at a time (CI machines have two cores); each program
# compiles all of virt, so this halves the stage.
stage_programs() {
  local entry name src flags
  rm -rf "$WORK/progs"; mkdir -p "$WORK/progs"
  for entry in "${PROGRAMS[@]}"; do
    IFS='|' read -r name src flags <<<"$entry"
    [ "$(jobs -rp | wc -l)" -lt 2 ] || wait -n
    build_program "$name" "$src" "$flags" &
  done
  wait
}

# ------------------------------------------------------------------ images
cpio_gz() { # cpio_gz DIR OUT LEVEL: a newc initramfs of DIR, owned by root
  (cd "$1" && find . | "$WORK/pkg/bin/busybox" cpio -o -H newc -R 0:0 2>/dev/null | gzip "-$3" > "$2")
}

build_guest_image() {
  local G="$WORK/guestfs"
  rm -rf "$G"; mkdir -p "$G"/{bin,sbin,dev,proc,sys}
  cp "$WORK/pkg/bin/busybox" "$G/bin/busybox"
  ln -s busybox "$G/bin/sh"
  install -m 755 "$HERE/guest-init.sh" "$G/init"
  # The guest kernel runs /sbin/poweroff when dom0 writes control/shutdown
  # (Linux drivers/xen/manage.c, orderly_poweroff); ours powers off at once.
  # It runs without stdout (a usermode helper): hence /dev/console.
  printf '#!/bin/sh\necho "GUEST-POWEROFF: asked to power off" > /dev/console\nexec /bin/busybox poweroff -f\n' > "$G/sbin/poweroff"
  chmod 755 "$G/sbin/poweroff"
  # control/shutdown "reboot": orderly_reboot runs /sbin/reboot
  printf '#!/bin/sh\necho "GUEST-REBOOT: asked to reboot" > /dev/console\nexec /bin/busybox reboot -f\n' > "$G/sbin/reboot"
  chmod 755 "$G/sbin/reboot"
  cpio_gz "$G" "$WORK/img/guest-initrd.gz" 9
}

build_dom0_image() {
  local R="$WORK/rootfs" a md m
  mkdir -p "$R"/{proc,sys,dev,run,tmp,sbin,var/lib/xen,var/log/xen/console,etc/xen,guest,lib/modules,xenlab/bin}
  ln -sfn /run "$R/var/run"
  ln -sfn /run/lock "$R/var/lock"
  for a in $("$WORK/pkg/bin/busybox" --list); do
    [ -e "$R/bin/$a" ] || [ -e "$R/usr/bin/$a" ] || [ -e "$R/sbin/$a" ] || [ -e "$R/usr/sbin/$a" ] ||
      ln -s /bin/busybox "$R/bin/$a"
  done
  # Xen drivers the Debian kernel builds as modules (xenbus and hvc are built in)
  md="$WORK/pkg/lib/modules/$KVER/kernel/drivers/xen"
  for m in xen-privcmd.ko xenfs/xenfs.ko xen-evtchn.ko xen-gntdev.ko xen-gntalloc.ko; do
    cp "$md/$m" "$R/lib/modules/" || die "kernel module $m missing from the kernel package"
  done
  cp "$WORK/img/vmlinuz" "$R/guest/vmlinuz"
  cp "$WORK/img/guest-initrd.gz" "$R/guest/initrd.gz"
  cp "$WORK"/progs/* "$R/xenlab/bin/"
  rm -f "$R"/xenlab/bin/*.cc.log
  install -m 755 "$HERE/dom0-init.sh" "$R/init"
  install -m 755 "$HERE/dom0-tests.sh" "$R/xenlab/dom0-tests.sh"
  cat > "$R/xenlab/config" <<EOF
GUEST_NAME=tiny
SECOND_NAME=tiny2
GUEST_MEM=$GUEST_MEM
XENLAB_DEBUG=${XENLAB_DEBUG:-0}
TESTS_TIMEOUT=${TESTS_TIMEOUT:-1500}
XENLAB_ONLY="${XENLAB_ONLY:-}"
EOF
  # tiny runs the tests; tiny2 is created and destroyed by lab_checks (end)
  guest_cfg tiny > "$R/etc/xen/tiny.cfg"
  guest_cfg tiny2 > "$R/etc/xen/tiny2.cfg"
  # every ELF we run must find its libraries inside the image
  local ldp="$R/lib/x86_64-linux-gnu:$R/usr/lib/x86_64-linux-gnu"
  for b in "$R"/usr/lib/xen-4.17/bin/{xl,xenstored,xenconsoled,xen-init-dom0} "$R"/usr/bin/xenstore "$R"/xenlab/bin/*; do
    file_is_elf "$b" || continue
    if LD_LIBRARY_PATH=$ldp ldd "$b" | grep -E '=> (/|not)' | grep -v "=> $R/" >&2; then
      die "a library of ${b#$R} is not in the image (add its package to RUNTIME_PKGS)"
    fi
  done
  cpio_gz "$R" "$WORK/img/dom0-initrd.gz" 1
}
# guest_cfg NAME: an xl config for a PV guest running our guest image.
# on_poweroff "preserve": after the shutdown check the domain stays (state
# s) for the destroy check.
guest_cfg() {
  cat <<EOF
name = "$1"
type = "pv"
kernel = "/guest/vmlinuz"
ramdisk = "/guest/initrd.gz"
extra = "console=hvc0 loglevel=4"
memory = $GUEST_MEM
maxmem = $GUEST_MEM
vcpus = 1
on_poweroff = "preserve"
on_crash = "preserve"
EOF
}
file_is_elf() { [ -f "$1" ] && [ "$(head -c 4 "$1" | tr -d '\0')" = $'\x7fELF' ]; }

# ------------------------------------------------------------------ boot
# The serial console goes to $LOG, each line stamped with host seconds since
# QEMU started. The watch loop prints the lab's lines as they come, names
# the stage dom0 reached, and kills QEMU when it stalls.
stage_boot() {
  local xen_args dom0_args qpid="" last_size=-1 idle=0 shown=0 size
  rm -f "$LOG" "$WORK/qemu.pid" "$WORK/qemu.time" "$WORK/stalled"
  xen_args="console=com1 com1=115200,8n1 dom0_mem=$DOM0_MEM,max:$DOM0_MEM dom0_max_vcpus=1 loglvl=all guest_loglvl=all"
  dom0_args="console=hvc0 earlyprintk=xen panic=5 loglevel=4"
  local timecmd=()
  [ -x /usr/bin/time ] && timecmd=(/usr/bin/time -f "qemu: max RSS %M KiB, user %U s, sys %S s" -o "$WORK/qemu.time")
  local start_us=${EPOCHREALTIME/./}
  ( "${timecmd[@]}" timeout --kill-after=5 "$BOOT_TIMEOUT" qemu-system-x86_64 \
      -machine pc -cpu "$QEMU_CPU" -smp "$QEMU_SMP" -m "$QEMU_MEM" \
      -display none -monitor none -serial stdio -no-reboot -pidfile "$WORK/qemu.pid" \
      -kernel "$WORK/img/xen" -append "$xen_args" \
      -initrd "$WORK/img/vmlinuz $dom0_args,$WORK/img/dom0-initrd.gz" \
      </dev/null 2>"$WORK/qemu.stderr"
    echo "XENLAB-HOST: qemu exited rc=$?"
  ) | while IFS= read -r l; do
        local t=$(( (${EPOCHREALTIME/./} - start_us) / 10000 ))
        printf '%4d.%02d %s\n' $((t / 100)) $((t % 100)) "${l%$'\r'}"
      done > "$LOG" &
  local reader=$!
  while kill -0 "$reader" 2>/dev/null; do
    sleep 1
    shown=$(show_new_lines "$shown")
    size=$(stat -c %s "$LOG" 2>/dev/null || echo 0)
    if [ "$size" = "$last_size" ]; then idle=$((idle + 1)); else idle=0; last_size=$size; fi
    if [ $idle -ge "$STALL_TIMEOUT" ] && [ -z "$qpid" ]; then
      qpid=$(cat "$WORK/qemu.pid" 2>/dev/null || true)
      echo "no serial output for ${STALL_TIMEOUT} s, QEMU stopped" > "$WORK/stalled"
      log "no serial output for ${STALL_TIMEOUT}s in boot stage '$(boot_stage)': stopping QEMU (pid ${qpid:-?})"
      [ -n "$qpid" ] && kill "$qpid" 2>/dev/null || true
      qpid=stopped
    fi
  done
  wait "$reader" || true
  show_new_lines "$shown" >/dev/null
  [ -s "$WORK/qemu.stderr" ] && { log "qemu stderr:"; cat "$WORK/qemu.stderr" >&2; }
  [ -f "$WORK/qemu.time" ] && log "$(tail -1 "$WORK/qemu.time")"
  return 0
}

# show_new_lines SHOWN: prints the serial lines after line SHOWN (on
# stderr; all of them with XENLAB_VERBOSE=1, else the lab's own: markers,
# guest lines, and the test programs' output that dom0-tests.sh prefixes
# with "|"), then prints the new count on stdout.
show_new_lines() {
  local n
  n=$(wc -l < "$LOG" 2>/dev/null || echo 0)
  if [ "$n" -gt "$1" ]; then
    if [ "$XENLAB_VERBOSE" = 1 ]; then sed -n "$(($1 + 1)),${n}p" "$LOG"
    else sed -n "$(($1 + 1)),${n}p" "$LOG" | grep -E 'XENLAB|GUEST-|^ *[0-9.]+   \| ' || true; fi
  fi >&2
  echo "$n"
}

# The furthest point the serial log shows: Xen's banner, Xen handing over
# to dom0, the dom0 kernel, then the stages dom0-init.sh announces; and why
# it ended early when Xen or Linux said so.
boot_stage() {
  local s why=""
  s=$(grep -o 'XENLAB-STAGE: [a-z0-9-]*' "$LOG" 2>/dev/null | tail -1 | cut -d' ' -f2)
  if [ -n "$s" ]; then s="dom0 $s"
  elif grep -q 'Linux version' "$LOG" 2>/dev/null; then s="dom0 kernel boot (before /init)"
  elif grep -q 'Freed .* init memory' "$LOG" 2>/dev/null; then s="dom0 kernel start (no output from Linux yet)"
  elif grep -q 'Xen version' "$LOG" 2>/dev/null; then s="Xen boot (before dom0)"
  else s="QEMU start (no Xen output)"; fi
  grep -q 'Dom0 crashed' "$LOG" 2>/dev/null && why="; Xen: dom0 crashed"
  grep -q 'Panic on CPU' "$LOG" 2>/dev/null && why="; Xen panicked"
  grep -q 'Kernel panic' "$LOG" 2>/dev/null && why="; dom0 kernel panic"
  echo "$s$why"
}

# The dom0 stage of the first failed check, and the check: "'tests': lab_checks main ..."
first_fail() {
  awk '/XENLAB-STAGE: /{ for (i = 1; i <= NF; i++) if ($i == "XENLAB-STAGE:") st = $(i + 1) }
       /XENLAB-CHECK FAIL: /{ sub(/.*XENLAB-CHECK FAIL: /, ""); printf "\047%s\047: %s", st, $0; exit }' "$LOG"
}

verdict() {
  local total=$(( $(date +%s) - T0 )) bench
  log "checks: $(grep -c 'XENLAB-CHECK PASS' "$LOG") passed, $(grep -c 'XENLAB-CHECK FAIL' "$LOG") failed"
  grep 'XENLAB-CHECK FAIL' "$LOG" | sed 's/^/  /' >&2 || true
  log "the programs' own counts:"
  grep -oE '\| [a-z_ ]+: [0-9]+ passed, [0-9]+ failed' "$LOG" | sed 's/^| /  /' >&2 || true
  bench=$(grep -o 'XENLAB-BENCH: .*' "$LOG" | tail -1 || true)
  [ -n "$bench" ] && log "$bench"
  log "timings: fetch ${T_fetch}s, unpack ${T_unpack}s, programs ${T_programs}s, images ${T_images}s, boot ${T_boot}s, total ${total}s"
  grep -q 'XENLAB: partial run' "$LOG" && log "$(grep -o 'partial run.*' "$LOG" | head -1) (XENLAB_ONLY)"
  if grep -q 'XENLAB-RESULT: PASS' "$LOG"; then log "PASS (serial log: $LOG)"; exit 0; fi
  if grep -q 'XENLAB-RESULT: FAIL' "$LOG"; then
    STAGE="tests: $(grep -c 'XENLAB-CHECK FAIL' "$LOG") failed, the first in dom0 stage $(first_fail)"
    die "some checks failed (serial log: $LOG)"
  fi
  STAGE="boot: $(boot_stage)"
  die "no result from dom0$([ -f "$WORK/stalled" ] && echo " ($(cat "$WORK/stalled"))") (serial log: $LOG)"
}

stage_images() {
  KVER=$(ls "$WORK/pkg/lib/modules" | head -1)
  build_guest_image
  build_dom0_image
  log "images: $(cd "$WORK/img" && du -h xen vmlinuz dom0-initrd.gz guest-initrd.gz | tr '\n\t' '  ')"
}

# `run.sh --stage verdict WORKDIR` judges WORKDIR/serial.log again, as the
# end of a run does (tests/xenlab/verdict_check.sh feeds it made-up logs).
stage_verdict() {
  BOOTED=1 T_fetch=- T_unpack=- T_programs=- T_images=- T_boot=-
  verdict
}

if [ "${1:-}" = --stage ]; then   # a child started by run_stage
  STAGE=$2; LOG="$WORK/serial.log"; "stage_$2"; exit 0
fi
LOG="$WORK/serial.log"
run_stage fetch "$FETCH_TIMEOUT"
run_stage unpack "$UNPACK_TIMEOUT"
run_stage programs 600
run_stage images "$IMAGE_TIMEOUT"
BOOTED=1   # from here on, a failure shows the console (die)
run_stage boot $((BOOT_TIMEOUT + 60))
verdict
