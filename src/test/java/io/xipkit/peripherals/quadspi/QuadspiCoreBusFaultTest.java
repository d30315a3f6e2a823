package io.xipkit.peripherals.quadspi;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.MemoryRegion;
import io.xipkit.bus.SystemBus;
import io.xipkit.cpu.Core;
import io.xipkit.cpu.CoreVariant;
import io.xipkit.devices.nor.ArrayNorStorage;
import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.devices.nor.NorPart;
import io.xipkit.peripherals.IrqLine;
import io.xipkit.time.Scheduler;
import org.junit.jupiter.api.Test;

/**
 * A Cortex-M7 touching the window: outside memory-mapped mode a load is a precise BusFault with
 * BFAR, a branch into it an IBUSERR; in memory-mapped mode the load returns the flash word and
 * code executes from the window.
 */
class QuadspiCoreBusFaultTest {
    static final int CFSR_IBUSERR = 1 << 8, CFSR_PRECISERR = 1 << 9, CFSR_BFARVALID = 1 << 15;
    final SystemBus bus = new SystemBus();
    final Core core = new Core(CoreVariant.CORTEX_M7, bus, 400_000_000);
    final NorChip chip;
    final Stm32Quadspi q;

    QuadspiCoreBusFaultTest() {
        bus.map(0, MemoryRegion.ram("itcm", 0x10000));
        bus.map(0x2000_0000L, MemoryRegion.ram("dtcm", 0x20000));
        NorPart part = NorCatalog.standard().part("W25Q128JV");
        ArrayNorStorage storage = new ArrayNorStorage(part.sizeBytes());
        chip = new NorChip(part, storage, core.clock(), 0);
        q = new Stm32Quadspi(core.clock(), core.scheduler, () -> 200_000_000L, IrqLine.NONE,
                new QuadspiFlash(chip, storage), null, false);
        bus.mapPeripheral("quadspi", Stm32Quadspi.REGISTERS_BASE, Stm32Quadspi.REGISTERS_SIZE, q);
        bus.map(Stm32Quadspi.WINDOW_BASE, q.window());
        bus.write32(0, 0x2002_0000);          // initial SP
        bus.write32(4, 0x101);                // reset handler (Thumb)
        for (int e = 2; e < 16; e++) bus.write32(4 * e, 0x201);
        bus.write16(0x200, 0xE7FE);           // fault handlers: b .
        // Flash word at 0x100 and a tiny function at 0x200: movs r0, #42 ; b .
        byte[] image = {0x78, 0x56, 0x34, 0x12};
        q.window().load(0x100, image, 0, 4);
        q.window().load(0x200, new byte[] {42, 0x20, (byte) 0xFE, (byte) 0xE7}, 0, 4);
    }

    private void program(int... halfwords) {
        for (int i = 0; i < halfwords.length; i++) bus.write16(0x100 + 2 * i, halfwords[i]);
    }

    private void enterMemoryMapped() {
        int regs = (int) Stm32Quadspi.REGISTERS_BASE;
        bus.write32(regs + 0x04, 23 << 16);
        bus.write32(regs + 0x00, 1 << 24 | 1);
        bus.write32(regs + 0x14, 0x0B | 1 << 8 | 1 << 10 | 2 << 12 | 8 << 18 | 1 << 24 | 3 << 26); // 0Bh fast read
    }

    @Test
    void aLoadFromTheWindowOutsideMemoryMappedModeIsAPreciseBusFaultWithBfar() {
        // ldr r1, [pc, #8] ; ldr r0, [r1] ; b . ; (pad) ; .word 0x90000100
        program(0x4902, 0x6808, 0xE7FE, 0xBF00, 0xBF00, 0xBF00, 0x0100, 0x9000);
        core.reset();
        core.run(20, Long.MAX_VALUE);
        int cfsr = core.scs.scb().cfsr();
        assertThat(cfsr & (CFSR_PRECISERR | CFSR_BFARVALID)).isEqualTo(CFSR_PRECISERR | CFSR_BFARVALID);
        assertThat(core.scs.scb().bfar()).isEqualTo(0x9000_0100);
    }

    @Test
    void theRefusedFetchIsRecordedWithTheModeAndTheInstructionThatSetIt() {
        q.warnings().readPcFrom(() -> 0x0000_0122);   // the "instruction" that writes CCR below
        int regs = (int) Stm32Quadspi.REGISTERS_BASE;
        bus.write32(regs + 0x00, 1);                                      // EN
        bus.write32(regs + 0x14, 0x05 | 1 << 8 | 1 << 24 | 1 << 26);       // indirect read of 05h
        q.warnings().readPcFrom(() -> core.pc);
        // ldr r1, [pc, #8] ; bx r1 ; ... ; .word 0x90000201
        program(0x4902, 0x4708, 0xE7FE, 0xBF00, 0xBF00, 0xBF00, 0x0201, 0x9000);
        core.reset();
        core.run(20, Long.MAX_VALUE);
        ControllerModeLog.Refusal r = q.modeLog().refusals().get(q.modeLog().refusals().size() - 1);
        assertThat(r.write()).isFalse();
        assertThat(r.address() & ~31L).isEqualTo(0x9000_0200L);
        assertThat(r.mode().mode()).isEqualTo("indirect read");
        assertThat(r.mode().pc()).isEqualTo(0x122);
    }

    @Test
    void aBranchIntoTheWindowOutsideMemoryMappedModeIsAnInstructionBusError() {
        // ldr r1, [pc, #8] ; bx r1 ; ... ; .word 0x90000201
        program(0x4902, 0x4708, 0xE7FE, 0xBF00, 0xBF00, 0xBF00, 0x0201, 0x9000);
        core.reset();
        core.run(20, Long.MAX_VALUE);
        assertThat(core.scs.scb().cfsr() & CFSR_IBUSERR).isEqualTo(CFSR_IBUSERR);
    }

    @Test
    void inMemoryMappedModeLoadsReadTheFlashAndCodeRunsFromIt() {
        program(0x4902, 0x6808, 0x4902, 0x4708, 0xBF00, 0xBF00, 0x0100, 0x9000, 0x0201, 0x9000);
        // ldr r1,[pc,#8] ; ldr r0,[r1] ; ldr r1,[pc,#8] ; bx r1 ; nop ; nop ; .word 0x90000100 ; .word 0x90000201
        enterMemoryMapped();
        core.reset();
        core.run(4, Long.MAX_VALUE);
        assertThat(core.r[0]).isEqualTo(0x12345678);
        core.run(2, Long.MAX_VALUE);
        assertThat(core.r[0]).as("movs r0, #42 executed from the window").isEqualTo(42);
        assertThat(core.scs.scb().cfsr()).isZero();
    }
}
