package io.xipkit.peripherals.stm32;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.MemoryRegion;
import io.xipkit.bus.SystemBus;
import io.xipkit.peripherals.DmaRequest;
import io.xipkit.time.ManualClock;
import io.xipkit.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MDMA driven through its registers as firmware drives it (RM0433 Rev 8 chapter 14; offsets
 * and bits as in CMSIS stm32h743xx.h), on a bus with AXI SRAM, in virtual time.
 */
class MdmaRegisterLevelTest {
    static final int MDMA = 0x5200_0000;
    static final int RAM = 0x2400_0000;
    static final long HCLK = 200_000_000L;
    // Channel register offsets (0x40 + 0x40 * x).
    static final int ISR = 0x40, IFCR = 0x44, ESR = 0x48, CR = 0x4C, TCR = 0x50, BNDTR = 0x54, SAR = 0x58, DAR = 0x5C,
            BRUR = 0x60, LAR = 0x64, TBR = 0x68, MAR = 0x70, MDR = 0x74;
    static final int TEIF = 1, CTCIF = 2, BRTIF = 4, BTIF = 8, TCIF = 16, CRQA = 1 << 16;
    static final int EN = 1, TEIE = 2, CTCIE = 4, BRTIE = 8, BTIE = 16, TCIE = 32, SWRQ = 1 << 16;
    static final int INC = 2, DEC = 3; // SINC/DINC codes
    static final int BYTE = 0, HALF = 1, WORD = 2, DWORD = 3;
    static final int SWRM = 1 << 30, PKE = 1 << 25;

    final ManualClock clock = new ManualClock();
    final Scheduler scheduler = new Scheduler();
    final SystemBus bus = new SystemBus();
    final List<String> irqChanges = new ArrayList<>();
    final List<String> written = new ArrayList<>();
    final Stm32Mdma mdma;

    MdmaRegisterLevelTest() {
        bus.map(RAM & 0xFFFF_FFFFL, MemoryRegion.ram("axi-sram", 64 << 10));
        mdma = new Stm32Mdma(bus, clock, scheduler, () -> HCLK,
                level -> irqChanges.add((level ? "on" : "off") + "@" + clock.nowPicos()),
                (a, n, at) -> written.add(Integer.toHexString(a) + "+" + n));
        bus.mapPeripheral("MDMA", MDMA & 0xFFFF_FFFFL, Stm32Mdma.SIZE, mdma);
    }

    // ------------------------------------------------------------------------------------------ helpers

    static int tcr(int sinc, int dinc, int ssize, int dsize, int sincos, int dincos, int tlenBytes, int trgm) {
        return sinc | dinc << 2 | ssize << 4 | dsize << 6 | sincos << 8 | dincos << 10 | (tlenBytes - 1) << 18 | trgm << 28;
    }

    int reg(int ch, int off) {
        return bus.read32(MDMA + 0x40 * ch + off);
    }

    void set(int ch, int off, int v) {
        bus.write32(MDMA + 0x40 * ch + off, v);
    }

    void fill(int at, int n) {
        for (int i = 0; i < n; i++) bus.write8(at + i, 0x10 + i);
    }

    byte[] ram(int at, int n) {
        return bus.peekBytes(at & 0xFFFF_FFFFL, n);
    }

    /** Runs scheduled events until none is left (virtual time jumps to each), at most {@code max} of them. */
    void runUntilIdle() {
        for (int i = 0; i < 100_000 && !scheduler.isEmpty(); i++) {
            clock.setPicos(Math.max(clock.nowPicos(), scheduler.nextDeadline()));
            scheduler.runDue(clock.nowPicos());
        }
        assertThat(scheduler.isEmpty()).as("MDMA settles").isTrue();
    }

    /** Enables channel {@code ch} with the other CR bits {@code crBits}, requests by software and lets the MDMA finish. */
    void request(int ch, int crBits) {
        set(ch, CR, crBits | EN);
        set(ch, CR, crBits | EN | SWRQ);
        runUntilIdle();
    }

