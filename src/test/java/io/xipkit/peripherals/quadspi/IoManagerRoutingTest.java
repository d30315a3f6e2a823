package io.xipkit.peripherals.quadspi;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.SystemBus;
import io.xipkit.devices.nor.ArrayNorStorage;
import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.peripherals.IrqLine;
import io.xipkit.time.ManualClock;
import io.xipkit.time.Scheduler;
import org.junit.jupiter.api.Test;

/**
 * The I/O managers between two controllers and two ports: XSPIM (RM0477 "XSPI I/O manager (XSPIM)") direct and
 * swapped modes, OCTOSPIM (RM0455 chapter 23) port configuration registers with their reset routing,
 * a port handed to the other controller, and a port cut off (its lines float). A W25Q128JV (ID EF 40
 * 18) on port 1 and an MX25UW25645G (C2 81 39) on port 2 tell the ports apart; windows at
 * 0x9000_0000 (controller 1) and 0x7000_0000 (controller 2).
 */
class IoManagerRoutingTest {
    static final int C1 = 0x5200_5000, C2 = 0x5200_A000, MANAGER = 0x5200_B400;
    static final int W1 = 0x9000_0000, W2 = 0x7000_0000;

    final ManualClock clock = new ManualClock();
    final Scheduler scheduler = new Scheduler();
    final SystemBus bus = new SystemBus();
    final ArrayNorStorage storage1 = new ArrayNorStorage(16L << 20), storage2 = new ArrayNorStorage(32L << 20);
    final NorChip chip1 = new NorChip(NorCatalog.standard().part("W25Q128JV"), storage1, clock, 1);
    final NorChip chip2 = new NorChip(NorCatalog.standard().part("MX25UW25645G"), storage2, clock, 2);
    final PortRouting routing = new PortRouting(new QuadspiFlash(chip1, storage1), new QuadspiFlash(chip2, storage2));

    /** Builds both controllers on the routing's sides, maps them and the manager, enables them. */
    void wire(Object manager, boolean xspi) {
        for (int c = 1; c <= 2; c++) {
            QuadspiFlash f = routing.controllerFlash(c);
            SpiControllerEngine e = xspi
                    ? new Stm32Xspi("XSPI" + c, clock, scheduler, () -> 200_000_000L, IrqLine.NONE, f)
                    : new Stm32Octospi("OCTOSPI" + c, clock, scheduler, () -> 200_000_000L, IrqLine.NONE, f);
            routing.onRouteChange(c, e::flashStateChanged);
            int regs = c == 1 ? C1 : C2;
            bus.mapPeripheral(e.name(), regs & 0xFFFF_FFFFL, 0x1000, e);
            bus.map((c == 1 ? W1 : W2) & 0xFFFF_FFFFL, e.window());
            bus.write32(regs + 0x08, 23 << 16 | 1 << 8); // DCR1: 16 MiB, CSHT
            bus.write32(regs + 0x0C, 1);                  // DCR2: CLK = kernel / 2
            bus.write32(regs + 0x00, 1);                  // CR: EN
        }
        bus.mapPeripheral("manager", MANAGER & 0xFFFF_FFFFL, 0x400, (io.xipkit.bus.Peripheral) manager);
    }

    /** RDID (9Fh, 1-0-1) through controller {@code regs}: three bytes. */
    int rdid(int regs) {
        bus.write32(regs + 0x00, bus.read32(regs + 0x00) & ~(3 << 28) | 1 << 28 | 1 << 1); // indirect read, abort
        bus.write32(regs + 0x24, 0x1B);
        bus.write32(regs + 0x40, 2);
        bus.write32(regs + 0x100, 1 << 24 | 1);
        bus.write32(regs + 0x110, 0x9F);
        for (int i = 0; i < 1000 && ((bus.read32(regs + 0x20) >>> 1) & 1) == 0; i++) {
            QuadspiRig.runUntil(clock, scheduler, clock.nowPicos() + 100_000);
        }
        int id = 0;
        for (int i = 0; i < 3; i++) id = id << 8 | bus.read8(regs + 0x50) & 0xFF;
        return id;
    }

