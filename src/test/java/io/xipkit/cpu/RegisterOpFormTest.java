package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The register ops a translator emits inline ({@link OpForm.RegisterOp}, issue 19) are found
 * from the decoded instructions, with their operands: the encodings are the ones
 * {@code RandomSequenceTranslationTest} generates (DDI 0403E A6.3), so its comparisons with the
 * interpreter run the inline bytecode of every kind.
 */
class RegisterOpFormTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "'MLS r1 = r3 - r2 * r4',      FB02, 3114, 1, 1, 2, 4, 3, 0, 0",
            "'SBFX r1, r2, #3, #5',        F342, 01C4, 2, 1, 2, -1, -1, 3, 5",
            "'UBFX r1, r2, #8, #8',        F3C2, 2107, 3, 1, 2, -1, -1, 8, 8",
            "'BFI r1, r2, #4, #4',         F362, 1107, 4, 1, 2, -1, -1, 4, 4",
            "'BFC r1, #4, #4',             F36F, 1107, 5, 1, 15, -1, -1, 4, 4",
            "'SXTAH r1, r2, r3, ROR #8',   FA02, F193, 7, 1, 2, 3, -1, 8, 0",
            "'UXTB r1, r3',                FA5F, F183, 8, 1, -1, 3, -1, 0, 0",
            "'MOVT r1, #0x1234',           F2C1, 2134, 10, 1, -1, -1, -1, 4660, 0",
            "'REV16 r1, r3',               FA93, F193, 12, 1, -1, 3, -1, 0, 0",
            "'CLZ r1, r3',                 FAB3, F183, 15, 1, -1, 3, -1, 0, 0",
            "'SMLATB r1, r2, r3, r4',      FB12, 4123, 16, 1, 2, 3, 4, 1, 0",
            "'SMULBT r1, r2, r3',          FB12, F113, 16, 1, 2, 3, -1, 0, 1",
            "'SMLAWT r1, r2, r3, r4',      FB32, 4113, 17, 1, 2, 3, 4, 0, 1",
    })
    void aRegisterOpIsFoundWithItsOperands(String name, String hw1, String hw2, int kind, int rd, int rn, int rm, int ra,
                                           int arg1, int arg2) {
        Op op = new ThumbDecoder(CoreVariant.CORTEX_M7).decode32(0x1000, Integer.parseInt(hw1, 16), Integer.parseInt(hw2, 16));
        assertThat(OpForm.of(op)).isEqualTo(new OpForm.RegisterOp(kind, rd, rn, rm, ra, arg1, arg2));
    }
}
