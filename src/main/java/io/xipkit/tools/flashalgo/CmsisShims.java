package io.xipkit.tools.flashalgo;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Makes an ST external loader callable the CMSIS way, which is the only way probe-rs calls an
 * algorithm: small hand-assembled Thumb functions appended to the loader's blob take the CMSIS
 * arguments, call ST's function with a BL, and turn its result (1 = success) into CMSIS's
 * (0 = success) with {@code SUBS r0, r0, #1}. The loader's own code is unchanged, so it still runs
 * at its link address (probe-rs {@code load_address}).
 *
 * <p>Encodings: ARMv7-M ARM (DDI 0403E.b) A7.7: PUSH T1 (A7.7.99), POP T1 (A7.7.98), MOV register
 * T1 (A7.7.77), MOVS immediate T1 (A7.7.76), SUBS immediate T1 (A7.7.175), BL T1 (A7.7.18).
 * Arguments: CMSIS from the Open-CMSIS-Pack "Algorithm Functions" page, ST's from the
 * stm32-external-loader Loader_Src.c prototypes (see {@link AlgorithmFunction}).
 */
final class CmsisShims {
    private static final int PUSH_R4_LR = 0xB510, POP_R4_PC = 0xBD10, SUBS_R0_1 = 0x1E40, NOP = 0xBF00;
    private static final int MOV_R1_R0 = 0x4601, MOV_R3_R1 = 0x460B, MOV_R1_R2 = 0x4611, MOV_R2_R3 = 0x461A;
    private static final int MOVS_R0_0 = 0x2000, MOVS_R3_0 = 0x2300;

    private CmsisShims() {}

    /**
     * The loader with CMSIS entry points: Init(adr, clk, fnc) → Init(); EraseSector(adr) →
     * SectorErase(adr, adr); EraseChip() → MassErase(0); ProgramPage(adr, sz, buf) → Write(adr, sz,
     * buf); ReadFlash(adr, sz, buf) → Read(adr, sz, buf); Verify(adr, sz, buf) → Verify(adr, buf,
     * sz, 0), whose low word already is CMSIS's result (adr + sz when all match).
     */
    static AlgorithmImage wrap(AlgorithmImage st, String name) {
        if (st.format() != AlgorithmFormat.STLDR) throw new IllegalArgumentException(st.name() + " is not an ST loader");
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        code.writeBytes(st.code());
        while (code.size() % 4 != 0) code.write(0);
        Map<AlgorithmFunction, Long> entries = new EnumMap<>(AlgorithmFunction.class);
        List<CodeSymbol> symbols = new ArrayList<>(st.symbols());
        for (AlgorithmFunction f : new AlgorithmFunction[] {AlgorithmFunction.INIT, AlgorithmFunction.ERASE_SECTOR, AlgorithmFunction.ERASE_CHIP,
                AlgorithmFunction.PROGRAM_PAGE, AlgorithmFunction.READ, AlgorithmFunction.VERIFY}) {
            if (!st.has(f)) continue;
            int at = code.size();
            List<Integer> before = switch (f) {
                case ERASE_SECTOR -> List.of(MOV_R1_R0);
                case ERASE_CHIP -> List.of(MOVS_R0_0);
                case VERIFY -> List.of(MOV_R3_R1, MOV_R1_R2, MOV_R2_R3, MOVS_R3_0);
                default -> List.of();
            };
            halfword(code, PUSH_R4_LR);
            for (int h : before) halfword(code, h);
            bl(code, code.size(), st.entry(f) & ~1L);
            if (f != AlgorithmFunction.VERIFY) halfword(code, SUBS_R0_1);
            halfword(code, POP_R4_PC);
            if (code.size() % 4 != 0) halfword(code, NOP);
            entries.put(f, at | 1L);
            symbols.add(new CodeSymbol("cmsis_" + f.nameIn(AlgorithmFormat.FLM), at, code.size() - at));
        }
        // A StorageInfo states no timeouts, and probe-rs would take 0 literally: give the runner's defaults.
        FlashProperties f = st.flash();
        FlashProperties timed = new FlashProperties(f.device(), f.deviceType(), f.start(), f.size(), f.pageSize(), f.erasedValue(),
                f.programPageTimeoutMs() > 0 ? f.programPageTimeoutMs() : AlgorithmRunner.DEFAULT_PAGE_MS,
                f.eraseSectorTimeoutMs() > 0 ? f.eraseSectorTimeoutMs() : AlgorithmRunner.DEFAULT_ERASE_MS, f.sectors());
        return new AlgorithmImage(name, AlgorithmFormat.PROBE_RS, code.toByteArray(), st.loadAddress(), st.dataLoadAddress(), entries,
                st.dataSectionOffset(), timed, st.stackSize(), false, symbols);
    }

    private static void halfword(ByteArrayOutputStream out, int h) {
        out.write(h & 0xFF);
        out.write(h >>> 8);
    }

    /** BL T1 from the instruction at blob offset {@code from} to offset {@code to} (both in the one blob, so position independent). */
    static void bl(ByteArrayOutputStream out, long from, long to) {
        long offset = to - (from + 4);
        if (offset < -(1L << 24) || offset >= (1L << 24)) throw new IllegalArgumentException("BL out of range");
        int imm = (int) offset;
        int s = (imm >>> 24) & 1, i1 = (imm >>> 23) & 1, i2 = (imm >>> 22) & 1;
        int j1 = (~(i1 ^ s)) & 1, j2 = (~(i2 ^ s)) & 1;
        int imm10 = (imm >>> 12) & 0x3FF, imm11 = (imm >>> 1) & 0x7FF;
        halfword(out, 0xF000 | (s << 10) | imm10);
        halfword(out, 0xD000 | (j1 << 13) | (j2 << 11) | imm11);
    }
}
