package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.FastPath;
import io.xipkit.bus.MemoryRegion;
import io.xipkit.bus.Region;
import io.xipkit.bus.RegionContext;
import io.xipkit.bus.SystemBus;
import org.junit.jupiter.api.Test;

/**
 * Cortex-M7 L1 caches over coherency-modelled ranges: data and instructions go stale when the
 * memory behind them changes, and stay stale exactly until the maintenance operation that
 * real firmware must issue (DDI 0403E B2.2.7; Cortex-M7 TRM DDI 0489 "Level 1 Memory System").
 */
class CacheCoherencyTest {
    static final int WINDOW = 0x90000000;   // QUADSPI window: default map Normal WT (Table B3-1)
    static final int DMA_RAM = 0x30000000;  // SRAM region: default map Normal WBWA
    static final int CCR = 0xE000ED14;
    static final int ICIALLU = 0xE000EF50, ICIMVAU = 0xE000EF58, DCIMVAC = 0xE000EF5C, DCISW = 0xE000EF60,
            DCCMVAC = 0xE000EF68, DCCIMVAC = 0xE000EF70;
    static final int MPU_CTRL = 0xE000ED94, MPU_RBAR = 0xE000ED9C, MPU_RASR = 0xE000EDA0;

    /** Stands in for a NOR flash window: the bus reads it directly, a test rewrites it "in indirect mode". */
    static final class FakeFlashWindow implements Region {
        final byte[] bytes = new byte[0x10000];
        private RegionContext context;
        private long base;

        @Override public String name() { return "fake-flash-window"; }
        @Override public long size() { return bytes.length; }
        @Override public int read(int offset, int size) {
            int v = 0;
            for (int i = size - 1; i >= 0; i--) v = (v << 8) | (bytes[offset + i] & 0xFF);
            return v;
        }
        @Override public void write(int offset, int size, int value) {
            throw new BusErrorException((int) (base + offset), true, "flash window is read-only");
        }
        @Override public FastPath fastPath() { return new FastPath(bytes, false); }
        @Override public void attached(RegionContext context, long base) {
            this.context = context;
            this.base = base;
        }

        /** A program operation the core does not see, reported the way a flash controller does. */
        void programBehindTheCore(int offset, int... halfwords) {
            for (int i = 0; i < halfwords.length; i++) {
                bytes[offset + 2 * i] = (byte) halfwords[i];
                bytes[offset + 2 * i + 1] = (byte) (halfwords[i] >>> 8);
            }
            context.notifyCodeChanged((int) (base + offset), 2 * halfwords.length);
        }

        void putWord(int offset, int value) {
            programBehindTheCore(offset, value & 0xFFFF, value >>> 16);
        }
    }

    final SystemBus bus = new SystemBus();
    final FakeFlashWindow flash = new FakeFlashWindow();
    final MemoryRegion dmaRam = MemoryRegion.ram("dma-ram", 0x10000);
    final Core core;

    CacheCoherencyTest() {
        MemoryRegion code = MemoryRegion.ram("code", 0x10000);
        bus.map(0, code);
        bus.map(0x20000000L, MemoryRegion.ram("sram", 0x10000));
        bus.map(DMA_RAM & 0xFFFFFFFFL, dmaRam);
        bus.map(WINDOW & 0xFFFFFFFFL, flash);
        bus.write32(0, 0x20010000);
        bus.write32(4, 0x101);
        core = new Core(CoreVariant.CORTEX_M7, bus, 100_000_000);
        core.reset();
        core.addCoherencyModelledRange(WINDOW & 0xFFFFFFFFL, 0x10000);
        core.addCoherencyModelledRange(DMA_RAM & 0xFFFFFFFFL, 0x10000);
    }

    void enableCaches(boolean icache, boolean dcache) {
        int ccr = core.read32(CCR) & ~(Scb.CCR_DC | Scb.CCR_IC);
        core.write32(CCR, ccr | (icache ? Scb.CCR_IC : 0) | (dcache ? Scb.CCR_DC : 0));
    }

    // ---- D-cache ----------------------------------------------------------------------------------

    @Test
    void withDcacheOnAFlashChangeStaysInvisibleUntilDcimvac() {
        flash.putWord(0x100, 0x11111111);
        enableCaches(false, true);
        assertThat(core.read32(WINDOW + 0x100)).isEqualTo(0x11111111);
        flash.putWord(0x100, 0x22222222);
        assertThat(core.read32(WINDOW + 0x100)).as("cached line still holds the old word").isEqualTo(0x11111111);
        assertThat(core.read16(WINDOW + 0x102)).isEqualTo(0x1111);
        core.write32(DCIMVAC, WINDOW + 0x104);    // any address in the line
        assertThat(core.read32(WINDOW + 0x100)).isEqualTo(0x22222222);
    }

