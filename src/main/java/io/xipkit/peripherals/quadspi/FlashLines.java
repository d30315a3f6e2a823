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
 * <p>A bank with nothing wired, or whose memory ignores the command, leaves its IO lines undriven:
 * the bytes sampled are what the board's {@link UndrivenLines} setting gives (all ones by default).
 */
final class FlashLines {
    private final XspiTarget flash1;
    private final XspiTarget flash2;
    private boolean dual;
    private boolean second;
    private boolean selected1, selected2;
    private byte[] half1 = new byte[64];
    private byte[] half2 = new byte[64];
    private UndrivenLines undriven = UndrivenLines.PULL_UP;
    private int held1 = 0xF, held2 = 0xF; // IO3..IO0 levels last driven on each bank (bus keeper)
    /** The transaction's data is sampled with the memory's data strobe (OCTOSPI/XSPI CCR.DQSE). */
    private boolean strobed;
    /** Told once per transaction whose read data needed the strobe it did not get. */
    private Runnable unstrobedRead = () -> { };
    /** Per bank, without the strobe: the byte sampled one transfer late, still to be handed over (-1: none yet). */
    private int late1 = -1, late2 = -1;
    private boolean warned;

    FlashLines(XspiTarget flash1, XspiTarget flash2) {
        this.flash1 = flash1;
        this.flash2 = flash2;
    }

    /** Latches the bank configuration for the next command (DFM and FSEL of QUADSPI_CR). */
    void configure(boolean dualFlash, boolean fsel) {
        this.dual = dualFlash;
        this.second = fsel;
    }

    void undrivenLines(UndrivenLines u) {
        this.undriven = u;
    }

    UndrivenLines undrivenLines() {
        return undriven;
    }

