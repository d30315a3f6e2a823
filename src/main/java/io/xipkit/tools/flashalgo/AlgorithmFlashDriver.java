package io.xipkit.tools.flashalgo;

import io.xipkit.tools.flasher.FlashDriver;
import io.xipkit.tools.flasher.FlashException;
import io.xipkit.tools.target.MemoryMap;

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

    public AlgorithmFlashDriver(AlgorithmRunner runner) {
        this.runner = runner;
        FlashProperties f = runner.algorithm().flash();
        long block = f.sectors().get(0).size();
        for (SectorRun r : f.sectors()) {
            if (r.size() != block) {
                throw new FlashException(runner.algorithm().name() + ": sectors of different sizes are not supported by the block flasher yet");
            }
        }
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
        runner.init(p);
        phase = p;
    }

    private void finishPhase() throws AlgorithmException {
        if (phase == null) return;
        AlgorithmRunner.Phase done = phase;
        phase = null;
        runner.uninit(done);
    }

    /** Ends the current phase (UnInit); the flash is then readable through its window again. */
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
            int off = 0;
            while (off < data.length) {
                long a = address + off;
                int n = (int) Math.min(page - (a % page), data.length - off);
                boolean blank = true;
                for (int i = off; i < off + n && blank; i++) blank = data[i] == erased;
                if (!blank) {
                    byte[] chunk = java.util.Arrays.copyOfRange(data, off, off + n);
                    int buffer = nextBuffer;
                    nextBuffer = (nextBuffer + 1) % runner.buffers();
                    runner.loadBuffer(buffer, chunk);
                    runner.programPage(a, n, buffer);
                    pages++;
                }
                off += n;
            }
        } catch (AlgorithmException e) {
            throw new FlashException(e.getMessage());
        }
    }

    @Override
    public byte[] read(long address, int length) {
        try {
            // Reading needs an initialised interface (Init with the verify code); without a Read
            // function the debugger reads the window, which UnInit must have left readable.
            if (phase == null) enter(AlgorithmRunner.Phase.VERIFY);
            if (!runner.algorithm().has(AlgorithmFunction.READ)) finishPhase();
            return runner.read(address, length);
        } catch (AlgorithmException e) {
            throw new FlashException(e.getMessage());
        }
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
