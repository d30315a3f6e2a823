package io.xipkit.devices.nor;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.time.ManualClock;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The SFDP area the model builds, compared with SFDP contents read from real parts. The expected
 * bytes are data published with public sources (cited per dump); the comparison covers every
 * field the builder derives from the catalog entry. Fields it cannot know (typical times, which
 * the parts encode coarsely, and bits whose meaning the catalog does not carry) are left out and
 * named below.
 */
class SfdpRealDumpTest {
    /**
     * MX25LM51245G (C2 85 3A), whole SFDP area as `xxd -p` printed it in Macronix's Linux patch
     * "[PATCH v8 8/9] mtd: spi-nor: add support for Macronix Octal flash MX25 series" (linux-spi,
     * 2024-02-01).
     */
    static final String MX25LM51245G = """
            53464450080104fd00070114400000ff8701011c900000ff0a0001080001
            00ff05000105200100ff84000102340100ff0000000000000000ffffffff
            ffffffffe5208affffffff1f00ff00ff00ff00ffeeffffffffff00ffffff
            00ff0c2010d800ff00ff897901008d1200e2cc02674430b030b0f4bdd55c
            000000ff101000200000000000007ca34800000000006666000000000000
            00400fd1fff30fd1fff300050090000500b1002b0095002b0096727103b8
            727103b80000000090a3188200c069960000000000000000727100987271
            00b8727100990000000072710098727100f872710099727100f900000000
            00000000011501d0727106d8000086500000060100000000020001030002
            00000000060100000000000072060002000000eec0697272717100d8f7f6
            0000000014351c0043060f0021dcffff""";

    /**
     * MX25R6435F (C2 28 17): the 16-DWORD basic flash parameter table as Zephyr's
     * nrf52840dk_nrf52840 devicetree records it (property sfdp-bfp, read from the board's part).
     */
    static final String MX25R6435F_BFPT = "e520f1ffffffff0344eb086b083b04bbeeffffffffff00ffffff00ff0c200f5210d800ff"
            + "2372f50082ed04cc44834844" + "30b030b0f7c4d55c00be29fff0d0ffff";

    /**
     * W25Q128JV (EF 40 18), SFDP bytes 0h-BFh from `hexdump -v -C sfdp` in the message of Linux commit
     * 83e824a4a595 "mtd: spi-nor: Correct flags for Winbond w25q128" (L. Walleij, 2023-07-18).
     * Bytes 10h-7Fh are all FFh.
     */
    static final String W25Q128JV_HEADER = "53464450050100ff00050110800000ff";
    static final String W25Q128JV_BFPT = """
            e520f9ffffffff0744eb086b083b42bb
            feffffffffff0000ffff40eb0c200f52
            10d8000036 02a60082ea14c9e9637633
            7a757a75f7a2d55c19f74dffe930f880""";

    @Test
    void winbondBasicTableMatchesTheW25q128jvDump() {
        byte[] model = sfdpOf("W25Q128JV", 256);
        byte[] header = hex(W25Q128JV_HEADER);
        // Signature, revision 1.5, one header; BFPT id, revision 1.5, 16 DWORDs (the pointer may differ).
        assertThat(java.util.Arrays.copyOfRange(model, 0, 12)).containsExactly(java.util.Arrays.copyOfRange(header, 0, 12));
        assertThat(model[15]).isEqualTo(header[15]);
        int[] rb = dwords(hex(W25Q128JV_BFPT), 0, 16);
        int[] mb = tables(model).get(0xFF00);
        for (int dw = 1; dw <= 16; dw++) {
            assertThat(hexOf(mb[dw - 1])).as("BFPT DWORD %d", dw).isEqualTo(hexOf(rb[dw - 1]));
        }
    }

    /**
     * The overrides in the W25Q128JV entry replace only bits the builder cannot derive: every bit
     * they leave alone is already what the part reports.
     */
    @Test
    void w25q128jvOverridesCoverOnlyUnderivableBits() {
        NorPart part = NorCatalog.standard().part("W25Q128JV");
        int[] derived = SfdpBuilder.derivedBfpt(part);
        int[] rb = dwords(hex(W25Q128JV_BFPT), 0, 16);
        int[] mask = new int[16];
        for (NorPart.BfptOverride o : part.sfdp().bfptOverrides()) mask[o.dword() - 1] |= o.maskBits();
        for (int dw = 1; dw <= 16; dw++) {
            assertThat(hexOf(derived[dw - 1] & ~mask[dw - 1])).as("derived BFPT DWORD %d", dw)
                    .isEqualTo(hexOf(rb[dw - 1] & ~mask[dw - 1]));
        }
        // The derived fields the comparison relies on are not masked away.
        assertThat(mask[1]).as("density").isZero();
        assertThat(mask[2]).as("quad reads").isZero();
        assertThat(mask[7]).as("erase types 1-2").isZero();
        assertThat(mask[12]).as("suspend/resume opcodes").isZero();
        assertThat(mask[13]).as("deep power-down").isZero();
        assertThat(mask[14] & 0x00700000).as("QER").isZero();
    }

