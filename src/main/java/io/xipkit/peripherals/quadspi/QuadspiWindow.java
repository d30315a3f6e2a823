package io.xipkit.peripherals.quadspi;

import io.xipkit.bus.FastPath;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.bus.NotMemoryException;
import io.xipkit.bus.Region;
import io.xipkit.bus.RegionContext;
import io.xipkit.cpu.BusErrorException;
import java.util.ArrayList;
import java.util.List;

/**
 * The QUADSPI memory-mapped window: 256 MiB at 0x9000_0000 (RM0433 §23.3.7 "QUADSPI
 * memory-mapped mode"). In memory-mapped mode a read becomes a read command on the memories,
 * as configured in CCR/ABR/DCR; outside it, and for any write, the window answers with a bus
 * error, as it does for reads past the FSIZE limit (§23.3.7: "a bus error is generated").
 *
 * <p>Fast path: while the memories would answer the configured read straight from their arrays
 * ({@link io.xipkit.peripherals.xspi.XspiTarget#directRead}), the bus reads that array (or, in
 * dual-flash mode, an interleaved copy of both) without calling the window.
 */
public final class QuadspiWindow implements Region {
    private record Attachment(RegionContext context, long base) {}

    private final SpiControllerEngine controller;
    private final List<Attachment> attachments = new ArrayList<>(1);

    QuadspiWindow(SpiControllerEngine controller) {
        this.controller = controller;
    }

    @Override
    public String name() {
        return "quadspi-window";
    }

    @Override
    public long size() {
        return controller.windowSize();
    }

    @Override
    public int read(int offset, int size) {
        checkRead(offset, size);
        controller.timing.read(offset, size);
        return controller.mapped.windowRead(offset, size);
    }

    /**
     * A cache line fill arriving as one wrapping burst: the controller sends its wrap command or
     * splits the burst ({@link MemoryMappedMode#wrappingRead}). A data line fill waits for the
     * whole burst, timed as one transfer of the line (fetches stay untimed, see {@link #fetch16}).
     */
    @Override
    public void readWrapping(int offset, int first, int beat, int bytes, boolean fetch, byte[] into, int at) {
        checkRead(offset, bytes);
        if (!fetch) controller.timing.read(offset, bytes);
        controller.mapped.wrappingRead(offset, first, bytes, into, at);
    }

    /**
     * Instruction fetch: read as data is, but untimed. Instructions are fetched once, when they
     * are decoded, not each time they execute, so a fetch has no instant the core could wait at:
     * code run from the window costs its cycles only (as if every fetch hit the I-cache).
     */
    @Override
    public int fetch16(int offset) {
        checkRead(offset, 2);
        return controller.mapped.windowRead(offset, 2);
    }

    /** The gating every window read passes: memory-mapped mode, within the size field, the ABORT report. */
    private void checkRead(int offset, int size) {
        if (!controller.memoryMapped()) {
            controller.modeLog().refused(busAddress(offset), false);
            throw new BusErrorException(offset, false, String.format(
                    "%s window read at +0x%x while the controller is not in memory-mapped mode", controller.name(), offset));
        }
        if ((long) offset + size > controller.flashSize()) {
            throw new BusErrorException(offset, false, String.format(
                    "%s window read at +0x%x is beyond the flash size set by %s (%d bytes)",
                    controller.name(), offset, controller.sizeFieldName(), controller.flashSize()));
        }
        ControllerModeLog.Change abort = controller.modeLog().reopenedAfterAbort();
        if (abort != null && (controller.tcen == null || !controller.tcen.isSet())) {
            controller.warnings.warn(controller.name(), "window access after ABORT reopened memory-mapped mode", String.format(
                    "window read at 0x%08x after ABORT (at %s) reopened memory-mapped mode (CCR.FMODE still 11):"
                    + " BUSY stays 1 with CR.TCEN = 0, so the next indirect command waits for ever",
                    busAddress(offset), ControllerModeLog.millis(abort.picos())));
        }
    }

