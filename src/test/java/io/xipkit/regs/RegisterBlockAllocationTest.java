package io.xipkit.regs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The bus path must not allocate: it runs for every peripheral access of the simulated CPU. */
class RegisterBlockAllocationTest {

    @Test
    void readsWritesAndBusErrorsAllocateNothing() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean hotspot = (com.sun.management.ThreadMXBean) bean;
        int[] state = {0};
        RegisterBlock b = RegisterBlock.builder("P", 0x10)
                .register(0, "CR", r -> r.field("A", 0, 8, Access.RW, f -> f.onChange((o, n) -> state[0] += n))
                        .field("B", 8, 8, Access.W1C).field("C", 16, 8, Access.RC))
                .register(4, "SR", r -> r.accessSizes(4).field("S", 0, 4, Access.RO, f -> f.reads(() -> state[0] & 0xF)))
                .build();

        long sink = exercise(b, 20_000); // warm up (class loading, JIT)
        long tid = Thread.currentThread().getId();
        long before = hotspot.getThreadAllocatedBytes(tid);
        sink += exercise(b, 200_000);
        long allocated = hotspot.getThreadAllocatedBytes(tid) - before;

        assertThat(allocated).as("bytes allocated by 200k iterations (sink %d)", sink).isLessThan(1024);
    }

    private static long exercise(RegisterBlock b, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            b.write(0, 4, i);
            b.write(1, 1, i);
            sum += b.read(0, 4) + b.read(2, 2) + b.read(4, 4);
            try {
                b.read(8, 4);
            } catch (RegisterAccessException e) {
                sum += e.offset();
            }
        }
        return sum;
    }
}
