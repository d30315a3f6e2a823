package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import java.util.List;

/**
 * The per-64 KiB-page permission summary that lets the core skip the MPU region walk must agree
 * with the walk itself: a page is summarised as wholly permitted exactly when every byte is.
 * Region and subregion boundaries are multiples of 32 bytes, so checking every 32-byte step
 * of the page is exhaustive.
 */
class MpuEnforcementPageSummaryTest {
    static final int PAGE = 0x2000;   // 0x20000000

    record RegionSpec(int offsetUnits, int sizeLog2, int ap, int srd, boolean enabled) {}

    @Property(tries = 300)
    void pageSummaryAgreesWithTheRegionWalkAtEveryGranule(
            @ForAll("regionLists") List<RegionSpec> regions,
            @ForAll boolean privileged, @ForAll boolean write, @ForAll boolean privdefena) {
        Core core = new Core(CoreVariant.CORTEX_M7, new TestBus(), 25_000_000);
        core.reset();
        for (int n = 0; n < regions.size(); n++) {
            RegionSpec r = regions.get(n);
            long size = 1L << r.sizeLog2();
            // Spread regions over the page and its neighbours so some straddle its edges.
            long base = ((0x1FFF8000L + (long) r.offsetUnits() * 0x1000L) / size) * size;
            core.write32(0xE000ED9C, (int) base | 0x10 | n);
            core.write32(0xE000EDA0, (r.ap() << 24) | (r.srd() << 8) | ((r.sizeLog2() - 1) << 1) | (r.enabled() ? 1 : 0));
        }
        core.write32(0xE000ED94, 1 | (privdefena ? 4 : 0));
        Mpu mpu = core.scs.mpu();
        boolean all = true;
        for (int off = 0; off < 0x10000; off += 32) {
            all &= mpu.permitsData((PAGE << 16) + off, privileged, write);
        }
        assertThat(mpu.pageUniformlyPermits(PAGE, privileged, write)).isEqualTo(all);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<List<RegionSpec>> regionLists() {
        return regions().list().ofMaxSize(8);
    }

    net.jqwik.api.Arbitrary<RegionSpec> regions() {
        return net.jqwik.api.Combinators.combine(
                net.jqwik.api.Arbitraries.integers().between(0, 40),
                net.jqwik.api.Arbitraries.integers().between(5, 18),
                net.jqwik.api.Arbitraries.of(0, 1, 2, 3, 5, 6, 7),
                net.jqwik.api.Arbitraries.integers().between(0, 255).injectDuplicates(0.3),
                net.jqwik.api.Arbitraries.of(true, true, true, false))
                .as(RegionSpec::new);
    }
}