    @Test
    void dcimvacOnAnotherLineLeavesTheStaleLineInPlace() {
        flash.putWord(0x100, 1);
        enableCaches(false, true);
        core.read32(WINDOW + 0x100);
        flash.putWord(0x100, 2);
        core.write32(DCIMVAC, WINDOW + 0x120);
        assertThat(core.read32(WINDOW + 0x100)).isEqualTo(1);
    }

    @Test
    void cleanAndInvalidateByAddressAlsoRefreshesReadOnlyData() {
        flash.putWord(0x40, 5);
        enableCaches(false, true);
        core.read32(WINDOW + 0x40);
        flash.putWord(0x40, 6);
        core.write32(DCCMVAC, WINDOW + 0x40);     // clean: nothing dirty, line stays
        assertThat(core.read32(WINDOW + 0x40)).isEqualTo(5);
        core.write32(DCCIMVAC, WINDOW + 0x40);
        assertThat(core.read32(WINDOW + 0x40)).isEqualTo(6);
    }

    @Test
    void invalidatingTheWholeDcacheBySetWayRefreshesEveryLine() {
        for (int i = 0; i < 0x4000; i += 4) flash.bytes[i] = 7;
        enableCaches(false, true);
        for (int a = 0; a < 0x4000; a += 32) assertThat(core.read8(WINDOW + a)).isEqualTo(7);
        for (int i = 0; i < 0x4000; i += 4) flash.bytes[i] = 8;
        flash.context.notifyCodeChanged(WINDOW, 0x4000);
        assertThat(core.read8(WINDOW + 0x2000)).isEqualTo(7);
        // The CMSIS SCB_InvalidateDCache loop: sets and ways from CCSIDR, DCISW per set/way.
        core.write32(0xE000ED84, 0);                                // CSSELR: L1 data cache
        int ccsidr = core.read32(0xE000ED80);
        int sets = ((ccsidr >>> 13) & 0x7FFF) + 1, ways = ((ccsidr >>> 3) & 0x3FF) + 1;
        assertThat(sets).isEqualTo(128);
        assertThat(ways).isEqualTo(4);
        for (int set = 0; set < sets; set++) {
            for (int way = 0; way < ways; way++) core.write32(DCISW, (way << 30) | (set << 5));
        }
        assertThat(core.memory().dataCache().validLines()).isZero();
        for (int a = 0; a < 0x4000; a += 32) assertThat(core.read8(WINDOW + a)).isEqualTo(8);
    }

    @Test
    void withDcacheOffNothingIsEverStale() {
        flash.putWord(0x100, 1);
        assertThat(core.read32(WINDOW + 0x100)).isEqualTo(1);
        flash.putWord(0x100, 2);
        assertThat(core.read32(WINDOW + 0x100)).isEqualTo(2);
        assertThat(core.memory().dataCache().validLines()).isZero();
    }

    @Test
    void rangesTheBoardDidNotMarkAreNeverStale() {
        MemoryRegion other = MemoryRegion.ram("other", 0x10000);
        bus.map(0x80000000L, other);                               // default map WT, but not marked
        enableCaches(false, true);
        bus.write32(0x80000000, 1);
        assertThat(core.read32(0x80000000)).isEqualTo(1);
        bus.write32(0x80000000, 2);
        assertThat(core.read32(0x80000000)).isEqualTo(2);
    }

    @Test
    void anMpuRegionMarkedNonCacheableOverTheWindowIsNeverStale() {
        // Region 0: 0x90000000, 64 KiB (SIZE 15), TEX=001 C=0 B=0 (Normal non-cacheable), AP=011.
        core.write32(MPU_RBAR, WINDOW | 0x10);
        core.write32(MPU_RASR, (3 << 24) | (1 << 19) | (15 << 1) | 1);
        core.write32(MPU_CTRL, 0b101);                              // ENABLE + PRIVDEFENA
        flash.putWord(0x100, 1);
        enableCaches(false, true);
        assertThat(core.read32(WINDOW + 0x100)).isEqualTo(1);
        flash.putWord(0x100, 2);
        assertThat(core.read32(WINDOW + 0x100)).isEqualTo(2);
    }

