/*
 * The sample application of the reference boot loader, built as v1, v2 and v3 (APP_VERSION) and
 * linked for slot 0 or slot 1 (app-slot0.ld, app-slot1.ld), executed in place. It prints what runs
 * and where, then serves one-letter console commands (update.h does the work):
 *   c            confirm the running image (image_ok)
 *   u LEN DATA   receive a signed image of LEN bytes (4 bytes little-endian) into the other slot
 *   r            reset (SYSRESETREQ): the boot loader decides what runs next
 *   x            exit (semihosting) with status 0
 */
#include "hw.h"
#include "layout.h"
#include "say.h"
#include "update.h"

extern const uint8_t __vectors[];

static void ready(void)
{
    say("app: ready\n");
}

int main(void)
{
    update_console_init();
    say("app: v" APP_VERSION " running in slot ");
    say_dec(update_running_slot());
    say(" at ");
    say_hex((uint32_t)__vectors);
    say(update_is_confirmed() ? ", confirmed\n" : ", not confirmed\n");
    ready();
    for (;;) {
        uint8_t c = update_console_getc();
        if (c == 'c') {
            update_confirm();
            say(update_is_confirmed() ? "app: confirmed\n" : "app: confirmation failed\n");
        } else if (c == 'u') {
            uint32_t len = 0;
            for (unsigned i = 0; i < 4; i++) len |= (uint32_t)update_console_getc() << (8 * i);
            say("app: receiving ");
            say_dec(len);
            say(" bytes into slot ");
            say_dec(update_other_slot());
            say("\n");
            say(update_receive(len) == 0 ? "app: image stored, pending\n" : "app: image too large for the slot\n");
        } else if (c == 'r') {
            say("app: reset\n");
            update_reset();
        } else if (c == 'x') {
            semihost_exit(0);
        } else {
            continue;
        }
        ready();
    }
}
