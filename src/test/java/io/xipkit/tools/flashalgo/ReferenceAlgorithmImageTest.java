package io.xipkit.tools.flashalgo;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.tools.flasher.ChangedBlockFlasher;
import io.xipkit.tools.flasher.FlashReport;
import io.xipkit.tools.image.ImageLoader;
import io.xipkit.tools.image.LoadableImage;
import io.xipkit.tools.target.CortexMTarget;
import io.xipkit.tools.target.StopEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reference algorithm, in each of its three builds (FLM, .stldr, probe-rs YAML), programs a
 * pseudo-random image of 1 MiB (the whole 128 KiB flash of the H750) with bootable firmware at its
 * start, reads it back through the algorithm, and the board then boots it: the bootloader maps the
 * QUADSPI, the app runs and prints, and the window (or the internal flash) holds the image.
 * The firmware that boots from the other memory goes in through that memory's reference FLM.
 */
class ReferenceAlgorithmImageTest {
    private static final String H7 = "firmware/elf/stm32h7/";

    /** One reference algorithm: its board, where its image goes and what is in it, the partner firmware, what the console shows. */
    record Target(String algorithm, String board, long base, int size, String firmware, String partnerAlgorithm, String partnerFirmware,
                  String console) {
        @Override
        public String toString() {
            return algorithm;
        }
    }

    static final List<Target> TARGETS = List.of(
            new Target("W25Q128JV_STM32H750", "stm32h750-w25q128", 0x9000_0000L, 1 << 20, H7 + "stm32h750-w25q128-app.elf",
                    "STM32H750_INTERNAL.FLM", H7 + "stm32h750-w25q128-bootloader.elf", "app: running from 0x9"),
            new Target("MT25TL01G_STM32H757", "stm32h757-mt25tl01g", 0x9000_0000L, 1 << 20, H7 + "stm32h757-mt25tl01g-app.elf",
                    "STM32H757_INTERNAL.FLM", H7 + "stm32h757-mt25tl01g-bootloader.elf", "app: running from 0x9"),
            new Target("STM32H750_INTERNAL", "stm32h750-w25q128", 0x0800_0000L, 128 << 10, H7 + "stm32h750-w25q128-bootloader.elf",
                    "W25Q128JV_STM32H750.FLM", H7 + "stm32h750-w25q128-app.elf", "app: running from 0x9"),
            new Target("STM32H757_INTERNAL", "stm32h757-mt25tl01g", 0x0800_0000L, 1 << 20, H7 + "stm32h757-mt25tl01g-bootloader.elf",
                    "MT25TL01G_STM32H757.FLM", H7 + "stm32h757-mt25tl01g-app.elf", "app: running from 0x9"),
            new Target("STM32L476_INTERNAL", "nucleo-l476rg", 0x0800_0000L, 1 << 20, "firmware/elf/nucleo-l476rg/app-v1.elf",
                    null, null, "app v1 running from bank 1"));

    /** One pseudo-random MiB shared by every case; each lays its firmware over the start. */
    private static final byte[] NOISE = new byte[1 << 20];

    static {
        new Random(0x5EED).nextBytes(NOISE);
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Target t : TARGETS) for (String format : List.of("FLM", "stldr", "yaml")) out.add(Arguments.of(t, format));
        return out.stream();
    }

    /** The image: noise over the whole range, the firmware's segments laid over it. */
    static byte[] image(Target t) throws Exception {
        byte[] img = Arrays.copyOf(NOISE, t.size());
        for (LoadableImage.Segment s : ImageLoader.load(Path.of(t.firmware()), OptionalLong.empty()).segments()) {
            assertThat(s.address()).as("firmware segment inside the image").isBetween(t.base(), t.base() + t.size() - s.size());
            System.arraycopy(s.data(), 0, img, (int) (s.address() - t.base()), s.size());
        }
        return img;
    }

    private static void flash(FlashSession session, AlgorithmImage algorithm, List<LoadableImage.Segment> segments) throws Exception {
        AlgorithmFlashDriver d = new AlgorithmFlashDriver(session.runner(algorithm));
        ChangedBlockFlasher f = new ChangedBlockFlasher(session.target(), List.of(d));
        for (LoadableImage.Segment s : segments) f.stage(s.address(), s.data());
        FlashReport r = f.commit();
        assertThat(r.blocksErased()).as("a blank part is only programmed").isZero();
        for (LoadableImage.Segment s : segments) {
            assertThat(d.read(s.address(), s.size())).as(algorithm.name() + ": verify through the algorithm").isEqualTo(s.data());
        }
        d.finish();
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("cases")
    void programsAPseudoRandomMebibyteThatVerifiesBootsAndReadsBackThroughTheWindow(Target t, String format) throws Exception {
        byte[] image = image(t);
        try (FlashSession session = FlashSession.open(t.board(), null, TestBoards.translation())) {
            if (t.partnerAlgorithm() != null) {
                flash(session, ReferenceAlgorithms.load(t.partnerAlgorithm()),
                        ImageLoader.load(Path.of(t.partnerFirmware()), OptionalLong.empty()).segments());
            }
            flash(session, ReferenceAlgorithms.load(t.algorithm() + "." + format), List.of(new LoadableImage.Segment(t.base(), image)));

            CortexMTarget target = session.target();
            target.resetAndRun();
            long deadline = target.nowPicos() + 1_000_000_000_000L;   // 1 s of the board's time at most
            while (!session.console().contains(t.console()) && target.nowPicos() < deadline) {
                StopEvent e = target.runUntil(Long.MAX_VALUE, target.nowPicos() + 20_000_000_000L);
                assertThat(e).as("the firmware runs on (console so far: %s)", session.console()).isInstanceOf(StopEvent.StillRunning.class);
            }
            target.halt();
            assertThat(session.console()).as("booted").contains(t.console());
            assertThat(Arrays.mismatch(target.readMemory(t.base(), t.size()), image))
                    .as("first byte that differs, read where the firmware sees it").isEqualTo(-1);
        }
    }
}