    void softwareChannel(int ch, int tcrValue, int bndtr, int src, int dst) {
        set(ch, TCR, tcrValue | SWRM);
        set(ch, BNDTR, bndtr);
        set(ch, SAR, src);
        set(ch, DAR, dst);
    }

    // ------------------------------------------------------------------------------------------ transfers

    @Test
    void aBlockTransferCopiesMemoryAndEndsTheChannel() {
        fill(RAM, 64);
        softwareChannel(0, tcr(INC, INC, WORD, WORD, WORD, WORD, 16, 1), 64, RAM, RAM + 0x1000);
        set(0, CR, EN);
        set(0, CR, EN | SWRQ);
        assertThat(reg(0, ISR) & CRQA).isEqualTo(CRQA);
        runUntilIdle();
        assertThat(ram(RAM + 0x1000, 64)).isEqualTo(ram(RAM, 64));
        assertThat(reg(0, ISR) & 0x1F).isEqualTo(TCIF | BTIF | BRTIF | CTCIF);
        assertThat(reg(0, CR) & EN).as("EN cleared at the end of the channel").isZero();
        assertThat(reg(0, BNDTR) & 0x1FFFF).isZero();
        assertThat(reg(0, SAR)).isEqualTo(RAM + 64);
        assertThat(reg(0, DAR)).isEqualTo(RAM + 0x1000 + 64);
        assertThat(written).containsExactly("24001000+16", "24001010+16", "24001020+16", "24001030+16");
    }

    @Test
    void aBufferTransferMovesTlenPlusOneBytesPerRequest() {
        fill(RAM, 64);
        softwareChannel(1, tcr(INC, INC, BYTE, BYTE, BYTE, BYTE, 8, 0), 20, RAM, RAM + 0x100);
        request(1, 0);
        assertThat(reg(1, BNDTR) & 0x1FFFF).isEqualTo(12);
        assertThat(reg(1, ISR) & 0x1F).isEqualTo(TCIF);
        assertThat(reg(1, ISR) & CRQA).as("the request is served").isZero();
        set(1, CR, EN | SWRQ);
        runUntilIdle();
        set(1, CR, EN | SWRQ);
        runUntilIdle();
        // 20 bytes = 8 + 8 + 4: the block's last buffer is shorter (§14.3.4).
        assertThat(reg(1, BNDTR) & 0x1FFFF).isZero();
        assertThat(reg(1, ISR) & 0x1F).isEqualTo(TCIF | BTIF | BRTIF | CTCIF);
        assertThat(ram(RAM + 0x100, 21)).isEqualTo(concat(ram(RAM, 20), new byte[1]));
    }

    @Test
    void aBufferTakesOneMdmaClockPerBeat() {
        fill(RAM, 16);
        softwareChannel(0, tcr(INC, INC, BYTE, WORD, BYTE, WORD, 16, 1), 16, RAM, RAM + 0x100);
        set(0, TCR, tcr(INC, INC, BYTE, WORD, BYTE, WORD, 16, 1) | SWRM | PKE);
        request(0, CTCIE);
        // 16 byte reads + 4 word writes = 20 beats at 200 MHz.
        assertThat(irqChanges).containsExactly("on@" + 20 * 5_000L);
    }

    @Test
    void aRepeatedBlockMovesTheAddressesByTheUpdateValuesBetweenBlocks() {
        fill(RAM, 256);
        // 3 blocks (BRC = 2) of 8 bytes; source steps 16 further, destination 8 back after each block (BRDUM).
        softwareChannel(2, tcr(INC, INC, HALF, HALF, HALF, HALF, 8, 2), 2 << 20 | 1 << 19 | 8, RAM, RAM + 0x200);
        set(2, BRUR, 16 << 16 | 16);
        request(2, 0);
        assertThat(reg(2, ISR) & 0x1F).isEqualTo(TCIF | BTIF | BRTIF | CTCIF);
        // Block 0: src 0..7 -> dst 0x200; block 1: src 24..31 -> dst 0x208-16 = 0x1F8; block 2: src 48..55 -> 0x1F0.
        assertThat(ram(RAM + 0x200, 8)).isEqualTo(ram(RAM, 8));
        assertThat(ram(RAM + 0x1F8, 8)).isEqualTo(ram(RAM + 24, 8));
        assertThat(ram(RAM + 0x1F0, 8)).isEqualTo(ram(RAM + 48, 8));
        assertThat(reg(2, BNDTR) >>> 20).isZero();
    }