    /** Both banks see the controller drive {@code lastByte} as the last clock of a phase. */
    private void driven(int lastByte, PhaseFormat f) {
        if (selected1) held1 = UndrivenLines.heldAfter(held1, lastByte, f, false);
        if (selected2) held2 = UndrivenLines.heldAfter(held2, lastByte, f, false);
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

    /** Whether the next transaction samples read data with the memory's data strobe (CCR.DQSE). */
    void strobe(boolean dqse) {
        this.strobed = dqse;
    }

    void onUnstrobedRead(Runnable r) {
        this.unstrobedRead = r;
    }

    /** Whether a read in {@code f} from the bank in use would be sampled without the strobe it needs. */
    boolean missesStrobe(PhaseFormat f) {
        if (strobed) return false;
        XspiTarget t = second && !dual ? flash2 : flash1;
        return (t != null && t.needsDataStrobe(f)) || (dual && flash2 != null && flash2.needsDataStrobe(f));
    }

    void select() {
        late1 = late2 = -1;
        warned = false;
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

    /** {@code bytes}: 1, or 2 for octal parts' 16-bit instructions (opcode then its complement). */
    void instruction(int opcode, int bytes, PhaseFormat f) {
        if (selected1) flash1.instruction(opcode, bytes, f);
        if (selected2) flash2.instruction(opcode, bytes, f);
        driven(opcode, f);
    }

    /** {@code address} is the controller's address; in dual-flash mode each memory gets half of it. */
    void address(long address, int bytes, PhaseFormat f) {
        long a = dual ? address >>> 1 : address;
        if (selected1) flash1.address(a, bytes, f);
        if (selected2) flash2.address(a, bytes, f);
        driven((int) a, f);
    }

    void alternate(long value, int bytes, PhaseFormat f) {
        if (selected1) flash1.alternate(value, bytes, f);
        if (selected2) flash2.alternate(value, bytes, f);
        driven((int) value, f);
    }

    void dummy(int cycles) {
        if (cycles == 0) return;
        if (selected1) flash1.dummy(cycles);
        if (selected2) flash2.dummy(cycles);
    }

    /** Reads {@code len} bytes (even in dual-flash mode: byte 2k from flash 1, 2k+1 from flash 2). */
    void read(byte[] dst, int off, int len, PhaseFormat f) {
        if (!dual) {
            if (second) {
                int before = held2;
                held2 = readBank(flash2, selected2, dst, off, len, f, held2);
                late2 = unstrobed(flash2, dst, off, len, f, late2, before);
            } else {
                int before = held1;
                held1 = readBank(flash1, selected1, dst, off, len, f, held1);
                late1 = unstrobed(flash1, dst, off, len, f, late1, before);
            }
            return;
        }
        int n = len >>> 1;
        ensure(n);
        int before1 = held1, before2 = held2;
        held1 = readBank(flash1, selected1, half1, 0, n, f, held1);
        held2 = readBank(flash2, selected2, half2, 0, n, f, held2);
        late1 = unstrobed(flash1, half1, 0, n, f, late1, before1);
        late2 = unstrobed(flash2, half2, 0, n, f, late2, before2);
        for (int i = 0; i < n; i++) {
            dst[off + 2 * i] = half1[i];
            dst[off + 2 * i + 1] = half2[i];
        }
    }

    /** Reads one bank; returns its lines' levels afterwards. Undriven bytes are the board's. */
    private int readBank(XspiTarget t, boolean sel, byte[] into, int off, int n, PhaseFormat f, int held) {
        if (t != null && sel) {
            t.read(into, off, n, f);
            if (t.lastReadDriven()) return n == 0 ? held : UndrivenLines.heldAfter(held, into[off + n - 1], f, true);
        }
        undriven.fill(into, off, n, f, held);
        return held;
    }

    /**
     * Data that needs the memory's strobe, sampled on the controller's clock instead (DQSE = 0):
     * each byte is captured one transfer late, so byte k holds what the memory sent as byte k - 1
     * and byte 0 what the lines held before the memory drove them (the board's undriven level).
     * That is the one-edge slip TI's forum shows for an octal DDR flash read without a usable
     * strobe (e2e.ti.com thread 917180: ID bytes "34 5B 1A 0F 03" read back as "00 34 5B 1A 0F");
     * on silicon how far the capture slips depends on the clock, the board and the delay block, so
     * a deterministic one-transfer slip stands for "not the data" and is reported as a warning
     * naming the fix. Returns the byte still owed to the next read of the transaction.
     */
    private int unstrobed(XspiTarget t, byte[] buf, int off, int n, PhaseFormat f, int late, int held) {
        if (strobed || n == 0 || t == null || !t.needsDataStrobe(f)) return late;
        if (!warned) {
            warned = true;
            unstrobedRead.run();
        }
        if (late < 0) {
            byte[] one = new byte[1];
            undriven.fill(one, 0, 1, f, held);
            late = one[0] & 0xFF;
        }
        int owed = buf[off + n - 1] & 0xFF;
        System.arraycopy(buf, off, buf, off + 1, n - 1);
        buf[off] = (byte) late;
        return owed;
    }

    /** Writes {@code len} bytes, split between the memories as {@link #read} joins them. */
    void write(byte[] src, int off, int len, PhaseFormat f) {
        if (!dual) {
            XspiTarget t = second ? flash2 : flash1;
            if (t != null && (second ? selected2 : selected1)) t.write(src, off, len, f);
            if (len > 0) driven(src[off + len - 1], f);
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
        if (n > 0 && selected1) held1 = UndrivenLines.heldAfter(held1, half1[n - 1], f, false);
        if (n > 0 && selected2) held2 = UndrivenLines.heldAfter(held2, half2[n - 1], f, false);
    }

    private void ensure(int n) {
        if (half1.length < n) {
            half1 = new byte[Math.max(n, half1.length * 2)];
            half2 = new byte[half1.length];
        }
    }

    /**
     * Until when the last transaction, repeated on the banks it used, returns the same bytes quietly
     * (see {@link XspiTarget#quietRepeatUntil()}): the earliest of the banks', and never for a bank
     * with nothing wired.
     */
    long quietRepeatUntil() {
        long until = Long.MAX_VALUE;
        if (uses1()) until = flash1 == null ? XspiTarget.NOT_REPEATABLE : Math.min(until, flash1.quietRepeatUntil());
        if (uses2()) until = flash2 == null ? XspiTarget.NOT_REPEATABLE : Math.min(until, flash2.quietRepeatUntil());
        return until;
    }

    void repeatsQuietly(long firstAt, long period, long times) {
        if (uses1() && flash1 != null) flash1.repeatsQuietly(firstAt, period, times);
        if (uses2() && flash2 != null) flash2.repeatsQuietly(firstAt, period, times);
    }

    void repeatsStopped() {
        if (uses1() && flash1 != null) flash1.repeatsStopped();
        if (uses2() && flash2 != null) flash2.repeatsStopped();
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
