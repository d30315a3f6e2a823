package io.xipkit.peripherals.quadspi;

import io.xipkit.peripherals.xspi.DirectRead;
import io.xipkit.peripherals.xspi.PhaseFormat;
import io.xipkit.peripherals.xspi.ReadCommand;
import io.xipkit.peripherals.xspi.XspiTarget;
import java.util.Arrays;

/**
 * The QUADSPI pins towards its two banks (BK1/BK2: RM0433 §23.3.2 "QUADSPI pins and internal signals", Table 198): with DFM=0
 * one memory, chosen by FSEL, sees the command; with DFM=1 both do (RM0433 §23.3.4, Dual-flash
 * mode): every phase goes to both, each receives half the address (the controller's address is
 * a byte address over the pair, whose bit 0 picks the memory), and data bytes alternate, even
 * bytes in flash 1, odd bytes in flash 2.
 *
 * <p>A bank with nothing wired answers like a floating bus: all ones.
 */
final class FlashLines {
    private final XspiTarget flash1;
    private final XspiTarget flash2;
    private boolean dual;
    private boolean second;
    private boolean selected1, selected2;
    private byte[] half1 = new byte[64];
    private byte[] half2 = new byte[64];

    FlashLines(XspiTarget flash1, XspiTarget flash2) {
        this.flash1 = flash1;
        this.flash2 = flash2;
    }

    /** Latches the bank configuration for the next command (DFM and FSEL of QUADSPI_CR). */
    void configure(boolean dualFlash, boolean fsel) {
        this.dual = dualFlash;
        this.second = fsel;
    }

    boolean dual() {
        return dual;
    }

    XspiTarget flash1() {
        return flash1;
    }

    XspiTarget flash2() {
        return flash2;
    }

    boolean isSelected() {
        return selected1 || selected2;
    }

    private boolean uses1() {
        return dual || !second;
    }

    private boolean uses2() {
        return dual || second;
    }

    void select() {
        if (uses1() && flash1 != null) {
            flash1.select();
            selected1 = true;
        }
        if (uses2() && flash2 != null) {
            flash2.select();
            selected2 = true;
        }
    }

    /** Raises chip select on whatever is selected: operations the chips start at CS# rising edge start here. */
    void deselect() {
        if (selected1) {
            selected1 = false;
            flash1.deselect();
        }
        if (selected2) {
            selected2 = false;
            flash2.deselect();
        }
    }

    void instruction(int opcode, PhaseFormat f) {
        if (selected1) flash1.instruction(opcode, 1, f);
        if (selected2) flash2.instruction(opcode, 1, f);
    }

    /** {@code address} is the controller's address; in dual-flash mode each memory gets half of it. */
    void address(long address, int bytes, PhaseFormat f) {
        long a = dual ? address >>> 1 : address;
        if (selected1) flash1.address(a, bytes, f);
        if (selected2) flash2.address(a, bytes, f);
    }

    void alternate(long value, int bytes, PhaseFormat f) {
        if (selected1) flash1.alternate(value, bytes, f);
        if (selected2) flash2.alternate(value, bytes, f);
    }

    void dummy(int cycles) {
        if (cycles == 0) return;
        if (selected1) flash1.dummy(cycles);
        if (selected2) flash2.dummy(cycles);
    }

    /** Reads {@code len} bytes (even in dual-flash mode: byte 2k from flash 1, 2k+1 from flash 2). */
    void read(byte[] dst, int off, int len, PhaseFormat f) {
        if (!dual) {
            XspiTarget t = second ? flash2 : flash1;
            if (t == null || !(second ? selected2 : selected1)) Arrays.fill(dst, off, off + len, (byte) 0xFF);
            else t.read(dst, off, len, f);
            return;
        }
        int n = len >>> 1;
        ensure(n);
        readHalf(flash1, selected1, half1, n, f);
        readHalf(flash2, selected2, half2, n, f);
        for (int i = 0; i < n; i++) {
            dst[off + 2 * i] = half1[i];
            dst[off + 2 * i + 1] = half2[i];
        }
    }

    private static void readHalf(XspiTarget t, boolean sel, byte[] into, int n, PhaseFormat f) {
        if (t == null || !sel) Arrays.fill(into, 0, n, (byte) 0xFF);
        else t.read(into, 0, n, f);
    }

    /** Writes {@code len} bytes, split between the memories as {@link #read} joins them. */
    void write(byte[] src, int off, int len, PhaseFormat f) {
        if (!dual) {
            XspiTarget t = second ? flash2 : flash1;
            if (t != null && (second ? selected2 : selected1)) t.write(src, off, len, f);
            return;
        }
        int n = len >>> 1;
        ensure(n);
        for (int i = 0; i < n; i++) {
            half1[i] = src[off + 2 * i];
            half2[i] = src[off + 2 * i + 1];
        }
        if (selected1) flash1.write(half1, 0, n, f);
        if (selected2) flash2.write(half2, 0, n, f);
    }

    private void ensure(int n) {
        if (half1.length < n) {
            half1 = new byte[Math.max(n, half1.length * 2)];
            half2 = new byte[half1.length];
        }
    }

    /** Sum of the wired memories' generations: changes whenever either memory's does. */
    long generation() {
        return (flash1 == null ? 0 : flash1.generation()) * 31 + (flash2 == null ? 0 : flash2.generation());
    }

    /** The single memory the current configuration reads (DFM=0), or null when that bank is empty. */
    XspiTarget selectedSingle() {
        return second ? flash2 : flash1;
    }

    static DirectRead directRead(XspiTarget t, ReadCommand rc) {
        return t == null ? null : t.directRead(rc);
    }
}
