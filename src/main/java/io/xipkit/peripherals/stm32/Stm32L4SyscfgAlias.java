package io.xipkit.peripherals.stm32;

import io.xipkit.bus.FastPath;
import io.xipkit.bus.Region;
import io.xipkit.bus.RegionContext;
import io.xipkit.cpu.BusErrorException;
import java.util.ArrayList;
import java.util.List;

/**
 * The 1 MB window at 0x0000_0000 whose content SYSCFG_MEMRMP.MEM_MODE selects (RM0351 9.2.1 and
 * 2.6 "Boot configuration", "Physical remap"): main flash (in its FB_MODE order, like 0x0800_0000),
 * system memory, SRAM1 or the QUADSPI window. Accesses past the end of a smaller target, or to a
 * target the board did not provide (FMC), are bus errors.
 */
final class Stm32L4SyscfgAlias implements Region, L4FlashMemory.Viewer {
    private record Attachment(RegionContext context, long base) {}

    private final Stm32L4Syscfg syscfg;
    private final L4FlashMemory flash;
    private final Region systemMemory, sram1, quadspi;
    private final List<Attachment> attachments = new ArrayList<>();
    private Region target;

    Stm32L4SyscfgAlias(Stm32L4Syscfg syscfg, L4FlashMemory flash, Region systemMemory, Region sram1, Region quadspi) {
        this.syscfg = syscfg;
        this.flash = flash;
        this.systemMemory = systemMemory;
        this.sram1 = sram1;
        this.quadspi = quadspi;
        this.target = flash;
    }

    @Override
    public String name() {
        return "boot-alias";
    }

    @Override
    public long size() {
        return flash.size();
    }

    private Region targetFor(int offset, int size, boolean write) {
        Region t = target;
        if (t == null || offset + size > t.size()) {
            throw new BusErrorException(offset, write, String.format(
                    "nothing at 0x%08x of the boot alias (SYSCFG_MEMRMP.MEM_MODE = %d)", offset, syscfg.memMode()));
        }
        return t;
    }

    @Override
    public int read(int offset, int size) {
        return targetFor(offset, size, false).read(offset, size);
    }

    @Override
    public int fetch16(int offset) {
        return targetFor(offset, 2, false).fetch16(offset);
    }

    @Override
    public void write(int offset, int size, int value) {
        targetFor(offset, size, true).write(offset, size, value);
    }

    @Override
    public FastPath fastPath() {
        Region t = target;
        FastPath fp = t == null ? null : t.fastPath();
        return fp != null && fp.array().length == flash.size() ? new FastPath(fp.array(), false) : null;
    }

    @Override
    public void load(int offset, byte[] data, int from, int length) {
        targetFor(offset, length, true).load(offset, data, from, length);
    }

    @Override
    public void peek(int offset, byte[] into, int from, int length) {
        targetFor(offset, length, false).peek(offset, into, from, length);
    }

    @Override
    public void attached(RegionContext context, long base) {
        attachments.add(new Attachment(context, base));
    }

    /** MEM_MODE changed (or was reset). */
    void remapped() {
        switch (syscfg.memMode()) {
            case Stm32L4Syscfg.MEM_MODE_MAIN_FLASH: target = flash; break;
            case Stm32L4Syscfg.MEM_MODE_SYSTEM_FLASH: target = systemMemory; break;
            case Stm32L4Syscfg.MEM_MODE_SRAM1: target = sram1; break;
            case Stm32L4Syscfg.MEM_MODE_QUADSPI: target = quadspi; break;
            default: target = null; break;
        }
        windowRemapped();
    }

    @Override
    public void windowChanged(int offset, int length) {
        if (target != flash) return;
        for (Attachment a : attachments) a.context.notifyCodeChanged((int) (a.base + offset), length);
    }

    @Override
    public void windowRemapped() {
        for (Attachment a : attachments) {
            a.context.fastPathChanged(this);
            a.context.notifyAllCodeChanged();
        }
    }
}
