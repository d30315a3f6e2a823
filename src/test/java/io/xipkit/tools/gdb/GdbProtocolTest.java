package io.xipkit.tools.gdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import io.xipkit.tools.target.StopEvent;
import org.junit.jupiter.api.Test;

class GdbProtocolTest {
    private final GdbWire wire = new GdbWire();

    @Test
    void qSupportedAnnouncesTheFeaturesGdbNeedsForLoadAndBreakpoints() throws Exception {
        assertThat(wire.converse("qSupported:multiprocess+;swbreak+;hwbreak+")).singleElement().asString()
                .contains("PacketSize=4000", "qXfer:features:read+", "qXfer:memory-map:read+", "QStartNoAckMode+",
                        "vContSupported+", "swbreak+", "hwbreak+");
    }

    @Test
    void theTargetDescriptionHasMProfileSystemAndFpuFeatures() throws Exception {
        String xml = wire.converse("qXfer:features:read:target.xml:0,3000").get(0);
        assertThat(xml).startsWith("l").contains("org.gnu.gdb.arm.m-profile", "org.gnu.gdb.arm.m-system", "name=\"msp\"",
                "name=\"control\"", "org.gnu.gdb.arm.vfp", "name=\"d15\"", "name=\"fpscr\"");
    }

    @Test
    void theMemoryMapMarksFlashWithItsBlockSizeAndFillsGapsWithRam() throws Exception {
        String xml = wire.converse("qXfer:memory-map:read::0,3000").get(0);
        assertThat(xml).contains("<memory type=\"flash\" start=\"0x8000000\" length=\"0x10000\">",
                "<property name=\"blocksize\">0x1000</property>", "<memory type=\"ram\" start=\"0x20000000\" length=\"0x10000\"/>",
                "<memory type=\"ram\" start=\"0x0\" length=\"0x8000000\"/>");
    }

    @Test
    void memoryWritesAndReadsRoundTripAndUnmappedAddressesGiveErrors() throws Exception {
        List<String> r = wire.converse("M20000010,4:deadbeef", "m20000010,4", "m10000000,4", "M08000000,4:00000000");
        assertThat(r).containsExactly("OK", "deadbeef", "E02", "E03");
    }

    @Test
    void aCtrlCWhileTheCoreIsHaltedGetsNoStopReplySoTheNextAnswerIsItsPackets() throws Exception {
        wire.converse("M20000010,4:deadbeef");
        byte[] late = ("\u0003" + GdbWire.frame("m20000010,4")).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(wire.converse(late)).containsExactly("deadbeef");
    }

    @Test
    void flashLoadRewritesOnlyChangedBlocks() throws Exception {
        wire.converse("vFlashErase:08000000,2000", "vFlashWrite:08000000:abcd", "vFlashWrite:08001000:ef", "vFlashDone");
        assertThat(wire.target.flash[0]).isEqualTo((byte) 'a');
        assertThat(wire.target.erases).as("blank blocks are only programmed").isZero();
        List<String> r = wire.converse("vFlashErase:08000000,2000", "vFlashWrite:08000000:abcd", "vFlashWrite:08001000:eX", "vFlashDone");
        assertThat(r).containsExactly("OK", "OK", "OK", "OK");
        assertThat(wire.target.erases).isEqualTo(1);
        assertThat(wire.log).anySatisfy(l -> assertThat(l).contains("1 block(s) erased", "1 unchanged"));
    }

    @Test
    void aFlashWriteOutsideFlashIsRefusedAndNothingOfTheLoadIsWritten() throws Exception {
        List<String> r = wire.converse("vFlashWrite:08000000:zz", "vFlashWrite:20000000:zz", "vFlashDone");
        assertThat(r).containsExactly("OK", "E03", "OK");
        assertThat(wire.target.flash[0]).isEqualTo((byte) 0xFF);
    }

    @Test
    void softwareBreakpointsGoIntoRamAsBkptAndComeOutAgain() throws Exception {
        wire.target.ram[0x100] = 0x12;
        wire.target.ram[0x101] = 0x34;
        assertThat(wire.converse("Z0,20000100,2")).containsExactly("OK");
        // the connection ended: breakpoints are removed when gdb goes away
        assertThat(wire.target.ram[0x100]).isEqualTo((byte) 0x12);
        assertThat(wire.converse("Z0,20000100,2", "m20000100,2")).containsExactly("OK", "00be");
    }

    @Test
    void continueAnswersWithAStopReplyNamingAHardwareBreakpoint() throws Exception {
        assertThat(wire.converse("Z1,08000100,2", "vCont;c")).containsExactly("OK", "T05hwbreak:;thread:1;");
    }

    @Test
    void aBkptGdbPlantedIsASwbreakStopButOneCompiledIntoTheProgramIsAPlainSigtrap() throws Exception {
        wire.target.regs.put(15, 0x2000_0100);   // PC (DCRSR selector 15)
        wire.target.nextStop = new StopEvent.Breakpoint(0x2000_0100L, false);
        assertThat(wire.converse("Z0,20000100,2", "vCont;c")).containsExactly("OK", "T05swbreak:;thread:1;");
        // gdb resumes silently from a swbreak where it has no breakpoint: the program's own BKPT would loop
        assertThat(wire.converse("vCont;c")).containsExactly("T05thread:1;");
    }

    @Test
    void threadQueriesDescribeOneThread() throws Exception {
        assertThat(wire.converse("qAttached", "qC", "qfThreadInfo", "qsThreadInfo", "Hg0", "vCont?"))
                .containsExactly("1", "QC1", "m1", "l", "OK", "vCont;c;C;s;S;t");
    }

    @Test
    void registersTravelLittleEndianAndFloatRegistersAreTwoSingles() throws Exception {
        wire.target.regs.put(15, 0x0800_0123);
        wire.target.regs.put(0x40, 0x1111_1111);
        wire.target.regs.put(0x41, 0x2222_2222);
        assertThat(wire.converse("pf", "p17", "P0=78563412", "p0")).containsExactly("23010008", "1111111122222222", "OK", "78563412");
    }

    @Test
    void monitorCommandsAnswerInHex() throws Exception {
        String help = wire.converse("qRcmd," + Hex.of("help")).get(0);
        assertThat(new String(Hex.parseBytes(help))).contains("monitor reset [halt|run]", "monitor flash info", "monitor quit");
        String info = new String(Hex.parseBytes(wire.converse("qRcmd," + Hex.of("flash info")).get(0)));
        assertThat(info).contains("flash", "erase block 4096 bytes");
    }

    @Test
    void monitorWarningsAnswersTheBoardsWarningSummaryAndHelpListsIt() throws Exception {
        wire.warnings = "xipkit: model warnings (1 distinct, 2 in all)";
        String w = new String(Hex.parseBytes(wire.converse("qRcmd," + Hex.of("warnings")).get(0)));
        assertThat(w).isEqualTo("xipkit: model warnings (1 distinct, 2 in all)\n");
        String help = new String(Hex.parseBytes(wire.converse("qRcmd," + Hex.of("help")).get(0)));
        assertThat(help).contains("monitor warnings");
    }

    @Test
    void unknownPacketsGetTheEmptyReply() throws Exception {
        assertThat(wire.converse("qFooBar", "vStopped", "!")).containsExactly("", "", "");
    }
}