    /** Memory-mapped 1-1-1 READ (03h, 3-byte address) on controller {@code regs}. */
    void mapped(int regs) {
        bus.write32(regs + 0x00, bus.read32(regs + 0x00) | 1 << 1);
        bus.write32(regs + 0x100, 1 << 24 | 2 << 12 | 1 << 8 | 1);
        bus.write32(regs + 0x110, 0x03);
        bus.write32(regs + 0x00, bus.read32(regs + 0x00) & ~(3 << 28) | 3 << 28);
    }

    @Test
    void xspimDirectModeServesPortNToXspiNAndSwappedModeCrossesThem() {
        Stm32Xspim xspim = new Stm32Xspim(routing);
        wire(xspim, true);
        assertThat(bus.read32(MANAGER)).isZero();
        assertThat(rdid(C1)).isEqualTo(0xEF4018);
        assertThat(rdid(C2)).isEqualTo(0xC28139);
        bus.write32(MANAGER, 1 << 1); // MODE: swapped
        assertThat(routing.portOf(1)).isEqualTo(2);
        assertThat(rdid(C1)).isEqualTo(0xC28139);
        assertThat(rdid(C2)).isEqualTo(0xEF4018);
        xspim.reset();
        assertThat(rdid(C2)).isEqualTo(0xC28139);
    }

    @Test
    void aRouteChangeDropsTheWindowsFastPathSoTheOtherPortsArrayShows() {
        storage1.array()[0] = 0x11;
        storage2.array()[0] = 0x22;
        wire(new Stm32Xspim(routing), true);
        mapped(C2);
        assertThat(bus.read8(W2)).isEqualTo(0x22);
        bus.write32(MANAGER, 1 << 1);
        assertThat(bus.read8(W2)).as("XSPI2 now reads port 1").isEqualTo(0x11);
    }

    @Test
    void octospimResetsToPortNForOctospiNWithItsSvdResetValues() {
        Stm32Octospim m = new Stm32Octospim(routing);
        wire(m, false);
        assertThat(bus.read32(MANAGER)).isZero();
        assertThat(bus.read32(MANAGER + 4)).isEqualTo(0x0301_0111);
        assertThat(bus.read32(MANAGER + 8)).isEqualTo(0x0705_0333);
        assertThat(rdid(C1)).isEqualTo(0xEF4018);
        assertThat(rdid(C2)).isEqualTo(0xC28139);
    }

    @Test
    void octospimHandsEachPortToTheOtherControllerWhenBothPortConfigurationsSaySo() {
        wire(new Stm32Octospim(routing), false);
        bus.write32(MANAGER + 4, 0x0705_0333); // port 1: CLK, DQS, NCS, IO[3:0], IO[7:4] of OCTOSPI2
        assertThat(routing.portOf(1)).as("half-way: nothing left for OCTOSPI1").isZero();
        assertThat(rdid(C1)).as("lines float").isEqualTo(0xFFFFFF);
        bus.write32(MANAGER + 8, 0x0301_0111); // port 2: all of OCTOSPI1
        assertThat(rdid(C1)).isEqualTo(0xC28139);
        assertThat(rdid(C2)).isEqualTo(0xEF4018);
    }

    @Test
    void octospimCutsAPortWhoseClockIsDisabledOrWhoseNibblesAreSwapped() {
        wire(new Stm32Octospim(routing), false);
        bus.write32(MANAGER + 8, 0x0705_0332); // port 2: CLKEN = 0
        assertThat(rdid(C2)).isEqualTo(0xFFFFFF);
        bus.write32(MANAGER + 8, 0x0505_0733); // IO[3:0] from OCTOSPI2's IO[7:4] and back: not modelled, unreached
        assertThat(routing.portOf(2)).isZero();
        bus.write32(MANAGER + 8, 0x0705_0333);
        assertThat(rdid(C2)).isEqualTo(0xC28139);
        bus.write32(MANAGER, 1 | 5 << 16);      // MUXEN, REQ2ACK_TIME: stored
        assertThat(bus.read32(MANAGER)).isEqualTo(1 | 5 << 16);
    }
}
