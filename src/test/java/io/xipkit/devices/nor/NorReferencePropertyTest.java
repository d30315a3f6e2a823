package io.xipkit.devices.nor;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.time.ManualClock;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random operation sequences through the transaction interface agree with a tiny independent
 * reference of NOR semantics: program = AND within the page (wrapping), erase = FFh over the
 * aligned unit, WEL needed for both.
 */
class NorReferencePropertyTest {
    static final NorPart PART = NorCatalog.standard().part("W25Q128JV");
    static final int SPAN = 0x20000; // operations stay in the first 128 KB so that they collide

    sealed interface Op permits Prog, Erase, Read, ProgNoWel {}

    record Prog(int addr, byte[] data) implements Op {
        @Override
        public String toString() {
            return "Prog(" + Integer.toHexString(addr) + ", " + data.length + " bytes)";
        }
    }

    record ProgNoWel(int addr, byte[] data) implements Op {}

    record Erase(int opcode, int size, int addr) implements Op {}

    record Read(int addr, int len) implements Op {}

    /** Reference model, written independently of the chip. */
    static final class Reference {
        final byte[] mem = new byte[SPAN];

        Reference() {
            Arrays.fill(mem, (byte) 0xFF);
        }

        void program(int addr, byte[] data) {
            int page = addr & ~255;
            byte[] image = new byte[256];
            Arrays.fill(image, (byte) 0xFF);
            for (int i = 0; i < data.length; i++) image[(addr + i - page) & 255] = data[i];
            for (int i = 0; i < 256; i++) mem[page + i] &= image[i];
        }

        void erase(int addr, int size) {
            int base = addr & ~(size - 1);
            Arrays.fill(mem, base, base + size, (byte) 0xFF);
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> addr = Arbitraries.integers().between(0, SPAN - 1);
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300);
        Arbitrary<Op> prog = Combinators.combine(addr, data).as(Prog::new);
        Arbitrary<Op> progNoWel = Combinators.combine(addr, data).as(ProgNoWel::new);
        Arbitrary<Op> erase = Combinators.combine(Arbitraries.of(0x20, 0x52, 0xD8), addr)
                .as((op, a) -> new Erase(op, op == 0x20 ? 4096 : op == 0x52 ? 32768 : 65536, a));
        Arbitrary<Op> read = Combinators.combine(addr, Arbitraries.integers().between(1, 600)).as(Read::new);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, prog), net.jqwik.api.Tuple.of(1, progNoWel),
                        net.jqwik.api.Tuple.of(1, erase), net.jqwik.api.Tuple.of(4, read))
                .list().ofMaxSize(40);
    }

    @Property(tries = 150)
    void modelAgreesWithReference(@ForAll("ops") List<Op> ops) {
        ManualClock clock = new ManualClock();
        NorChip chip = new NorChip(PART, new ArrayNorStorage(PART.sizeBytes()), clock, 5);
        SpiHost host = new SpiHost(chip, clock);
        Reference ref = new Reference();
        for (Op op : ops) {
            if (op instanceof Prog p) {
                host.programAndWait(p.addr(), p.data());
                ref.program(p.addr(), p.data());
            } else if (op instanceof ProgNoWel p) {
                host.program(0x02, p.addr(), p.data());
                assertThat(chip.isBusy()).isFalse();
            } else if (op instanceof Erase e) {
                host.eraseAndWait(e.opcode(), e.addr());
                ref.erase(e.addr(), e.size());
            } else if (op instanceof Read r) {
                int len = Math.min(r.len(), SPAN - r.addr());
                assertThat(host.read(r.addr(), len)).isEqualTo(Arrays.copyOfRange(ref.mem, r.addr(), r.addr() + len));
            }
        }
        assertThat(host.read(0, SPAN)).isEqualTo(ref.mem);
    }
}
