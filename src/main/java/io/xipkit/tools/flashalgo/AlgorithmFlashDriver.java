package io.xipkit.tools.flashalgo;

import io.xipkit.tools.flasher.FlashDriver;
import io.xipkit.tools.flasher.FlashException;
import io.xipkit.tools.target.MemoryMap;
import io.xipkit.tools.target.TargetMemoryException;

/**
 * A {@link FlashDriver} that programs through a flash algorithm, as a probe does: Init with the
 * phase's operation code before the first erase or program of a phase, UnInit when the phase
 * changes and at {@link #finish()} (the pairing pyOCD and probe-rs keep, DESIGN-NOTES 1b.2);
 * pages go through the algorithm's page buffers in turn (two when RAM allows), pages that hold
 * only the erased value are skipped, since erasing already wrote them.
 */
public final class AlgorithmFlashDriver implements FlashDriver {
    private final AlgorithmRunner runner;
    private final MemoryMap.Region region;
    private AlgorithmRunner.Phase phase;
    private int nextBuffer;
    private long erases, pages;
    private final java.util.Optional<DatasheetBound> bound;
    private final java.util.TreeSet<Long> erased = new java.util.TreeSet<>();
    private String tooFast;
    private TargetCrc crc;
    private ProbeLink link = ProbeLink.INSTANT;
    /** Device time of the last ProgramPage of this phase, which the next page's transfer overlaps (-1: none yet). */
    private long previousCall = -1;
    private long crcBlocks;
    private String crcUnavailable;

    public AlgorithmFlashDriver(AlgorithmRunner runner) {
        this.runner = runner;
        FlashProperties f = runner.algorithm().flash();
        long block = f.sectors().get(0).size();
        for (SectorRun r : f.sectors()) {
            if (r.size() != block) {
                throw new FlashException(runner.algorithm().name() + ": sectors of different sizes are not supported by the block flasher yet");
            }
        }
        this.bound = DatasheetBound.of(runner.algorithm());
        this.region = new MemoryMap.Region(runner.algorithm().name(), MemoryMap.Kind.FLASH, f.start(), f.size(), block, "algorithm", 0);
    }

    public AlgorithmRunner runner() {
        return runner;
    }

    @Override
    public MemoryMap.Region region() {
        return region;
    }

    private void enter(AlgorithmRunner.Phase p) throws AlgorithmException {
        if (phase == p) return;
        finishPhase();
        previousCall = -1;
        // Init starts from a fresh copy when something else used the RAM since (another algorithm).
        if (!runner.resident()) runner.load();
        runner.init(p);
        phase = p;
    }

    private void finishPhase() throws AlgorithmException {
        if (phase == null) return;
        AlgorithmRunner.Phase done = phase;
        phase = null;
        runner.uninit(done);
    }

    /** Ends the current phase with UnInit (fnc of that phase). */
    public void finish() {
        try {
            finishPhase();
        } catch (AlgorithmException e) {
            throw new FlashException(e.getMessage());
        }
    }

    @Override
    public void erase(long address, long length) {
        try {
            enter(AlgorithmRunner.Phase.ERASE);
            for (long a = address; a < address + length; a += region.blockSize()) {
                runner.eraseSector(a);
                erased.add(a);
                erases++;
            }
        } catch (AlgorithmException e) {
            throw new FlashException(e.getMessage());
        }
    }

    /** Erases the whole flash with the algorithm's EraseChip/MassErase. */
    public void eraseChip() {
        try {
            enter(AlgorithmRunner.Phase.ERASE);
            runner.eraseChip();
            erases++;
        } catch (AlgorithmException e) {
            throw new FlashException(e.getMessage());
        }
    }

    @Override
    public void program(long address, byte[] data) {
        int page = (int) runner.algorithm().flash().pageSize();
        byte erased = (byte) runner.algorithm().flash().erasedValue();
        try {
            enter(AlgorithmRunner.Phase.PROGRAM);
            boolean overlap = link.doubleBuffering() && runner.buffers() > 1;
            int off = 0;
            while (off < data.length) {
                long a = address + off;
                int n = (int) Math.min(page - (a % page), data.length - off);
                boolean blank = true;
                for (int i = off; i < off + n && blank; i++) blank = data[i] == erased;
                if (!blank) {
                    byte[] chunk = java.util.Arrays.copyOfRange(data, off, off + n);
                    int buffer = overlap ? nextBuffer : 0;
                    nextBuffer = (nextBuffer + 1) % runner.buffers();
                    long transfer = link.transferPicos(n);
                    awaitTransfer(overlap && previousCall >= 0 ? Math.max(0, transfer - previousCall) : transfer);
                    runner.loadBuffer(buffer, chunk);
                    AlgorithmRunner.Call c = runner.programPage(a, n, buffer);
                    previousCall = c.picos();
                    pages++;
                    if (tooFast == null && n == page && bound.isPresent() && c.picos() < bound.get().pageProgramUs() * 1e6 / 2) {
                        tooFast = String.format("%s returned after %s, less than half the chip's typical page program time (%s): "
                                + "it does not wait for the chip to finish (status register busy bit)",
                                runner.signature(AlgorithmFunction.PROGRAM_PAGE, c.args()), AlgorithmRunner.time(c.picos()),
                                AlgorithmRunner.time(Math.round(bound.get().pageProgramUs() * 1e6)));
                    }
                }
                off += n;
            }
        } catch (AlgorithmException e) {
            throw new FlashException(e.getMessage());
        }
    }

