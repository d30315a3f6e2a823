package io.xipkit.peripherals;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.time.ManualClock;
import org.junit.jupiter.api.Test;

class ModelWarningsTest {
    private final ManualClock clock = new ManualClock();
    private int pc = 0x0800_0100;
    private final ModelWarnings w = new ModelWarnings(clock, () -> pc);

    @Test
    void aRepeatedWarningIsOneEntryWithItsCountAndItsFirstTimePcAndMessage() {
        clock.setPicos(1000);
        w.warn("QUADSPI", "k", "first text at 0x10");
        clock.setPicos(5000);
        pc = 0x0800_0200;
        w.warn("QUADSPI", "k", "later text at 0x20");
        w.warn("flash1", "k", "same key, other source");
        assertThat(w.warnings()).containsExactly(
                new ModelWarnings.Warning("QUADSPI", "k", "first text at 0x10", 2, 1000, 0x0800_0100L),
                new ModelWarnings.Warning("flash1", "k", "same key, other source", 1, 5000, 0x0800_0200L));
        assertThat(w.total()).isEqualTo(3);
    }

    @Test
    void aPcWithBit31SetIsReportedAsAnUnsignedAddress() {
        pc = 0x9000_0010;
        w.warn("QUADSPI", "m");
        assertThat(w.warnings().get(0).pc()).isEqualTo(0x9000_0010L);
    }

    @Test
    void aRecordWithoutACoreHasNoPc() {
        ModelWarnings alone = new ModelWarnings(clock);
        alone.warn("QUADSPI", "m");
        assertThat(alone.warnings().get(0).pc()).isEqualTo(ModelWarnings.NO_PC);
    }

    @Test
    void distinctWarningsBeyondTheCapAreCountedNotKept() {
        for (int i = 0; i < ModelWarnings.MAX_DISTINCT + 5; i++) w.warn("x", "warning " + i);
        assertThat(w.warnings()).hasSize(ModelWarnings.MAX_DISTINCT);
        assertThat(w.droppedDistinct()).isEqualTo(5);
        assertThat(w.total()).isEqualTo(ModelWarnings.MAX_DISTINCT + 5);
    }

    @Test
    void aListenerSeesEveryReportIncludingRepeats() {
        StringBuilder seen = new StringBuilder();
        w.listen((source, message, picos, at) -> seen.append(source).append(':').append(message).append(';'));
        w.warn("a", "m");
        w.warn("a", "m");
        assertThat(seen).hasToString("a:m;a:m;");
    }
}
