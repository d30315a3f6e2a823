package io.xipkit.cpu.disasm;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ThumbDisassemblerTest {

    private static String norm(Disassembly d) {
        return ObjdumpListing.normalize(d.text());
    }

    @Test
    void sixteenBitFlagSettingFormGetsSOutsideItAndTheConditionInside() {
        ThumbDisassembler d = new ThumbDisassembler(SymbolResolver.NONE);
        // 0x1888 = ADDS r0, r1, r2 (A7.7.4 T1); ITSTATE 0x18 = NE, last instruction of the block
        assertThat(norm(d.disassemble(0, 0x1888, 0, 0))).isEqualTo("adds r0, r1, r2");
        assertThat(norm(d.disassemble(0, 0x1888, 0, 0x18))).isEqualTo("addne r0, r1, r2");
    }

    @Test
    void thirtyTwoBitInstructionsAreRecognisedFromTheFirstHalfword() {
        ThumbDisassembler d = new ThumbDisassembler(SymbolResolver.NONE);
        Disassembly wide = d.disassemble(0, 0xf44f, 0x7080, 0);   // mov.w r0, #256
        assertThat(wide.size()).isEqualTo(4);
        assertThat(norm(wide)).isEqualTo("mov.w r0, #256 @ 0x100");
        Disassembly narrow = d.disassemble(0, 0xbf00, 0xf44f, 0);  // nop; hw2 ignored
        assertThat(narrow.size()).isEqualTo(2);
        assertThat(norm(narrow)).isEqualTo("nop");
        assertThat(ThumbDisassembler.is32Bit(0xe800)).isTrue();
        assertThat(ThumbDisassembler.is32Bit(0xe7ff)).isFalse();
    }

    @Test
    void branchTargetsAreNamedThroughTheSymbolResolver() {
        ThumbDisassembler d = new ThumbDisassembler(a -> a == 0x08000104 ? "main+0x4" : null);
        // 0xe000 at 0x08000100: B.N to pc+4
        assertThat(norm(d.disassemble(0x08000100, 0xe000, 0, 0))).isEqualTo("b.n 8000104 <main+0x4>");
        ThumbDisassembler bare = new ThumbDisassembler(null);
        assertThat(norm(bare.disassemble(0x08000100, 0xe000, 0, 0))).isEqualTo("b.n 8000104");
    }

    @Test
    void pcRelativeLoadsCarryTheLiteralAddressComment() {
        ThumbDisassembler d = new ThumbDisassembler(SymbolResolver.NONE);
        // 0x4802 at 0x0e: LDR r0, [pc, #8] reads Align(0x12, 4) + 8 = 0x18
        assertThat(norm(d.disassemble(0x0e, 0x4802, 0, 0))).isEqualTo("ldr r0, [pc, #8] @ (18)");
    }

    @Test
    void sequentialUseTracksItBlocksAndForgetsThemAfterAJump() {
        ThumbDisassembler d = new ThumbDisassembler(SymbolResolver.NONE);
        assertThat(norm(d.next(0x100, 0xbf0c, 0))).isEqualTo("ite eq");
        assertThat(norm(d.next(0x102, 0x2001, 0))).isEqualTo("moveq r0, #1");
        assertThat(norm(d.next(0x104, 0x2002, 0))).isEqualTo("movne r0, #2");
        assertThat(norm(d.next(0x106, 0x2003, 0))).isEqualTo("movs r0, #3");

        assertThat(norm(d.next(0x200, 0xbf08, 0))).isEqualTo("it eq");
        assertThat(norm(d.next(0x300, 0x2001, 0))).as("not the next address").isEqualTo("movs r0, #1");
    }

    @Test
    void undefinedEncodingsArePrintedAsObjdumpDoes() {
        ThumbDisassembler d = new ThumbDisassembler(SymbolResolver.NONE);
        assertThat(norm(d.disassemble(0, 0xb600, 0, 0))).isEqualTo("@ <UNDEFINED> instruction: 0xb600");
        assertThat(norm(d.disassemble(0, 0xedb0, 0x0a00, 0))).isEqualTo("@ <UNDEFINED> instruction: 0xedb00a00");
    }

    @Test
    void allocationFreePathProducesTheSameText() {
        ThumbDisassembler d = new ThumbDisassembler(SymbolResolver.NONE);
        StringBuilder out = new StringBuilder();
        int size = d.decode(0, 0xeeb7, 0x0b00, 0);
        d.appendLastTo(out);
        assertThat(size).isEqualTo(4);
        assertThat(out.toString()).isEqualTo(d.disassemble(0, 0xeeb7, 0x0b00, 0).text());
        assertThat(ObjdumpListing.normalize(out.toString())).isEqualTo("vmov.f64 d0, #112 @ 0x3f800000 1.0");
    }

    @Property
    void everyEncodingDecodesToSomeTextOfTheRightSize(@ForAll @IntRange(min = 0, max = 0xffff) int hw1,
            @ForAll @IntRange(min = 0, max = 0xffff) int hw2, @ForAll @IntRange(min = 0, max = 0xff) int it) {
        Disassembly d = new ThumbDisassembler(SymbolResolver.NONE).disassemble(0x08000000, hw1, hw2, it);
        assertThat(d.size()).isEqualTo(ThumbDisassembler.is32Bit(hw1) ? 4 : 2);
        assertThat(d.text()).isNotBlank();
    }
}
