/* Pitfall: external flash rewritten behind the D-cache, no invalidation -> stale read (exit 40). */
#include "pitfall.h"

int main(void)
{
    return xip_rewrite_scenario(0);
}
