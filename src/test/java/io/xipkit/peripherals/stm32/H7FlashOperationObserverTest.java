package io.xipkit.peripherals.stm32;

import static io.xipkit.peripherals.stm32.H7FlashRig.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.FlashOperation;
import io.xipkit.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class H7FlashOperationObserverTest {
    private static final int PSIZE_X64 = 3 << 4;
    private final H7FlashRig rig = new H7FlashRig(H7FlashVariant.H743);
    private final List<FlashOperation> bank1 = new ArrayList<>();
    private final List<FlashOperation> bank2 = new ArrayList<>();

    @Test
    void aQueuedProgramAndEraseAreReportedWithTheirSpanAndWhatTheyLeaveBeforeTheyChangeTheCells() {
        rig.flash.setOperationObserver(0, bank1::add);
        rig.flash.setOperationObserver(1, bank2::add);
        rig.unlockBank1();
        rig.setReg(CR1, PSIZE_X64 | PG);
        long t0 = rig.clock.nowPicos();
        rig.writeFlashWord(FLASH + 0x40, 0x1000);
        assertThat(bank1).hasSize(1);
        FlashOperation p = bank1.get(0);
        assertThat(p.kind()).isEqualTo(FlashOperation.Kind.PROGRAM);
        assertThat(p.address()).isEqualTo(0x40);
        assertThat(p.length()).isEqualTo(32);
        assertThat(p.startPicos()).isEqualTo(t0);
        assertThat(p.endPicos() - p.startPicos()).isEqualTo(100 * Clock.PICOS_PER_MICRO); // tprog x64, DS12110
        assertThat(p.result()[0] & 0xFF).isEqualTo(0x00); // first word 0x1000, little-endian
        assertThat(p.result()[1] & 0xFF).isEqualTo(0x10);
        assertThat(rig.bank1.array()[0x41]).as("cells unchanged until the program ends").isEqualTo((byte) 0xFF);

        // An erase queued behind the program starts when the program ends.
        rig.setReg(CR1, PSIZE_X64 | SER | (1 << 8) | START);
        FlashOperation e = bank1.get(1);
        assertThat(e.kind()).isEqualTo(FlashOperation.Kind.ERASE);
        assertThat(e.address()).isEqualTo(0x2_0000);
        assertThat(e.length()).isEqualTo(128 * 1024);   // the H743 board file: 128 KiB sectors (RM0433 4.3.4)
        assertThat(e.startPicos()).isEqualTo(p.endPicos());
        assertThat(e.result()).containsOnly((byte) 0xFF);
        assertThat(bank2).isEmpty();
    }
}
