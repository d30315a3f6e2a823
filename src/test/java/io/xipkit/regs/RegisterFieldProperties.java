package io.xipkit.regs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RegisterFieldProperties {

    /**
     * Splits the set bits of {@code cover} into RW fields, cutting runs wherever {@code cuts} has a
     * bit, so random layouts with reserved gaps and adjacent fields are both generated.
     */
    static RegisterBlock layout(int cover, int cuts) {
        return RegisterBlock.builder("P", 4).register(0, "R", r -> {
            int bit = 0;
            int n = 0;
            while (bit < 32) {
                if ((cover >>> bit & 1) == 0) {
                    bit++;
                    continue;
                }
                int start = bit;
                do {
                    bit++;
                } while (bit < 32 && (cover >>> bit & 1) == 1 && (cuts >>> bit & 1) == 0);
                r.field("F" + n++, start, bit - start, Access.RW);
            }
        }).build();
    }

    @Property(tries = 500)
    void rwFieldsRoundTripAndReservedBitsStayZero(@ForAll int cover, @ForAll int cuts, @ForAll int value) {
        RegisterBlock b = layout(cover, cuts);
        b.write(0, 4, value);
        int expected = cover == 0 ? value : value & cover; // no fields: whole register RW
        assertThat(b.read(0, 4)).isEqualTo(expected);
        for (Field f : b.register("R").fields()) {
            assertThat(f.get()).isEqualTo((value & f.mask()) >>> f.lsb());
            assertThat(b.read(0, 4) & ~cover).isZero();
        }
    }

    @Property(tries = 500)
    void narrowWritesComposeLikeByteLanes(@ForAll int cover, @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 6) Integer> ops,
                                          @ForAll @Size(min = 12, max = 12) List<Integer> values) {
        int c = cover == 0 ? -1 : cover;
        RegisterBlock b = layout(c, 0);
        int model = 0;
        for (int i = 0; i < ops.size(); i++) {
            int op = ops.get(i); // 0..3 byte at lane op, 4..5 halfword at lane 2*(op-4), 6 word
            int size = op < 4 ? 1 : op < 6 ? 2 : 4;
            int offset = op < 4 ? op : op < 6 ? 2 * (op - 4) : 0;
            int v = values.get(i);
            b.write(offset, size, v);
            int lanes = (size == 4 ? -1 : (1 << (8 * size)) - 1) << (8 * offset);
            model = (model & ~lanes) | (v << (8 * offset) & lanes);
            assertThat(b.read(0, 4)).isEqualTo(model & c);
            assertThat(b.read(offset, size)).isEqualTo((model & c & lanes) >>> (8 * offset));
        }
    }
}