    @Test
    void aBlockRequestInRepeatModeServesOneBlockPerRequest() {
        fill(RAM, 32);
        softwareChannel(0, tcr(INC, INC, BYTE, BYTE, BYTE, BYTE, 4, 1), 1 << 20 | 8, RAM, RAM + 0x100);
        request(0, 0);
        assertThat(reg(0, ISR) & 0x1F).isEqualTo(TCIF | BTIF);
        assertThat(reg(0, CR) & EN).isEqualTo(EN);
        assertThat(reg(0, BNDTR)).isEqualTo(8);
        set(0, IFCR, 0x1F);
        set(0, CR, EN | SWRQ);
        runUntilIdle();
        assertThat(reg(0, ISR) & 0x1F).isEqualTo(TCIF | BTIF | BRTIF | CTCIF);
        assertThat(ram(RAM + 0x100, 16)).isEqualTo(ram(RAM, 16));
    }

    @Test
    void aLinkedListLoadsTheNextNodeAtTheEndOfEachBlock() {
        fill(RAM, 64);
        int node1 = RAM + 0x800, node2 = RAM + 0x840;
        // Node 1: copy 8 bytes from RAM+16 to RAM+0x300, then node 2: 4 words from RAM+32 to RAM+0x400 decrementing.
        int[] n1 = {tcr(INC, INC, BYTE, BYTE, BYTE, BYTE, 8, 3) | SWRM, 8, RAM + 16, RAM + 0x300, 0, node2, 0, 0, 0, 0};
        int[] n2 = {tcr(INC, DEC, WORD, WORD, WORD, WORD, 16, 3) | SWRM, 16, RAM + 32, RAM + 0x40C, 0, 0, 0, 0, 0, 0};
        for (int i = 0; i < 10; i++) {
            bus.write32(node1 + 4 * i, n1[i]);
            bus.write32(node2 + 4 * i, n2[i]);
        }
        softwareChannel(3, tcr(INC, INC, BYTE, BYTE, BYTE, BYTE, 4, 3), 4, RAM, RAM + 0x200);
        set(3, LAR, node1);
        request(3, 0);
        assertThat(ram(RAM + 0x200, 4)).isEqualTo(ram(RAM, 4));
        assertThat(ram(RAM + 0x300, 8)).isEqualTo(ram(RAM + 16, 8));
        for (int i = 0; i < 4; i++) assertThat(bus.read32(RAM + 0x40C - 4 * i)).isEqualTo(bus.read32(RAM + 32 + 4 * i));
        assertThat(reg(3, ISR) & CTCIF).isEqualTo(CTCIF);
        assertThat(reg(3, LAR)).isZero();
        assertThat(reg(3, CR) & EN).isZero();
    }

    @Test
    void fixedAddressesAndIncrementOffsetsBiggerThanTheDataSize() {
        fill(RAM, 64);
        // Every 4th byte of the source, written to one fixed byte address (a peripheral data register).
        softwareChannel(0, tcr(INC, 0, BYTE, BYTE, WORD, BYTE, 4, 1), 4, RAM, RAM + 0x100);
        request(0, 0);
        assertThat(bus.read8(RAM + 0x100)).isEqualTo(0x10 + 12);
        assertThat(reg(0, SAR)).isEqualTo(RAM + 16);
        assertThat(reg(0, DAR)).isEqualTo(RAM + 0x100);
    }

