package io.xipkit.tools.flasher;

import io.xipkit.devices.nor.NorPart;
import io.xipkit.tools.target.DebugTarget;
import io.xipkit.tools.target.MemoryMap;

/**
 * SPI NOR flash behind the STM32H7 QUADSPI, programmed with the chip's own commands in the
 * controller's indirect mode, as OpenOCD's stmqspi driver does it (facts from RM0433 Rev 8
 * chapter 23 "Quad-SPI interface (QUADSPI)": 23.3.4 indirect mode, 23.3.3 dual-flash mode,
 * register bits from 23.5; command opcodes from the chip's datasheet via the catalog):
 * WRITE ENABLE (06h), then an erase (the largest of the chip's sector and block erases that
 * fits the range) or a page program with the address, then READ STATUS REGISTER (05h) until WIP
 * (bit 0) clears. Reads use FAST READ with 8 dummy clocks. Chips larger than 16 MiB get their
 * 4-byte-address opcodes (erases from the catalog, 12h, 0Ch), so the chip's address mode is
 * never changed.
 *
 * <p>In dual-flash mode (DFM = 1) every command goes to both dies at once, bytes alternate
 * between them (even bytes to flash 1), the controller sends each die half the window offset, a
 * page is two die pages, and the status read returns one byte per die.
 *
 * <p>The controller's CR, DCR and CCR are saved first and restored at the end, so firmware that
 * left the window in memory-mapped mode finds it so again (writing CCR with FMODE = 11 re-enters
 * it).
 */
public final class QuadspiFlashDriver implements FlashDriver {
    private static final int CR = 0x00, DCR = 0x04, SR = 0x08, FCR = 0x0C, DLR = 0x10, CCR = 0x14, AR = 0x18, DR = 0x20;
    private static final int CR_EN = 1, CR_ABORT = 1 << 1, CR_DFM = 1 << 6, CR_PRESCALER_SHIFT = 24;
    private static final int SR_TEF = 1, SR_TCF = 1 << 1, SR_BUSY = 1 << 5;
    private static final int IMODE_1 = 1 << 8, ADMODE_1 = 1 << 10, ADSIZE_SHIFT = 12, DCYC_SHIFT = 18, DMODE_1 = 1 << 24,
            FMODE_WRITE = 0, FMODE_READ = 1 << 26, FMODE_MASK = 3 << 26, FMODE_MEMORY_MAPPED = 3 << 26;
    private static final int WREN = 0x06, RDSR = 0x05;
    private static final int WIP = 1;
    /** Erase and program bounds: the chip's maximum times with margin (the catalog has them per part). */
    private static final long TRANSFER_MAX_PICOS = 1_000_000_000_000L;

    private final DebugTarget target;
    private final MemoryMap.Region region;
    private final long regs;
    private final NorPart die;
    private final boolean dual;
    private final int dies;
    private final int addressBytes;
    private final int programOp, readOp;
    private final long programMaxPicos, programTypPicos;
    /** The chip's erases usable with this address width, largest first. */
    private final java.util.List<EraseCommand> erases;
    private int savedCr, savedDcr, savedCcr;

    /**
     * @param die  the part on each bank (one die of a twin package in dual-flash mode)
     * @param bank 1 or 2 for a single chip (CR.FSEL), ignored in dual-flash mode
     */
    public QuadspiFlashDriver(DebugTarget target, MemoryMap.Region region, long registerBase, NorPart die, boolean dual, int bank) {
        this.target = target;
        this.region = region;
        this.regs = registerBase;
        this.die = die;
        this.dual = dual;
        this.dies = dual ? 2 : 1;
        this.fsel = !dual && bank == 2;
        boolean fourByte = die.sizeBytes() > (16L << 20);
        this.addressBytes = fourByte ? 4 : 3;
        this.erases = eraseCommands(fourByte);
        this.programOp = command(fourByte ? 0x12 : 0x02, NorPart.Kind.PROGRAM);
        this.readOp = command(fourByte ? 0x0C : 0x0B, NorPart.Kind.READ);
        this.programMaxPicos = maxPicos("pageProgram", 10_000_000_000L);
        this.programTypPicos = typPicos("pageProgram", 500_000_000L);
    }

    private final boolean fsel;

    private int command(int opcode, NorPart.Kind kind) {
        for (NorPart.Command c : die.commands()) {
            if (c.opcodeBytes() == 1 && c.opcode() == opcode && c.kind() == kind && c.proto().startsWith("1-")) return opcode;
        }
        throw new IllegalArgumentException(String.format("%s has no single-line %02Xh %s command", die.part(), opcode, kind));
    }

