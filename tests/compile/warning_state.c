/* tests/compile/warning_state.c - MUST NOT compile with -Werror: the
 * headers may silence warnings only inside push/pop (STYLE.md), so the
 * includer's unused variable below must still be reported after the whole
 * implementation has been included. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_xml.h"
#include "virt_xend.h"
#include "virt_xs.h"
#include "virt_hv.h"

int warning_state_probe(void);
int warning_state_probe(void)
{
    int unused_on_purpose;
    return 0;
}
