package io.xipkit.tools.flashalgo;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Deliberately broken variants of the reference W25Q128JV algorithm for the read-back tests: small
 * Thumb routines appended to its code (hand-assembled; RM0433 23.5.1 CR, 23.5.2 SR, 23.5.6 CCR of
 * the QUADSPI at 0x52005000) and wired in place of UnInit, or run after Init when fnc is 3.
 */
final class PatchedAlgorithms {
    private PatchedAlgorithms() {}

    /** CR.ABORT, wait for SR.BUSY = 0, CCR = 0 (FMODE = 00, indirect), return 0. */
    static final int[] UNMAP = {
        0x4805, 0x6801, 0x2202, 0x4311, 0x6001, // ldr r0,=QUADSPI; ldr r1,[r0]; movs r2,#2; orrs r1,r2; str r1,[r0]
        0x6881, 0x0689, 0xD4FC,                 // 1: ldr r1,[r0,#8]; lsls r1,r1,#26 (BUSY into N); bmi 1b
        0x2100, 0x6141, 0x2000, 0x4770,         // movs r1,#0; str r1,[r0,#0x14]; movs r0,#0; bx lr
        0x5000, 0x5200,                          // .word 0x52005000
    };

    /**
     * CR.ABORT, wait for SR.BUSY = 0, then CCR with DCYC one less (CCR - (1 << 18)), which puts
     * QUADSPI back into memory-mapped mode with one dummy cycle too few; return 0.
     */
    static final int[] ONE_DUMMY_CYCLE_SHORT = {
        0x4807, 0x6801, 0x2202, 0x4311, 0x6001, // ldr r0,=QUADSPI; ldr r1,[r0]; movs r2,#2; orrs r1,r2; str r1,[r0]
        0x6881, 0x0689, 0xD4FC,                 // 1: ldr r1,[r0,#8]; lsls r1,r1,#26; bmi 1b
        0x6941, 0xF44F, 0x2280, 0x1A89, 0x6141, // ldr r1,[r0,#0x14]; mov.w r2,#0x40000; subs r1,r1,r2; str r1,[r0,#0x14]
        0x2000, 0x4770, 0x0000,                 // movs r0,#0; bx lr; (pad)
        0x5000, 0x5200,                          // .word 0x52005000
    };

    /** The reference W25Q128JV algorithm with {@code routine} as its UnInit. */
    static AlgorithmImage withUnInit(int[] routine) {
        AlgorithmImage a = ReferenceAlgorithms.load("W25Q128JV_STM32H750.FLM");
        int at = (a.code().length + 3) & ~3;
        byte[] code = place(Arrays.copyOf(a.code(), at + 2 * routine.length), at, routine);
        Map<AlgorithmFunction, Long> entries = new EnumMap<>(a.entries());
        entries.put(AlgorithmFunction.UNINIT, (long) at | 1);
        return with(a, code, entries);
    }

    /**
     * CR.ABORT, wait for SR.BUSY = 0, then memory-mapped EDh at double rate, ST's older MT25TL01G
     * way (DCYC 5 where the dies' VCR says 8): CCR = DDRM | DHHC | FMODE 11 | DMODE 11 | DCYC 5 |
     * ADSIZE 11 | ADMODE 11 | IMODE 01 | EDh = CF143DEDh (RM0433 23.5.6); return 0.
     */
    static final int[] DTR_EDH_DCYC_5 = {
        0x4805, 0x6801, 0x2202, 0x4311, 0x6001, // ldr r0,=QUADSPI; ldr r1,[r0]; movs r2,#2; orrs r1,r2; str r1,[r0]
        0x6881, 0x0689, 0xD4FC,                 // 1: ldr r1,[r0,#8]; lsls r1,r1,#26; bmi 1b
        0x4902, 0x6141, 0x2000, 0x4770,         // ldr r1,=CCR; str r1,[r0,#0x14]; movs r0,#0; bx lr
        0x5000, 0x5200, 0x3DED, 0xCF14,         // .word 0x52005000, 0xCF143DED
    };

    /** The reference algorithm, without its Verify, whose Init, when fnc is 3 (verify), runs {@code routine} after its own work. */
    static AlgorithmImage withVerifyInitFollowedBy(int[] routine) {
        return withVerifyInitFollowedBy("W25Q128JV_STM32H750.FLM", routine);
    }

