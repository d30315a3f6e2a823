/* The fix: same rewrite, then SCB_InvalidateDCache_by_Addr (DCIMVAC loop) -> fresh read (exit 41). */
#include "pitfall.h"

int main(void)
{
    return xip_rewrite_scenario(1);
}
