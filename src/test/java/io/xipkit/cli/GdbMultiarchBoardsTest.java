package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.tools.image.ImageLoader;
import io.xipkit.tools.image.LoadableImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Debian's gdb-multiarch against {@code xipkit gdb} on the STM32 boards: load into flash, break in
 * XIP code, watch, step. The tests run side by side (much of their time is gdb's and waiting on
 * it); each server binds port 0 and each test has its own state directory.
 */
@Execution(ExecutionMode.CONCURRENT)
class GdbMultiarchBoardsTest {
    private static final String H750_BOOT = GdbServerProcess.path("firmware/elf/stm32h7/stm32h750-w25q128-bootloader.elf");
    private static final String H750_APP = GdbServerProcess.path("firmware/elf/stm32h7/stm32h750-w25q128-app.elf");

    /** The first eight words of the image at {@code address}, as gdb's x/8wx prints them. */
    private static String words(String elf, long address) throws Exception {
        return words(elf, address, address);
    }

    /** The same, as gdb shows them when the image was loaded at {@code shown} instead. */
    private static String words(String elf, long address, long shown) throws Exception {
        LoadableImage image = ImageLoader.load(Path.of(elf), OptionalLong.empty());
        for (LoadableImage.Segment s : image.segments()) {
            if (s.address() == address) {
                StringBuilder b = new StringBuilder(String.format("0x%x:", shown));
                for (int i = 0; i < 32; i += 4) {
                    int w = (s.data()[i] & 0xFF) | (s.data()[i + 1] & 0xFF) << 8 | (s.data()[i + 2] & 0xFF) << 16 | (s.data()[i + 3] & 0xFF) << 24;
                    if (i == 16) b.append(String.format("\n0x%x:", shown + 16));
                    b.append('\t').append(String.format("0x%08x", w));
                }
                return b.toString();
            }
        }
        throw new AssertionError("no segment at " + address);
    }

    private static long symbol(String elf, String name) throws Exception {
        return Integer.toUnsignedLong(ImageLoader.load(Path.of(elf), OptionalLong.empty()).symbols().addressOf(name).orElseThrow()) & ~1L;
    }

    @Test
    void h750LoadsBootloaderAndXipAppBreaksInQspiCodeWatchesRamAndTheStateBoots(@TempDir Path state) throws Exception {
        long appMain = symbol(H750_APP, "main");
        long consoleDec = symbol(H750_APP, "console_dec");
        String gdb;
        try (GdbServerProcess server = new GdbServerProcess("--board", "stm32h750-w25q128", "--state", state.toString())) {
            gdb = server.gdb(H750_BOOT,
                    "load " + H750_BOOT,
                    "load " + H750_APP,
                    "monitor reset halt",
                    "add-symbol-file " + H750_APP,
                    "watch *(unsigned char *)&quad_status",
                    "continue",
                    "delete",
                    String.format("break *0x%x", appMain),
                    "continue",
                    "bt",
                    String.format("break *0x%x", consoleDec),
                    "continue",
                    "bt",
                    "stepi",
                    "nexti",
                    "step",
                    "continue",
                    "finish",
                    "x/8wx 0x90000000",
                    "info registers",
                    "monitor flash info",
                    "kill",
                    "monitor quit");
            assertThat(server.awaitExit()).isZero();
            assertThat(server.err()).contains("xipkit: load:");
        }
        assertThat(gdb).contains("Hardware watchpoint 1: *(unsigned char *)&quad_status");
        assertThat(gdb).containsPattern("New value = [0-9]+");
        assertThat(gdb).containsPattern("in nor_enable_quad \\(\\)");
        assertThat(gdb).containsPattern(String.format("Breakpoint 2, 0x0*%x in main \\(\\)", appMain));
        assertThat(gdb).containsPattern(String.format("Breakpoint 3, 0x0*%x in console_dec \\(\\)", consoleDec));
        assertThat(gdb).containsPattern("#1 +0x[0-9a-f]+ in main \\(\\)");
        // finish returns to the caller bt named as frame #1
        java.util.regex.Matcher caller = java.util.regex.Pattern.compile("#1  (0x[0-9a-f]+) in main \\(\\)").matcher(gdb);
        assertThat(caller.find()).isTrue();
        assertThat(gdb).contains("\n" + caller.group(1) + " in main ()\n");
        // step in code without line information runs to the caller, as gdb does on hardware
        assertThat(gdb).contains("Single stepping until exit from function console_dec,");
        assertThat(gdb).containsPattern(String.format("Breakpoint 3, 0x0*%x in console_dec \\(\\)(?s).*Breakpoint 3, 0x0*%x in console_dec", consoleDec, consoleDec));
        assertThat(gdb).contains(words(H750_APP, 0x9000_0000L));
        assertThat(gdb).containsPattern("msp +0x[0-9a-f]+").containsPattern("primask +0x").containsPattern("control +0x")
                .containsPattern("fpscr +0x");
        assertThat(gdb).contains("qspi-flash", "erase block 4096 bytes");

        MainTest.Outcome run = MainTest.xipkit("run", "--board", "stm32h750-w25q128", "--state", state.toString());
        assertThat(run.out()).as(run.err()).contains("app: running from").contains(" ok");
        assertThat(run.status()).isZero();
    }