    @Override
    public void write(int offset, int size, int value) {
        if (controller.memoryMapped() && (long) offset + size <= controller.flashSize()
                && controller.mapped.windowWrite(offset, size, value)) {
            return;
        }
        if (!controller.memoryMapped()) controller.modeLog().refused(busAddress(offset), true);
        throw new BusErrorException(offset, true, String.format(controller.memoryMapped()
                ? "%s window write at +0x%x: no memory-mapped write command (read-only window, or no data phase in the write command)"
                : "%s window write at +0x%x while the controller is not in memory-mapped mode", controller.name(), offset));
    }

    /** Where {@code offset} of the window is on the bus (the offset itself while unmapped). */
    private long busAddress(int offset) {
        return attachments.isEmpty() ? offset & 0xFFFF_FFFFL : attachments.get(0).base + (offset & 0xFFFF_FFFFL);
    }

    @Override
    public FastPath fastPath() {
        // Timed reads must reach the controller: the bus would read the array without a stall.
        return controller.timing.active() ? null : controller.mapped.fastPath;
    }

    /**
     * Programmer path: stores bytes straight into the memories' arrays, as a flash loader would,
     * whatever the controller's mode. On a dual-flash board byte {@code o} of the window goes to
     * flash 1 (o even) or flash 2 (o odd) at {@code o / 2}, the layout DFM = 1 reads back.
     */
    @Override
    public void load(int offset, byte[] data, int from, int length) {
        checkRange(offset, length, "load");
        if (length == 0) return;
        if (!controller.banks.dualFlashBoard()) {
            NonVolatileMemory m = single();
            System.arraycopy(data, from, m.array(), offset, length);
            m.arrayChanged(offset, length);
        } else {
            NonVolatileMemory m1 = controller.banks.bank(1).memory();
            NonVolatileMemory m2 = controller.banks.bank(2).memory();
            byte[] a1 = m1.array(), a2 = m2.array();
            for (int i = 0; i < length; i++) {
                int o = offset + i;
                ((o & 1) == 0 ? a1 : a2)[o >>> 1] = data[from + i];
            }
            int firstEven = (offset + 1) >>> 1, endEven = (offset + length + 1) >>> 1; // chip addresses in flash 1
            int firstOdd = offset >>> 1, endOdd = (offset + length) >>> 1;             // ... and in flash 2
            if (endEven > firstEven) m1.arrayChanged(firstEven, endEven - firstEven);
            if (endOdd > firstOdd) m2.arrayChanged(firstOdd, endOdd - firstOdd);
        }
        controller.mapped.contentLoaded();
        notifyChanged(offset, length);
    }

    /** Debugger path: the bytes the programmer path would have stored, without touching the memories. */
    @Override
    public void peek(int offset, byte[] into, int from, int length) {
        checkRange(offset, length, "peek");
        if (!controller.banks.dualFlashBoard()) {
            System.arraycopy(single().array(), offset, into, from, length);
            return;
        }
        byte[] a1 = controller.banks.bank(1).memory().array(), a2 = controller.banks.bank(2).memory().array();
        for (int i = 0; i < length; i++) {
            int o = offset + i;
            into[from + i] = ((o & 1) == 0 ? a1 : a2)[o >>> 1];
        }
    }

    private NonVolatileMemory single() {
        QuadspiFlash f = controller.banks.bank(1) != null ? controller.banks.bank(1) : controller.banks.bank(2);
        return f.memory();
    }

    private void checkRange(int offset, int length, String what) {
        long limit = controller.banks.loadableSize();
        if (offset < 0 || length < 0 || (long) offset + length > limit) {
            throw new NotMemoryException(String.format(
                    "%s %s of %d bytes at +0x%x runs past the external flash (%d bytes)", controller.name(), what, length, offset, limit));
        }
    }

    @Override
    public void attached(RegionContext context, long base) {
        attachments.add(new Attachment(context, base));
    }

    void fastPathChanged() {
        for (Attachment a : attachments) a.context.fastPathChanged(this);
    }

    /** Bytes seen through the window may have changed anywhere: decoded instructions there are dropped. */
    void notifyAllChanged() {
        for (Attachment a : attachments) a.context.notifyCodeChanged((int) a.base, (int) controller.windowSize());
    }

    void notifyChanged(int offset, int length) {
        for (Attachment a : attachments) a.context.notifyCodeChanged((int) (a.base + offset), length);
    }
}
