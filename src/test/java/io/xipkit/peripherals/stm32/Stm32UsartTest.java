package io.xipkit.peripherals.stm32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.time.Clock;
import io.xipkit.time.ManualClock;
import io.xipkit.time.Scheduler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Stm32UsartTest {
    static final int CR1 = 0x00, CR2 = 0x04, CR3 = 0x08, BRR = 0x0C, RQR = 0x18, ISR = 0x1C, ICR = 0x20, RDR = 0x24,
            TDR = 0x28, PRESC = 0x2C;
    static final int UE = 1, RE = 1 << 2, TE = 1 << 3, IDLEIE = 1 << 4, RXNEIE = 1 << 5, TCIE = 1 << 6, TXEIE = 1 << 7,
            FIFOEN = 1 << 29;
    static final int ORE = 1 << 3, IDLE = 1 << 4, RXNE = 1 << 5, TC = 1 << 6, TXE = 1 << 7, TEACK = 1 << 21,
            REACK = 1 << 22, TXFE = 1 << 23;
    static final long KERNEL_HZ = 64_000_000;

    record Sent(int data, long at) {
    }

    final ManualClock clock = new ManualClock();
    final Scheduler scheduler = new Scheduler();
    final List<Sent> sent = new ArrayList<>();
    final List<Boolean> irq = new ArrayList<>();
    long kernelHz = KERNEL_HZ;
    final Stm32Usart usart = new Stm32Usart("USART3", Stm32Usart.Variant.H7, clock, scheduler, () -> kernelHz,
            irq::add, (data, at) -> sent.add(new Sent(data, at)));

    void runUntil(long picos) {
        while (scheduler.nextDeadline() <= picos) {
            long t = scheduler.nextDeadline();
            if (t > clock.nowPicos()) clock.setPicos(t);
            scheduler.runDue(t);
        }
        if (picos > clock.nowPicos()) clock.setPicos(picos);
    }

    void enable115200() {
        usart.write(BRR, 4, 556);                                       // 64 MHz / 115200 = 555.6
        usart.write(CR1, 4, UE | TE | RE);
    }

    /** One 8N1 frame at BRR 556 and 64 MHz: 10 bits x 556 / 64 MHz = 86.875 us. */
    static final long FRAME_PICOS = 10L * 556 * Clock.PICOS_PER_SECOND / KERNEL_HZ;

    @Test
    void resetValuesMatchRm0433AndRm0351() {
        assertThat(usart.registers().register("ISR").resetValue()).isEqualTo(0x0080_00C0);
        assertThat(usart.read(ISR, 4)).isEqualTo(TXE | TC | TXFE);
        Stm32Usart l4 = new Stm32Usart("USART2", Stm32Usart.Variant.L4, clock, scheduler, () -> 4_000_000,
                io.xipkit.peripherals.IrqLine.NONE, SerialLink.NONE);
        assertThat(l4.read(ISR, 4)).isEqualTo(0x0200_00C0);
        assertThat(l4.read(PRESC, 4)).as("no PRESC on the L4").isZero();
        assertThat(usart.read(CR1, 4)).isZero();
    }

    @Test
    void aByteAt115200TakesTenBitTimes() {
        enable115200();
        assertThat(usart.framePicos()).isEqualTo(FRAME_PICOS);
        assertThat(FRAME_PICOS).isBetween(86_800_000L, 86_900_000L);
        clock.advanceMicros(3);
        usart.write(TDR, 4, 'A');
        runUntil(Clock.PICOS_PER_MILLI);
        assertThat(sent).containsExactly(new Sent('A', 3_000_000 + FRAME_PICOS));
    }

    @Test
    void txeThenTcSequencing() {
        enable115200();
        usart.write(ICR, 4, TC);                                        // TCCF
        usart.write(TDR, 4, 'a');
        assertThat(usart.read(ISR, 4) & (TXE | TC)).as("first byte moved to the shift register").isEqualTo(TXE);
        usart.write(TDR, 4, 'b');
        assertThat(usart.read(ISR, 4) & (TXE | TC)).as("TDR full").isZero();
        runUntil(FRAME_PICOS);
        assertThat(usart.read(ISR, 4) & (TXE | TC)).isEqualTo(TXE);
        runUntil(2 * FRAME_PICOS);
        assertThat(usart.read(ISR, 4) & (TXE | TC)).isEqualTo(TXE | TC);
        assertThat(sent).containsExactly(new Sent('a', FRAME_PICOS), new Sent('b', 2 * FRAME_PICOS));
    }

    @Test
    void frameFormatFollowsWordLengthParityAndStopBits() {
        usart.write(BRR, 4, 1000);
        usart.write(CR2, 4, 2 << 12);                                   // 2 stop bits
        usart.write(CR1, 4, UE | TE | 1 << 12 | 1 << 10);               // M0: 9-bit word incl. parity
        // start + 9 + 2 stop = 12 bits of 1000 / 64 MHz.
        assertThat(usart.framePicos()).isEqualTo(12L * 1000 * 1_000_000_000_000L / KERNEL_HZ);
        usart.write(TDR, 4, 0x1FF);
        runUntil(Clock.PICOS_PER_MILLI);
        assertThat(sent.get(0).data()).as("parity bit removed").isEqualTo(0xFF);
    }

    @Test
    void over8AndPrescalerScaleTheBitTime() {
        usart.write(PRESC, 4, 1);                                       // kernel / 2
        usart.write(BRR, 4, 0x22B);                                     // OVER8: USARTDIV = 0x226
        usart.write(CR1, 4, UE | TE | 1 << 15);
        // bit time = USARTDIV x 2 (presc) / (2 x 64 MHz).
        assertThat(usart.framePicos()).isEqualTo(10L * 0x226 * 2 * 1_000_000_000_000L / (2 * KERNEL_HZ));
    }

    @Test
    void baudRateFollowsTheKernelClock() {
        enable115200();
        kernelHz = 2 * KERNEL_HZ;
        assertThat(usart.framePicos()).isEqualTo(FRAME_PICOS / 2);
    }

    @Test
    void interruptFollowsTxeAndTcEnables() {
        enable115200();
        usart.write(CR1, 4, UE | TE | TXEIE);
        assertThat(usart.irqAsserted()).isTrue();
        usart.write(TDR, 4, 1);
        usart.write(TDR, 4, 2);
        assertThat(usart.irqAsserted()).as("TDR full").isFalse();
        usart.write(CR1, 4, UE | TE | TCIE);
        usart.write(ICR, 4, 1 << 6);
        assertThat(usart.irqAsserted()).isFalse();
        runUntil(2 * FRAME_PICOS);
        assertThat(usart.irqAsserted()).isTrue();
        usart.write(ICR, 4, 1 << 6);
        assertThat(usart.irqAsserted()).isFalse();
        assertThat(irq).containsExactly(true, false, true, false);
    }

    @Test
    void teackAndReackFollowTheEnables() {
        usart.write(CR1, 4, UE | TE);
        assertThat(usart.read(ISR, 4) & (TEACK | REACK)).isEqualTo(TEACK);
        usart.write(CR1, 4, UE | RE);
        assertThat(usart.read(ISR, 4) & (TEACK | REACK)).isEqualTo(REACK);
    }

    @Test
    void fifoModeQueuesSixteenBytesBackToBack() {
        usart.write(BRR, 4, 556);
        usart.write(CR1, 4, UE | TE | FIFOEN);
        for (int i = 0; i < 17; i++) usart.write(TDR, 4, 'a' + i);     // 1 in the shifter + 16 queued
        assertThat(usart.read(ISR, 4) & (TXE | TXFE)).as("TXFNF clear: FIFO full").isZero();
        runUntil(Clock.PICOS_PER_SECOND);
        assertThat(sent).hasSize(17);
        assertThat(sent.get(16)).isEqualTo(new Sent('a' + 16, 17 * FRAME_PICOS));
        assertThat(usart.read(ISR, 4) & (TXE | TC | TXFE)).isEqualTo(TXE | TC | TXFE);
    }

    @Test
    void hostDeliversBytesOnlyWhenTheReceiverHasRoom() {
        enable115200();
        ArrayDeque<Integer> pipe = new ArrayDeque<>(List.of((int) 'h', (int) 'i', (int) '!'));
        Runnable feed = () -> {
            if (!pipe.isEmpty() && usart.canAccept()) usart.receive(pipe.poll());
        };
        usart.onReceiveReady(feed);
        feed.run();
        assertThat(usart.canAccept()).as("frame arriving").isFalse();
        runUntil(10 * FRAME_PICOS);
        assertThat(usart.read(ISR, 4) & RXNE).isEqualTo(RXNE);
        assertThat(usart.canAccept()).as("RDR full").isFalse();
        StringBuilder got = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            got.append((char) usart.read(RDR, 4));                         // frees RDR: the next byte starts
            runUntil(clock.nowPicos() + 2 * FRAME_PICOS);
        }
        assertThat(got).hasToString("hi!");
        assertThat(usart.read(ISR, 4) & (RXNE | ORE)).isZero();
    }

    @Test
    void aByteArrivingWithRdrFullSetsOverrun() {
        enable115200();
        usart.receive('x');
        runUntil(FRAME_PICOS);
        usart.receive('y');
        runUntil(2 * FRAME_PICOS);
        assertThat(usart.read(ISR, 4) & (RXNE | ORE)).isEqualTo(RXNE | ORE);
        assertThat(usart.read(RDR, 4)).isEqualTo('x');
        usart.write(ICR, 4, ORE);
        assertThat(usart.read(ISR, 4) & (RXNE | ORE)).isZero();
    }

    @Test
    void receivingWhileAFrameArrivesIsAHostError() {
        enable115200();
        usart.receive('x');
        assertThatThrownBy(() -> usart.receive('y')).hasMessageContaining("USART3").hasMessageContaining("canAccept");
    }

    @Test
    void idleSetsOneFrameAfterTheLastReceptionAndRaisesItsInterrupt() {
        enable115200();
        usart.write(CR1, 4, UE | RE | IDLEIE | RXNEIE);
        usart.receive('z');
        runUntil(FRAME_PICOS);
        assertThat(usart.irqAsserted()).as("RXNE").isTrue();
        usart.read(RDR, 4);
        assertThat(usart.irqAsserted()).isFalse();
        runUntil(2 * FRAME_PICOS - 1);
        assertThat(usart.read(ISR, 4) & IDLE).isZero();
        runUntil(2 * FRAME_PICOS);
        assertThat(usart.read(ISR, 4) & IDLE).isEqualTo(IDLE);
        assertThat(usart.irqAsserted()).isTrue();
        usart.write(ICR, 4, IDLE);
        assertThat(usart.irqAsserted()).isFalse();
    }

    @Test
    void disablingTheUsartFlushesAndDropsTheFrameInFlight() {
        enable115200();
        usart.write(TDR, 4, 'q');
        usart.write(CR1, 4, 0);
        runUntil(Clock.PICOS_PER_MILLI);
        assertThat(sent).isEmpty();
        assertThat(usart.read(ISR, 4) & (TXE | TC)).isEqualTo(TXE | TC);
    }

    @Test
    void receiveFlushRequestEmptiesRdrAndInvitesTheHost() {
        enable115200();
        int[] invited = {0};
        usart.onReceiveReady(() -> invited[0]++);
        usart.receive('x');
        runUntil(FRAME_PICOS);
        usart.write(RQR, 4, 1 << 3);                                    // RXFRQ
        assertThat(usart.read(ISR, 4) & RXNE).isZero();
        assertThat(invited[0]).isPositive();
    }
}
