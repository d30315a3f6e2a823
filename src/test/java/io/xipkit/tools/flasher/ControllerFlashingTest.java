package io.xipkit.tools.flasher;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.board.Board;
import io.xipkit.board.BoardHost;
import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.tools.image.ImageLoader;
import io.xipkit.tools.image.LoadableImage;
import io.xipkit.tools.target.CortexMTarget;
import io.xipkit.tools.target.VirtualTarget;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The controller-protocol drivers program the models as firmware would, and only changed blocks are rewritten. */
class ControllerFlashingTest {
    private final Map<String, ArrayNonVolatileMemory> memories = new HashMap<>();
    private final BoardHost host = new BoardHost() {
        @Override
        public NonVolatileMemory nonVolatile(String name, long size) {
            return memories.computeIfAbsent(name, n -> new ArrayNonVolatileMemory(size));
        }

        @Override
        public void event(String line) {}
    };

    private Board board;
    private CortexMTarget target;
    private ChangedBlockFlasher flasher;

    private void open(String id) {
        board = TestBoards.create(id, host);
        board.reset();
        target = VirtualTarget.attach(board, Object::toString);
        flasher = new ChangedBlockFlasher(target, BoardFlashDrivers.of(board, target));
    }

    private static LoadableImage elf(String path) throws Exception {
        return ImageLoader.load(Path.of(path), OptionalLong.empty());
    }

    private FlashReport load(LoadableImage image) {
        for (LoadableImage.Segment s : image.segments()) flasher.stage(s.address(), s.data());
        return flasher.commit();
    }

    private int totalErases(String memory) {
        return Arrays.stream(memories.get(memory).eraseCounts()).sum();
    }

    @Test
    void h750BootloaderAndXipAppLandInInternalAndQspiFlashThroughTheControllers() throws Exception {
        open("stm32h750-w25q128");
        LoadableImage boot = elf("firmware/elf/stm32h7/stm32h750-w25q128-bootloader.elf");
        LoadableImage app = elf("firmware/elf/stm32h7/stm32h750-w25q128-app.elf");
        FlashReport r1 = load(boot);
        FlashReport r2 = load(app);
        assertThat(r1.blocksProgrammed()).isEqualTo(1);
        assertThat(r2.blocksProgrammed()).isPositive();
        assertThat(r1.virtualPicos()).as("programming takes device time").isPositive();
        for (LoadableImage.Segment s : boot.segments()) {
            assertThat(target.readMemory(s.address(), s.data().length)).isEqualTo(s.data());
        }
        for (LoadableImage.Segment s : app.segments()) {
            assertThat(flasher.driverAt(s.address()).read(s.address(), s.data().length)).isEqualTo(s.data());
        }
        assertThat(memories.get("qspi-flash1").array()).startsWith(Arrays.copyOf(app.segments().get(0).data(), 64));
    }

    @Test
    void reloadingAnElfWithOneChangedByteErasesOnlyThatBlock() throws Exception {
        open("stm32h750-w25q128");
        LoadableImage app = elf("firmware/elf/stm32h7/stm32h750-w25q128-app.elf");
        load(app);
        int erasesBefore = totalErases("qspi-flash1");
        FlashReport same = load(app);
        assertThat(same.blocksErased()).isZero();
        assertThat(same.blocksProgrammed()).isZero();
        assertThat(totalErases("qspi-flash1")).isEqualTo(erasesBefore);

        LoadableImage.Segment first = app.segments().get(0);
        byte[] changed = first.data().clone();
        changed[100] ^= 0x5A;
        flasher.stage(first.address(), changed);
        FlashReport r = flasher.commit();
        assertThat(r.blocksErased()).isEqualTo(1);
        assertThat(totalErases("qspi-flash1")).as("the chip's erase record").isEqualTo(erasesBefore + 1);
        assertThat(flasher.driverAt(first.address()).read(first.address(), changed.length)).isEqualTo(changed);
    }

    @Test
    void dualFlashSplitsTheImageBetweenTheDies() throws Exception {
        open("stm32h757-mt25tl01g");
        LoadableImage app = elf("firmware/elf/stm32h7/stm32h757-mt25tl01g-app.elf");
        load(app);
        for (LoadableImage.Segment s : app.segments()) {
            assertThat(flasher.driverAt(s.address()).read(s.address(), s.data().length)).isEqualTo(s.data());
        }
        byte[] d1 = memories.get("qspi-flash1").array();
        byte[] d2 = memories.get("qspi-flash2").array();
        byte[] image = app.segments().get(0).data();
        for (int i = 0; i < 32; i++) assertThat(i % 2 == 0 ? d1[i / 2] : d2[i / 2]).isEqualTo(image[i]);
    }

    @Test
    void l476LoadIntoBank2LeavesTheOptionBytesAlone() throws Exception {
        open("nucleo-l476rg");
        byte[] options = memories.get("flash").registerImage().clone();
        LoadableImage app = elf("firmware/elf/nucleo-l476rg/app-v1.elf");
        for (LoadableImage.Segment s : app.segments()) flasher.stage(0x0808_0000L + (s.address() & 0x7FFFF), s.data());
        FlashReport r = flasher.commit();
        assertThat(r.blocksProgrammed()).isPositive();
        LoadableImage.Segment s = app.segments().get(0);
        assertThat(target.readMemory(0x0808_0000L + (s.address() & 0x7FFFF), s.data().length)).isEqualTo(s.data());
        assertThat(memories.get("flash").registerImage()).isEqualTo(options);
    }

    @Test
    void dataOutsideEveryFlashIsRefused() {
        open("stm32h750-w25q128");
        assertThatThrownBy(() -> flasher.stage(0x2400_0000L, new byte[4])).isInstanceOf(FlashException.class)
                .hasMessageContaining("0x24000000");
        assertThat(flasher.hasStaged()).isFalse();
    }
}
