#!/bin/sh
# tests/xenlab/guest-init.sh - /init of the lab's tiny PV guest (busybox).
# Says it is up (dom0 waits for GUEST-MARKER in the console log), then
# idles, waking once a second.
# Shutdown requests from dom0 (xenstore control/shutdown) reach the guest
# kernel, which runs /sbin/poweroff (see run.sh, build_guest_image).
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
echo "GUEST-MARKER: tiny is up, kernel $(/bin/busybox uname -r)," \
     "$(/bin/busybox awk '/MemTotal/{print $2}' /proc/meminfo) kB"
# wake every second: the lab checks that the guest's cpu time grows.
# A vCPU dom0 makes available (xenstore cpu/N/availability, libxl's
# vcpuonline) only becomes present in Linux; udev's usual rule brings it
# online, and this busybox guest has no udev, so the loop does it.
while :; do
    for c in /sys/devices/system/cpu/cpu[1-9]*/online; do
        [ -e "$c" ] && [ "$(/bin/busybox cat "$c")" = 0 ] && echo 1 > "$c"
    done
    /bin/busybox sleep 1
done
