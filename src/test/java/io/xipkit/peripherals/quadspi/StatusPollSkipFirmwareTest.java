package io.xipkit.peripherals.quadspi;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.devices.nor.NorChip;
import io.xipkit.tools.flashalgo.AlgorithmFiles;
import io.xipkit.tools.flashalgo.AlgorithmRunner;
import io.xipkit.tools.flashalgo.AlgorithmRunner.Phase;
import io.xipkit.tools.flashalgo.FlashSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Firmware that waits with QUADSPI automatic status polling (the W25Q128JV flash algorithm of
 * {@code stm32h750-w25q128}: HAL-style AutoPolling for WIP after each erase and program) runs the
 * same with the skip to the erase end ({@link PollSkip}) as without it: the same instruction
 * count, virtual time, core registers, flash contents and chip counts after each call.
 */
class StatusPollSkipFirmwareTest {
    static final long SECTOR = 0x9001_0000L;

    private static List<Object> run(boolean skip) throws Exception {
        List<Object> seen = new ArrayList<>();
        try (FlashSession s = FlashSession.open("stm32h750-w25q128", null, TestBoards.translation())) {
            s.board().model("QUADSPI", Stm32Quadspi.class).polling.skip.enabled = skip;
            NorChip chip = s.board().models().values().stream().filter(NorChip.class::isInstance)
                    .map(NorChip.class::cast).findFirst().orElseThrow();
            AlgorithmRunner r = s.runner(AlgorithmFiles.load("firmware/elf/flashalgo/W25Q128JV_STM32H750.FLM"));
            byte[] page = new byte[256];
            for (int i = 0; i < page.length; i++) page[i] = (byte) (i * 13 + 5);
            r.init(Phase.ERASE);
            observe(s, chip, seen, r.eraseSector(SECTOR));
            r.uninit(Phase.ERASE);
            r.init(Phase.PROGRAM);
            observe(s, chip, seen, r.programPage(SECTOR, page));
            r.uninit(Phase.PROGRAM);
            seen.add(s.board().core().instructions);
            seen.add(s.target().nowPicos());
            for (byte b : s.target().readMemory(SECTOR, 4096)) seen.add(b);
        }
        return seen;
    }

    private static void observe(FlashSession s, NorChip chip, List<Object> seen, AlgorithmRunner.Call call) {
        seen.add(call.r0());
        seen.add(call.picos());
        seen.add(s.board().core().instructions);
        seen.add(s.target().nowPicos());
        for (int reg = 0; reg <= 16; reg++) seen.add(s.target().readRegister(reg));
        seen.add(chip.counters().toString());
    }

    @Test
    void theFlashAlgorithmSeesTheSameInstructionCountTimeRegistersAndFlashWithTheSkip() throws Exception {
        List<Object> without = run(false);
        List<Object> with = run(true);
        assertThat(without.get(0)).as("erase succeeded").isEqualTo(0L);
        assertThat((long) without.get(1)).as("the erase call waited for tSE (45 ms typ.)").isGreaterThan(40_000_000_000L);
        assertThat(with).containsExactlyElementsOf(without);
    }
}
