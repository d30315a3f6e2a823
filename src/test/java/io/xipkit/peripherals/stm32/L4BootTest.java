package io.xipkit.peripherals.stm32;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.time.ManualClock;
import io.xipkit.time.Scheduler;
import org.junit.jupiter.api.Test;

/** Boot selection: BOOT0, nBOOT1 and the bootloader's dual-bank boot with BFB2 (RM0351 2.6, AN2606). */
class L4BootTest {
    private static final java.util.List<L4Boot.Sram> SRAMS = BoardFileGeometries.L476_SRAMS;
    ArrayNonVolatileMemory nvm = new ArrayNonVolatileMemory(BoardFileGeometries.L476_SIZE);

    void vectors(int bank, int sp, int pc) {
        int at = (bank - 1) * BoardFileGeometries.L476_BANK;
        for (int i = 0; i < 4; i++) {
            nvm.array()[at + i] = (byte) (sp >>> (8 * i));
            nvm.array()[at + 4 + i] = (byte) (pc >>> (8 * i));
        }
    }

    /** Options as if programmed and loaded: a fresh flash on storage whose option image says so. */
    L4Flash flashWithOptr(int optr) {
        ManualClock c = new ManualClock();
        Scheduler s = new Scheduler();
        L4Flash f = new L4Flash(BoardFileGeometries.L476, nvm, c, s, l -> {}, () -> {});
        f.write(0x08, 4, L4Flash.KEY1);
        f.write(0x08, 4, L4Flash.KEY2);
        f.write(0x0C, 4, L4Flash.OPTKEY1);
        f.write(0x0C, 4, L4Flash.OPTKEY2);
        f.write(0x20, 4, optr);
        f.write(0x14, 4, 1 << 17);
        c.setPicos(s.nextDeadline());
        s.runDue(c.nowPicos());
        return new L4Flash(BoardFileGeometries.L476, nvm, new ManualClock(), new Scheduler(), l -> {}, () -> {}); // power cycle: options load
    }

    static final int BFB2 = 1 << 20, NBOOT1 = 1 << 23;

    @Test
    void bfb2ClearBootsBank1WithoutLookingAtBank2() {
        vectors(1, 0x2001_8000, 0x0800_0101);
        vectors(2, 0x2001_8000, 0x0800_0201);
        L4Boot.Decision d = L4Boot.resolve(flashWithOptr(L4FlashOptionBytes.FACTORY[0]), false, SRAMS);
        assertThat(d).isEqualTo(new L4Boot.Start(0, 0x2001_8000, 0x0800_0101, 0, false, 1));
    }

    @Test
    void bfb2SetWithValidBank2BootsBank2Swapped() {
        vectors(1, 0x2001_8000, 0x0800_0101);
        vectors(2, 0x2001_0000, 0x0800_0201);
        L4Boot.Decision d = L4Boot.resolve(flashWithOptr(L4FlashOptionBytes.FACTORY[0] | BFB2), false, SRAMS);
        assertThat(d).isEqualTo(new L4Boot.Start(0, 0x2001_0000, 0x0800_0201, 0, true, 2));
    }

    @Test
    void bfb2SetWithErasedBank2FallsBackToBank1() {
        vectors(1, 0x2001_8000, 0x0800_0101);
        L4Boot.Decision d = L4Boot.resolve(flashWithOptr(L4FlashOptionBytes.FACTORY[0] | BFB2), false, SRAMS);
        assertThat(d).isEqualTo(new L4Boot.Start(0, 0x2001_8000, 0x0800_0101, 0, false, 1));
    }

    @Test
    void bfb2SetWithBank2StackOutsideSramFallsBackToBank1() {
        vectors(1, 0x2001_8000, 0x0800_0101);
        vectors(2, 0x0800_1000, 0x0800_0201);
        L4Boot.Decision d = L4Boot.resolve(flashWithOptr(L4FlashOptionBytes.FACTORY[0] | BFB2), false, SRAMS);
        assertThat(((L4Boot.Start) d).bank()).isEqualTo(1);
    }

    @Test
    void bfb2SetWithNoValidBankLeavesTheRomBootloaderInControl() {
        L4Boot.Decision d = L4Boot.resolve(flashWithOptr(L4FlashOptionBytes.FACTORY[0] | BFB2), false, SRAMS);
        assertThat(d).isInstanceOf(L4Boot.RomBootloader.class);
        assertThat(((L4Boot.RomBootloader) d).why()).contains("0xFFFFFFFF");
    }

    @Test
    void boot0WithNBoot1SelectsSystemMemoryAndWithoutItSram1() {
        assertThat(L4Boot.resolve(flashWithOptr(L4FlashOptionBytes.FACTORY[0]), true, SRAMS)).isInstanceOf(L4Boot.RomBootloader.class);
        L4Boot.Decision d = L4Boot.resolve(flashWithOptr(L4FlashOptionBytes.FACTORY[0] & ~NBOOT1), true, SRAMS,
                offset -> offset == 0 ? 0x2000_4000 : 0x2000_0041);
        assertThat(d).isEqualTo(new L4Boot.Start(0, 0x2000_4000, 0x2000_0041, Stm32L4Syscfg.MEM_MODE_SRAM1, false, 0));
    }

    @Test
    void stackPointerRuleAcceptsSram1Sram2AndTheirTopsOnly() {
        assertThat(L4Boot.validInitialStackPointer(0x2000_0000, SRAMS)).isTrue();
        assertThat(L4Boot.validInitialStackPointer(0x2001_8000, SRAMS)).isTrue();
        assertThat(L4Boot.validInitialStackPointer(0x2002_0000, SRAMS)).isTrue();
        assertThat(L4Boot.validInitialStackPointer(0x2002_0004, SRAMS)).isFalse();
        assertThat(L4Boot.validInitialStackPointer(0x1000_8000, SRAMS)).isTrue();
        assertThat(L4Boot.validInitialStackPointer(0x1000_8004, SRAMS)).isFalse();
        assertThat(L4Boot.validInitialStackPointer(0xFFFF_FFFF, SRAMS)).isFalse();
        assertThat(L4Boot.validInitialStackPointer(0x1FFF_FFFC, SRAMS)).isFalse();
    }
}
