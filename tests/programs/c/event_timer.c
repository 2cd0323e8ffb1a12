/* The default event loop alone, as event-driven libvirt clients set it up
 * before opening a connection (libvirt's examples/c/misc/event-test.c; see
 * ../README.md): a repeating timer, a disabled one, a handle on a pipe. */
#include <stdio.h>
#include <unistd.h>
#include <libvirt/libvirt.h>

static int ticks, reads, fast_timer = -1, idle_timer = -1, watch = -1;
static int fds[2];

static void on_tick(int timer, void *opaque)
{
    (void)opaque;
    printf("tick %d (timer %s)\n", ++ticks, timer == fast_timer ? "fast" : "other");
    if (ticks == 2 && write(fds[1], "x", 1) != 1) printf("write failed\n");
    if (ticks == 3) virEventUpdateTimeout(fast_timer, -1);
}

static void on_readable(int w, int fd, int events, void *opaque)
{
    char c;
    (void)opaque;
    if (read(fd, &c, 1) == 1) reads++;
    printf("handle %s: events %d, read '%c'\n", w == watch ? "pipe" : "other", events, c);
    virEventRemoveHandle(w);
    watch = -1;
}

int main(void)
{
    int i;
    if (pipe(fds) < 0) return 1;
    if (virEventRegisterDefaultImpl() < 0) return 1;
    fast_timer = virEventAddTimeout(1, on_tick, NULL, NULL);
    idle_timer = virEventAddTimeout(-1, on_tick, NULL, NULL);
    watch = virEventAddHandle(fds[0], VIR_EVENT_HANDLE_READABLE, on_readable, NULL, NULL);
    printf("ids valid: %d %d %d\n", fast_timer >= 0, idle_timer >= 0, watch >= 0);
    for (i = 0; i < 20 && (ticks < 3 || watch >= 0); i++)
        if (virEventRunDefaultImpl() < 0) return 1;
    printf("ticks %d reads %d\n", ticks, reads);
    printf("remove fast %d\n", virEventRemoveTimeout(fast_timer));
    printf("remove idle %d\n", virEventRemoveTimeout(idle_timer));
    printf("remove idle again %d\n", virEventRemoveTimeout(idle_timer));
    printf("remove stale handle %d\n", virEventRemoveHandle(12345));
    printf("ids %d %d %d\n", fast_timer, idle_timer, watch);
    close(fds[0]);
    close(fds[1]);
    return 0;
}
