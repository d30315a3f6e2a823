package io.xipkit.tools.flashalgo;

import io.xipkit.time.Clock;
import io.xipkit.tools.target.CoreRegister;
import io.xipkit.tools.target.DebugTarget;
import io.xipkit.tools.target.MemoryMap;
import io.xipkit.tools.target.StopEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs a flash algorithm on a halted core the way pyOCD and probe-rs do: the blob goes into RAM
 * ({@link AlgorithmLayout}), and each call sets R0-R3 to the arguments, R9 to the static base, SP
 * to the stack top, LR to the breakpoint header (Thumb bit set), PC to the entry point and xPSR to
 * Thumb state only, resumes, and waits for the core to halt on the header's BKPT
 * (pyOCD flash/flash.py and probe-rs flashing/flasher.rs). The wait is a budget of the board's
 * virtual time, never of host time. The stack is filled with a canary pattern before each call
 * and its bottom words checked after it (probe-rs' stack overflow check), and fault exceptions are
 * caught by vector catch (DEMCR VC_* bits, ARMv7-M ARM C1.6.5) so a fault halts the core at the
 * handler entry with the fault status registers still describing it.
 *
 * <p>Calls speak each format's convention: CMSIS functions return 0 on success, ST's 1
 * ({@link AlgorithmFormat#successCode()}); ST's SectorErase takes a start and an end address.
 */
public final class AlgorithmRunner {
    /** Two Thumb BKPT #0 instructions (probe-rs ARM_ASSEMBLY_BKPT_T32). */
    static final int BKPT_HEADER = 0xBE00_BE00;
    static final int XPSR_THUMB = 0x0100_0000;
    static final int CANARY = 0xA5A5_A5A5;
    /** The bottom of the stack that must stay untouched. */
    static final int CANARY_BYTES = 32;
    static final long DEFAULT_CALL_MS = 2000;
    static final long DEFAULT_PAGE_MS = 500;
    static final long DEFAULT_ERASE_MS = 6000;
    static final long PICOS_PER_MS = Clock.PICOS_PER_SECOND / 1000;

    // ARMv7-M ARM (DDI 0403E.b): DEMCR C1.6.5, CFSR B3.2.15, HFSR B3.2.16, MMFAR B3.2.17, BFAR B3.2.18.
    static final long DEMCR = 0xE000_EDFCL, CFSR = 0xE000_ED28L, HFSR = 0xE000_ED2CL, MMFAR = 0xE000_ED34L, BFAR = 0xE000_ED38L;
    /** VC_HARDERR, VC_INTERR, VC_BUSERR, VC_STATERR, VC_CHKERR, VC_NOCPERR, VC_MMERR. */
    static final int VC_FAULTS = (1 << 10) | (1 << 9) | (1 << 8) | (1 << 7) | (1 << 6) | (1 << 5) | (1 << 4);
    /** QUADSPI registers: STM32H7 RM0433 §23.5 (base 0x52005000), STM32L4 RM0351 (base 0xA0001000); CCR +0x14, SR +0x08. */
    static final long H7_QUADSPI = 0x5200_5000L, L4_QUADSPI = 0xA000_1000L;

    /** The operation kinds of CMSIS Init/UnInit's fnc argument (FlashOS.h: 1 erase, 2 program, 3 verify). */
    public enum Phase {
        ERASE(1), PROGRAM(2), VERIFY(3);

        final int code;

        Phase(int code) {
            this.code = code;
        }
    }

    /** One finished call: what it returned (R0, R1) and how long it ran in virtual time. */
    public record Call(AlgorithmFunction function, long[] args, long r0, long r1, long picos, long stackUsed) {}

    private final DebugTarget target;
    private final AlgorithmImage algo;
    private final AlgorithmLayout layout;
    private final List<String> log = new ArrayList<>();
    private boolean loaded;
    /** What the host last put in each page buffer: an algorithm must leave them alone. */
    private final byte[][] bufferContents = new byte[2][];

    private final BoardModelView model;

    /** A runner on a target whose board is not modelled (a probe): reports carry what the target shows. */
    public AlgorithmRunner(DebugTarget target, AlgorithmImage algo) throws AlgorithmException.Placement {
        this(target, algo, BoardModelView.NONE);
    }

    /** A runner whose failure reports add what the board model noticed ({@link BoardModelView}). */
    public AlgorithmRunner(DebugTarget target, AlgorithmImage algo, BoardModelView model) throws AlgorithmException.Placement {
        this.target = target;
        this.algo = algo;
        this.model = model;
        this.layout = AlgorithmLayout.plan(algo, target.memoryMap());
    }

    /**
     * The board model's view for reports: the chips' warnings and operation log tail, one
     * indented line each after the diagnosis ("" when the model noted nothing).
     */
    public String modelNotes() {
        StringBuilder b = new StringBuilder();
        for (String line : model.chipNotes()) b.append("\n  ").append(line);
        return b.toString();
    }

    /** The board model's chip warnings so far (none behind a probe). */
    public List<String> modelWarnings() {
        return model.modelWarnings();
    }

    public DebugTarget target() {
        return target;
    }

    public AlgorithmImage algorithm() {
        return algo;
    }

    public AlgorithmLayout layout() {
        return layout;
    }

    /** Every call so far, one line each ("EraseSector(0x90000000) = 0 in 45.0 ms"). */
    public List<String> log() {
        return List.copyOf(log);
    }

    /** Halts the core and writes the breakpoint header and the blob (again: the firmware may have used the RAM). */
    public void load() {
        if (!target.isHalted()) target.halt();
        byte[] image = new byte[AlgorithmLayout.HEADER_BYTES + algo.code().length];
        for (int i = 0; i < 4; i++) image[i] = (byte) (BKPT_HEADER >>> (8 * i));
        System.arraycopy(algo.code(), 0, image, AlgorithmLayout.HEADER_BYTES, algo.code().length);
        target.writeMemory(layout.header(), image);
        // Whatever the page buffers held was this runner's before something else used the RAM:
        // nothing there is the host's any more, so no call can be blamed for changing it.
        Arrays.fill(bufferContents, null);
        loaded = true;
    }

    /**
     * Whether the algorithm is still in RAM as {@link #load()} put it (another algorithm or the
     * firmware may have used the same RAM since): the header and the start of the code are compared.
     */
    public boolean resident() {
        if (!loaded) return false;
        int n = Math.min(64, algo.code().length);
        byte[] now = target.readMemory(layout.header(), AlgorithmLayout.HEADER_BYTES + n);
        for (int i = 0; i < 4; i++) if (now[i] != (byte) (BKPT_HEADER >>> (8 * i))) return false;
        return Arrays.equals(Arrays.copyOfRange(now, AlgorithmLayout.HEADER_BYTES, now.length), Arrays.copyOf(algo.code(), n));
    }

    // ---- the operations, in each format's convention -----------------------------------------

    public Call init(Phase phase) throws AlgorithmException {
        if (!algo.has(AlgorithmFunction.INIT)) return null;
        Call c = algo.format() == AlgorithmFormat.STLDR ? call(AlgorithmFunction.INIT, DEFAULT_CALL_MS)
                : call(AlgorithmFunction.INIT, DEFAULT_CALL_MS, algo.flash().start(), 0, phase.code);
        return expectSuccess(c);
    }

    public Call uninit(Phase phase) throws AlgorithmException {
        if (!algo.has(AlgorithmFunction.UNINIT)) return null;
        return expectSuccess(call(AlgorithmFunction.UNINIT, DEFAULT_CALL_MS, phase.code));
    }

    /** Erases the sector holding {@code address}. */
    public Call eraseSector(long address) throws AlgorithmException {
        long budget = timeout(algo.flash().eraseSectorTimeoutMs(), DEFAULT_ERASE_MS);
        Call c = algo.format() == AlgorithmFormat.STLDR ? call(AlgorithmFunction.ERASE_SECTOR, budget, address, address)
                : call(AlgorithmFunction.ERASE_SECTOR, budget, address);
        return expectSuccess(c);
    }

    public Call eraseChip() throws AlgorithmException {
        long perSector = timeout(algo.flash().eraseSectorTimeoutMs(), DEFAULT_ERASE_MS);
        long budget = Math.max(perSector * Math.min(algo.flash().sectorCount(), 100_000), 400_000);
        Call c = algo.format() == AlgorithmFormat.STLDR ? call(AlgorithmFunction.ERASE_CHIP, budget, 0)
                : call(AlgorithmFunction.ERASE_CHIP, budget);
        return expectSuccess(c);
    }

    /** Number of page buffers (2: the next page can be loaded while one is programmed). */
    public int buffers() {
        return layout.buffers().size();
    }

    /** Copies {@code data} (at most a page) into page buffer {@code index}. */
    public void loadBuffer(int index, byte[] data) {
        if (data.length > algo.flash().pageSize()) throw new IllegalArgumentException(data.length + " bytes exceed the page buffer");
        target.writeMemory(layout.buffers().get(index), data);
        bufferContents[index] = data.clone();
    }

    /** Programs {@code length} bytes at {@code address} from page buffer {@code index}. */
    public Call programPage(long address, int length, int index) throws AlgorithmException {
        long pages = Math.max(1, (length + algo.flash().pageSize() - 1) / algo.flash().pageSize());
        long budget = timeout(algo.flash().programPageTimeoutMs(), DEFAULT_PAGE_MS) * pages;
        return expectSuccess(call(AlgorithmFunction.PROGRAM_PAGE, budget, address, length, layout.buffers().get(index)));
    }

    /** Loads {@code data} into buffer 0 and programs it. */
    public Call programPage(long address, byte[] data) throws AlgorithmException {
        loadBuffer(0, data);
        return programPage(address, data.length, 0);
    }

    /**
     * Compares flash at {@code address} with {@code data} using the algorithm's Verify and returns
     * its r0, in its format's convention: CMSIS (Open-CMSIS-Pack "Algorithm Functions", Verify)
     * answers the first differing address, or address + length when all match; an ST loader
     * (stm32-external-loader Loader_Src.c, Verify) answers 0 when all match, else the address of
     * a difference. Without Verify: null.
     *
     * <p>An ST loader is called as its template expects STM32CubeProgrammer to call it (see
     * {@link StVerifySpan}): Size in 32-bit words and the range widened to whole words, the widening
     * filled in the buffer with the bytes the flash holds there (read as {@link #read} does) and
     * named in missalignement.
     */
    public Long verify(long address, byte[] data) throws AlgorithmException {
        if (!algo.has(AlgorithmFunction.VERIFY)) return null;
        long budget = timeout(algo.flash().programPageTimeoutMs(), DEFAULT_PAGE_MS);
        if (algo.format() != AlgorithmFormat.STLDR) {
            loadBuffer(0, data);
            return call(AlgorithmFunction.VERIFY, budget, address, data.length, layout.buffers().get(0)).r0();
        }
        StVerifySpan span = StVerifySpan.covering(address, data.length);
        if (span.bytes() > algo.flash().pageSize()) {
            throw new IllegalArgumentException(String.format("Verify of %d bytes at 0x%08X spans %d whole words, more than the %d-byte page buffer",
                    data.length, address, span.words(), algo.flash().pageSize()));
        }
        byte[] words = new byte[span.bytes()];
        if (span.head() > 0) System.arraycopy(read(span.memoryAddr(), span.head()), 0, words, 0, span.head());
        if (span.tail() > 0) System.arraycopy(read(address + data.length, span.tail()), 0, words, span.head() + data.length, span.tail());
        System.arraycopy(data, 0, words, span.head(), data.length);
        loadBuffer(0, words);
        return call(AlgorithmFunction.VERIFY, budget, span.memoryAddr(), layout.buffers().get(0), span.words(), span.missalignement()).r0();
    }

    /** Reads flash through the algorithm's Read/ReadFlash, a page at a time; without one, through the debugger. */
    public byte[] read(long address, int length) throws AlgorithmException {
        if (!algo.has(AlgorithmFunction.READ)) return target.readMemory(address, length);
        byte[] out = new byte[length];
        int page = (int) algo.flash().pageSize();
        for (int off = 0; off < length; off += page) {
            int n = Math.min(page, length - off);
            bufferContents[0] = null;   // Read fills it
            expectSuccess(call(AlgorithmFunction.READ, DEFAULT_CALL_MS, address + off, n, layout.buffers().get(0)));
            System.arraycopy(target.readMemory(layout.buffers().get(0), n), 0, out, off, n);
        }
        return out;
    }

    private static long timeout(long given, long fallback) {
        return given > 0 ? given : fallback;
    }

    private Call expectSuccess(Call c) throws AlgorithmException.CallFailed {
        if (c.r0() != algo.format().successCode()) {
            throw new AlgorithmException.CallFailed(String.format("%s returned %d after %s (success is %d)", signature(c.function(), c.args()),
                    (int) c.r0(), time(c.picos()), algo.format().successCode()) + context() + modelNotes(), c.r0());
        }
        return c;
    }

    // ---- one call ----------------------------------------------------------------------------

    /** Calls {@code f} with {@code args} and a budget of {@code budgetMs} milliseconds of virtual time. */
    public Call call(AlgorithmFunction f, long budgetMs, long... args) throws AlgorithmException {
        return invoke(f, signature(f, args), layout.codeStart() + (algo.entry(f) & ~1L), budgetMs, args);
    }

    /**
     * Calls a routine of the host's own that it put in RAM at {@code entry} (Thumb code, as the
     * smart-flash CRC analyser), the way the algorithm's functions are called: its stack, its
     * return breakpoint, the same checks and budget. The call's {@code function} is null.
     */
    public Call callRoutine(String name, long entry, long budgetMs, long... args) throws AlgorithmException {
        StringBuilder sig = new StringBuilder(name).append('(');
        for (int i = 0; i < args.length; i++) sig.append(i > 0 ? ", " : "").append(String.format("0x%08X", args[i]));
        return invoke(null, sig.append(')').toString(), entry & ~1L, budgetMs, args);
    }

    private Call invoke(AlgorithmFunction f, String sig, long entry, long budgetMs, long... args) throws AlgorithmException {
        if (args.length > 4) throw new IllegalArgumentException("at most four register arguments");
        if (!loaded) load();
        if (!target.isHalted()) target.halt();
        int stackBytes = (int) (layout.stackTop() - layout.stackBottom());
        byte[] canary = new byte[stackBytes];
        for (int i = 0; i < stackBytes; i++) canary[i] = (byte) (CANARY >>> (8 * (i & 3)));
        target.writeMemory(layout.stackBottom(), canary);
        for (int i = 0; i < 4; i++) target.writeRegister(CoreRegister.general(i), i < args.length ? (int) args[i] : 0);
        target.writeRegister(CoreRegister.R9, (int) layout.staticBase());
        target.writeRegister(CoreRegister.SP, (int) layout.stackTop());
        target.writeRegister(CoreRegister.LR, (int) (layout.header() | 1));
        target.writeRegister(CoreRegister.PC, (int) entry);
        target.writeRegister(CoreRegister.XPSR, XPSR_THUMB);
        int demcr = target.read32(DEMCR);
        target.write32(DEMCR, demcr | VC_FAULTS);
        long t0 = target.nowPicos();
        long budget = budgetMs * PICOS_PER_MS;
        StopEvent stop;
        try {
            target.resume();
            // One run to the budget's end: the target stops at it on its own (virtual time in process).
            stop = target.runUntil(Long.MAX_VALUE, t0 + budget);
            if (stop instanceof StopEvent.StillRunning) {
                target.halt();
                throw new AlgorithmException.TimedOut(String.format("%s did not return within %s: PC %s, LR %s", sig, time(budget),
                        where(target.readRegister(CoreRegister.PC)), where(target.readRegister(CoreRegister.LR) & ~1)) + context() + modelNotes());
            }
        } finally {
            if (target.isHalted()) target.write32(DEMCR, demcr);
        }
        long picos = target.nowPicos() - t0;
        if (stop instanceof StopEvent.Breakpoint b) {
            if (b.pc() != layout.header() && b.pc() != layout.header() + 2) {
                throw new AlgorithmException.Unexpected(String.format("%s stopped on a BKPT of its own at %s after %s", sig, where(b.pc()), time(picos)));
            }
        } else if (stop instanceof StopEvent.VectorCatch) {
            throw new AlgorithmException.Faulted(sig + " faulted after " + time(picos) + ": " + describeFault() + context() + modelNotes());
        } else if (stop instanceof StopEvent.Fault fault) {
            throw new AlgorithmException.Faulted(sig + " faulted after " + time(picos) + ": " + fault.report() + context() + modelNotes());
        } else if (stop instanceof StopEvent.Exited e) {
            throw new AlgorithmException.Unexpected(sig + " ended the program through semihosting (status " + e.status() + ")");
        } else {
            throw new AlgorithmException.Unexpected(sig + " stopped: " + stop);
        }
        long used = checkStack(sig, picos);
        checkBuffers(sig, picos);
        long r0 = target.readRegister(CoreRegister.R0) & 0xFFFF_FFFFL;
        long r1 = target.readRegister(CoreRegister.R1) & 0xFFFF_FFFFL;
        Call c = new Call(f, args.clone(), r0, r1, picos, used);
        log.add(String.format("%s = %s in %s, %d bytes of stack", sig, r0 < 10 ? Long.toString(r0) : String.format("0x%08X", r0), time(picos), used));
        return c;
    }

    /** Checks the canary words at the stack bottom; returns how many stack bytes the call used. */
    private long checkStack(String sig, long picos) throws AlgorithmException.StackOverflow {
        int stackBytes = (int) (layout.stackTop() - layout.stackBottom());
        byte[] now = target.readMemory(layout.stackBottom(), stackBytes);
        int lowest = stackBytes;
        for (int i = 0; i < stackBytes; i++) {
            if (now[i] != (byte) (CANARY >>> (8 * (i & 3)))) {
                lowest = i;
                break;
            }
        }
        if (lowest < CANARY_BYTES) {
            long sp = target.readRegister(CoreRegister.SP) & 0xFFFF_FFFFL;
            throw new AlgorithmException.StackOverflow(String.format(
                    "%s overran its %d-byte stack (0x%08X..0x%08X): the canary at 0x%08X was overwritten after %s (SP on return 0x%08X)",
                    sig, stackBytes, layout.stackBottom(), layout.stackTop(), layout.stackBottom() + lowest, time(picos), sp) + modelNotes());
        }
        return stackBytes - lowest;
    }

    /**
     * The page buffers lie right below the stack (probe-rs layout), so a stack that grows past its
     * bottom without touching the canary words lands in them: any change there is reported.
     */
    private void checkBuffers(String sig, long picos) throws AlgorithmException.StackOverflow {
        for (int i = 0; i < bufferContents.length && i < layout.buffers().size(); i++) {
            byte[] had = bufferContents[i];
            if (had == null) continue;
            long at = layout.buffers().get(i);
            byte[] now = target.readMemory(at, had.length);
            int diff = Arrays.mismatch(now, had);
            if (diff >= 0) {
                bufferContents[i] = null;
                throw new AlgorithmException.StackOverflow(String.format(
                        "%s wrote into page buffer %d at 0x%08X after %s: its stack (0x%08X..0x%08X, %d bytes) grew past its bottom, "
                                + "or it writes outside its own RAM", sig, i, at + diff, time(picos), layout.stackBottom(), layout.stackTop(),
                        layout.stackTop() - layout.stackBottom()) + modelNotes());
            }
        }
    }

    /** The fault the status registers describe, with the faulting PC from the exception frame. */
    private String describeFault() {
        int cfsr = target.read32(CFSR);
        int hfsr = target.read32(HFSR);
        long sp = target.readRegister(CoreRegister.SP) & 0xFFFF_FFFFL;
        long pc;
        try {
            pc = target.read32(sp + 24) & 0xFFFF_FFFFL;   // stacked return address (B1.5.6 exception frame)
        } catch (RuntimeException e) {
            pc = -1;
        }
        List<String> what = new ArrayList<>();
        if ((cfsr & 0xFF00) != 0) {
            String kind = (cfsr & (1 << 9)) != 0 ? "precise data access" : (cfsr & (1 << 10)) != 0 ? "imprecise data access"
                    : (cfsr & (1 << 8)) != 0 ? "instruction fetch" : (cfsr & (1 << 12)) != 0 ? "exception entry stacking" : "bus access";
            if ((cfsr & (1 << 15)) != 0) {
                long bfar = target.read32(BFAR) & 0xFFFF_FFFFL;
                what.add(String.format("BusFault at 0x%08X (%s)", bfar, kind) + atFault(bfar));
            } else {
                what.add("BusFault (" + kind + ")");
            }
        }
        if ((cfsr & 0xFF) != 0) {
            what.add((cfsr & (1 << 7)) != 0 ? String.format("MemManage fault at 0x%08X", target.read32(MMFAR) & 0xFFFF_FFFFL)
                    : (cfsr & 1) != 0 ? "MemManage fault: execution from a no-execute region" : "MemManage fault");
        }
        String[] usage = {"undefined instruction", "invalid state (Thumb bit clear)", "invalid exception return", "no coprocessor (FPU off?)",
                null, null, null, null, "unaligned access", "division by zero"};
        for (int b = 0; b < usage.length; b++) {
            if (usage[b] != null && (cfsr & (1 << (16 + b))) != 0) what.add("UsageFault: " + usage[b]);
        }
        if (what.isEmpty()) what.add((hfsr & (1 << 1)) != 0 ? "HardFault on a vector table read" : String.format("HardFault (HFSR 0x%08X)", hfsr));
        return String.join(", ", what) + (pc >= 0 ? " at PC " + where(pc) : "");
    }

    /**
     * Who is to blame for a bus fault at {@code address}: the board model when the chip's manual
     * puts a register block there that the model lacks; the algorithm when the manual has nothing
     * there either (a wrong address). Over a probe (no model view) only the manual's name is given.
     */
    private String atFault(long address) {
        Optional<String> block = ChipAddressMap.blockAt(target.core().name(), address);
        Optional<Boolean> modelled = model.modelsAddress(address);
        if (modelled.isEmpty()) return block.map(b -> " in " + b).orElse("");
        if (modelled.get()) {
            return " in a modelled " + block.orElse("memory or peripheral") + ": the access itself (size, alignment, or the peripheral's state) was refused";
        }
        if (block.isPresent()) {
            return String.format(": the board model has no peripheral at 0x%08X (%s) - the model is at fault, not the algorithm", address, block.get());
        }
        return ": neither the board model nor the manual's register blocks known to xipkit have anything there: most likely an algorithm bug (a wrong address)";
    }

    /** The QUADSPI's mode when the algorithm programs the QUADSPI window: what its author most often got wrong. */
    private String context() {
        MemoryMap.Region r = target.memoryMap().regionAt(algo.flash().start()).orElse(null);
        if (r == null || r.controller() == null || !r.controller().equals("QUADSPI")) return "";
        long base = target.core().name().equals("Cortex-M7") ? H7_QUADSPI : L4_QUADSPI;
        try {
            int ccr = target.read32(base + 0x14), sr = target.read32(base + 0x08);
            int fmode = (ccr >>> 26) & 3;
            String[] modes = {"indirect write", "indirect read", "automatic polling", "memory-mapped"};
            return String.format("; QUADSPI is in %s mode (CCR.FMODE=%d%d), SR.BUSY=%d", modes[fmode], fmode >> 1, fmode & 1, (sr >>> 5) & 1);
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** "0x2400013A in qspi_wait()+0x4" (or just the address outside the blob). */
    String where(long pc) {
        pc &= 0xFFFF_FFFFL;
        String s = String.format("0x%08X", pc);
        long off = pc - layout.codeStart();
        if (off >= 0 && off < algo.code().length) {
            String name = algo.describe(off);
            if (name != null) s += " in " + name;
        } else if (pc == layout.header() || pc == layout.header() + 2) {
            s += " (the return breakpoint)";
        } else {
            s += " (outside the algorithm)";
        }
        return s;
    }

    String signature(AlgorithmFunction f, long[] args) {
        StringBuilder sb = new StringBuilder(f.nameIn(algo.format())).append('(');
        for (int i = 0; i < args.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(args[i] < 16 ? Long.toString(args[i]) : String.format("0x%08X", args[i]));
        }
        return sb.append(')').toString();
    }

    /** Virtual time for people: "12 ms", "1.5 s", "350 us". */
    public static String time(long picos) {
        double us = picos / 1e6;
        if (us >= 1e6) return trim(us / 1e6) + " s";
        if (us >= 1e3) return trim(us / 1e3) + " ms";
        return trim(us) + " us";
    }

    private static String trim(double v) {
        String s = String.format(java.util.Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    static byte[] bytes(int n, byte value) {
        byte[] b = new byte[n];
        Arrays.fill(b, value);
        return b;
    }
}