    @Test
    void packingJoinsBytesIntoWordsLittleEndian() {
        fill(RAM, 8);
        softwareChannel(0, tcr(INC, INC, BYTE, WORD, BYTE, WORD, 8, 1) | PKE, 8, RAM, RAM + 0x100);
        request(0, 0);
        assertThat(bus.read32(RAM + 0x100)).isEqualTo(0x13121110);
        assertThat(bus.read32(RAM + 0x104)).isEqualTo(0x17161514);
    }

    @Test
    void withoutPackingEachSourceItemIsPaddedSignExtendedOrTruncated() {
        bus.write8(RAM, 0x81);
        bus.write8(RAM + 1, 0x7F);
        int[] expectedByPam = {0x0000_0081, 0xFFFF_FF81, 0x8100_0000};
        for (int pam = 0; pam < 3; pam++) {
            softwareChannel(0, tcr(INC, INC, BYTE, WORD, BYTE, WORD, 2, 1) | pam << 26, 2, RAM, RAM + 0x100 + 16 * pam);
            request(0, 0);
            assertThat(bus.read32(RAM + 0x100 + 16 * pam)).as("PAM %d", pam).isEqualTo(expectedByPam[pam]);
            set(0, IFCR, 0x1F);
        }
        // A word truncated to a half-word: low part (PAM 00), high part (PAM 10).
        bus.write32(RAM + 0x40, 0xAABB_CCDD);
        softwareChannel(1, tcr(INC, INC, WORD, HALF, WORD, HALF, 4, 1), 4, RAM + 0x40, RAM + 0x180);
        request(1, 0);
        softwareChannel(1, tcr(INC, INC, WORD, HALF, WORD, HALF, 4, 1) | 2 << 26, 4, RAM + 0x40, RAM + 0x184);
        request(1, 0);
        assertThat(bus.read16(RAM + 0x180)).isEqualTo(0xCCDD);
        assertThat(bus.read16(RAM + 0x184)).isEqualTo(0xAABB);
    }

    @Test
    void endiannessExchangesSwapBytesHalfWordsAndWords() {
        for (int i = 0; i < 8; i++) bus.write8(RAM + i, i + 1);
        softwareChannel(0, tcr(INC, INC, DWORD, DWORD, DWORD, DWORD, 8, 1), 8, RAM, RAM + 0x100);
        set(0, CR, 1 << 12 | 1 << 14); // BEX, WEX written while EN = 0
        request(0, 1 << 12 | 1 << 14);
        // Bytes swapped in each half-word, then the two words exchanged.
        assertThat(ram(RAM + 0x100, 8)).containsExactly(6, 5, 8, 7, 2, 1, 4, 3);
    }

