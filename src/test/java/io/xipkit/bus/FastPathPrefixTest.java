package io.xipkit.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A fast path may cover only a prefix of its region, starting anywhere in its array. */
class FastPathPrefixTest {
    static final class Window implements Region {
        final byte[] content = new byte[0x1_8000];
        int slowReads;

        @Override public String name() { return "window"; }
        @Override public long size() { return 0x4_0000; }
        @Override public int read(int offset, int size) {
            slowReads++;
            return 0xAB;
        }
        @Override public void write(int offset, int size, int value) { }
        // Region offsets 0..0x1_0000 are content[0x8000 ..]: the page at 0x1_0000 is not covered.
        @Override public FastPath fastPath() { return new FastPath(content, false, 0x8000, 0x1_0000); }
    }

    @Test
    void pagesInsideThePrefixAreServedFromTheArrayAndTheRestCallTheRegion() {
        SystemBus bus = new SystemBus();
        Window w = new Window();
        w.content[0x8000 + 0x1234] = 0x5C;
        bus.map(0x9000_0000L, w);
        assertThat(bus.read8(0x9000_1234)).isEqualTo(0x5C);
        assertThat(w.slowReads).isZero();
        assertThat(bus.read8(0x9001_0000)).isEqualTo(0xAB);
        assertThat(bus.read8(0x9003_0000)).isEqualTo(0xAB);
        assertThat(w.slowReads).isEqualTo(2);
    }

    @Test
    void aFastPathMustFitItsArray() {
        assertThatThrownBy(() -> new FastPath(new byte[16], false, 8, 16)).isInstanceOf(IllegalArgumentException.class);
    }
}
