package io.xipkit.tools.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolTableTest {

    static Symbol sym(String name, long address, long size, Symbol.Type type, boolean global) {
        return new Symbol(name, address, size, type, global);
    }

    @Test
    void unsizedLabelsReachALimitedDistance() {
        SymbolTable t = new SymbolTable(List.of(sym("loop", 0x100, 0, Symbol.Type.NOTYPE, false)));
        assertThat(t.describe(0x100)).isEqualTo("loop");
        assertThat(t.describe(0x100 + 0xFFF)).isEqualTo("loop+0xfff");
        assertThat(t.describe(0x100 + 0x1000)).isEqualTo("0x00001100");
        assertThat(t.describe(0xFF)).isEqualTo("0x000000ff");
    }

    @Test
    void sizedSymbolsCoverExactlyTheirSize() {
        SymbolTable t = new SymbolTable(List.of(sym("f", 0x200, 0x10, Symbol.Type.FUNC, true)));
        assertThat(t.describe(0x20f)).isEqualTo("f+0xf");
        assertThat(t.indexOf(0x210)).isEqualTo(-1);
    }

    @Test
    void atEqualAddressesPrefersSizedFunctionsThenGlobals() {
        SymbolTable t = new SymbolTable(List.of(
                sym("label", 0x300, 0, Symbol.Type.NOTYPE, true),
                sym("local_fn", 0x300, 8, Symbol.Type.FUNC, false),
                sym("global_fn", 0x300, 8, Symbol.Type.FUNC, true),
                sym("obj", 0x300, 8, Symbol.Type.OBJECT, true)));
        assertThat(t.describe(0x304)).isEqualTo("global_fn+0x4");
    }

    @Test
    void addressesAboveTwoGiBAreUnsigned() {
        SymbolTable t = new SymbolTable(List.of(
                sym("low", 0x1000, 4, Symbol.Type.OBJECT, true),
                sym("periph", 0xE000_E000L, 0x100, Symbol.Type.OBJECT, true)));
        assertThat(t.describe(0xE000_E010)).isEqualTo("periph+0x10");
        assertThat(t.addressOf("periph")).hasValue(0xE000_E000);
    }

    @Test
    void addressOfPrefersGlobalAndKnowsNameOnlySymbols() {
        SymbolTable t = new SymbolTable(
                List.of(sym("x", 0x10, 4, Symbol.Type.OBJECT, false), sym("x", 0x20, 4, Symbol.Type.OBJECT, true)),
                List.of(sym("_Min_Stack_Size", 0x400, 0, Symbol.Type.NOTYPE, true)));
        assertThat(t.addressOf("x")).hasValue(0x20);
        assertThat(t.addressOf("_Min_Stack_Size")).hasValue(0x400);
        assertThat(t.describe(0x400)).as("name-only symbols are not used for descriptions").isEqualTo("0x00000400");
        assertThat(t.size()).isEqualTo(3);
    }

    @Test
    void emptyTableDescribesInHex() {
        assertThat(SymbolTable.EMPTY.describe(0x0800_0000)).isEqualTo("0x08000000");
        assertThat(SymbolTable.EMPTY.indexOf(0)).isEqualTo(-1);
    }

    @Test
    void indexLookupAllocatesNothing() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean hotspot = (com.sun.management.ThreadMXBean) bean;
        java.util.List<Symbol> many = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) many.add(sym("f" + i, 0x0800_0000L + 0x40L * i, 0x30, Symbol.Type.FUNC, true));
        SymbolTable t = new SymbolTable(many);
        long sink = 0;
        for (int i = 0; i < 50_000; i++) sink += t.indexOf(0x0800_0000 + i * 7);
        long tid = Thread.currentThread().getId();
        long before = hotspot.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 500_000; i++) sink += t.indexOf(0x0800_0000 + i * 7);
        long allocated = hotspot.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated).as("sink %d", sink).isLessThan(1024);
        assertThat(t.describe(0x0800_0000 + 0x40 * 17 + 0x2f)).isEqualTo("f17+0x2f");
        assertThat(t.indexOf(0x0800_0000 + 0x40 * 17 + 0x30)).isEqualTo(-1);
    }
}