    @Test
    void anMpuRegionMarkedShareableIsNotCachedUnlessCacrSiwt() {
        // Normal WBWA (TEX=001 C=1 B=1) but shareable: DDI 0489 3.3.8 CACR.SIWT = 0 → non-cacheable.
        core.write32(MPU_RBAR, WINDOW | 0x10);
        core.write32(MPU_RASR, (3 << 24) | (1 << 19) | (1 << 18) | (1 << 17) | (1 << 16) | (15 << 1) | 1);
        core.write32(MPU_CTRL, 0b101);
        flash.putWord(0x100, 1);
        enableCaches(false, true);
        core.read32(WINDOW + 0x100);
        flash.putWord(0x100, 2);
        assertThat(core.read32(WINDOW + 0x100)).isEqualTo(2);
        core.write32(0xE000EF9C, Scb.CACR_SIWT);                  // shareable now cached write-through
        flash.putWord(0x100, 3);
        assertThat(core.read32(WINDOW + 0x100)).isEqualTo(3);
        flash.putWord(0x100, 4);
        assertThat(core.read32(WINDOW + 0x100)).isEqualTo(3);
    }

    @Test
    void anMpuRegionCanMakeTheDefaultWindowCacheableLinesNonCacheableAndBack() {
        // Without the MPU the default map makes 0x90000000 write-through cacheable: stale.
        flash.putWord(0x10, 1);
        enableCaches(false, true);
        core.read32(WINDOW + 0x10);
        flash.putWord(0x10, 2);
        assertThat(core.read32(WINDOW + 0x10)).isEqualTo(1);
        // Strongly-ordered region over it (TEX=000 C=0 B=0): reads bypass the stale line.
        core.write32(MPU_RBAR, WINDOW | 0x10);
        core.write32(MPU_RASR, (3 << 24) | (15 << 1) | 1);
        core.write32(MPU_CTRL, 0b101);
        assertThat(core.read32(WINDOW + 0x10)).isEqualTo(2);
        core.write32(MPU_CTRL, 0);
        assertThat(core.read32(WINDOW + 0x10)).as("the old line was never invalidated").isEqualTo(1);
    }

    @Test
    void writeBackLinesReachMemoryOnlyWhenCleaned() {
        enableCaches(false, true);
        core.write32(DMA_RAM + 0x40, 0xCAFEF00D);                  // WBWA: allocates, dirty
        assertThat(bus.read32(DMA_RAM + 0x40)).as("DMA sees memory, not the dirty line").isZero();
        assertThat(core.memory().dataCache().isDirty(DMA_RAM + 0x40)).isTrue();
        core.write32(DCCMVAC, DMA_RAM + 0x40);
        assertThat(bus.read32(DMA_RAM + 0x40)).isEqualTo(0xCAFEF00D);
        assertThat(core.memory().dataCache().isDirty(DMA_RAM + 0x40)).isFalse();
    }

    @Test
    void invalidatingADirtyLineDiscardsTheCoresWrite() {
        enableCaches(false, true);
        core.write32(DMA_RAM + 0x80, 0x12345678);
        bus.write32(DMA_RAM + 0x84, 0xAAAA5555);                   // DMA writes behind the cache
        assertThat(core.read32(DMA_RAM + 0x84)).isZero();
        core.write32(DCIMVAC, DMA_RAM + 0x80);
        assertThat(core.read32(DMA_RAM + 0x84)).isEqualTo(0xAAAA5555);
        assertThat(core.read32(DMA_RAM + 0x80)).as("the dirty word was discarded").isZero();
    }

    @Test
    void writeThroughRegionUpdatesMemoryAndTheLine() {
        // MPU region over the DMA RAM: TEX=000 C=1 B=0 = write-through, no write allocate.
        core.write32(MPU_RBAR, DMA_RAM | 0x10);
        core.write32(MPU_RASR, (3 << 24) | (1 << 17) | (15 << 1) | 1);
        core.write32(MPU_CTRL, 0b101);
        enableCaches(false, true);
        core.read32(DMA_RAM);                                      // allocate the line
        core.write16(DMA_RAM + 2, 0xBEEF);
        assertThat(bus.read32(DMA_RAM)).isEqualTo(0xBEEF0000);
        assertThat(core.read32(DMA_RAM)).isEqualTo(0xBEEF0000);
        core.write32(DMA_RAM + 0x100, 9);                          // miss: no allocation
        assertThat(core.memory().dataCache().holds(DMA_RAM + 0x100)).isFalse();
        assertThat(bus.read32(DMA_RAM + 0x100)).isEqualTo(9);
    }

