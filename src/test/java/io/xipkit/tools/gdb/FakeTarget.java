package io.xipkit.tools.gdb;

import io.xipkit.tools.flasher.FlashDriver;
import io.xipkit.tools.target.CoreDescription;
import io.xipkit.tools.target.DebugTarget;
import io.xipkit.tools.target.MemoryMap;
import io.xipkit.tools.target.StopEvent;
import io.xipkit.tools.target.TargetMemoryException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A protocol-test double: 64 KiB of RAM at 0x2000_0000, 64 KiB of "flash" at 0x0800_0000 in 4 KiB blocks, registers in a map. */
final class FakeTarget implements DebugTarget {
    static final MemoryMap MAP = new MemoryMap(List.of(
            new MemoryMap.Region("ram", MemoryMap.Kind.RAM, 0x2000_0000L, 0x1_0000, 0, null, 0),
            new MemoryMap.Region("flash", MemoryMap.Kind.FLASH, 0x0800_0000L, 0x1_0000, 0x1000, "FLASH", 1)));
    final byte[] ram = new byte[0x1_0000];
    final byte[] flash = new byte[0x1_0000];
    final Map<Integer, Integer> regs = new HashMap<>();
    int erases;
    boolean halted = true;
    /** What the next run stops for. */
    StopEvent nextStop = new StopEvent.Breakpoint(0x0800_0100L, true);

    FakeTarget() {
        Arrays.fill(flash, (byte) 0xFF);
    }

    @Override
    public CoreDescription core() {
        return new CoreDescription("Cortex-M7", 0x411FC270, true, true, 1, 8, 4);
    }

    @Override
    public MemoryMap memoryMap() {
        return MAP;
    }

    @Override
    public boolean isHalted() {
        return halted;
    }

    @Override
    public void halt() {
        halted = true;
    }

    @Override
    public void resume() {
        halted = false;
    }

    @Override
    public StopEvent step() {
        return new StopEvent.Stepped();
    }

    @Override
    public StopEvent runUntil(long maxInstructions, long untilPicos) {
        halted = true;
        return nextStop;
    }

    @Override
    public int readRegister(int selector) {
        return regs.getOrDefault(selector, selector);
    }

    @Override
    public void writeRegister(int selector, int value) {
        regs.put(selector, value);
    }

    private byte[] backing(long address, int length) {
        if (address >= 0x2000_0000L && address + length <= 0x2001_0000L) return ram;
        if (address >= 0x0800_0000L && address + length <= 0x0801_0000L) return flash;
        throw new TargetMemoryException(address, "no memory");
    }

    @Override
    public byte[] readMemory(long address, int length) {
        byte[] b = backing(address, length);
        int off = (int) (address & 0xFFFF);
        return Arrays.copyOfRange(b, off, off + length);
    }

    @Override
    public void writeMemory(long address, byte[] data) {
        byte[] b = backing(address, data.length);
        System.arraycopy(data, 0, b, (int) (address & 0xFFFF), data.length);
    }

    @Override
    public int read32(long address) {
        byte[] b = readMemory(address, 4);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    @Override
    public void write32(long address, int value) {
        writeMemory(address, new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24)});
    }

    @Override
    public void resetAndHalt() {
        halted = true;
    }

    @Override
    public void resetAndRun() {
        halted = false;
    }

    @Override
    public boolean setHardwareBreakpoint(long address) {
        return true;
    }

    @Override
    public boolean clearHardwareBreakpoint(long address) {
        return true;
    }

    @Override
    public boolean setWatchpoint(long address, int length, StopEvent.WatchKind kind) {
        return Integer.bitCount(length) == 1;
    }

    @Override
    public boolean clearWatchpoint(long address, int length, StopEvent.WatchKind kind) {
        return true;
    }

    @Override
    public void waitFor(long picos) {}

    @Override
    public long nowPicos() {
        return 0;
    }

    @Override
    public void detach() {
        halted = false;
    }

    /** A flash driver that writes the fake flash array directly (the protocol layer does not care how). */
    FlashDriver flashDriver() {
        return new FlashDriver() {
            @Override
            public MemoryMap.Region region() {
                return MAP.regions().get(0);
            }

            @Override
            public void erase(long address, long length) {
                erases++;
                Arrays.fill(flash, (int) (address & 0xFFFF), (int) ((address & 0xFFFF) + length), (byte) 0xFF);
            }

            @Override
            public void program(long address, byte[] data) {
                System.arraycopy(data, 0, flash, (int) (address & 0xFFFF), data.length);
            }

            @Override
            public byte[] read(long address, int length) {
                return readMemory(address, length);
            }
        };
    }
}
