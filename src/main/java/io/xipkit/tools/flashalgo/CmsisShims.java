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
    private static final int MOV_R1_R0 = 0x4601;
    private static final int MOVS_R0_0 = 0x2000;
    /**
     * Verify's shim. CMSIS Verify(adr, sz, buf) answers adr + sz when every byte matches, else the
     * first differing address; ST's Verify(MemoryAddr, RAMBufferAddr, Size, missalignement) takes
     * Size in 32-bit words with the bytes past the range in missalignement bits 19:16, and answers
     * 0 in r0 when every byte matches (see {@link StVerifySpan}). So: Size = (sz + 3) / 4,
     * missalignement = ((-sz) & 3) << 16, and an r0 of 0 becomes adr + sz; any other r0 is
     * ST's address of a difference and stays. Encodings (DDI 0403E.b A7.7): PUSH T1, MOV register
     * T1, ADD immediate T1 (A7.7.3), LSR immediate T1, RSB immediate T1, MOV immediate T1, AND
     * register T1 (A7.7.9), LSL immediate T1, CBNZ T1 (A7.7.21), ADD register T1 (A7.7.4), POP T1.
     */
    private static final int PUSH_R4_R6_LR = 0xB570, POP_R4_R6_PC = 0xBD70;
    private static final List<Integer> VERIFY_BEFORE = List.of(
            0x4604,     // mov r4, r0        adr
            0x460D,     // mov r5, r1        sz
            0x4611,     // mov r1, r2        RAMBufferAddr = buf
            0x1CEA,     // adds r2, r5, #3
            0x0892,     // lsrs r2, r2, #2   Size = whole words covering sz
            0x426B,     // rsbs r3, r5, #0
            0x2603,     // movs r6, #3
            0x4033,     // ands r3, r6       bytes past the range in the last word
            0x041B);    // lsls r3, r3, #16  missalignement bits 19:16
    private static final List<Integer> VERIFY_AFTER = List.of(
            0xB900,     // cbnz r0, done     an address of a difference stays
            0x1960);    // adds r0, r4, r5   all matched: adr + sz
                        // done:

    private CmsisShims() {}

    /**
     * The loader with CMSIS entry points: Init(adr, clk, fnc) → Init(); EraseSector(adr) →
     * SectorErase(adr, adr); EraseChip() → MassErase(0); ProgramPage(adr, sz, buf) → Write(adr, sz,
     * buf); ReadFlash(adr, sz, buf) → Read(adr, sz, buf); Verify(adr, sz, buf) → Verify(adr, buf,
     * words, missalignement) with its result turned into CMSIS's (see {@link #VERIFY_BEFORE}).
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
                case VERIFY -> VERIFY_BEFORE;
                default -> List.of();
            };
            boolean verify = f == AlgorithmFunction.VERIFY;
            halfword(code, verify ? PUSH_R4_R6_LR : PUSH_R4_LR);
            for (int h : before) halfword(code, h);
            bl(code, code.size(), st.entry(f) & ~1L);
            for (int h : verify ? VERIFY_AFTER : List.of(SUBS_R0_1)) halfword(code, h);
            halfword(code, verify ? POP_R4_R6_PC : POP_R4_PC);
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
