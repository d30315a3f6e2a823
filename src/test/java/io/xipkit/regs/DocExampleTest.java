package io.xipkit.regs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example of docs/REGISTERS.md, kept compiling and behaving as the text says. */
class DocExampleTest {

    static final class Quadspi {
        private final RegisterBlock regs;
        private final Field enable, tcf;
        private boolean busy;
        final List<String> events = new ArrayList<>();

        Quadspi() {
            regs = RegisterBlock.builder("QUADSPI", 0x400)
                .unmapped(UnmappedPolicy.BUS_ERROR)
                .register(0x00, "CR", r -> r
                    .bit("EN", 0, Access.RW, f -> f.onChange((was, now) -> events.add("EN=" + now)))
                    .field("PRESCALER", 24, 8, Access.RW))
                .register(0x08, "SR", r -> r.accessSizes(4)
                    .bit("TCF", 1, Access.RO)
                    .bit("BUSY", 5, Access.RO, f -> f.reads(() -> busy ? 1 : 0)))
                .register(0x0C, "FCR", r -> r
                    .bit("CTCF", 1, Access.WO, f -> f.onWrite((was, now) -> clearFlags(now))))
                .register(0x20, "DR", r -> r.afterWrite(value -> events.add("push " + Integer.toHexString(value))))
                .build();
            enable = regs.field("CR", "EN");
            tcf = regs.field("SR", "TCF");
        }

        private void clearFlags(int ctcf) {
            if (ctcf == 1) tcf.set(0);
        }
    }

    @Test
    void exampleBehavesAsDocumented() {
        Quadspi q = new Quadspi();
        RegisterBlock regs = q.regs;
        regs.write(0x00, 4, 0x0300_0001);
        assertThat(q.enable.isSet()).isTrue();
        q.tcf.set(true);
        q.busy = true;
        assertThat(regs.read(0x08, 4)).isEqualTo(0x22);
        regs.write(0x0C, 4, 0x2);
        assertThat(regs.read(0x08, 4)).isEqualTo(0x20);
        assertThat(regs.read(0x0C, 4)).isZero();
        regs.write(0x20, 4, 0xAB);
        assertThat(q.events).containsExactly("EN=1", "push ab");
        assertThatThrownBy(() -> regs.read(0x08, 1)).isInstanceOf(RegisterAccessException.class);
        assertThat(regs.describe(0x0C)).isEqualTo("QUADSPI.FCR");
    }
}