    /**
     * The XIP application built with DWARF (-g -Og, firmware/stm32h7 app_debug): gdb names the
     * frames, arguments and locals of code executing from the QUADSPI window and steps by source
     * line there (the breakpoints become FPB comparators, the stepping uses them and C_STEP).
     */
    @Test
    void h750DebugBuildShowsBacktraceLocalsAndStepsNextsFinishesInXipCode(@TempDir Path state) throws Exception {
        String app = GdbServerProcess.path("firmware/elf/stm32h7/stm32h750-w25q128-app_debug.elf");
        String gdb;
        try (GdbServerProcess server = new GdbServerProcess("--board", "stm32h750-w25q128", "--state", state.toString())) {
            gdb = server.gdb(app,
                    "directory " + GdbServerProcess.path("firmware/stm32h7"),
                    "load " + H750_BOOT,
                    "load " + app,
                    "monitor reset halt",
                    "break checksum",
                    "continue",
                    "bt",
                    "info args",
                    "next",
                    "next",
                    "info locals",
                    "finish",
                    "next",
                    "next",
                    "step",
                    "info args",
                    "info locals",
                    "finish",
                    "monitor quit");
            assertThat(server.awaitExit()).isZero();
        }
        assertThat(gdb).contains("Breakpoint 1 at 0x" + Long.toHexString(symbol(app, "checksum")) + ": file ./app/app.c, line 22.");
        assertThat(gdb).containsPattern("Breakpoint 1, checksum \\(p=p@entry=0x900007a0, end=0x900107a0\\) at ./app/app.c:22");
        assertThat(gdb).containsPattern("#0  checksum \\(p=p@entry=0x900007a0, end=0x900107a0\\) at ./app/app.c:22\\R#1  0x9[0-9a-f]{7} in main \\(\\) at ./app/app.c:52");
        assertThat(gdb).containsPattern("p = 0x900007a0\\Rend = 0x900107a0");
        // next runs the whole checksum loop (line 24) in XIP code; h then holds the checksum of the 64 KiB table
        assertThat(gdb).containsPattern("24\\t    while \\(p < end\\) h = \\(h \\^ \\*p\\+\\+\\) \\* 0x01000193u;\\R25\\t    return h;");
        java.util.regex.Matcher h = java.util.regex.Pattern.compile("\nh = (\\d+)\n").matcher(gdb);
        assertThat(h.find()).as(gdb).isTrue();
        assertThat(Long.parseLong(h.group(1))).isEqualTo(0x939eddc5L);   // the checksum the app prints ("checksum 0x939eddc5 ok")
        // finish returns into main at the call (line 52) with the value (batch gdb omits its "Run till exit" line)
        assertThat(gdb).containsPattern("0x9[0-9a-f]{7} in main \\(\\) at ./app/app.c:52\\R52\\t    uint32_t sum = checksum\\(assets, assets_end\\);\\R"
                + "Value returned is \\$1 = " + h.group(1));
        // step enters console_dec (common/console.c), finish returns to main with its caller's line
        assertThat(gdb).containsPattern("console_dec \\(v=v@entry=65536\\) at ./common/console.c:\\d+");
        assertThat(gdb).contains("v = 65536").contains("buf = ");
        assertThat(gdb).containsPattern("n = <optimized out>\\Rmain \\(\\) at ./app/app.c:55\\R55\\t    console_puts\\(\" bytes at \"\\);");
    }

