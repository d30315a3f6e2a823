package io.xipkit.devices.nor;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.devices.nor.SfdpDecoder.EraseType;
import io.xipkit.devices.nor.SfdpDecoder.FastRead;
import io.xipkit.time.ManualClock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every catalog part: JEDEC ID and SFDP read through the transaction interface, checked
 * against values typed in here from the datasheets (not from the catalog entries).
 */
class CatalogSfdpTest {
    record Expect(String part, int[] id, long bytes, String addressing, List<EraseType> erases, List<FastRead> reads) {}

    static EraseType e(long size, int op) {
        return new EraseType(size, op, Double.NaN);
    }

    static FastRead r(String proto, int op, int dummy, int mode) {
        return new FastRead(proto, op, dummy, mode);
    }

    static Stream<Arguments> parts() {
        return Stream.of(
                // W25Q128JV Rev F: §8.2.29 (ID), §6 (erase sizes), Table 8.1.2 (opcodes), §8.2.6-8.2.10 (dummy clocks).
                // The part's own table (Linux commit 83e824a4a595 dump) reports BBh as 2 mode + 2 wait clocks
                // and a 4-4-4 EBh read (0 wait, 2 mode clocks) that the -IQ datasheet does not document.
                new Expect("W25Q128JV", new int[] {0xEF, 0x40, 0x18}, 16L << 20, "3",
                        List.of(e(4096, 0x20), e(32768, 0x52), e(65536, 0xD8)),
                        List.of(r("1-1-2", 0x3B, 8, 0), r("1-2-2", 0xBB, 2, 2), r("1-1-4", 0x6B, 8, 0), r("1-4-4", 0xEB, 4, 2),
                                r("4-4-4", 0xEB, 0, 2))),
                // W25Q128JV-IM: EF 70 18 (flashrom "W25Q128.V..M", Linux 83e824a4a595); same array and reads
                // as the -IQ part plus the QPI EBh read at its default Set Read Parameters (2 mode clocks).
                new Expect("W25Q128JV-IM", new int[] {0xEF, 0x70, 0x18}, 16L << 20, "3",
                        List.of(e(4096, 0x20), e(32768, 0x52), e(65536, 0xD8)),
                        List.of(r("1-1-2", 0x3B, 8, 0), r("1-2-2", 0xBB, 2, 2), r("1-1-4", 0x6B, 8, 0), r("1-4-4", 0xEB, 4, 2),
                                r("4-4-4", 0xEB, 0, 2))),
                // MT25QL512ABB: Read ID table; command set; default dummy cycles from the NVCR/VCR default (0 = default).
                // 2-2-2 BBh: the dual I/O protocol (EVCR bit 6, ufprog vendor-micron.c); the N25Q256A's own
                // table (QEMU m25p80_sfdp.c) also names BBh as its 2-2-2 read.
                new Expect("MT25QL512ABB", new int[] {0x20, 0xBA, 0x20}, 64L << 20, "3/4",
                        List.of(e(4096, 0x20), e(32768, 0x52), e(65536, 0xD8)),
                        List.of(r("1-1-2", 0x3B, 8, 0), r("1-2-2", 0xBB, 8, 0), r("1-1-4", 0x6B, 8, 0), r("1-4-4", 0xEB, 10, 0),
                                r("2-2-2", 0xBB, 8, 0), r("4-4-4", 0xEB, 10, 0))),
                // MX25UW25645G / MX25LM51245G: RDID; SPI-mode erase opcodes 20h (4KB) and D8h (64KB); no dual/quad reads.
                new Expect("MX25UW25645G", new int[] {0xC2, 0x81, 0x39}, 32L << 20, "3/4",
                        List.of(e(4096, 0x20), e(65536, 0xD8)), List.of()),
                new Expect("MX25LM51245G", new int[] {0xC2, 0x85, 0x3A}, 64L << 20, "3/4",
                        List.of(e(4096, 0x20), e(65536, 0xD8)), List.of()),
                // MX25R6435F: RDID C2 28 17; 2READ 4 dummy; 4READ 6 clocks of which 2 are the P7-P0 indicator.
                new Expect("MX25R6435F", new int[] {0xC2, 0x28, 0x17}, 8L << 20, "3",
                        List.of(e(4096, 0x20), e(32768, 0x52), e(65536, 0xD8)),
                        List.of(r("1-1-2", 0x3B, 8, 0), r("1-2-2", 0xBB, 4, 0), r("1-1-4", 0x6B, 8, 0), r("1-4-4", 0xEB, 4, 2))),
                // IS25LP128: RDJDID 9D 60 18; FRQIO 6 clocks incl. 2 mode clocks; QPI FRQIO.
                new Expect("IS25LP128", new int[] {0x9D, 0x60, 0x18}, 16L << 20, "3",
                        List.of(e(4096, 0x20), e(32768, 0x52), e(65536, 0xD8)),
                        List.of(r("1-1-2", 0x3B, 8, 0), r("1-2-2", 0xBB, 0, 4), r("1-1-4", 0x6B, 8, 0), r("1-4-4", 0xEB, 4, 2),
                                r("4-4-4", 0xEB, 4, 2))),
                // GD25Q128: RDID C8 40 18; SPI reads as the Winbond family. QPI EBh at the default Set Read
                // Parameters (P5-P4 = 00): 4 clocks in all, 2 of them mode clocks (ufprog GigaDevice table).
                new Expect("GD25Q128", new int[] {0xC8, 0x40, 0x18}, 16L << 20, "3",
                        List.of(e(4096, 0x20), e(32768, 0x52), e(65536, 0xD8)),
                        List.of(r("1-1-2", 0x3B, 8, 0), r("1-2-2", 0xBB, 0, 4), r("1-1-4", 0x6B, 8, 0), r("1-4-4", 0xEB, 4, 2),
                                r("4-4-4", 0xEB, 2, 2))))
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("parts")
    void jedecIdAndSfdpMatchTheDatasheet(Expect x) {
        NorPart part = NorCatalog.standard().part(x.part());
        ManualClock clock = new ManualClock();
        NorChip chip = new NorChip(part, new ArrayNorStorage(part.sizeBytes()), clock, 0);
        SpiHost host = new SpiHost(chip, clock);
        byte[] id = host.readNoAddr(0x9F, 3);
        assertThat(id).containsExactly(x.id()[0], x.id()[1], x.id()[2]);
        SfdpDecoder.Sfdp s = SfdpDecoder.decode(host.sfdp(256));
        assertThat(s.densityBytes()).isEqualTo(x.bytes());
        assertThat(s.addressBytes()).isEqualTo(x.addressing());
        assertThat(s.eraseTypes()).extracting(EraseType::size, EraseType::opcode)
                .containsExactlyElementsOf(x.erases().stream().map(t -> org.assertj.core.groups.Tuple.tuple(t.size(), t.opcode())).toList());
        assertThat(s.fastReads()).containsExactlyInAnyOrderElementsOf(x.reads());
        assertThat(s.pageSize()).isEqualTo(256);
    }

    /**
     * The GD25Q128C reports SFDP revision 1.0 (ufprog vendor-gigadevice.c): a JESD216 (first
     * issue) BFPT of 9 DWORDs, so a driver finds no erase times, no page size, no suspend and no
     * QE requirement and must fall back to its defaults, as drivers do on this part.
     */
    @Test
    void gd25q128cReportsAJesd216Revision10TableOfNineDwords() {
        NorPart part = NorCatalog.standard().part("GD25Q128");
        ManualClock clock = new ManualClock();
        NorChip chip = new NorChip(part, new ArrayNorStorage(part.sizeBytes()), clock, 0);
        byte[] raw = new SpiHost(chip, clock).sfdp(256);
        SfdpDecoder.Sfdp s = SfdpDecoder.decode(raw);
        assertThat(s.major()).isEqualTo(1);
        assertThat(s.minor()).isZero();
        assertThat(s.headers()).hasSize(1);
        assertThat(s.headers().get(0)).isEqualTo(new SfdpDecoder.ParameterHeader(0xFF00, 1, 0, 9, 0x30));
        assertThat(s.eraseTypes()).allSatisfy(t -> assertThat(t.typicalMs()).isNaN());
        assertThat(s.qeRequirement()).isEqualTo(-1);
        assertThat(s.suspendSupported()).isFalse();
        // Nothing follows the 9th DWORD: the bytes after the table are unwritten (FFh).
        for (int i = 0x30 + 9 * 4; i < 0x30 + 16 * 4; i++) assertThat(raw[i]).isEqualTo((byte) 0xFF);
    }
}
