package io.xipkit.tools.gdb;

import io.xipkit.tools.target.MemoryMap;

/**
 * The memory map gdb asks for with qXfer:memory-map:read (GDB manual E.17 "Memory Map Format"):
 * RAM, ROM, and flash with its erase block size, so that {@code load} uses vFlashErase/Write/Done
 * there and breakpoints there become hardware breakpoints. Made from the same {@link MemoryMap}
 * the flasher plans with.
 */
final class MemoryMapXml {
    private MemoryMapXml() {}

    static String of(MemoryMap map) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE memory-map PUBLIC \"+//IDN gnu.org//DTD GDB Memory Map V1.0//EN\" \"http://sourceware.org/gdb/gdb-memory-map.dtd\">\n<memory-map>\n");
        long cursor = 0;
        for (MemoryMap.Region r : map.regions()) {
            // gdb treats unlisted addresses as inaccessible; peripherals and the PPB must stay
            // readable, so gaps are listed as RAM (as OpenOCD's gdb_memory_map does).
            if (r.base() > cursor) b.append(String.format("  <memory type=\"ram\" start=\"0x%x\" length=\"0x%x\"/>%n", cursor, r.base() - cursor));
            cursor = r.end();
            switch (r.kind()) {
                case RAM -> b.append(String.format("  <memory type=\"ram\" start=\"0x%x\" length=\"0x%x\"/>%n", r.base(), r.size()));
                case ROM -> b.append(String.format("  <memory type=\"rom\" start=\"0x%x\" length=\"0x%x\"/>%n", r.base(), r.size()));
                case FLASH -> b.append(String.format("  <memory type=\"flash\" start=\"0x%x\" length=\"0x%x\">%n    <property name=\"blocksize\">0x%x</property>%n  </memory>%n",
                        r.base(), r.size(), r.blockSize()));
            }
        }
        if (cursor < 1L << 32) b.append(String.format("  <memory type=\"ram\" start=\"0x%x\" length=\"0x%x\"/>%n", cursor, (1L << 32) - cursor));
        return b.append("</memory-map>\n").toString();
    }
}
