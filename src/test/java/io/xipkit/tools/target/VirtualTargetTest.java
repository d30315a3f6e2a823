package io.xipkit.tools.target;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.board.Board;
import io.xipkit.board.BoardHost;
import io.xipkit.tools.image.ImageLoader;
import io.xipkit.tools.image.LoadableImage;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The debug API over a real board model: everything goes through the architected debug registers. */
class VirtualTargetTest {
    private final Board board = TestBoards.create("stm32h750-w25q128", BoardHost.inMemory());
    private final LoadableImage boot = load("firmware/elf/stm32h7/stm32h750-w25q128-bootloader.elf");
    private final LoadableImage app = load("firmware/elf/stm32h7/stm32h750-w25q128-app.elf");
    private CortexMTarget target;

    private static LoadableImage load(String path) {
        try {
            return ImageLoader.load(Path.of(path), OptionalLong.empty());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void attach() {
        for (LoadableImage image : new LoadableImage[] {boot, app}) {
            for (LoadableImage.Segment s : image.segments()) board.loadSegment(image.name(), s.address(), s.data(), s.stored());
        }
        board.reset();
        target = VirtualTarget.attach(board, Object::toString);
    }

    private long symbol(LoadableImage image, String name) {
        return Integer.toUnsignedLong(image.symbols().addressOf(name).orElseThrow()) & ~1L;
    }

    @Test
    void theCoreIsDescribedFromItsIdentificationRegisters() {
        attach();
        CoreDescription core = target.core();
        assertThat(core.name()).isEqualTo("Cortex-M7");
        assertThat(core.hasFpu()).isTrue();
        assertThat(core.hasDoublePrecision()).isTrue();
        assertThat(core.fpbRevision()).as("FPB v2 on the M7").isEqualTo(1);
        assertThat(core.fpbCodeComparators()).isEqualTo(8);
        assertThat(core.dwtComparators()).isEqualTo(4);
        assertThat(core.hardwareBreakpointReaches(0x9000_0000L)).isTrue();
    }

    @Test
    void resetAndHaltStopsAtTheResetHandlerBeforeItsFirstInstruction() {
        attach();
        target.resetAndHalt();
        assertThat(target.isHalted()).isTrue();
        assertThat(target.readRegister(CoreRegister.PC) & 0xFFFF_FFFFL).isEqualTo(symbol(boot, "Reset_Handler"));
        assertThat(target.readRegister(CoreRegister.MSP)).isEqualTo(target.read32(0x0800_0000L));
    }

    @Test
    void aHardwareBreakpointInTheQuadspiWindowHitsAfterTheBootloaderHandsOver() {
        attach();
        target.resetAndHalt();
        long main = symbol(app, "main");
        assertThat(target.setHardwareBreakpoint(main)).isTrue();
        target.resume();
        StopEvent stop;
        do {
            stop = target.runFor(1_000_000);
        } while (stop instanceof StopEvent.StillRunning);
        assertThat(stop).isEqualTo(new StopEvent.Breakpoint(main, true));
        assertThat(target.readRegister(CoreRegister.PC) & 0xFFFF_FFFFL).isEqualTo(main);
    }

    @Test
    void stepExecutesOneInstructionAndRegistersCanBeWrittenWhileHalted() {
        attach();
        target.resetAndHalt();
        long pc = target.readRegister(CoreRegister.PC) & 0xFFFF_FFFFL;
        assertThat(target.step()).isInstanceOf(StopEvent.Stepped.class);
        long after = target.readRegister(CoreRegister.PC) & 0xFFFF_FFFFL;
        assertThat(after).isGreaterThan(pc).isLessThanOrEqualTo(pc + 4);
        target.writeRegister(CoreRegister.R7, 0x1234_5678);
        assertThat(target.readRegister(CoreRegister.R7)).isEqualTo(0x1234_5678);
        target.writeRegister(CoreRegister.floatSelector(3), 0x3F80_0000);
        assertThat(target.readRegister(CoreRegister.floatSelector(3))).isEqualTo(0x3F80_0000);
    }

    @Test
    void haltStopsARunningCoreAndTimeStandsStillWhileHalted() {
        attach();
        target.resetAndRun();
        assertThat(target.runFor(10_000)).isInstanceOf(StopEvent.StillRunning.class);
        target.halt();
        assertThat(target.isHalted()).isTrue();
        long now = target.nowPicos();
        assertThat(target.runFor(10_000)).isInstanceOf(StopEvent.HaltRequested.class);
        assertThat(target.nowPicos()).isEqualTo(now);
    }
}
