package io.xipkit.peripherals.stm32;

import static io.xipkit.peripherals.stm32.FlashGeometryException.powerOfTwo;
import static io.xipkit.peripherals.stm32.FlashGeometryException.size;

import java.util.List;

/**
 * Where the banks of an STM32H7 embedded flash are, how large they and their sectors are, and the
 * boot address the part leaves the factory with: the board description states them (RM0433 Rev 8
 * section 4.3.4 "Flash memory architecture and usage": bank 1 at 0x0800_0000, bank 2 at
 * 0x0810_0000, 1 MB banks of eight 128 KB sectors on the 2 MB parts, one 128 KB sector on the
 * H750; section 4.4.2 "Option bytes factory values": BOOT_ADD0 = 0x0800_0000); the model takes
 * every size and address from here.
 *
 * <p>What the register map allows (checked): one or two banks (two register sets, RM0433 4.9.25);
 * at most eight sectors per bank (FLASH_CRx.SNB is 3 bits, RM0433 4.9.4; 128 on the RM0455 parts,
 * {@link #checkedFor}); a sector that is a power of two holding whole 256-bit flash words (RM0433 4.3.8); a boot address on a 64 KB boundary
 * (FLASH_BOOT_CURR holds bits [31:16], RM0433 4.9.17).
 *
 * @param bankBases  where each bank's window is on the bus (parameter "banks")
 * @param bankBytes  size of a bank (parameter "bank-size")
 * @param sectorBytes erase sector (parameter "sector")
 * @param bootAdd0   BOOT_ADD0 of the factory option bytes (parameter "boot-add0")
 */
public record H7FlashGeometry(List<Long> bankBases, int bankBytes, int sectorBytes, long bootAdd0) {
    public H7FlashGeometry {
        bankBases = List.copyOf(bankBases);
        if (bankBases.isEmpty() || bankBases.size() > 2) {
            throw new FlashGeometryException("banks", "the STM32H7 flash has one or two banks (two register sets,"
                    + " RM0433 4.9.25), not " + bankBases.size());
        }
        if (!powerOfTwo(sectorBytes) || sectorBytes < H7FlashVariant.ControlLayout.RM0433.flashWordBytes()) {
            throw new FlashGeometryException("sector", size(sectorBytes) + " is not a power of two of whole 256-bit"
                    + " flash words (RM0433 4.3.8)");
        }
        if (bankBytes <= 0 || bankBytes % sectorBytes != 0) {
            throw new FlashGeometryException("bank-size", size(bankBytes) + " is not a whole number of "
                    + size(sectorBytes) + " sectors");
        }
        for (long base : bankBases) {
            if (base < 0 || base % 4 != 0 || base + bankBytes > 1L << 32) {
                throw new FlashGeometryException("banks", String.format("0x%08x is not a word-aligned place for a bank of %s"
                        + " in the 32-bit address space", base, size(bankBytes)));
            }
        }
        if (bankBases.size() == 2 && Math.abs(bankBases.get(1) - bankBases.get(0)) < bankBytes) {
            throw new FlashGeometryException("banks", String.format("banks at 0x%08x and 0x%08x overlap (each holds %s)",
                    bankBases.get(0), bankBases.get(1), size(bankBytes)));
        }
        if (bootAdd0 < 0 || bootAdd0 > 0xFFFF_FFFFL || (bootAdd0 & 0xFFFF) != 0) {
            throw new FlashGeometryException("boot-add0", String.format("0x%x is not on a 64KiB boundary"
                    + " (FLASH_BOOT_CURR holds address bits [31:16], RM0433 4.9.17)", bootAdd0));
        }
    }

    /**
     * Checks the geometry against what {@code variant}'s FLASH_CRx can name: at most eight sectors
     * a bank (SNB, 3 bits, RM0433 4.9.4) or 128 (SSN, 7 bits, RM0455 4.9.4).
     */
    public H7FlashGeometry checkedFor(H7FlashVariant variant) {
        int max = variant.layout().maxSectors();
        if (bankBytes / sectorBytes > max) {
            throw new FlashGeometryException("bank-size", size(bankBytes) + " in " + size(sectorBytes) + " sectors is "
                    + bankBytes / sectorBytes + " sectors; " + (max == 8 ? "FLASH_CR.SNB names at most 8 (RM0433 4.9.4)"
                    : "FLASH_CR.SSN names at most " + max + " (RM0455 4.9.4)"));
        }
        return this;
    }

    public int banks() {
        return bankBases.size();
    }

    public int sectorsPerBank() {
        return bankBytes / sectorBytes;
    }

    /** The bus address of bank window {@code index} (0: where bank 1 shows unswapped). */
    public long bankBase(int index) {
        return bankBases.get(index);
    }
}
