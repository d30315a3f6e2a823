package io.xipkit.peripherals.quadspi;

/**
 * The memories wired to a controller's banks/ports (RM0433 §23.3.11: one memory on each bank, or
 * both read together in dual-flash mode) and which of them a command reaches under the current
 * DFM/FSEL. Fixed by the board: nothing here changes after construction.
 */
final class FlashBanks {
    private final QuadspiFlash bank1, bank2;
    private final boolean dualFlashBoard;

    /**
     * @param dualFlashBoard whether the board wires both banks for dual-flash mode (the window's
     *                       programmer path then interleaves bytes between the memories)
     */
    FlashBanks(String name, QuadspiFlash bank1, QuadspiFlash bank2, boolean dualFlashBoard) {
        if (bank1 == null && bank2 == null) throw new IllegalArgumentException(name + " needs at least one flash memory");
        if (dualFlashBoard && (bank1 == null || bank2 == null)) {
            throw new IllegalArgumentException("a dual-flash " + name + " board needs a memory on both banks");
        }
        this.bank1 = bank1;
        this.bank2 = bank2;
        this.dualFlashBoard = dualFlashBoard;
    }

    QuadspiFlash bank(int n) {
        return n == 1 ? bank1 : bank2;
    }

    boolean dualFlashBoard() {
        return dualFlashBoard;
    }

    /** The memory a command reaches on bank {@code n} with the given DFM/FSEL, or null. */
    QuadspiFlash inUse(int n, boolean dualFlash, boolean flashSelect) {
        if (dualFlash) return bank(n);
        return (n == 2) == flashSelect ? bank(n) : null;
    }

    /** Bytes of the memories a command reaches (both in dual-flash mode), 0 when none is wired there. */
    long attachedBytes(boolean dualFlash, boolean flashSelect) {
        long total = 0;
        for (int n = 1; n <= 2; n++) {
            QuadspiFlash f = inUse(n, dualFlash, flashSelect);
            if (f != null) total += f.memory().size();
        }
        return total;
    }

    /** Bytes the window's programmer path can reach: one memory, or both interleaved. */
    long loadableSize() {
        if (dualFlashBoard) return 2 * Math.min(bank1.memory().size(), bank2.memory().size());
        return (bank1 != null ? bank1 : bank2).memory().size();
    }
}