    /**
     * monitor chips shows each external chip's state as the part reports it: after reset SPI mode,
     * 3-byte addresses, idle, WEL 0 and the status registers' reset values; a Write Enable and then
     * a 4 KiB Sector Erase sent through the QUADSPI registers by hand (RM0433 23.5 indirect mode;
     * W25Q128JV 8.2.1 06h, 8.2.26 20h) set the latch and make the chip busy. Board time passes
     * only while the core runs: a counting loop in AXI SRAM ending in BKPT lets each command go out.
     */
    @Test
    void monitorChipsShowsProtocolAddressModeBusyWriteEnableAndRegisters() throws Exception {
        // subs r0, #1; bne .-2; bkpt #0 (ARMv7-M ARM A7.7.174 T2, A7.7.12 T1, A7.7.17)
        String[] runAWhile = {"set {short}0x24000000 = 0x3801", "set {short}0x24000002 = 0xd1fd", "set {short}0x24000004 = 0xbe00",
                "set $r0 = 1000", "set $pc = 0x24000000", "continue"};
        java.util.List<String> cmds = new java.util.ArrayList<>(java.util.List.of("monitor chips",
                "set {int}0x580244D4 = 0x4000", "set {int}0x52005000 = 0x01000001", "set {int}0x52005004 = 0x00170000",
                "set {int}0x52005014 = 0x00000106"));
        cmds.addAll(java.util.List.of(runAWhile));
        cmds.addAll(java.util.List.of("monitor chips", "set {int}0x52005014 = 0x00002520", "set {int}0x52005018 = 0x00010000"));
        cmds.addAll(java.util.List.of(runAWhile));
        cmds.addAll(java.util.List.of("monitor chips", "monitor quit"));
        String gdb;
        try (GdbServerProcess server = new GdbServerProcess("--board", "stm32h750-w25q128")) {
            gdb = server.gdb(null, cmds.toArray(String[]::new));
            assertThat(server.awaitExit()).isZero();
        }
        String[] reports = gdb.split("QUADSPI: W25Q128JV \\(Winbond\\), 16 MiB per die, page 256 bytes, on bank 1\\R");
        assertThat(reports).as(gdb).hasSize(4);
        assertThat(reports[1]).startsWith("  qspi-flash1: W25Q128JV, SPI mode, 3-byte addresses, idle, write enable latch 0, continuous read off;"
                + " registers SR1=0x00 SR2=0x02 SR3=0x60 BW=0x10");
        assertThat(reports[2]).as(gdb).startsWith("  qspi-flash1: W25Q128JV, SPI mode, 3-byte addresses, idle, write enable latch 1, continuous read off;"
                + " registers SR1=0x02");
        assertThat(reports[3]).as(gdb).containsPattern("^  qspi-flash1: W25Q128JV, SPI mode, 3-byte addresses, busy for \\d+ us more, write enable latch 1,"
                + " continuous read off; registers SR1=0x03");
    }