    @Test
    void configurationWritesAreIgnoredWhileTheChannelIsEnabled() {
        softwareChannel(0, tcr(INC, INC, BYTE, BYTE, BYTE, BYTE, 4, 1), 4, RAM, RAM + 0x100);
        set(0, CR, EN | 1 << 6);
        set(0, SAR, 0x1234);
        set(0, BNDTR, 99);
        set(0, CR, EN | 3 << 6);
        assertThat(reg(0, SAR)).isEqualTo(RAM);
        assertThat(reg(0, BNDTR)).isEqualTo(4);
        assertThat(reg(0, CR) >>> 6 & 3).as("PL is protected too").isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------ triggers

    @Test
    void aHardwareTriggerServesOneBufferPerRequestWhileItsLevelStaysActive() {
        List<String> refreshed = new ArrayList<>();
        DmaRequest line = mdma.trigger(22, () -> refreshed.add("refresh"));
        fill(RAM, 32);
        set(4, TCR, tcr(INC, INC, BYTE, BYTE, BYTE, BYTE, 4, 0));
        set(4, BNDTR, 16);
        set(4, SAR, RAM);
        set(4, DAR, RAM + 0x100);
        set(4, TBR, 22);
        assertThat(line.watched()).isFalse();
        set(4, CR, EN);
        assertThat(line.watched()).isTrue();
        assertThat(refreshed).containsExactly("refresh");
        runUntilIdle();
        assertThat(reg(4, BNDTR)).as("nothing moves without a request").isEqualTo(16);
        line.set(true);
        runUntilIdle();
        assertThat(reg(4, BNDTR)).as("a level request is taken again after each buffer").isZero();
        assertThat(reg(4, ISR) & CTCIF).isEqualTo(CTCIF);
        assertThat(ram(RAM + 0x100, 16)).isEqualTo(ram(RAM, 16));
        assertThat(line.watched()).isFalse();
    }

    @Test
    void aHardwareRequestIsAcknowledgedByWritingTheMaskDataToTheMaskAddress() {
        DmaRequest line = mdma.trigger(3, () -> {});
        softwareChannel(0, tcr(INC, INC, BYTE, BYTE, BYTE, BYTE, 4, 1), 4, RAM, RAM + 0x100);
        set(0, TCR, tcr(INC, INC, BYTE, BYTE, BYTE, BYTE, 4, 1));
        set(0, TBR, 3);
        set(0, MAR, RAM + 0x200);
        set(0, MDR, 0xCAFE_F00D);
        set(0, CR, EN);
        line.set(true);
        line.set(false);
        runUntilIdle();
        assertThat(bus.read32(RAM + 0x200)).isEqualTo(0xCAFE_F00D);
    }

    @Test
    void softwareRequestsAreIgnoredWhileTheChannelIsDisabled() {
        softwareChannel(0, tcr(INC, INC, BYTE, BYTE, BYTE, BYTE, 4, 1), 4, RAM, RAM + 0x100);
        set(0, CR, SWRQ);
        assertThat(reg(0, ISR) & CRQA).isZero();
        runUntilIdle();
        assertThat(reg(0, BNDTR)).isEqualTo(4);
    }

    @Test
    void higherPriorityChannelsAreServedFirstThenTheLowerNumber() {
        fill(RAM, 16);
        List<Integer> order = new ArrayList<>();
        for (int ch : new int[] {5, 2, 7}) {
            softwareChannel(ch, tcr(INC, INC, BYTE, BYTE, BYTE, BYTE, 4, 1), 4, RAM, RAM + 0x100 * (ch + 1));
            set(ch, CR, (ch == 7 ? 3 : 0) << 6);
        }
        for (int ch : new int[] {5, 2, 7}) set(ch, CR, (ch == 7 ? 3 << 6 : 0) | EN | SWRQ);
        for (int i = 0; i < 10 && !scheduler.isEmpty(); i++) {
            clock.setPicos(scheduler.nextDeadline());
            scheduler.runDue(clock.nowPicos());
            for (int ch : new int[] {2, 5, 7}) {
                if ((reg(ch, ISR) & CTCIF) != 0 && !order.contains(ch)) order.add(ch);
            }
        }
        assertThat(order).containsExactly(7, 2, 5);
    }

    // ------------------------------------------------------------------------------------------ interrupts, suspension, errors

    @Test
    void theGlobalFlagAndTheInterruptFollowTheEnabledFlags() {
        fill(RAM, 8);
        softwareChannel(6, tcr(INC, INC, BYTE, BYTE, BYTE, BYTE, 4, 1), 8, RAM, RAM + 0x100);
        request(6, BTIE);
        assertThat(bus.read32(MDMA)).isEqualTo(1 << 6);
        assertThat(irqChanges).hasSize(1).allMatch(s -> s.startsWith("on@"));
        set(6, IFCR, BTIF);
        assertThat(bus.read32(MDMA)).isZero();
        assertThat(irqChanges).hasSize(2).last().asString().startsWith("off@");
        assertThat(reg(6, ISR) & 0x1F).as("the other flags stay").isEqualTo(TCIF | BRTIF | CTCIF);
    }

    @Test
    void clearingEnSuspendsAfterTheRunningBufferAndReenablingContinues() {
        fill(RAM, 32);
        softwareChannel(0, tcr(INC, INC, BYTE, BYTE, BYTE, BYTE, 8, 1), 32, RAM, RAM + 0x100);
        set(0, CR, EN);
        set(0, CR, EN | SWRQ);
        clock.setPicos(scheduler.nextDeadline());
        scheduler.runDue(clock.nowPicos()); // arbitration: the first buffer starts
        set(0, CR, 0);
        assertThat(reg(0, ISR) & CTCIF).as("not before the running buffer ends").isZero();
        runUntilIdle();
        assertThat(reg(0, ISR) & CTCIF).isEqualTo(CTCIF);
        assertThat(reg(0, BNDTR)).isEqualTo(24);
        set(0, IFCR, 0x1F);
        set(0, CR, EN | SWRQ);
        runUntilIdle();
        assertThat(reg(0, BNDTR)).isZero();
        assertThat(ram(RAM + 0x100, 32)).isEqualTo(ram(RAM, 32));
    }

    @Test
    void aBusErrorSetsTeifAndTheErrorStatusAndDisablesTheChannel() {
        fill(RAM, 16);
        // Destination at an address nothing answers.
        softwareChannel(0, tcr(INC, INC, WORD, WORD, WORD, WORD, 16, 1), 16, RAM, 0x6000_0048);
        request(0, TEIE);
        assertThat(reg(0, ISR) & 0x1F).isEqualTo(TEIF);
        assertThat(reg(0, ESR)).as("TEA = address bits 6:0, TED = write").isEqualTo(0x48 | 1 << 7);
        assertThat(reg(0, CR) & EN).isZero();
        assertThat(reg(0, ISR) & CRQA).isZero();
        assertThat(bus.read32(MDMA)).isEqualTo(1);
        set(0, IFCR, TEIF);
        assertThat(reg(0, ESR)).as("CTEIF clears the error status").isZero();
        // A source that is not there: TED = 0.
        softwareChannel(1, tcr(INC, INC, WORD, WORD, WORD, WORD, 16, 1), 16, 0x6000_0010, RAM);
        request(1, 0);
        assertThat(reg(1, ESR)).isEqualTo(0x10);
    }

    @Test
    void misalignedAddressesAndBlockSizesAreErrors() {
        softwareChannel(0, tcr(INC, INC, WORD, WORD, WORD, WORD, 16, 1), 16, RAM + 2, RAM + 0x100);
        request(0, 0);
        assertThat(reg(0, ESR)).as("ASE, source").isEqualTo(1 << 10 | 2);
        softwareChannel(1, tcr(INC, INC, WORD, WORD, WORD, WORD, 16, 1), 6, RAM, RAM + 0x100);
        request(1, 0);
        assertThat(reg(1, ESR) & (1 << 11)).as("BSE").isNotZero();
        assertThat(reg(1, ISR) & TEIF).isEqualTo(TEIF);
    }

    @Test
    void aLinkStructureThatCannotBeReadIsALinkDataError() {
        softwareChannel(0, tcr(INC, INC, BYTE, BYTE, BYTE, BYTE, 4, 3), 4, RAM, RAM + 0x100);
        set(0, LAR, 0x6000_0000);
        request(0, 0);
        assertThat(reg(0, ESR)).isEqualTo(1 << 8);
        assertThat(reg(0, ISR) & TEIF).isEqualTo(TEIF);
    }

    @Test
    void reservedOffsetsReadZeroAndTheMapMatchesCmsis() {
        assertThat(bus.read32(MDMA + 0x04)).isZero();
        assertThat(mdma.registers().describe(0x40 + 0x40 * 15 + 0x34)).isEqualTo("MDMA.C15MDR");
        assertThat(mdma.registers().describe(0x68)).isEqualTo("MDMA.C0TBR");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
