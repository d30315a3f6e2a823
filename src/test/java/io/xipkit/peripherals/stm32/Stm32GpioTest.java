package io.xipkit.peripherals.stm32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Stm32GpioTest {
    static final int MODER = 0x00, OTYPER = 0x04, OSPEEDR = 0x08, PUPDR = 0x0C, IDR = 0x10, ODR = 0x14, BSRR = 0x18,
            LCKR = 0x1C, AFRL = 0x20, BRR = 0x28;

    record Change(char port, int pin, boolean level, long at) {
    }

    final ManualClock clock = new ManualClock();
    final List<Change> changes = new ArrayList<>();
    final Stm32Gpio gpioB = new Stm32Gpio(Stm32Gpio.Family.H7, 'B', clock,
            (port, pin, level, at) -> changes.add(new Change(port, pin, level, at)));

    @Test
    void resetValuesPerPortFollowTheManuals() {
        Stm32Gpio a = new Stm32Gpio(Stm32Gpio.Family.H7, 'A', clock, PinListener.NONE);
        assertThat(a.read(MODER, 4)).isEqualTo(0xABFF_FFFF);
        assertThat(a.read(OSPEEDR, 4)).isEqualTo(0x0C00_0000);
        assertThat(a.read(PUPDR, 4)).isEqualTo(0x6400_0000);
        assertThat(gpioB.read(MODER, 4)).isEqualTo(0xFFFF_FEBF);
        assertThat(gpioB.read(OSPEEDR, 4)).isEqualTo(0x0000_00C0);
        assertThat(gpioB.read(PUPDR, 4)).isEqualTo(0x0000_0100);
        Stm32Gpio c = new Stm32Gpio(Stm32Gpio.Family.H7, 'C', clock, PinListener.NONE);
        assertThat(c.read(MODER, 4)).isEqualTo(0xFFFF_FFFF);
        assertThat(c.read(OSPEEDR, 4)).isZero();
        Stm32Gpio l4h = new Stm32Gpio(Stm32Gpio.Family.L4, 'H', clock, PinListener.NONE);
        assertThat(l4h.read(MODER, 4)).isEqualTo(0x0000_000F);
        Stm32Gpio l4b = new Stm32Gpio(Stm32Gpio.Family.L4, 'B', clock, PinListener.NONE);
        assertThat(l4b.read(OSPEEDR, 4)).isZero();
    }

    @Test
    void baseAddressesAndPortRanges() {
        assertThat(Stm32Gpio.baseAddress(Stm32Gpio.Family.H7, 'A')).isEqualTo(0x5802_0000);
        assertThat(Stm32Gpio.baseAddress(Stm32Gpio.Family.H7, 'K')).isEqualTo(0x5802_2800);
        assertThat(Stm32Gpio.baseAddress(Stm32Gpio.Family.L4, 'H')).isEqualTo(0x4800_1C00);
        assertThatThrownBy(() -> new Stm32Gpio(Stm32Gpio.Family.L4, 'I', clock, PinListener.NONE))
                .hasMessageContaining("no GPIO port I");
    }

    @Test
    void bsrrSetsAndResetsWithSetWinning() {
        gpioB.write(ODR, 4, 0x00F0);
        gpioB.write(BSRR, 4, 0x0001_0000 | 0x0010_0000 | 0x0001);   // reset 0 and 4, set 0
        assertThat(gpioB.read(ODR, 4)).isEqualTo(0x00E1);
        assertThat(gpioB.read(BSRR, 4)).as("write-only").isZero();
    }

    @Test
    void idrShowsOutputsPullsAndExternalDrive() {
        gpioB.write(MODER, 4, 0x0000_0001 | 0x3 << 6);                // PB0 output, PB1/PB2 input, PB3 analog
        gpioB.write(PUPDR, 4, 0x1 << 2 | 0x2 << 4);                   // PB1 pull-up, PB2 pull-down
        gpioB.write(ODR, 4, 0x1);
        assertThat(gpioB.read(IDR, 4) & 0xF).isEqualTo(0b0011);
        gpioB.drive(2, true);
        gpioB.drive(3, true);                                         // analog: IDR reads 0
        assertThat(gpioB.read(IDR, 4) & 0xF).isEqualTo(0b0111);
        gpioB.release(2);
        assertThat(gpioB.read(IDR, 4) & 0xF).isEqualTo(0b0011);
    }

    @Test
    void openDrainOutputHighReadsTheLine() {
        gpioB.write(MODER, 4, 0x1);
        gpioB.write(OTYPER, 4, 0x1);
        gpioB.write(ODR, 4, 0x1);
        assertThat(gpioB.level(0)).isFalse();                        // released, no pull
        gpioB.write(PUPDR, 4, 0x1);
        assertThat(gpioB.level(0)).isTrue();
    }

    @Test
    void pinListenerHearsEveryOutputChangeWithItsTime() {
        gpioB.write(MODER, 4, 0x1 << 14);                             // PB7 output (the Nucleo-H743 blue LED)
        assertThat(changes).isEmpty();
        clock.advanceMicros(5);
        gpioB.write(BSRR, 4, 1 << 7);
        clock.advanceMicros(5);
        gpioB.write(BSRR, 4, 1 << 7);                                 // no change, no call
        gpioB.write(BSRR, 4, 1 << 23);
        assertThat(changes).containsExactly(
                new Change('B', 7, true, 5_000_000), new Change('B', 7, false, 10_000_000));
    }

    @Test
    void inputsDoNotReachThePinListener() {
        gpioB.write(MODER, 4, 0);
        gpioB.drive(3, true);
        gpioB.write(ODR, 4, 0xFFFF);
        assertThat(changes).isEmpty();
    }

    @Test
    void lckrSequenceFreezesTheLockedPinsUntilReset() {
        int lck = 1 << 5;
        gpioB.write(LCKR, 4, 1 << 16 | lck);
        gpioB.write(LCKR, 4, lck);
        gpioB.write(LCKR, 4, 1 << 16 | lck);
        assertThat(gpioB.read(LCKR, 4)).isEqualTo(1 << 16 | lck);
        assertThat(gpioB.isLocked(5)).isTrue();
        int moder = gpioB.read(MODER, 4);
        gpioB.write(MODER, 4, 0);
        assertThat(gpioB.read(MODER, 4)).isEqualTo(moder & 0x3 << 10);  // PB5 keeps its mode, others change
        gpioB.write(AFRL, 4, 0x7777_7777);
        assertThat(gpioB.read(AFRL, 4)).isEqualTo(0x7707_7777);
        gpioB.write(LCKR, 4, 0);                                       // cannot unlock
        assertThat(gpioB.read(LCKR, 4)).isEqualTo(1 << 16 | lck);
        gpioB.reset();
        assertThat(gpioB.isLocked(5)).isFalse();
        assertThat(gpioB.read(LCKR, 4)).isZero();
    }

    @Test
    void aBrokenLckrSequenceDoesNotLock() {
        gpioB.write(LCKR, 4, 1 << 16 | 1);
        gpioB.write(LCKR, 4, 2);                                       // LCK changed mid-sequence
        gpioB.write(LCKR, 4, 1 << 16 | 2);
        assertThat(gpioB.read(LCKR, 4) >>> 16).isZero();
        assertThat(gpioB.isLocked(0)).isFalse();
        assertThat(gpioB.isLocked(1)).isFalse();
    }

    @Test
    void l4BrrResetsBitsAndH7HasNoBrr() {
        Stm32Gpio l4a = new Stm32Gpio(Stm32Gpio.Family.L4, 'A', clock, PinListener.NONE);
        l4a.write(ODR, 4, 0xFF);
        l4a.write(BRR, 4, 0x0F);
        assertThat(l4a.read(ODR, 4)).isEqualTo(0xF0);
        gpioB.write(ODR, 4, 0xFF);
        gpioB.write(BRR, 4, 0x0F);
        assertThat(gpioB.read(ODR, 4)).isEqualTo(0xFF);
        assertThat(gpioB.read(BRR, 4)).isZero();
    }

    @Test
    void narrowWritesTouchOnlyTheirLanes() {
        gpioB.write(BSRR + 2, 2, 0x0001);                              // halfword BR0
        gpioB.write(ODR, 1, 0x80);
        assertThat(gpioB.read(ODR, 4)).isEqualTo(0x80);
    }
}