    /** As {@link #withVerifyInitFollowedBy(int[])}, on the committed reference algorithm {@code name}. */
    static AlgorithmImage withVerifyInitFollowedBy(String name, int[] routine) {
        AlgorithmImage a = ReferenceAlgorithms.load(name);
        int r = (a.code().length + 3) & ~3;
        int w = r + 2 * routine.length;
        int init = (int) (a.entry(AlgorithmFunction.INIT) & ~1L);
        int[] blInit = bl(w + 4, init), blRoutine = bl(w + 12, r);
        int[] wrapper = {
            0xB510, 0x0014,             // push {r4, lr}; movs r4, r2 (fnc)
            blInit[0], blInit[1],       // bl Init
            0x2C03, 0xD101,             // cmp r4, #3; bne done
            blRoutine[0], blRoutine[1], // bl routine
            0xBD10,                     // done: pop {r4, pc}
        };
        byte[] code = Arrays.copyOf(a.code(), w + 2 * wrapper.length);
        place(code, r, routine);
        place(code, w, wrapper);
        Map<AlgorithmFunction, Long> entries = new EnumMap<>(a.entries());
        entries.put(AlgorithmFunction.INIT, (long) w | 1);
        // Its own Verify reads the window too: left out, so that the read-back step is what meets the window.
        entries.remove(AlgorithmFunction.VERIFY);
        return with(a, code, entries);
    }

    /**
     * An ST external loader's Verify as ST's template (stm32-external-loader Loader_Src.c) returns
     * when every byte matches: {@code checksum << 32}, so r0 = 0 (here r1, the checksum, 0x5A).
     */
    static final int[] ST_VERIFY_MATCH = {
        0x2000, 0x215A, 0x4770, 0xBF00,         // movs r0,#0; movs r1,#0x5a; bx lr; nop
    };

    /** An ST Verify that answers MemoryAddr + 4 * Size (words), the end address: the CMSIS habit. */
    static final int[] ST_VERIFY_END_ADDRESS = {
        0x0092, 0x1880, 0x2100, 0x4770,         // lsls r2,r2,#2; adds r0,r0,r2; movs r1,#0; bx lr
    };

    /** A Verify that finds a difference: r0 = MemoryAddr + 7, r1 = 0. */
    static final int[] VERIFY_DIFFERS_AT_7 = {
        0x3007, 0x2100, 0x4770, 0xBF00,         // adds r0,#7; movs r1,#0; bx lr; nop
    };

    /** The committed reference algorithm {@code name} with {@code routine} as its Verify. */
    static AlgorithmImage withVerify(String name, int[] routine) {
        AlgorithmImage a = ReferenceAlgorithms.load(name);
        int at = (a.code().length + 3) & ~3;
        byte[] code = place(Arrays.copyOf(a.code(), at + 2 * routine.length), at, routine);
        Map<AlgorithmFunction, Long> entries = new EnumMap<>(a.entries());
        entries.put(AlgorithmFunction.VERIFY, (long) at | 1);
        return with(a, code, entries);
    }

    /** BL from {@code from} to {@code to} (ARMv7-M A7.7.18, encoding T1). */
    static int[] bl(int from, int to) {
        int off = to - (from + 4);
        int s = off < 0 ? 1 : 0;
        int imm = off >> 1;
        int j1 = ~((imm >> 22 & 1) ^ s) & 1, j2 = ~((imm >> 21 & 1) ^ s) & 1;
        return new int[] {0xF000 | s << 10 | (imm >> 11 & 0x3FF), 0xD000 | j1 << 13 | j2 << 11 | (imm & 0x7FF)};
    }

    private static byte[] place(byte[] code, int at, int[] halfwords) {
        for (int i = 0; i < halfwords.length; i++) {
            code[at + 2 * i] = (byte) halfwords[i];
            code[at + 2 * i + 1] = (byte) (halfwords[i] >>> 8);
        }
        return code;
    }

    private static AlgorithmImage with(AlgorithmImage a, byte[] code, Map<AlgorithmFunction, Long> entries) {
        return new AlgorithmImage(a.name(), a.format(), code, a.loadAddress(), a.dataLoadAddress(), entries,
                a.dataSectionOffset(), a.flash(), a.stackSize(), a.miniz(), a.symbols());
    }
}