    /**
     * Board time stands still while gdb holds the core halted (issue 12: "virtual time does not
     * advance while halted"): SysTick, the one timer the boards model (none of the STM32 timers
     * that DBGMCU's freeze bits stop, TIMx/LPTIM/IWDG/WWDG/RTC, is modelled yet), keeps its count
     * across gdb's packets and memory reads, and counts again when the core steps.
     */
    @Test
    void sysTickStandsStillWhileGdbHoldsTheCoreHaltedAndCountsWhenItRuns() throws Exception {
        String gdb;
        try (GdbServerProcess server = new GdbServerProcess("--board", "stm32h750-w25q128")) {
            // SYST_RVR = max, SYST_CSR = ENABLE | CLKSOURCE (processor clock) (ARMv7-M B3.3.3); a B . loop in AXI SRAM.
            gdb = server.gdb(null, "set {int}0xE000E014 = 0xFFFFFF", "set {int}0xE000E010 = 5", "set {short}0x24000000 = 0xe7fe",
                    "set $pc = 0x24000000", "stepi",
                    "x/wx 0xE000E018", "info registers", "x/64wx 0x24000000", "x/wx 0xE000E018",
                    "stepi", "stepi", "stepi", "x/wx 0xE000E018", "monitor quit");
            assertThat(server.awaitExit()).isZero();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("0xe000e018:\\s+(0x[0-9a-f]{8})").matcher(gdb);
        List<Long> counts = new java.util.ArrayList<>();
        while (m.find()) counts.add(Long.decode(m.group(1)));
        assertThat(counts).as(gdb).hasSize(3);
        assertThat(counts.get(1)).as("halted: the count holds").isEqualTo(counts.get(0));
        assertThat(counts.get(2)).as("three steps: it counts down").isLessThan(counts.get(1));
    }

    @Test
    void h757LoadsIntoDualFlashAndBreaksInXipCode(@TempDir Path state) throws Exception {
        String boot = GdbServerProcess.path("firmware/elf/stm32h7/stm32h757-mt25tl01g-bootloader.elf");
        String app = GdbServerProcess.path("firmware/elf/stm32h7/stm32h757-mt25tl01g-app.elf");
        long appMain = symbol(app, "main");
        String gdb;
        try (GdbServerProcess server = new GdbServerProcess("--board", "stm32h757-mt25tl01g", "--state", state.toString())) {
            gdb = server.gdb(app, "load " + boot, "load " + app, "monitor reset halt",
                    String.format("break *0x%x", appMain), "continue", "x/8wx 0x90000000", "monitor flash info", "monitor quit");
            assertThat(server.awaitExit()).isZero();
        }
        assertThat(gdb).containsPattern(String.format("Breakpoint 1, 0x0*%x in main \\(\\)", appMain));
        assertThat(gdb).contains(words(app, 0x9000_0000L));
        assertThat(gdb).contains("erase block 8192 bytes");
        assertThat(Files.size(state.resolve("qspi-flash1.flash"))).isPositive();
    }

    @Test
    void l476LoadsIntoBank2AndLeavesTheOptionBytesAlone(@TempDir Path state) throws Exception {
        String app = GdbServerProcess.path("firmware/elf/nucleo-l476rg/app-v1.elf");
        String gdb;
        try (GdbServerProcess server = new GdbServerProcess("--board", "nucleo-l476rg", "--state", state.toString())) {
            gdb = server.gdb(app, "x/wx 0x40022020", "load " + app + " 0x80000", "x/8wx 0x08080000", "x/wx 0x40022020",
                    "monitor flash info", "monitor quit");
            assertThat(server.awaitExit()).isZero();
        }
        assertThat(gdb).contains(words(app, 0x0800_0000L, 0x0808_0000L));
        // FLASH_OPTR (RM0351 3.7.8) reads the same before and after the load.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("0x40022020:\\s+(0x[0-9a-f]{8})").matcher(gdb);
        assertThat(m.find()).isTrue();
        String before = m.group(1);
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo(before);
        assertThat(gdb).contains("flash-bank2", "last load: 0 block(s) erased and rewritten");
    }
}
