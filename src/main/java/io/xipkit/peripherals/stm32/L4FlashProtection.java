package io.xipkit.peripherals.stm32;

/**
 * Write protection (WRP, RM0351 3.5.2) and proprietary code readout protection (PCROP, 3.5.3) of
 * {@link L4Flash}, computed from the option values in effect (the loaded options, not the ones
 * being programmed).
 */
final class L4FlashProtection {
    /** The flash's loaded option words, shared (not copied): option loading updates them in place. */
    private final int[] loadedOptions;
    private final int bankSize, pageSize, pagesPerBank;

    L4FlashProtection(int[] loadedOptions, L4FlashGeometry geometry) {
        this.loadedOptions = loadedOptions;
        this.bankSize = geometry.bankBytes();
        this.pageSize = geometry.pageBytes();
        this.pagesPerBank = geometry.pagesPerBank();
    }

    boolean pageProtected(int bank, int page) {
        int a = loadedOptions[bank == 0 ? 3 : 7];
        int b = loadedOptions[bank == 0 ? 4 : 8];
        if (inArea(page, a & 0xFF, (a >>> 16) & 0xFF) || inArea(page, b & 0xFF, (b >>> 16) & 0xFF)) return true;
        // A page holding any PCROP double word cannot be erased either.
        int[] pc = pcropArea(bank);
        if (pc == null) return false;
        int firstDw = page * pageSize / 8;
        int lastDw = firstDw + pageSize / 8 - 1;
        return firstDw <= pc[1] && pc[0] <= lastDw;
    }

    boolean bankProtected(int bank) {
        for (int p = 0; p < pagesPerBank; p++) if (pageProtected(bank, p)) return true;
        return false;
    }

    boolean addressProtected(int physical) {
        int bank = physical / bankSize;
        int inBank = physical % bankSize;
        int page = inBank / pageSize;
        int a = loadedOptions[bank == 0 ? 3 : 7];
        int b = loadedOptions[bank == 0 ? 4 : 8];
        if (inArea(page, a & 0xFF, (a >>> 16) & 0xFF) || inArea(page, b & 0xFF, (b >>> 16) & 0xFF)) return true;
        int[] pc = pcropArea(bank);
        return pc != null && inArea(inBank / 8, pc[0], pc[1]);
    }

    /** [first, last] double word of the bank's PCROP area, or null when none (start above end). */
    int[] pcropArea(int bank) {
        int start = loadedOptions[bank == 0 ? 1 : 5] & 0xFFFF;
        int end = loadedOptions[bank == 0 ? 2 : 6] & 0xFFFF;
        return start <= end ? new int[] {start, end} : null;
    }

    private static boolean inArea(int x, int start, int end) {
        return start <= end && x >= start && x <= end;
    }

    /** Whether a data read of physical {@code offset} hits a PCROP area (execute-only). */
    boolean readProtected(int physical) {
        int bank = physical / bankSize;
        int start = loadedOptions[bank == 0 ? 1 : 5] & 0xFFFF;
        int end = loadedOptions[bank == 0 ? 2 : 6] & 0xFFFF;
        return inArea((physical % bankSize) / 8, start, end);
    }

    /** Whether any PCROP area is active: the memory window then checks data reads (no fast path). */
    boolean anyReadProtection() {
        return pcropArea(0) != null || pcropArea(1) != null;
    }
}
