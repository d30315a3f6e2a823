package io.xipkit.board;

import io.xipkit.TestBoards;
import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.bus.SystemBus;
import java.util.List;

/**
 * What the octal boards' tests share: a board from the catalog whose events go to a list, and the
 * OCTOSPI/XSPI register sequences (one layout, RM0455 chapter 24 and RM0477 "Extended-SPI interface (XSPI)") that read
 * the chip's ID and map it with a 1-1-1 READ4B.
 */
final class OctalBoardFixture {
    private OctalBoardFixture() {
    }

    /** The catalog board {@code name} with in-memory flash; its event lines go to {@code events}. */
    static Board create(String name, List<String> events) {
        return TestBoards.create(name, new BoardHost() {
            @Override
            public NonVolatileMemory nonVolatile(String n, long size) {
                return new ArrayNonVolatileMemory(size);
            }

            @Override
            public void event(String line) {
                events.add(line);
            }
        });
    }

    /** RDID (9Fh) in 1-1-1 indirect read: the three ID bytes, low byte first, as DR returns them. */
    static int readId(SystemBus bus, int base, int devsize, int prescaler) {
        bus.write32(base + 0x08, devsize << 16 | 1 << 8); // DCR1: DEVSIZE, CSHT
        bus.write32(base + 0x0C, prescaler);             // DCR2: PRESCALER
        bus.write32(base + 0x00, 1 << 28 | 1);           // CR: indirect read, EN
        bus.write32(base + 0x40, 2);                     // DLR: 3 bytes
        bus.write32(base + 0x100, 1 << 24 | 1);          // CCR: 1-line instruction and data
        bus.write32(base + 0x110, 0x9F);                 // IR: RDID starts the command
        return bus.read32(base + 0x50) & 0xFFFFFF;
    }

    /** Aborts what is left of a read and enters memory-mapped mode with 1-1-1 READ4B (13h). */
    static void mapWithRead4b(SystemBus bus, int base) {
        bus.write32(base + 0x00, 1 << 28 | 1 << 1 | 1);           // CR: ABORT
        bus.write32(base + 0x24, 0x1B);                          // FCR: clear the flags
        bus.write32(base + 0x100, 1 << 24 | 3 << 12 | 1 << 8 | 1); // CCR: 1-1-1, 4-byte address
        bus.write32(base + 0x110, 0x13);                         // IR: READ4B
        bus.write32(base + 0x00, 3 << 28 | 1);                   // CR: memory-mapped, EN
    }
}
