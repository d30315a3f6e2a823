package io.xipkit.devices.nor;

/**
 * Block protection as the status register's BP/TB/SEC/CMP bits select it: protected size =
 * unit x 2^(BP-1) from the top (TB = 0) or bottom (TB = 1), BP all ones = the whole array, SEC
 * selects the small (4 KB) unit, CMP complements the range. Parts without BP bits or without a
 * protection table in their entry protect nothing.
 */
final class NorProtection {
    private final NorPart.Protection table;
    private final NorRegisters regs;
    private final long size;

    NorProtection(NorPart part, NorRegisters regs) {
        this.table = part.protection();
        this.regs = regs;
        this.size = part.sizeBytes();
    }

    private boolean active() {
        return regs.bp != null && table != null;
    }

    /** Whether any part of the array is protected (a chip erase is then refused). */
    boolean any() {
        if (!active()) return false;
        long[] r = range();
        return r[1] > r[0] || complemented();
    }

    boolean covers(long addr, long len) {
        if (!active()) return false;
        long[] r = range();
        if (!complemented()) return addr < r[1] && addr + len > r[0];
        // Complement: everything outside [lo, hi) is protected.
        return addr < r[0] || addr + len > r[1];
    }

    private boolean complemented() {
        return regs.cmp != null && regs.cmp.get() == 1;
    }

    /** [lo, hi) protected by BP/TB/SEC, before CMP. */
    private long[] range() {
        long bp = regs.bp.get();
        if (bp == 0) return new long[] {0, 0};
        long all = regs.bp.allOnes();
        if (bp == all) return new long[] {0, size};
        long len;
        boolean sec = regs.sec != null && regs.sec.get() == 1;
        if (sec) {
            len = Math.min(table.secUnitBytes() << (bp - 1), table.secUnitBytes() * 8);
        } else {
            len = Math.min(size, bp - 1 >= 40 ? size : table.unitBytes() << (bp - 1));
        }
        boolean bottom = regs.tb != null && regs.tb.get() == 1;
        return bottom ? new long[] {0, len} : new long[] {size - len, size};
    }
}
