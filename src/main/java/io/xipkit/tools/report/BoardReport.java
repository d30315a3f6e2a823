package io.xipkit.tools.report;

import io.xipkit.board.Board;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.devices.nor.NorOperation;
import io.xipkit.peripherals.quadspi.ControllerModeLog;
import io.xipkit.peripherals.ModelWarnings;
import io.xipkit.peripherals.quadspi.SpiControllerEngine;
import io.xipkit.tools.run.SymbolLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page (inline CSS and SVG, nothing fetched) about a board's flash, from a
 * run ({@code run --report}) or a state directory ({@code report --state}): a flash map of every
 * flash memory (erase units erased, in use, or full: no erased byte left; ELF sections and MCUboot images
 * outlined), its erase heat map, and — after a run — a timeline of each QUADSPI/XSPI controller's
 * functional mode and of each NOR chip's program/erase operations in virtual time, each named by
 * the firmware function that started it.
 */
public final class BoardReport {
    /** Grids are capped at this many cells; a bigger memory gives each cell several erase units. */
    static final int MAX_CELLS = 4096;
    private static final int PER_ROW = 64, CELL = 9, TIMELINE_WIDTH = 900;
    private static final String ERASED = "#f0f0f0", PARTLY = "#9ecae1", PROGRAMMED = "#3182bd";
    private static final String[] REGION_COLOURS = {"#e6550d", "#31a354", "#756bb1", "#d6616b", "#8c6d31", "#636363"};

    private BoardReport() {}

    /**
     * A controller's mode changes and a chip's operations, for the timelines; {@code symbols} names
     * the firmware function behind each chip operation (from the PC the chip's log recorded).
     */
    public record Activity(List<Lane> controllers, List<ChipLane> chips, long endPicos, SymbolLookup symbols) {
        public static final Activity NONE = new Activity(List.of(), List.of(), 0, SymbolLookup.NONE);
    }

    public record Lane(String name, List<ControllerModeLog.Change> changes) {}

    public record ChipLane(String name, String part, List<NorOperation> operations) {}

    /** The flash maps of {@code board}'s memories (as {@code memories} holds them) with {@code sections} placed on them. */
    public static List<FlashMap> flashMaps(Board board, Map<String, NonVolatileMemory> memories, List<FlashMap.ImageSection> sections) {
        List<FlashMap> maps = new ArrayList<>();
        for (MappedStorage s : MappedStorage.of(board)) {
            NonVolatileMemory m = memories.get(s.storage());
            if (m == null) continue;
            maps.add(FlashMap.of(s, m.array(), NonVolatileMemory.WEAR_UNIT, m.eraseCounts(), sections));
        }
        return maps;
    }

    /**
     * What the board's controllers and chips did, for the timelines of a run that ended at
     * {@code endPicos}; {@code symbols} (of the images run) name the functions behind the chips' operations.
     */
    public static Activity activity(Board board, long endPicos, SymbolLookup symbols) {
        List<Lane> lanes = new ArrayList<>();
        List<ChipLane> chips = new ArrayList<>();
        board.models().forEach((name, model) -> {
            if (model instanceof SpiControllerEngine e) lanes.add(new Lane(name, e.modeLog().changes()));
            if (model instanceof NorChip c) chips.add(new ChipLane(name, c.part().part(), c.operationLog()));
        });
        return new Activity(lanes, chips, endPicos, symbols);
    }

    public static String html(String title, List<FlashMap> maps, Activity activity) {
        StringBuilder h = new StringBuilder(256 * 1024);
        HtmlReport.pageStart(h, title);
        h.append("<h1>").append(HtmlReport.esc(title)).append("</h1>\n");
        if (!activity.controllers().isEmpty() || !activity.chips().isEmpty()) timelines(h, activity);
        for (FlashMap m : maps) flashMap(h, m);
        for (FlashMap m : maps) heatMap(h, m);
        h.append("</body></html>\n");
        return h.toString();
    }

    // ---- flash map ------------------------------------------------------------------------------

