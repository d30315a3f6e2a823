package io.xipkit.devices.nor;

import static io.xipkit.peripherals.xspi.PhaseFormat.S1;

import io.xipkit.peripherals.xspi.PhaseFormat;
import io.xipkit.peripherals.xspi.XspiTarget;
import io.xipkit.time.ManualClock;

/** Test driver: issues single-line SPI transactions as firmware would, advancing a manual clock. */
final class SpiHost {
    final XspiTarget chip;
    final ManualClock clock;
    int addressBytes = 3;

    SpiHost(XspiTarget chip, ManualClock clock) {
        this.chip = chip;
        this.clock = clock;
    }

    void command(int op) {
        chip.select();
        chip.instruction(op, S1);
        chip.deselect();
    }

    byte[] readNoAddr(int op, int len) {
        byte[] b = new byte[len];
        chip.select();
        chip.instruction(op, S1);
        chip.read(b, 0, len, S1);
        chip.deselect();
        return b;
    }

    int status(int op) {
        return readNoAddr(op, 1)[0] & 0xFF;
    }

    void writeRegister(int op, int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) values[i];
        chip.select();
        chip.instruction(op, S1);
        chip.write(b, 0, b.length, S1);
        chip.deselect();
    }

    byte[] read(int op, long addr, int dummy, int len, PhaseFormat addrFmt, PhaseFormat dataFmt) {
        byte[] b = new byte[len];
        chip.select();
        chip.instruction(op, S1);
        chip.address(addr, addressBytes, addrFmt);
        if (dummy > 0) chip.dummy(dummy);
        chip.read(b, 0, len, dataFmt);
        chip.deselect();
        return b;
    }

    byte[] read(long addr, int len) {
        return read(0x03, addr, 0, len, S1, S1);
    }

    byte[] sfdp(int len) {
        byte[] b = new byte[len];
        chip.select();
        chip.instruction(0x5A, S1);
        chip.address(0, 3, S1);
        chip.dummy(8);
        chip.read(b, 0, len, S1);
        chip.deselect();
        return b;
    }

    void program(int op, long addr, byte[] data) {
        chip.select();
        chip.instruction(op, S1);
        chip.address(addr, addressBytes, S1);
        chip.write(data, 0, data.length, S1);
        chip.deselect();
    }

    void erase(int op, long addr) {
        chip.select();
        chip.instruction(op, S1);
        chip.address(addr, addressBytes, S1);
        chip.deselect();
    }

    /** Polls 05h bit 0 every 10 µs of virtual time until it clears; returns the polls made. */
    long waitReady() {
        long polls = 0;
        while ((status(0x05) & 1) != 0) {
            clock.advanceMicros(10);
            polls++;
            if (polls > 100_000_000L) throw new AssertionError("chip never became ready");
        }
        return polls;
    }

    void programAndWait(long addr, byte[] data) {
        command(0x06);
        program(0x02, addr, data);
        waitReady();
    }

    void eraseAndWait(int op, long addr) {
        command(0x06);
        erase(op, addr);
        waitReady();
    }
}