    /** One erase of the chip: die bytes, opcode and its times. */
    private record EraseCommand(long dieBytes, int opcode, long typPicos, long maxPicos) {}

    /**
     * The single-line block and sector erases of the die with the address width in use (4-byte
     * opcodes on chips over 16 MiB), largest first, so a long changed range takes the fewest and
     * fastest erases (a 64 KiB block erase is far quicker than sixteen 4 KiB sector erases).
     */
    private java.util.List<EraseCommand> eraseCommands(boolean fourByte) {
        java.util.List<EraseCommand> out = new java.util.ArrayList<>();
        for (NorPart.Erase e : die.erases()) {
            for (NorPart.Command c : die.commands()) {
                boolean width = fourByte ? "4".equals(c.addr()) : "3".equals(c.addr()) || "mode".equals(c.addr());
                if (c.kind() == NorPart.Kind.ERASE && c.eraseSize() == e.size() && c.proto().equals("1-1-0") && width && c.opcodeBytes() == 1) {
                    out.add(new EraseCommand(e.size(), c.opcode(), typPicos(e.timing(), 50_000_000_000L), maxPicos(e.timing(), 1_000_000_000_000L)));
                    break;
                }
            }
        }
        out.sort((x, y) -> Long.compare(y.dieBytes(), x.dieBytes()));
        if (out.isEmpty() || out.get(out.size() - 1).dieBytes() * dies != region.blockSize()) {
            throw new IllegalArgumentException(die.part() + ": no single-line erase of the region's block size");
        }
        return out;
    }

    private long maxPicos(String timing, long fallback) {
        NorPart.Timing t = die.timings().get(timing);
        return t == null ? fallback : 2 * t.maxPicos();
    }

    private long typPicos(String timing, long fallback) {
        NorPart.Timing t = die.timings().get(timing);
        return t == null ? fallback : t.typPicos();
    }

    @Override
    public MemoryMap.Region region() {
        return region;
    }

    /** AR takes the offset in the window; in dual-flash mode the controller sends each die half of it (23.3.3). */
    private long controllerAddress(long windowAddress) {
        return windowAddress - region.base();
    }

    private void begin() {
        savedCr = target.read32(regs + CR);
        savedDcr = target.read32(regs + DCR);
        savedCcr = target.read32(regs + CCR);
        if ((savedCcr & FMODE_MASK) == FMODE_MEMORY_MAPPED || (target.read32(regs + SR) & SR_BUSY) != 0) {
            // RM0433 23.3.x: leaving memory-mapped mode needs an abort; BUSY clears when it is done.
            target.write32(regs + CR, savedCr | CR_ABORT);
            StatusPoll.await(target, () -> (target.read32(regs + SR) & SR_BUSY) == 0, TRANSFER_MAX_PICOS, "QUADSPI abort");
        }
        int prescaler = (savedCr & CR_EN) != 0 ? savedCr >>> CR_PRESCALER_SHIFT : 1;
        target.write32(regs + CR, 0);
        // FSIZE: the window is 2^(FSIZE + 1) bytes (23.5.2), both dies together in dual-flash mode.
        int fsize = 63 - Long.numberOfLeadingZeros(region.size()) - 1;
        target.write32(regs + DCR, fsize << 16 | 1 << 8);
        target.write32(regs + CR, prescaler << CR_PRESCALER_SHIFT | (dual ? CR_DFM : 0) | (fsel ? 1 << 7 : 0) | CR_EN);
        target.write32(regs + FCR, 0x1B);
    }

    private void end() {
        target.write32(regs + CR, savedCr & ~CR_EN);
        target.write32(regs + DCR, savedDcr);
        target.write32(regs + CR, savedCr);
        if ((savedCcr & FMODE_MASK) == FMODE_MEMORY_MAPPED) target.write32(regs + CCR, savedCcr);
    }

    private void awaitTransfer(String what, long address) {
        StatusPoll.await(target, () -> (target.read32(regs + SR) & (SR_TCF | SR_TEF)) != 0, TRANSFER_MAX_PICOS, what);
        int sr = target.read32(regs + SR);
        target.write32(regs + FCR, SR_TCF | SR_TEF);
        if ((sr & SR_TEF) != 0) throw new FlashException(String.format("%s: QUADSPI transfer error during %s at 0x%08x", region.name(), what, address));
        StatusPoll.await(target, () -> (target.read32(regs + SR) & SR_BUSY) == 0, TRANSFER_MAX_PICOS, what);
    }

