package io.xipkit.peripherals.stm32;

import io.xipkit.bus.FastPath;
import io.xipkit.bus.Region;
import io.xipkit.bus.RegionContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The STM32L476's main flash memory as the bus sees it at 0x0800_0000 (1 MB): bank 1 then bank 2,
 * or, with SYSCFG_MEMRMP.FB_MODE = 1, bank 2 then bank 1 (RM0351 3.3.1 "Flash memory organization"
 * and 9.2.1 "SYSCFG memory remap register": "FB_MODE: Flash Bank mode selection ... 1: Flash Bank 2
 * mapped at 0x0800 0000 (and aliased @0x0000 0000) and Flash Bank 1 mapped at 0x0808 0000 (and
 * aliased at 0x0008 0000)").
 *
 * <p>Reads are served by the bus from an array ({@link #fastPath()}): the storage itself when the
 * banks are not swapped, or a copy in swapped order that program and erase keep up to date (they
 * are rare, reads are not). Writes always reach the flash controller, which decodes programming.
 * Program, erase and remapping tell every bus this window is mapped on to drop decoded
 * instructions. When a PCROP area is active the fast path is off, so data reads can be refused
 * (instruction fetches are allowed: PCROP is execute-only, RM0351 3.5.3).
 */
public final class L4FlashMemory implements Region {
    /** Something that shows this window elsewhere (the SYSCFG alias at 0x0000_0000). */
    public interface Viewer {
        /** Bytes at window offsets [offset, offset + length) may read differently now. */
        void windowChanged(int offset, int length);

        /** The whole window (and its fast path) changed: FB_MODE or read protection switched. */
        void windowRemapped();
    }

    private record Attachment(RegionContext context, long base) {}

    private final L4Flash flash;
    private final byte[] physical;
    private final byte[] swapped;
    private final int bankSize;
    private final List<Attachment> attachments = new ArrayList<>();
    private final List<Viewer> viewers = new ArrayList<>();
    private FastPath fastPath;
    private boolean isSwapped;
    /** The storage's stamps, to mark the reads a campaign's reference reboot tracks. */
    private final io.xipkit.bus.PageStamps stamps;

    L4FlashMemory(L4Flash flash, byte[] physical) {
        this.flash = flash;
        this.physical = physical;
        this.swapped = new byte[physical.length];
        this.bankSize = flash.geometry.bankBytes();
        this.fastPath = new FastPath(physical, false);
        this.stamps = flash.nvm.pageStamps();
    }

    @Override
    public String name() {
        return "flash";
    }

    @Override
    public long size() {
        return physical.length;
    }

    @Override
    public int read(int offset, int size) {
        int p = flash.toPhysical(offset);
        if (flash.anyReadProtection() && flash.readProtected(p)) {
            flash.readProtectionViolated();
            return 0;
        }
        return readPhysical(p, size);
    }

    @Override
    public int fetch16(int offset) {
        return readPhysical(flash.toPhysical(offset), 2);
    }

    private int readPhysical(int p, int size) {
        io.xipkit.bus.PageStamps.read(stamps, p, size);
        int v = 0;
        for (int i = 0; i < size; i++) v |= (physical[p + i] & 0xFF) << (8 * i);
        return v;
    }

    @Override
    public void write(int offset, int size, int value) {
        flash.memoryWrite(offset, size, value);
    }

    @Override
    public FastPath fastPath() {
        return fastPath;
    }

    /** Loader/debugger path: stores the bytes at the (remapped) addresses, as a programmer would. */
    @Override
    public void load(int offset, byte[] data, int from, int length) {
        for (int i = 0; i < length; i++) {
            int p = flash.toPhysical(offset + i);
            physical[p] = data[from + i];
            swapped[p ^ bankSize] = data[from + i];
        }
        // Through the loader the caller (SystemBus.loadBytes) drops decoded code itself; the storage
        // must still hear of it, per physical bank.
        flash.loaded(offset, length);
        for (Viewer v : viewers) v.windowChanged(offset, length);
    }

    @Override
    public void peek(int offset, byte[] into, int from, int length) {
        for (int i = 0; i < length; i++) into[from + i] = physical[flash.toPhysical(offset + i)];
    }

    @Override
    public void attached(RegionContext context, long base) {
        attachments.add(new Attachment(context, base));
    }

    public void addViewer(Viewer viewer) {
        viewers.add(viewer);
    }

    /** The controller changed physical bytes [p, p + length) (inside one bank). */
    void physicalChanged(int p, int length) {
        System.arraycopy(physical, p, swapped, p ^ bankSize, length);
        int logical = isSwapped ? p ^ bankSize : p;
        for (Attachment a : attachments) a.context.notifyCodeChanged((int) (a.base + logical), length);
        for (Viewer v : viewers) v.windowChanged(logical, length);
    }

    void swapChanged(boolean nowSwapped) {
        isSwapped = nowSwapped;
        if (nowSwapped) {
            // The copy is kept current by physicalChanged/load; refresh it anyway, it costs one copy per swap.
            System.arraycopy(physical, 0, swapped, bankSize, bankSize);
            System.arraycopy(physical, bankSize, swapped, 0, bankSize);
        }
        refreshFastPath();
    }

    /** The storage was rewritten from outside ({@link L4Flash#storageRewritten}): the swapped view follows. */
    void storageRewritten() {
        System.arraycopy(physical, 0, swapped, bankSize, bankSize);
        System.arraycopy(physical, bankSize, swapped, 0, bankSize);
    }

    void readProtectionChanged() {
        refreshFastPath();
    }

    private void refreshFastPath() {
        FastPath next = flash.anyReadProtection() ? null : new FastPath(isSwapped ? swapped : physical, false);
        if (next == null ? fastPath == null : fastPath != null && next.array() == fastPath.array()) return;
        fastPath = next;
        for (Attachment a : attachments) {
            a.context.fastPathChanged(this);
            a.context.notifyAllCodeChanged();
        }
        for (Viewer v : viewers) v.windowRemapped();
    }
}
