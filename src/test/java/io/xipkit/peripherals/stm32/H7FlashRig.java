package io.xipkit.peripherals.stm32;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.bus.SystemBus;
import io.xipkit.cpu.CodeChangeListener;
import io.xipkit.time.ManualClock;
import io.xipkit.time.Scheduler;
import java.util.ArrayList;
import java.util.List;

/** A flash model on a system bus with a manual clock, as a board would wire it. */
final class H7FlashRig {
    static final int ACR = 0x00, KEYR1 = 0x04, OPTKEYR = 0x08, CR1 = 0x0C, SR1 = 0x10, CCR1 = 0x14, OPTCR = 0x18,
            OPTSR_CUR = 0x1C, OPTSR_PRG = 0x20, OPTCCR = 0x24, WPSN_CUR1R = 0x38, WPSN_PRG1R = 0x3C,
            BOOT_CURR = 0x40, BOOT_PRGR = 0x44, KEYR2 = 0x104, CR2 = 0x10C, SR2 = 0x110, CCR2 = 0x114,
            WPSN_PRG2R = 0x13C;
    static final int LOCK = 1, PG = 1 << 1, SER = 1 << 2, BER = 1 << 3, FW = 1 << 6, START = 1 << 7;
    static final int BSY = 1, WBNE = 1 << 1, QW = 1 << 2;
    static final long FLASH = 0x0800_0000L, BANK2 = 0x0810_0000L, REGS = 0x5200_2000L;

    final ManualClock clock = new ManualClock();
    final Scheduler scheduler = new Scheduler();
    final SystemBus bus = new SystemBus();
    final NonVolatileMemory bank1, bank2, options;
    final H7FlashMemory flash;
    final List<Boolean> irqLevels = new ArrayList<>();
    final List<long[]> codeChanges = new ArrayList<>();

    H7FlashRig(H7FlashVariant variant) {
        this(variant, new ArrayNonVolatileMemory(BoardFileGeometries.of(variant).bankBytes()),
                BoardFileGeometries.of(variant).banks() == 2
                        ? new ArrayNonVolatileMemory(BoardFileGeometries.of(variant).bankBytes()) : null,
                new ArrayNonVolatileMemory(4096));
    }

    H7FlashRig(H7FlashVariant variant, NonVolatileMemory bank1, NonVolatileMemory bank2, NonVolatileMemory options) {
        this.bank1 = bank1;
        this.bank2 = bank2;
        this.options = options;
        flash = new H7FlashMemory(variant, BoardFileGeometries.of(variant), H7FlashTiming.typical(), clock, scheduler, irqLevels::add, bank1, bank2, options);
        bus.mapPeripheral("FLASH", REGS, H7FlashMemory.REGISTER_SIZE, flash.registers());
        for (int i = 0; i < flash.geometry().banks(); i++) bus.map(flash.geometry().bankBase(i), flash.bankRegion(i));
        bus.addCodeChangeListener(new CodeChangeListener() {
            @Override
            public void codeChanged(int address, int length) {
                codeChanges.add(new long[] {address & 0xFFFF_FFFFL, length});
            }

            @Override
            public void allCodeChanged() {
                codeChanges.add(new long[] {-1, -1});
            }
        });
    }

    int reg(int offset) {
        return bus.read32((int) (REGS + offset));
    }

    void setReg(int offset, int value) {
        bus.write32((int) (REGS + offset), value);
    }

    void unlockBank1() {
        setReg(KEYR1, H7FlashBank.KEY1);
        setReg(KEYR1, H7FlashBank.KEY2);
    }

    void unlockBank2() {
        setReg(KEYR2, H7FlashBank.KEY1);
        setReg(KEYR2, H7FlashBank.KEY2);
    }

    void unlockOptions() {
        setReg(OPTKEYR, H7FlashMemory.OPTKEY1);
        setReg(OPTKEYR, H7FlashMemory.OPTKEY2);
    }

    /** Writes eight words at {@code address} (one flash word) with PG set, as the HAL does. */
    void writeFlashWord(long address, int firstWord) {
        for (int i = 0; i < 8; i++) bus.write32((int) (address + 4 * i), firstWord + i);
    }

    /** Advances virtual time and runs the events that fall due. */
    void advancePicos(long picos) {
        clock.advancePicos(picos);
        scheduler.runDue(clock.nowPicos());
    }

    void advanceMicros(long micros) {
        advancePicos(micros * 1_000_000L);
    }

    int read32(long address) {
        return bus.read32((int) address);
    }
}