    /**
     * The blocks' CRC-32s computed on the target by the analyser ({@link TargetCrc}), with the
     * algorithm initialised for verify as for {@link #read} (pyOCD's CRC analyser does the same); null when the RAM has
     * no room for it or the routine cannot read the flash there (then the flasher reads back).
     */
    @Override
    public long[] blockCrcs(java.util.List<Long> bases) {
        try {
            if (crc == null) crc = new TargetCrc(runner);
            enter(AlgorithmRunner.Phase.VERIFY);
            long[] out = crc.crc32(bases, (int) region.blockSize());
            crcBlocks += bases.size();
            return out;
        } catch (AlgorithmException | IllegalStateException e) {
            crcUnavailable = e.getMessage();
            return null;
        }
    }

    /** Blocks whose content was judged by the target's CRC instead of a read-back. */
    public long crcBlocks() {
        return crcBlocks;
    }

    /** Why the target's CRC could not be used (the flasher read back instead), or null. */
    public String crcUnavailable() {
        return crcUnavailable;
    }

    /** How pages reach the target (for the device time); {@link ProbeLink#INSTANT} unless set. */
    public void setProbeLink(ProbeLink link) {
        this.link = java.util.Objects.requireNonNull(link);
    }

    /** Lets the page's transfer time pass with the core halted (the board's time goes on). */
    private void awaitTransfer(long picos) {
        long until = runner.target().nowPicos() + picos;
        while (runner.target().nowPicos() < until) runner.target().waitFor(until - runner.target().nowPicos());
    }

    @Override
    public byte[] read(long address, int length) {
        try {
            // Reading needs the algorithm initialised for verify: Init(adr, clk, 3) is what maps
            // external flash for reading (CMSIS fnc 3; pyOCD's FlashBuilder._enable_read_access
            // before every read or CRC of flash, probe-rs up to 0.27 around its read-back, Keil's
            // Verify). The phase stays open, as in pyOCD, until the next erase/program or finish().
            enter(AlgorithmRunner.Phase.VERIFY);
            try {
                return runner.target().readMemory(address, length);
            } catch (TargetMemoryException e) {
                if (!runner.algorithm().has(AlgorithmFunction.READ)) {
                    throw new FlashException(String.format("%s: the flash at 0x%08X cannot be read through its window after Init(0x%08X, 0, 3) (%s), "
                            + "and the algorithm has no Read function: its Init for verify (fnc 3) does not leave the flash memory-mapped",
                            runner.algorithm().name(), address, runner.algorithm().flash().start(), e.getMessage()));
                }
                return runner.read(address, length);
            }
        } catch (AlgorithmException e) {
            throw new FlashException(e.getMessage());
        }
    }

    /**
     * Why the bytes at {@code address} may be wrong although every call succeeded, in the
     * algorithm author's terms; null when nothing in this session explains it.
     */
    public String explainDifference(long address) {
        if (tooFast != null) return tooFast;
        long sector = address - (address - region.base()) % region.blockSize();
        if (!erased.contains(sector)) {
            Long near = erased.floor(sector);
            Long above = erased.ceiling(sector);
            Long by = near != null && sector - near <= 8 * region.blockSize() ? near : above != null && above - sector <= 8 * region.blockSize() ? above : null;
            if (by != null) {
                return String.format("sector 0x%08X was not erased, but an erase of sector 0x%08X seems to have reached it: the algorithm's sectors "
                        + "(%d bytes) are smaller than what its erase removes (in dual-flash mode every page and sector is twice a die's)",
                        sector, by, region.blockSize());
            }
        }
        return null;
    }

    public long erases() {
        return erases;
    }

    public long pagesProgrammed() {
        return pages;
    }

    @Override
    public String describe() {
        return runner.algorithm().name() + " (" + runner.algorithm().format().title() + ")";
    }
}
