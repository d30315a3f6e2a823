package io.xipkit.cli;

import io.xipkit.devices.nor.ArrayNorStorage;
import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.devices.nor.NorPart;
import io.xipkit.devices.nor.SfdpDecoder;
import io.xipkit.time.ManualClock;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xipkit chips [part]}: the flash catalog, or one part with its decoded SFDP. */
@Command(name = "chips", mixinStandardHelpOptions = true,
        description = "List the SPI NOR flash catalog, or show one part with its decoded SFDP.")
public final class ChipsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "PART", description = "Part name, e.g. W25Q128JV")
    String part;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        NorCatalog cat = NorCatalog.standard();
        if (part == null) {
            Table table = new Table().row("PART", "JEDEC ID", "SIZE", "PAGE", "ERASE", "PROTOCOLS");
            for (NorPart p : cat.all()) {
                table.row(p.part(), p.jedecId(), size(p.sizeBytes()), String.valueOf(p.pageSize()),
                        erases(p), protocols(cat.diePart(p)) + (p.twin() != null ? " (x" + p.twin().dies() + " dies)" : ""));
            }
            out.print(table);
            out.flush();
            return 0;
        }
        NorPart p;
        try {
            p = cat.part(part);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("xipkit chips: " + e.getMessage());
            return 2;
        }
        NorPart die = cat.diePart(p);
        out.printf("%s  %s %s%n", p.part(), p.vendor(), p.description());
        out.printf("  datasheet : %s%n", p.datasheet());
        out.printf("  JEDEC ID  : %s%n", p.jedecId());
        out.printf("  size      : %s (%d bytes)%s%n", size(p.sizeBytes()), p.sizeBytes(),
                p.twin() != null ? ", " + p.twin().dies() + " x " + die.part() + " (" + p.twin().mode() + ")" : "");
        out.printf("  page      : %d bytes%n", p.pageSize());
        out.printf("  erase     : %s%n", erases(p));
        out.printf("  addressing: %s-byte%n", die.addressing());
        out.printf("  protocols : %s%n", protocols(die));
        out.printf("  endurance : %d cycles%n", die.endurance());
        out.println("  timings (typ / max):");
        die.timings().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e ->
                out.printf("    %-16s %12s / %-12s  %s%n", e.getKey(), time(e.getValue().typUs()), time(e.getValue().maxUs()),
                        e.getValue().source()));
        NorChip chip = new NorChip(die, new ArrayNorStorage(die.sizeBytes()), new ManualClock(), 0);
        SfdpDecoder.Sfdp s = SfdpDecoder.decode(chip.sfdp());
        out.printf("  SFDP      : JESD216 rev %d.%d, %d parameter table(s)%n", s.major(), s.minor(), s.headers().size());
        for (SfdpDecoder.ParameterHeader h : s.headers()) {
            out.printf("    table %04Xh rev %d.%d, %d DWORDs at %06Xh%n", h.id(), h.major(), h.minor(), h.dwords(), h.pointer());
        }
        // A JESD216 (rev 1.0) table has 9 DWORDs: page size (DWORD 11), suspend (12) and the QE
        // requirement (15) are then not reported, and a driver falls back to its defaults.
        int bfpt = s.headers().stream().filter(h -> h.id() == 0xFF00).mapToInt(SfdpDecoder.ParameterHeader::dwords).findFirst().orElse(0);
        out.printf("    density %s, %s-byte addressing, page %s, DTR %s, suspend %s, QE requirement %s%n",
                size(s.densityBytes()), s.addressBytes(), bfpt >= 11 ? String.valueOf(s.pageSize()) : "not reported",
                s.dtrSupported() ? "yes" : "no", bfpt >= 12 ? (s.suspendSupported() ? "yes" : "no") : "not reported",
                bfpt >= 15 ? String.valueOf(s.qeRequirement()) : "not reported");
        for (SfdpDecoder.EraseType e : s.eraseTypes()) {
            out.printf("    erase %-6s opcode %02Xh  typ %s%n", size(e.size()), e.opcode(),
                    Double.isNaN(e.typicalMs()) ? "not reported" : time(e.typicalMs() * 1000));
        }
        for (SfdpDecoder.FastRead r : s.fastReads()) {
            out.printf("    read %-6s opcode %02Xh  %d mode + %d dummy clocks%n", r.protocol(), r.opcode(), r.modeClocks(), r.dummyCycles());
        }
        if (!s.fourByteOpcodes().isEmpty()) {
            out.printf("    4-byte instructions: %s%n",
                    s.fourByteOpcodes().stream().map(o -> String.format("%02Xh", o)).collect(Collectors.joining(" ")));
        }
        for (String n : p.notes()) out.printf("  note: %s%n", n);
        out.flush();
        return 0;
    }

    private static String erases(NorPart p) {
        String s = p.erases().stream().map(e -> size(e.size())).collect(Collectors.joining("/"));
        return s + "/chip";
    }

    private static String protocols(NorPart p) {
        Set<String> ps = new LinkedHashSet<>();
        for (NorPart.Command c : p.commands()) {
            if (c.kind() == NorPart.Kind.READ) ps.add(c.proto());
        }
        return String.join(" ", ps);
    }

    static String size(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) return (bytes >> 20) + " MiB";
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) return (bytes >> 10) + " KiB";
        return bytes + " B";
    }

    private static String time(double us) {
        if (Double.isNaN(us)) return "?";
        if (us >= 1_000_000) return String.format("%.3g s", us / 1_000_000);
        if (us >= 1000) return String.format("%.3g ms", us / 1000);
        return String.format("%.3g us", us);
    }
}