    @Test
    void anUnalignedReadAcrossTwoCachedLinesIsAssembledFromBoth() {
        flash.putWord(0x1C, 0x44332211);
        flash.putWord(0x20, 0x88776655);
        enableCaches(false, true);
        assertThat(core.read32(WINDOW + 0x1E)).isEqualTo(0x66554433);
    }

    // ---- I-cache ----------------------------------------------------------------------------------

    static final int MOVS_R0_1 = 0x2001, MOVS_R0_2 = 0x2002, B_SELF = 0xE7FE;

    private int runFromWindow() {
        core.pc = WINDOW + 0x200;
        core.r[0] = 0;
        core.run(2, Long.MAX_VALUE);
        return core.r[0];
    }

    @Test
    void withIcacheOnOldCodeRunsUntilIciallu() {
        flash.programBehindTheCore(0x200, MOVS_R0_1, B_SELF);
        enableCaches(true, false);
        assertThat(runFromWindow()).isEqualTo(1);
        flash.programBehindTheCore(0x200, MOVS_R0_2, B_SELF);
        assertThat(runFromWindow()).as("stale instruction from the I-cache").isEqualTo(1);
        core.write32(ICIALLU, 0);
        assertThat(runFromWindow()).isEqualTo(2);
    }

    @Test
    void icimvauRefreshesOnlyItsLine() {
        flash.programBehindTheCore(0x200, MOVS_R0_1, B_SELF);
        enableCaches(true, false);
        runFromWindow();
        flash.programBehindTheCore(0x200, MOVS_R0_2, B_SELF);
        core.write32(ICIMVAU, WINDOW + 0x240);
        assertThat(runFromWindow()).isEqualTo(1);
        core.write32(ICIMVAU, WINDOW + 0x210);
        assertThat(runFromWindow()).isEqualTo(2);
    }

    @Test
    void withIcacheOffChangedCodeRunsAtOnce() {
        flash.programBehindTheCore(0x200, MOVS_R0_1, B_SELF);
        assertThat(runFromWindow()).isEqualTo(1);
        flash.programBehindTheCore(0x200, MOVS_R0_2, B_SELF);
        assertThat(runFromWindow()).isEqualTo(2);
        assertThat(core.memory().instructionCache().validLines()).isZero();
    }

    @Test
    void aWholeWindowChangeKeepsOnlyTheLinesTheIcacheHolds() {
        flash.programBehindTheCore(0x200, MOVS_R0_1, B_SELF);
        enableCaches(true, false);
        runFromWindow();
        flash.bytes[0x200] = (byte) MOVS_R0_2;
        flash.context.notifyAllCodeChanged();
        assertThat(runFromWindow()).isEqualTo(1);
        core.write32(ICIALLU, 0);
        assertThat(runFromWindow()).isEqualTo(2);
    }

    // ---- geometry -----------------------------------------------------------------------------------

    @Test
    void cacheSizesShowInCcsidrAndClidrAndResizeTheModels() {
        core.scs.scb().setCacheSizes(8 * 1024, 32 * 1024);
        core.write32(0xE000ED84, 0);                                 // data
        int d = core.read32(0xE000ED80);
        assertThat(((d >>> 13) & 0x7FFF) + 1).isEqualTo(32 * 1024 / (4 * 32));
        assertThat(((d >>> 3) & 0x3FF) + 1).isEqualTo(4);
        assertThat(d & 7).as("LineSize: log2(words) - 2 = 1 for 8 words").isEqualTo(1);
        core.write32(0xE000ED84, 1);                                 // instruction
        int i = core.read32(0xE000ED80);
        assertThat(((i >>> 13) & 0x7FFF) + 1).isEqualTo(8 * 1024 / (2 * 32));
        assertThat(((i >>> 3) & 0x3FF) + 1).isEqualTo(2);
        assertThat(core.read32(0xE000ED78)).isEqualTo(0x09000003);
        assertThat(core.memory().dataCache().sizeBytes()).isEqualTo(32 * 1024);
        assertThat(core.memory().instructionCache().sizeBytes()).isEqualTo(8 * 1024);
        core.scs.scb().setCacheSizes(0, 16 * 1024);
        assertThat(core.read32(0xE000ED78)).as("data cache only").isEqualTo(0x09000002);
    }

    @Test
    void aCacheSizeTheM7CannotHaveIsRejected() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> core.scs.scb().setCacheSizes(12 * 1024, 16 * 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("instruction cache size");
    }
}