    @Test
    void octalPartTablesMatchTheMx25lm51245gDump() {
        byte[] real = hex(MX25LM51245G);
        byte[] model = sfdpOf("MX25LM51245G", 512);
        Map<Integer, int[]> r = tables(real);
        Map<Integer, int[]> m = tables(model);
        assertThat(m.keySet()).containsExactlyElementsOf(r.keySet()); // FF00, FF05, FF0A, FF84, FF87

        int[] rb = r.get(0xFF00);
        int[] mb = m.get(0xFF00);
        assertThat(mb).hasSameSizeAs(rb);
        for (int dw : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 17, 18, 19, 20}) {
            assertThat(hexOf(mb[dw - 1])).as("BFPT DWORD %d", dw).isEqualTo(hexOf(rb[dw - 1]));
        }
        // DWORD 14: deep power-down support, B9h/ABh, exit delay (30 µs); bits 1:0 reserved.
        assertThat(mb[13] & 0xFFFFFFFC).isEqualTo(rb[13] & 0xFFFFFFFC);
        // DWORD 16: 4-byte address entry/exit methods and soft reset (66h/99h); bits 7:0 not compared.
        assertThat(mb[15] & 0xFFFFFF00).isEqualTo(rb[15] & 0xFFFFFF00);
        // Page size (DWORD 11 bits 7:4).
        assertThat((mb[10] >>> 4) & 0xF).isEqualTo((rb[10] >>> 4) & 0xF);

        // 4-byte address instruction table: supported instructions (defined bits 15:0) and erase opcodes.
        assertThat(m.get(0xFF84)[0] & 0xFFFF).isEqualTo(r.get(0xFF84)[0] & 0xFFFF);
        assertThat(hexOf(m.get(0xFF84)[1])).isEqualTo(hexOf(r.get(0xFF84)[1]));
        for (int id : new int[] {0xFF05, 0xFF0A, 0xFF87}) {
            assertThat(m.get(id)).as("table %X", id).containsExactly(r.get(id));
        }
    }

    @Test
    void quadPartBasicTableMatchesTheMx25r6435fDump() {
        byte[] realBfpt = hex(MX25R6435F_BFPT);
        int[] rb = dwords(realBfpt, 0, 16);
        int[] mb = tables(sfdpOf("MX25R6435F", 256)).get(0xFF00);
        for (int dw : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 13}) {
            assertThat(hexOf(mb[dw - 1])).as("BFPT DWORD %d", dw).isEqualTo(hexOf(rb[dw - 1]));
        }
        assertThat(mb[13] & 0xFFFFFF00).as("DWORD 14: DPD B9h/ABh, exit delay 40 µs").isEqualTo(rb[13] & 0xFFFFFF00);
        assertThat(mb[13] & 0x0C).as("DWORD 14: busy polled with 05h bit 0").isEqualTo(rb[13] & 0x0C);
        assertThat(mb[14] & 0x00700200).as("DWORD 15: QE = SR bit 6, 0-4-4 mode").isEqualTo(rb[14] & 0x00700200);
        assertThat(mb[15] & 0x3F00).as("DWORD 16: soft reset 66h/99h").isEqualTo(rb[15] & 0x3F00);
        assertThat((mb[10] >>> 4) & 0xF).isEqualTo((rb[10] >>> 4) & 0xF);
        assertThat((mb[10] >>> 14) & 0x3FF).as("DWORD 11: byte program first 32 µs, next 1 µs").isEqualTo((rb[10] >>> 14) & 0x3FF);
    }

    /**
     * MT25QL512ABB1EW9 on an STM32H757 board: BFPT DWORD 16 bits 31:24 ("Enter 4-Byte Addressing",
     * JESD216 6.4.19) read 0x36 in the debugger (zephyrproject-rtos/zephyr issue #57498, 2023-05-02):
     * bit 1 (issue WREN 06h, then B7h), bit 2 (8-bit extended address register), bit 4 (NVCR 3/4-byte
     * bit, B5h/B1h), bit 5 (dedicated 4-byte instruction set); bit 0 (B7h without WREN) clear. So the
     * part itself says ENTER 4-BYTE ADDRESS MODE needs WRITE ENABLE, as ST's component does it
     * (mt25tl01g.c MT25TL01G_Enter4BytesAddressMode: WriteEnable, then B7h). The bits the builder
     * derives from the catalog (0, 1, 5, 6) must match; 2 and 4 are not in the catalog's terms.
     */
    static final int MT25QL512ABB_ENTER_4BA = 0x36;

    @Test
    void mt25ql512abbSaysEnter4ByteModeNeedsWriteEnableAsTheRealPartsSfdpDoes() {
        int[] mb = tables(sfdpOf("MT25QL512ABB", 512)).get(0xFF00);
        int enter4 = mb[15] >>> 24;
        int derived = 0b0110_0011;
        assertThat(hexOf(enter4 & derived)).isEqualTo(hexOf(MT25QL512ABB_ENTER_4BA & derived));
    }

    private static byte[] sfdpOf(String partName, int len) {
        NorPart part = NorCatalog.standard().part(partName);
        ManualClock clock = new ManualClock();
        NorChip chip = new NorChip(part, new ArrayNorStorage(part.sizeBytes()), clock, 0);
        return new SpiHost(chip, clock).sfdp(len);
    }

    /** Parameter tables by 16-bit id, as their headers describe them. */
    private static Map<Integer, int[]> tables(byte[] b) {
        assertThat(new String(b, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("SFDP");
        int n = (b[6] & 0xFF) + 1;
        Map<Integer, int[]> t = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            int at = 8 + 8 * i;
            int id = (b[at] & 0xFF) | (b[at + 7] & 0xFF) << 8;
            int len = b[at + 3] & 0xFF;
            int ptr = (b[at + 4] & 0xFF) | (b[at + 5] & 0xFF) << 8 | (b[at + 6] & 0xFF) << 16;
            t.put(id, dwords(b, ptr, len));
        }
        return t;
    }

    private static int[] dwords(byte[] b, int at, int n) {
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            int p = at + 4 * i;
            d[i] = (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
        }
        return d;
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    private static String hexOf(int v) {
        return String.format("%08X", v);
    }
}
