package io.xipkit.peripherals.debug;

import io.xipkit.cpu.debug.DebugBusException;

/**
 * A MEM-AP (IHI0031 ADIv5.2 chapter C2): CSW, TAR, DRW, the banked data registers BD0-BD3, CFG,
 * BASE and IDR, mastering a bus ({@link DebugBus}) with the access size and address increment of
 * CSW. Byte and halfword transfers use the byte lanes of the 32-bit DRW that the low bits of TAR
 * select (C2.2.6). Auto-increment changes only the TAR bits below the AP's increment block (C2.2.4:
 * at least 1 KiB; the Cortex-M3/M4 AHB-AP increments within 4 KiB, as OpenOCD's cortex_m.c knows
 * from IHI0031C 7.2.2, and writes that cross a 1 KiB boundary there go on without a new TAR). Packed transfers are not implemented:
 * AddrInc = 0b10 reads back as 0b00, so a debugger sees that (as on the Cortex-M AHB-APs).
 */
public final class MemAp implements AccessPort {
    /** MEM-AP register offsets (ADIv5.2 C2.6, table C2-6). */
    public static final int CSW = 0x00, TAR = 0x04, DRW = 0x0C, BD0 = 0x10, CFG = 0xF4, BASE = 0xF8, IDR = 0xFC;
    /** CSW fields (C2.6.4). */
    public static final int CSW_SIZE = 0x7, CSW_ADDRINC = 0x30, CSW_DEVICEEN = 1 << 6, CSW_DBGSWENABLE = 1 << 31;
    /** The bits a debugger may change: Size, AddrInc, Mode, Prot/HPROT, DbgSwEnable. */
    private static final int CSW_WRITABLE = CSW_SIZE | CSW_ADDRINC | 0x0F00 | 0x7F00_0000 | CSW_DBGSWENABLE;

    /** What a MEM-AP masters: sized accesses of 1, 2 or 4 bytes, aligned by the AP. */
    public interface DebugBus {
        int read(int address, int size);

        void write(int address, int size, int value);
    }

    private final int idr;
    private final int base;
    private final DebugBus bus;
    private final int cswReset;
    private final int incrementMask;
    private int csw;
    private int tar;

    /**
     * @param idr      IDR value (C2.6.8)
     * @param base     BASE value: the debug ROM table address | 0b11 (present, ADIv5 format), C2.6.1
     * @param cswReset CSW at power-up; DeviceEn (bit 6) always reads 1
     * @param incrementBlock bytes within which auto-increment stays (a power of two: 1024 or 4096)
     */
    public MemAp(int idr, int base, int cswReset, int incrementBlock, DebugBus bus) {
        if (Integer.bitCount(incrementBlock) != 1 || incrementBlock < 1024) throw new IllegalArgumentException("increment block " + incrementBlock);
        this.incrementMask = incrementBlock - 1;
        this.idr = idr;
        this.base = base;
        this.bus = bus;
        this.cswReset = cswReset;
        this.csw = cswReset;
    }

    @Override
    public int read(int register) {
        switch (register) {
            case CSW: return csw | CSW_DEVICEEN;
            case TAR: return tar;
            case DRW: {
                int size = size();
                int v = bus.read(aligned(tar, size), size) << lane(tar, size);
                increment(size);
                return v;
            }
            case BD0, BD0 + 4, BD0 + 8, BD0 + 12: {
                int address = (tar & ~0xF) | (register - BD0);
                return bus.read(address, 4);
            }
            case CFG: return 0;      // little-endian, no large address, no large data
            case BASE: return base;
            case IDR: return idr;
            default: return 0;       // reserved: RAZ
        }
    }

    @Override
    public void write(int register, int value) {
        switch (register) {
            case CSW -> {
                int v = value & CSW_WRITABLE;
                if ((v & CSW_ADDRINC) == 0x20) v &= ~CSW_ADDRINC;          // packed: not implemented
                if ((v & CSW_SIZE) > 2) v = (v & ~CSW_SIZE) | (csw & CSW_SIZE); // 64/128-bit: no large data
                csw = v;
            }
            case TAR -> tar = value;
            case DRW -> {
                int size = size();
                bus.write(aligned(tar, size), size, value >>> lane(tar, size));
                increment(size);
            }
            case BD0, BD0 + 4, BD0 + 8, BD0 + 12 -> bus.write((tar & ~0xF) | (register - BD0), 4, value);
            default -> { }           // read-only or reserved
        }
    }

    public void powerOnReset() {
        csw = cswReset;
        tar = 0;
    }

    public int tar() {
        return tar;
    }

    private int size() {
        return 1 << (csw & CSW_SIZE);
    }

    private static int aligned(int address, int size) {
        return address & -size;
    }

    private static int lane(int address, int size) {
        return size == 4 ? 0 : (address & 3 & -size) * 8;
    }

    private void increment(int size) {
        if ((csw & CSW_ADDRINC) == 0x10) tar = (tar & ~incrementMask) | ((tar + size) & incrementMask);
    }

    /** A bus with nothing on it: every transfer fails (an AP whose bus is switched off). */
    public static DebugBus noBus() {
        return new DebugBus() {
            @Override
            public int read(int address, int size) {
                throw new DebugBusException(address, false, "no slave");
            }

            @Override
            public void write(int address, int size, int value) {
                throw new DebugBusException(address, true, "no slave");
            }
        };
    }
}