    private static void flashMap(StringBuilder h, FlashMap m) {
        MappedStorage s = m.storage();
        int units = m.unitStates().length;
        int per = Math.max(1, (units + MAX_CELLS - 1) / MAX_CELLS);
        int cells = (units + per - 1) / per;
        long cellBytes = (long) per * s.eraseUnit();
        int[] counts = m.counts();
        h.append("<h2>Flash map: <code>").append(HtmlReport.esc(s.storage())).append("</code> — ").append(HtmlReport.esc(s.title()))
                .append("</h2>\n<p>").append(s.size() / 1024).append(" KiB at 0x").append(Long.toHexString(s.cpuBase()))
                .append(s.interleave() > 1 ? " (interleaved)" : "").append(", erase unit ").append(s.eraseUnit() / 1024.0 >= 1
                        ? (s.eraseUnit() / 1024) + " KiB" : s.eraseUnit() + " bytes")
                .append(per > 1 ? ", " + per + " units a cell" : "").append(": <span style=\"color:").append(PROGRAMMED)
                .append("\">&#9632;</span> ").append(counts[FlashMap.PROGRAMMED]).append(" full, <span style=\"color:")
                .append(PARTLY).append("\">&#9632;</span> ").append(counts[FlashMap.PARTLY]).append(" in use, &#9633; ")
                .append(counts[FlashMap.ERASED]).append(" erased.</p>\n");
        List<FlashMap.Region> regions = m.regions();
        SvgGrid.draw(h, "flashmap", "flash map " + s.storage(), PER_ROW, CELL, new SvgGrid.Cells() {
            @Override public int count() { return cells; }

            @Override public String fill(int i) {
                boolean erased = true, programmed = true;
                for (int u = i * per; u < Math.min(units, (i + 1) * per); u++) {
                    byte st = m.unitStates()[u];
                    erased &= st == FlashMap.ERASED;
                    programmed &= st == FlashMap.PROGRAMMED;
                }
                return erased ? ERASED : programmed ? PROGRAMMED : PARTLY;
            }

            @Override public String stroke(int i) {
                int r = regionAt(regions, i * cellBytes, cellBytes);
                return r < 0 ? null : REGION_COLOURS[r % REGION_COLOURS.length];
            }

            @Override public String title(int i) {
                long off = i * cellBytes;
                int r = regionAt(regions, off, cellBytes);
                return String.format("0x%x (CPU 0x%08x): %s%s", off, s.cpuBase() + off * s.interleave() + s.lane(),
                        fill(i).equals(ERASED) ? "erased" : fill(i).equals(PROGRAMMED) ? "full (no erased byte)" : "in use (data and erased bytes)",
                        r < 0 ? "" : "; " + regions.get(r).label());
            }

            @Override public long rowOffset(int row) { return row * PER_ROW * cellBytes; }
        });
        if (regions.isEmpty()) return;
        h.append("<table class=\"regions\"><tr><th></th><th>what</th><th>offset</th><th>bytes</th></tr>\n");
        for (int i = 0; i < regions.size(); i++) {
            FlashMap.Region r = regions.get(i);
            h.append("<tr><td style=\"color:").append(REGION_COLOURS[i % REGION_COLOURS.length]).append("\">&#9633;</td><td>")
                    .append(HtmlReport.esc(r.label())).append("</td><td><code>0x").append(Long.toHexString(r.offset()))
                    .append("</code></td><td>").append(r.length()).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static int regionAt(List<FlashMap.Region> regions, long off, long len) {
        for (int r = 0; r < regions.size(); r++) {
            FlashMap.Region g = regions.get(r);
            if (g.offset() < off + len && off < g.offset() + g.length()) return r;
        }
        return -1;
    }

    private static void heatMap(StringBuilder h, FlashMap m) {
        int[] counts = m.eraseCounts();
        int per = Math.max(1, (counts.length + MAX_CELLS - 1) / MAX_CELLS);
        int cells = (counts.length + per - 1) / per;
        int[] cellMax = new int[cells];
        for (int u = 0; u < counts.length; u++) cellMax[u / per] = Math.max(cellMax[u / per], counts[u]);
        int max = 0;
        for (int c : cellMax) max = Math.max(max, c);
        long cellBytes = (long) per * m.wearUnit();
        int most = max;
        h.append("<h2>Erase heat map: <code>").append(HtmlReport.esc(m.storage().storage())).append("</code></h2>\n<p>")
                .append(counts.length).append(" wear units of ").append(m.wearUnit() / 1024).append(" KiB")
                .append(per > 1 ? ", " + per + " a cell (the most-erased shown)" : "").append("; most erases of one unit: ")
                .append(max).append(".</p>\n");
        SvgGrid.draw(h, "heatmap", "erase heat map " + m.storage().storage(), PER_ROW, CELL, new SvgGrid.Cells() {
            @Override public int count() { return cells; }
            @Override public String fill(int i) { return SvgGrid.heat(cellMax[i], most); }
            @Override public String stroke(int i) { return "#e4e4e4"; }
            @Override public String title(int i) {
                return String.format("0x%x: %d erase%s", i * cellBytes, cellMax[i], cellMax[i] == 1 ? "" : "s");
            }
            @Override public long rowOffset(int row) { return row * PER_ROW * cellBytes; }
        });
    }

    // ---- timelines ------------------------------------------------------------------------------

    private static String modeColour(String mode) {
        return switch (mode) {
            case "memory-mapped" -> "#3182bd";
            case "indirect write" -> "#e6550d";
            case "indirect read" -> "#fdae6b";
            case "automatic polling" -> "#a1d99b";
            case "aborted" -> "#d0312d";
            default -> "#d9d9d9";
        };
    }

    private static void timelines(StringBuilder h, Activity a) {
        long end = Math.max(1, a.endPicos());
        int rows = a.controllers().size() + a.chips().size();
        int rowH = 18, label = 150;
        h.append("<h2>Timeline</h2>\n<p>").append(String.format(Locale.ROOT, "0 to %.3f ms of virtual time", end / 1e9))
                .append(". Controllers: <span style=\"color:").append(modeColour("memory-mapped")).append("\">&#9632;</span> memory-mapped, ")
                .append("<span style=\"color:").append(modeColour("indirect write")).append("\">&#9632;</span> indirect write, ")
                .append("<span style=\"color:").append(modeColour("indirect read")).append("\">&#9632;</span> indirect read, ")
                .append("<span style=\"color:").append(modeColour("automatic polling")).append("\">&#9632;</span> polling, ")
                .append("<span style=\"color:").append(modeColour("aborted")).append("\">&#9632;</span> aborted. Chips: ")
                .append("<span style=\"color:#d0312d\">&#9632;</span> erase, <span style=\"color:#31a354\">&#9632;</span> program, ")
                .append("<span style=\"color:#969696\">&#9632;</span> register write (busy).</p>\n");
        h.append("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(label + TIMELINE_WIDTH)
                .append("\" height=\"").append(rows * rowH).append("\" role=\"img\" aria-label=\"controller and chip timeline\">\n");
        int row = 0;
        for (Lane l : a.controllers()) {
            int y = row++ * rowH;
            h.append("<text x=\"0\" y=\"").append(y + 12).append("\" font-size=\"11\">").append(HtmlReport.esc(l.name())).append("</text>\n");
            List<ControllerModeLog.Change> ch = l.changes();
            for (int i = 0; i < ch.size(); i++) {
                long from = ch.get(i).picos(), to = i + 1 < ch.size() ? ch.get(i + 1).picos() : end;
                int x0 = x(from, end), x1 = Math.max(x0 + 1, x(to, end));
                if (i + 1 < ch.size() && x(ch.get(i + 1).picos(), end) == x0 && x1 == x0 + 1) continue;   // sub-pixel: the next one shows
                h.append("<rect class=\"mode\" x=\"").append(label + x0).append("\" y=\"").append(y + 2).append("\" width=\"")
                        .append(x1 - x0).append("\" height=\"").append(rowH - 4).append("\" fill=\"").append(modeColour(ch.get(i).mode()))
                        .append("\"><title>").append(HtmlReport.esc(String.format(Locale.ROOT, "%s from %.6f ms to %.6f ms%s",
                                ch.get(i).mode(), from / 1e9, to / 1e9, setBy(ch.get(i).pc(), a.symbols())))).append("</title></rect>\n");
            }
        }
        for (ChipLane c : a.chips()) {
            int y = row++ * rowH;
            h.append("<text x=\"0\" y=\"").append(y + 12).append("\" font-size=\"11\">").append(HtmlReport.esc(c.name() + " " + c.part()))
                    .append("</text>\n");
            chipLane(h, c, end, label, y, rowH, a.symbols());
        }
        h.append("</svg>\n");
        callers(h, a);
    }

    private static String setBy(long pc, SymbolLookup symbols) {
        String fn = function(pc, symbols);
        return fn == null ? "" : ", set by " + fn;
    }

    /** The function a chip operation's PC falls in ("name" of "name+0x1c"), or its address, or null without a PC. */
    static String function(long pc, SymbolLookup symbols) {
        if (pc == ModelWarnings.NO_PC) return null;
        String d = symbols.describe((int) pc);
        if (d == null) return String.format("0x%08x", pc);
        int plus = d.indexOf('+');
        return plus > 0 ? d.substring(0, plus) : d;
    }

    /**
     * Below the timeline: for each chip, the firmware functions that kept it busy (the function the
     * core was in when the chip took each program, erase or register write), with how many
     * operations of each kind and the first one's time, so a busy span names its cause.
     */
    private static void callers(StringBuilder h, Activity a) {
        boolean any = false;
        for (ChipLane c : a.chips()) {
            Map<String, int[]> byFunction = new java.util.TreeMap<>();
            Map<String, Long> firstAt = new java.util.HashMap<>();
            for (NorOperation op : c.operations()) {
                String fn = op.endPicos() > op.startPicos() ? function(op.pc(), a.symbols()) : null;
                if (fn == null) continue;
                byFunction.computeIfAbsent(fn, k -> new int[3])[kind(op) - 1]++;
                firstAt.putIfAbsent(fn, op.startPicos());
            }
            if (byFunction.isEmpty()) continue;
            if (!any) {
                h.append("<table class=\"callers\"><tr><th>chip</th><th>function</th><th>erases</th><th>programs</th>")
                        .append("<th>register writes</th><th>first at</th></tr>\n");
                any = true;
            }
            byFunction.forEach((fn, n) -> h.append("<tr><td>").append(HtmlReport.esc(c.name())).append("</td><td><code>")
                    .append(HtmlReport.esc(fn)).append("</code></td><td>").append(n[2]).append("</td><td>").append(n[1])
                    .append("</td><td>").append(n[0]).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.3f ms", firstAt.get(fn) / 1e9)).append("</td></tr>\n"));
        }
        if (any) h.append("</table>\n");
    }

    /** 3 erase, 2 program, 1 anything else that keeps the chip busy. */
    private static int kind(NorOperation op) {
        String cmd = op.command().toLowerCase(Locale.ROOT);
        return cmd.contains("erase") ? 3 : cmd.contains("program") ? 2 : 1;
    }

    /** Busy spans per pixel column, the most significant kind winning (erase, then program, then the rest). */
    private static void chipLane(StringBuilder h, ChipLane c, long end, int label, int y, int rowH, SymbolLookup symbols) {
        int[] kind = new int[TIMELINE_WIDTH];
        int[] ops = new int[TIMELINE_WIDTH];
        String[] first = new String[TIMELINE_WIDTH];
        for (NorOperation op : c.operations()) {
            if (op.endPicos() <= op.startPicos()) continue;                 // instantaneous: reads, WREN, ...
            int k = kind(op);
            int x0 = Math.min(TIMELINE_WIDTH - 1, x(op.startPicos(), end));
            int x1 = Math.min(TIMELINE_WIDTH - 1, x(op.endPicos(), end));
            for (int x = x0; x <= x1; x++) {
                if (k > kind[x]) kind[x] = k;
                if (ops[x]++ == 0) {
                    String fn = function(op.pc(), symbols);
                    first[x] = String.format(Locale.ROOT, "%s at 0x%x, %.3f..%.3f ms, %s%s", op.command(), op.address(),
                            op.startPicos() / 1e9, op.endPicos() / 1e9, op.outcome(), fn == null ? "" : ", from " + fn);
                }
            }
        }
        for (int x = 0; x < TIMELINE_WIDTH; ) {
            if (kind[x] == 0) {
                x++;
                continue;
            }
            int k = kind[x], x0 = x, n = 0;
            while (x < TIMELINE_WIDTH && kind[x] == k) n += ops[x++];
            String colour = k == 3 ? "#d0312d" : k == 2 ? "#31a354" : "#969696";
            h.append("<rect class=\"busy\" x=\"").append(label + x0).append("\" y=\"").append(y + 2).append("\" width=\"")
                    .append(x - x0).append("\" height=\"").append(rowH - 4).append("\" fill=\"").append(colour).append("\"><title>")
                    .append(HtmlReport.esc(first[x0] + (n > 1 ? " (and more in this span)" : ""))).append("</title></rect>\n");
        }
    }

    private static int x(long picos, long end) {
        return (int) Math.min(TIMELINE_WIDTH, Math.round((double) picos / end * TIMELINE_WIDTH));
    }
}
