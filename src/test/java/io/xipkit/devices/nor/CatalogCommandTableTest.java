package io.xipkit.devices.nor;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.peripherals.xspi.PhaseFormat;
import io.xipkit.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command of every catalog part, with every protocol form the part takes it in (JESD216
 * notation: instruction-address-data lines, D = double transfer rate), written out per part with
 * the command table it comes from. Two checks per part: the catalog entry (with its derived
 * protocol forms) has exactly these forms, no more and no fewer; and a chip put into each
 * protocol decodes each opcode listed for that protocol (the instruction is not "unknown" there).
 *
 * <p>The rows were drafted from the entries and checked against the sources named per part; where
 * an entry marks a form unverified, so does this table (in the part's source line). The twin
 * MT25TL01G is two MT25QL512ABB dies and has no table of its own.
 */
class CatalogCommandTableTest {
    /** One part's commands: "opcode form form ..." per line. */
    record PartTable(String part, String source, String rows) {
        @Override
        public String toString() {
            return part;
        }

        Set<String> forms() {
            Set<String> s = new TreeSet<>();
            for (String line : rows.strip().split("\\n")) {
                String[] f = line.trim().split("\\s+");
                for (int i = 1; i < f.length; i++) s.add(f[0] + " " + f[i]);
            }
            return s;
        }
    }

    /** The two octal Macronix parts share one command set (their datasheets' tables agree). */
    private static final String MACRONIX_OCTAL = """
                    06 1-0-0
                    04 1-0-0
                    05 1-0-1
                    15 1-0-1
                    01 1-0-1
                    71 1-1-1
                    72 1-1-1
                    9F 1-0-1
                    5A 1-1-1
                    03 1-1-1
                    0B 1-1-1
                    13 1-1-1
                    0C 1-1-1
                    02 1-1-1
                    12 1-1-1
                    20 1-1-0
                    21 1-1-0
                    D8 1-1-0
                    DC 1-1-0
                    60 1-0-0
                    C7 1-0-0
                    B0 1-0-0
                    30 1-0-0
                    B9 1-0-0
                    AB 1-0-0
                    66 1-0-0
                    99 1-0-0
                    06F9 8-0-0 8D-0-0
                    04FB 8-0-0 8D-0-0
                    05FA 8-8-8 8D-8D-8D
                    9F60 8-8-8 8D-8D-8D
                    5AA5 8-8-8 8D-8D-8D
                    EC13 8-8-8
                    12ED 8-8-8 8D-8D-8D
                    21DE 8-8-0 8D-8D-0
                    DC23 8-8-0 8D-8D-0
                    609F 8-0-0 8D-0-0
                    718E 8-8-8 8D-8D-8D
                    728D 8-8-8 8D-8D-8D
                    B04F 8-0-0 8D-0-0
                    30CF 8-0-0 8D-0-0
                    B946 8-0-0 8D-0-0
                    AB54 8-0-0 8D-0-0
                    6699 8-0-0 8D-0-0
                    9966 8-0-0 8D-0-0
                    EE11 8D-8D-8D
                    """;

    static Stream<PartTable> tables() {
        return Stream.of(
            new PartTable("W25Q128JV",
                    "Winbond W25Q128JV datasheet Rev F, §8.1 \"Instruction Set Table\" 1-3 (as the entry cites; erases F1 flashrom; 77h E1 esp-idf)",
                    """
                    06 1-0-0
                    50 1-0-0
                    04 1-0-0
                    05 1-0-1
                    35 1-0-1
                    15 1-0-1
                    01 1-0-1
                    31 1-0-1
                    11 1-0-1
                    9F 1-0-1
                    90 1-1-1
                    5A 1-1-1
                    03 1-1-1
                    0B 1-1-1
                    3B 1-1-2
                    6B 1-1-4
                    BB 1-2-2
                    EB 1-4-4
                    02 1-1-1
                    32 1-1-4
                    77 1-4-4
                    20 1-1-0
                    52 1-1-0
                    D8 1-1-0
                    C7 1-0-0
                    60 1-0-0
                    75 1-0-0
                    7A 1-0-0
                    B9 1-0-0
                    AB 1-0-1
                    66 1-0-0
                    99 1-0-0
                    """),
            new PartTable("W25Q128JV-IM",
                    "Winbond W25Q128JV-DTR (-IM/JM) instruction set: the -IQ Rev F tables plus QPI/DTR (K2 Linux 83e824a4a595, F1 flashrom, U1 ufprog); DTR/QPI forms unverified as the entry says",
                    """
                    06 1-0-0 4-0-0
                    50 1-0-0 4-0-0
                    04 1-0-0 4-0-0
                    05 1-0-1 4-0-4
                    35 1-0-1 4-0-4
                    15 1-0-1 4-0-4
                    01 1-0-1 4-0-4
                    31 1-0-1 4-0-4
                    11 1-0-1 4-0-4
                    9F 1-0-1 4-0-4
                    90 1-1-1
                    5A 1-1-1
                    03 1-1-1
                    0B 1-1-1 4-4-4
                    3B 1-1-2
                    6B 1-1-4
                    BB 1-2-2
                    EB 1-4-4 4-4-4
                    02 1-1-1 4-4-4
                    32 1-1-4
                    77 1-4-4
                    20 1-1-0 4-4-0
                    52 1-1-0 4-4-0
                    D8 1-1-0 4-4-0
                    C7 1-0-0 4-0-0
                    60 1-0-0 4-0-0
                    75 1-0-0 4-0-0
                    7A 1-0-0 4-0-0
                    B9 1-0-0 4-0-0
                    AB 1-0-1 4-0-4
                    66 1-0-0 4-0-0
                    99 1-0-0 4-0-0
                    0D 1-1D-1D 4-4D-4D
                    BD 1-2D-2D
                    ED 1-4D-4D 4-4D-4D
                    38 1-0-0
                    FF 4-0-0
                    C0 4-0-4
                    0C 4-4-4
                    """),
            new PartTable("MT25QL512ABB",
                    "Micron MT25Q datasheet Table \"Command Set\" as ST's MT25TL01G component lists it (S2 mt25tl01g.h: incl. DTR 0Dh/0Eh/3Dh/BDh/6Dh/EDh/EEh), N1 N25Q256A Table 18 and 20 for the dual/quad protocol forms, L3 Linux spi-nor.h for BEh",
                    """
                    06 1-0-0 2-0-0 4-0-0
                    04 1-0-0 2-0-0 4-0-0
                    05 1-0-1 2-0-2 4-0-4
                    01 1-0-1 2-0-2 4-0-4
                    70 1-0-1 2-0-2 4-0-4
                    50 1-0-0 2-0-0 4-0-0
                    B5 1-0-1 2-0-2 4-0-4
                    B1 1-0-1 2-0-2 4-0-4
                    85 1-0-1 2-0-2 4-0-4
                    81 1-0-1 2-0-2 4-0-4
                    65 1-0-1 2-0-2 4-0-4
                    61 1-0-1 2-0-2 4-0-4
                    9F 1-0-1
                    9E 1-0-1
                    5A 1-1-1 2-2-2 4-4-4
                    03 1-1-1
                    0B 1-1-1 4-4-4 2-2-2
                    3B 1-1-2 2-2-2
                    BB 1-2-2 2-2-2
                    6B 1-1-4 4-4-4
                    EB 1-4-4 4-4-4
                    0D 1-1D-1D 4-4D-4D 2-2D-2D
                    6D 1-1D-4D 4-4D-4D
                    ED 1-4D-4D 4-4D-4D
                    3D 1-1D-2D 2-2D-2D
                    BD 1-2D-2D 2-2D-2D
                    0E 1-1D-1D 4-4D-4D 2-2D-2D
                    BE 1-2D-2D 2-2D-2D
                    EE 1-4D-4D 4-4D-4D
                    13 1-1-1
                    0C 1-1-1 4-4-4 2-2-2
                    3C 1-1-2 2-2-2
                    BC 1-2-2 2-2-2
                    6C 1-1-4 4-4-4
                    EC 1-4-4 4-4-4
                    02 1-1-1 2-2-2 4-4-4
                    32 1-1-4 4-4-4
                    12 1-1-1 4-4-4
                    34 1-1-4 4-4-4
                    20 1-1-0 2-2-0 4-4-0
                    52 1-1-0 2-2-0 4-4-0
                    D8 1-1-0 2-2-0 4-4-0
                    21 1-1-0 2-2-0 4-4-0
                    5C 1-1-0 2-2-0 4-4-0
                    DC 1-1-0 2-2-0 4-4-0
                    C7 1-0-0 2-0-0 4-0-0
                    60 1-0-0 2-0-0 4-0-0
                    B7 1-0-0 2-0-0 4-0-0
                    E9 1-0-0 2-0-0 4-0-0
                    35 1-0-0 2-0-0 4-0-0
                    F5 1-0-0 2-0-0 4-0-0
                    75 1-0-0 2-0-0 4-0-0
                    7A 1-0-0 2-0-0 4-0-0
                    B9 1-0-0 2-0-0 4-0-0
                    AB 1-0-0 2-0-0 4-0-0
                    66 1-0-0 2-0-0 4-0-0
                    99 1-0-0 2-0-0 4-0-0
                    AF 4-0-4 2-0-2
                    """),
            new PartTable("MX25UW25645G",
                    "Macronix MX25UW25645G datasheet \"Command Set\" (SPI and OPI tables; L1/L2 Linux macronix.c, family SFDP)",
                    MACRONIX_OCTAL),
            new PartTable("MX25LM51245G",
                    "Macronix MX25LM51245G datasheet \"Command Set\" (SPI and OPI tables; L1 the part's SFDP dump incl. 4BAIT and FF0A;"
                            + " RDSCUR 2Bh/2BD4h, which ST's MX25LM51245G loader reads)",
                    MACRONIX_OCTAL + """
                    2B 1-0-1
                    2BD4 8-8-8 8D-8D-8D
                    """),
            new PartTable("MX25R6435F",
                    "Macronix MX25R6435F datasheet \"Command Set\" (Z1 Zephyr BFPT: 3Bh/BBh/6Bh/EBh, 20h/52h/D8h, B0h/30h)",
                    """
                    06 1-0-0
                    04 1-0-0
                    05 1-0-1
                    15 1-0-1
                    2B 1-0-1
                    01 1-0-1
                    9F 1-0-1
                    90 1-1-1
                    5A 1-1-1
                    03 1-1-1
                    0B 1-1-1
                    3B 1-1-2
                    BB 1-2-2
                    6B 1-1-4
                    EB 1-4-4
                    02 1-1-1
                    38 1-4-4
                    20 1-1-0
                    52 1-1-0
                    D8 1-1-0
                    60 1-0-0
                    C7 1-0-0
                    B0 1-0-0
                    75 1-0-0
                    30 1-0-0
                    7A 1-0-0
                    B9 1-0-0
                    AB 1-0-1
                    66 1-0-0
                    99 1-0-0
                    """),
            new PartTable("IS25LP128",
                    "ISSI IS25LP128 datasheet \"Instruction Set\" table (A1, F1, F2, U1, H1, X1 as the entry cites; BDh and QPI DTR unverified)",
                    """
                    06 1-0-0 4-0-0
                    04 1-0-0
                    05 1-0-1 4-0-4
                    01 1-0-1
                    48 1-0-1
                    42 1-0-1
                    C0 1-0-1 4-0-4
                    63 1-0-1 4-0-4
                    65 1-0-1 4-0-4
                    61 1-0-1 4-0-4
                    9F 1-0-1
                    5A 1-1-1
                    03 1-1-1
                    0B 1-1-1 4-4-4
                    3B 1-1-2
                    BB 1-2-2
                    6B 1-1-4
                    EB 1-4-4 4-4-4
                    0D 1-1D-1D 4-4D-4D
                    ED 1-4D-4D 4-4D-4D
                    BD 1-2D-2D
                    02 1-1-1 4-4-4
                    32 1-1-4
                    20 1-1-0 4-4-0
                    D7 1-1-0
                    52 1-1-0
                    D8 1-1-0
                    C7 1-0-0
                    60 1-0-0
                    35 1-0-0
                    F5 4-0-0
                    AF 4-0-4
                    66 4-0-0 1-0-0
                    99 4-0-0 1-0-0
                    75 1-0-0
                    B0 1-0-0
                    7A 1-0-0
                    30 1-0-0
                    B9 1-0-0
                    AB 1-0-1
                    """),
            new PartTable("GD25Q128",
                    "GigaDevice GD25Q128C datasheet \"Commands Description\" table (P3 contents list, F1, U1, U2, E1 as the entry cites)",
                    """
                    06 1-0-0 4-0-0
                    50 1-0-0
                    04 1-0-0
                    05 1-0-1 4-0-4
                    35 1-0-1
                    15 1-0-1
                    01 1-0-1
                    31 1-0-1
                    11 1-0-1
                    9F 1-0-1 4-0-4
                    90 1-1-1
                    5A 1-1-1
                    03 1-1-1
                    0B 1-1-1 4-4-4
                    3B 1-1-2
                    BB 1-2-2
                    6B 1-1-4
                    EB 1-4-4 4-4-4
                    02 1-1-1 4-4-4
                    32 1-1-4
                    77 1-4-4
                    20 1-1-0 4-4-0
                    52 1-1-0
                    D8 1-1-0
                    C7 1-0-0
                    60 1-0-0
                    38 1-0-0
                    FF 4-0-0
                    C0 4-0-4
                    0C 4-4-4
                    66 4-0-0 1-0-0
                    99 4-0-0 1-0-0
                    75 1-0-0
                    7A 1-0-0
                    B9 1-0-0
                    AB 1-0-1
                    """)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void theEntryHasExactlyTheCommandFormsOfTheTable(PartTable t) {
        NorPart p = NorCatalog.standard().part(t.part());
        Set<String> entry = p.commands().stream().map(c -> c.op().replace(" ", "") + " " + c.proto())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(entry).as("%s command forms (source: %s)", t.part(), t.source()).isEqualTo(t.forms());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void aChipInEachProtocolDecodesEveryOpcodeListedForIt(PartTable t) {
        NorPart p = NorCatalog.standard().part(t.part());
        List<String> undecoded = new ArrayList<>();
        for (String protocol : List.of("1", "2", "4", "8", "8D")) {
            List<String> ops = t.forms().stream().filter(f -> f.split(" ")[1].startsWith(protocol + "-"))
                    .map(f -> f.split(" ")[0]).distinct().toList();
            if (ops.isEmpty()) continue;
            NorChip chip = new NorChip(p, new ArrayNorStorage(p.sizeBytes()), clock, 1);
            enter(chip, t.part(), protocol);
            PhaseFormat fmt = PhaseFormat.parse(protocol);
            for (String op : ops) {
                int before = chip.warnings().size();
                chip.select(); // a new select drops the previous transaction unexecuted
                chip.instruction((int) NorPart.Hex.parse(op), op.length() / 2, fmt);
                for (ModelWarning w : chip.warnings().subList(before, chip.warnings().size())) {
                    if (w.message().contains("unknown instruction") || w.message().contains("while the part is in")
                            || w.message().contains("busy")) {
                        undecoded.add(protocol + "-line " + op + "h: " + w.message());
                    }
                }
            }
        }
        assertThat(undecoded).as("%s (source: %s)", t.part(), t.source()).isEmpty();
    }

    private final ManualClock clock = new ManualClock();

    private void settle() {
        clock.setPicos(clock.nowPicos() + 10_000_000_000_000L); // past any status-write time
    }

    private static void run(NorChip c, int op, PhaseFormat f) {
        c.select();
        c.instruction(op, f);
        c.deselect();
    }

    private static void write(NorChip c, int op, byte value) {
        c.select();
        c.instruction(op, PhaseFormat.S1);
        c.write(new byte[] {value}, 0, 1, PhaseFormat.S1);
        c.deselect();
    }

    /** Puts a fresh chip into the protocol whose instructions go on {@code protocol} lines. */
    private void enter(NorChip c, String part, String protocol) {
        switch (protocol) {
            case "1" -> { }
            case "2" -> { // Micron EVCR bit 6 = 0
                run(c, 0x06, PhaseFormat.S1);
                write(c, 0x61, (byte) 0xBF);
            }
            case "4" -> {
                if (part.startsWith("MT25Q")) {
                    run(c, 0x35, PhaseFormat.S1);
                } else {
                    boolean issi = part.startsWith("IS25");
                    run(c, 0x06, PhaseFormat.S1);
                    write(c, issi ? 0x01 : 0x31, (byte) (issi ? 0x40 : 0x02)); // QE
                    settle();
                    run(c, issi ? 0x35 : 0x38, PhaseFormat.S1);
                }
            }
            case "8", "8D" -> { // Macronix CR2 at address 0: 1 = STR OPI, 2 = DTR OPI
                run(c, 0x06, PhaseFormat.S1);
                c.select();
                c.instruction(0x72, PhaseFormat.S1);
                c.address(0, 4, PhaseFormat.S1);
                c.write(new byte[] {(byte) (protocol.equals("8") ? 1 : 2)}, 0, 1, PhaseFormat.S1);
                c.deselect();
                settle();
            }
            default -> throw new IllegalArgumentException(protocol);
        }
        settle();
        NorChip.Protocol want = switch (protocol) {
            case "1" -> NorChip.Protocol.SPI;
            case "2" -> NorChip.Protocol.DPI;
            case "4" -> NorChip.Protocol.QPI;
            case "8" -> NorChip.Protocol.OPI;
            default -> NorChip.Protocol.DOPI;
        };
        assertThat(c.protocol()).as("%s entered %s", part, want).isEqualTo(want);
    }
}