    private int addressMode() {
        return ADMODE_1 | (addressBytes - 1) << ADSIZE_SHIFT;
    }

    private void writeEnable(long address) {
        target.write32(regs + CCR, IMODE_1 | FMODE_WRITE | WREN);   // no address, no data: starts at once
        awaitTransfer("write enable", address);
    }

    /**
     * Reads the status register of every die until none has WIP set: first after the operation's
     * typical time, then every fiftieth of it.
     */
    private void awaitReady(long typPicos, long maxPicos, String what, long address) {
        long start = target.nowPicos();
        long wait = typPicos;
        while (true) {
            target.waitFor(wait);
            wait = Math.max(StatusPoll.MICROSECOND, typPicos / 50);
            target.write32(regs + DLR, dies - 1);
            target.write32(regs + CCR, IMODE_1 | DMODE_1 | FMODE_READ | RDSR);
            int status = target.read32(regs + DR);
            awaitTransfer("status read", address);
            boolean busy = (status & WIP) != 0 || (dual && (status & (WIP << 8)) != 0);
            if (!busy) return;
            if (target.nowPicos() - start > maxPicos) {
                throw new FlashException(String.format("%s: %s at 0x%08x still busy after %d ms", region.name(), what, address,
                        maxPicos / 1_000_000_000L));
            }
        }
    }

    @Override
    public void erase(long address, long length) {
        begin();
        try {
            long a = address;
            long end = address + length;
            while (a < end) {
                EraseCommand e = largestFitting(a, end);
                long bytes = e.dieBytes() * dies;
                writeEnable(a);
                target.write32(regs + CCR, IMODE_1 | addressMode() | FMODE_WRITE | e.opcode());
                target.write32(regs + AR, (int) controllerAddress(a));
                awaitTransfer("erase", a);
                awaitReady(e.typPicos(), e.maxPicos(), "erase", a);
                a += bytes;
            }
        } finally {
            end();
        }
    }

    private EraseCommand largestFitting(long a, long end) {
        long offset = a - region.base();
        for (EraseCommand e : erases) {
            long bytes = e.dieBytes() * dies;
            if (offset % bytes == 0 && end - a >= bytes) return e;
        }
        throw new FlashException(String.format("%s: erase at 0x%08x is not block aligned", region.name(), a));
    }

    @Override
    public void program(long address, byte[] data) {
        int page = die.pageSize() * dies;
        begin();
        try {
            int i = 0;
            while (i < data.length) {
                long a = address + i;
                int n = (int) Math.min(data.length - i, page - ((a - region.base()) % page));
                byte[] chunk = java.util.Arrays.copyOfRange(data, i, i + n);
                i += n;
                if (Bytes.allErased(chunk)) continue;
                writeEnable(a);
                target.write32(regs + DLR, n - 1);
                target.write32(regs + CCR, IMODE_1 | addressMode() | DMODE_1 | FMODE_WRITE | programOp);
                target.write32(regs + AR, (int) controllerAddress(a));
                writeData(chunk);
                awaitTransfer("page program", a);
                awaitReady(programTypPicos, programMaxPicos, "page program", a);
            }
        } finally {
            end();
        }
    }

    private void writeData(byte[] chunk) {
        int k = 0;
        for (; k + 4 <= chunk.length; k += 4) target.write32(regs + DR, Bytes.le32(chunk, k));
        for (; k < chunk.length; k++) target.writeMemory(regs + DR, new byte[] {chunk[k]});
    }

    @Override
    public byte[] read(long address, int length) {
        byte[] out = new byte[length];
        if (length == 0) return out;
        begin();
        try {
            target.write32(regs + DLR, length - 1);
            target.write32(regs + CCR, IMODE_1 | addressMode() | 8 << DCYC_SHIFT | DMODE_1 | FMODE_READ | readOp);
            target.write32(regs + AR, (int) controllerAddress(address));
            int k = 0;
            for (; k + 4 <= length; k += 4) {
                int w = target.read32(regs + DR);
                for (int b = 0; b < 4; b++) out[k + b] = (byte) (w >>> (8 * b));
            }
            for (; k < length; k++) out[k] = target.readMemory(regs + DR, 1)[0];
            awaitTransfer("read", address);
        } finally {
            end();
        }
        return out;
    }
}
