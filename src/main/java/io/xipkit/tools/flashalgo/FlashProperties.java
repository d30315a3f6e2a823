package io.xipkit.tools.flashalgo;

import java.util.List;
import java.util.Objects;

/**
 * What an algorithm says about the flash it programs: the union of CMSIS FlashDevice (FlashOS.h,
 * read at its documented offsets by pyOCD's PackFlashInfo and probe-rs target-gen flash_device.rs),
 * ST's StorageInfo (Dev_Inf.h) and probe-rs flash_properties (probe-rs-target flash_properties.rs).
 *
 * @param device               device name (FlashDevice.DevName, StorageInfo.DeviceName, probe-rs description)
 * @param deviceType           FlashDevice.DevType or StorageInfo.DeviceType as written (0 if the format has none)
 * @param start                first flash address
 * @param size                 flash size in bytes
 * @param pageSize             programming page size: the most ProgramPage/Write is called with
 * @param erasedValue          value of an erased byte (0..255)
 * @param programPageTimeoutMs time allowed for one page (0: the format gives none)
 * @param eraseSectorTimeoutMs time allowed for one sector erase (0: the format gives none)
 * @param sectors              sector runs, ascending, the first at offset 0
 */
public record FlashProperties(String device, int deviceType, long start, long size, long pageSize, int erasedValue,
                              long programPageTimeoutMs, long eraseSectorTimeoutMs, List<SectorRun> sectors) {

    public FlashProperties {
        Objects.requireNonNull(device, "device");
        sectors = List.copyOf(sectors);
        if (start < 0 || start > 0xFFFF_FFFFL) throw new IllegalArgumentException(String.format("flash start 0x%X is not a 32-bit address", start));
        if (size <= 0) throw new IllegalArgumentException("flash size is " + size + " bytes");
        if (start + size > 1L << 32) {
            throw new IllegalArgumentException(String.format("flash 0x%08X + 0x%X runs past the 4 GiB address space", start, size));
        }
        if (pageSize <= 0 || pageSize > size) throw new IllegalArgumentException("page size " + pageSize + " for a flash of " + size + " bytes");
        if (erasedValue < 0 || erasedValue > 255) throw new IllegalArgumentException("erased value " + erasedValue + " is not a byte");
        if (programPageTimeoutMs < 0 || eraseSectorTimeoutMs < 0) throw new IllegalArgumentException("negative timeout");
        if (sectors.isEmpty()) throw new IllegalArgumentException("no sectors described");
        if (sectors.get(0).offset() != 0) {
            throw new IllegalArgumentException(String.format("the first sector run starts at offset 0x%X, not 0", sectors.get(0).offset()));
        }
        for (int i = 0; i < sectors.size(); i++) {
            SectorRun r = sectors.get(i);
            if (r.offset() >= size) {
                throw new IllegalArgumentException(String.format("sector run at offset 0x%X lies outside the 0x%X-byte flash", r.offset(), size));
            }
            long next = i + 1 < sectors.size() ? sectors.get(i + 1).offset() : size;
            if (next <= r.offset()) throw new IllegalArgumentException(String.format("sector runs not ascending at offset 0x%X", next));
            if ((next - r.offset()) % r.size() != 0) {
                throw new IllegalArgumentException(String.format("sectors of 0x%X bytes do not tile 0x%X..0x%X", r.size(), r.offset(), next));
            }
        }
    }

    /** First address after the flash. */
    public long end() {
        return start + size;
    }

    public boolean contains(long address) {
        return address >= start && address < end();
    }

    /** The sector holding {@code address}, as {start address, size}; the address must be in the flash. */
    public long[] sectorAt(long address) {
        if (!contains(address)) throw new IllegalArgumentException(String.format("0x%08X is outside the flash", address));
        long off = address - start;
        SectorRun run = sectors.get(0);
        for (SectorRun r : sectors) {
            if (r.offset() <= off) run = r;
        }
        long index = (off - run.offset()) / run.size();
        return new long[] {start + run.offset() + index * run.size(), run.size()};
    }

    /** Number of sectors over the whole flash. */
    public long sectorCount() {
        long n = 0;
        for (int i = 0; i < sectors.size(); i++) {
            long next = i + 1 < sectors.size() ? sectors.get(i + 1).offset() : size;
            n += (next - sectors.get(i).offset()) / sectors.get(i).size();
        }
        return n;
    }
}
