/* tests/compile/static_main.c - links two VIRT_STATIC copies of virt
 * (static_copy.c built as static_copy_a and static_copy_b) and calls both. */
int static_copy_a(void);
int static_copy_b(void);

int main(void)
{
    int failures = static_copy_a();
    failures += static_copy_b();
    return failures ? 1 : 0;
}
