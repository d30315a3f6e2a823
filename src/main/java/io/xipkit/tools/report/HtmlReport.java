package io.xipkit.tools.report;

import io.xipkit.tools.campaign.CampaignResult;
import io.xipkit.tools.campaign.CutRecord;
import io.xipkit.tools.campaign.MemorySummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page (inline CSS and SVG, no script, nothing fetched) from a campaign's
 * results: the campaign matrix (each flash operation of the run × where it was cut → survived or
 * failed, failures linked to their reproducer) and, per flash memory, the erase counts of the uncut
 * run as a heat map over its 4 KiB wear units.
 */
public final class HtmlReport {
    private static final int CELL = 7, GAP = 1, OPS_PER_ROW = 96;
    private static final String OK = "#3a9d4a", BAD = "#d0312d", NONE = "#e4e4e4";

    private HtmlReport() {}

    public static String campaign(CampaignResult r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        pageStart(h, "xipkit campaign: " + r.scenario());
        h.append("<h1>Power-cut campaign <code>").append(esc(r.scenario())).append("</code></h1>\n");
        h.append("<p id=\"summary\">").append(r.cutPoints()).append(" cut points, ").append(r.tried()).append(" tried (")
                .append(esc(r.shard())).append("): <b class=\"ok\">").append(r.survived()).append(" survived</b>, <b class=\"")
                .append(r.failed().isEmpty() ? "ok" : "bad").append("\">").append(r.failed().size()).append(" failed</b>; ")
                .append(String.format(Locale.ROOT, "%.1f", r.wallSeconds())).append(" s wall time.</p>\n");
        matrix(h, r);
        failures(h, r);
        for (MemorySummary m : r.memories()) heatMap(h, m);
        h.append("</body></html>\n");
        return h.toString();
    }

    /** Columns: operations in run order, wrapped; each column has one cell per cut position. */
    private static void matrix(StringBuilder h, CampaignResult r) {
        Map<Integer, List<CutRecord>> byOp = new LinkedHashMap<>();
        List<String> positions = new ArrayList<>();
        for (CutRecord c : r.records()) {
            byOp.computeIfAbsent(c.operation(), k -> new ArrayList<>()).add(c);
            if (!positions.contains(c.position())) positions.add(c.position());
        }
        h.append("<h2>Campaign matrix</h2>\n<p>One column per flash operation of the run (in order, ").append(OPS_PER_ROW)
                .append(" per row), one cell per cut position (top to bottom: ").append(esc(String.join(", ", positions).toLowerCase(Locale.ROOT)))
                .append("). <span class=\"ok\">&#9632;</span> survived, <span class=\"bad\">&#9632;</span> failed (links to its reproducer).</p>\n");
        List<Integer> ops = new ArrayList<>(byOp.keySet());
        int band = positions.size() * (CELL + GAP) + 6;
        int rows = (ops.size() + OPS_PER_ROW - 1) / OPS_PER_ROW;
        int width = 60 + OPS_PER_ROW * (CELL + GAP), height = Math.max(1, rows) * band;
        h.append("<svg id=\"matrix\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"campaign matrix\">\n");
        for (int i = 0; i < ops.size(); i++) {
            int x = 60 + (i % OPS_PER_ROW) * (CELL + GAP), y0 = (i / OPS_PER_ROW) * band;
            if (i % OPS_PER_ROW == 0) {
                h.append("<text x=\"0\" y=\"").append(y0 + CELL + 2).append("\" font-size=\"10\">op ").append(ops.get(i)).append("</text>\n");
            }
            for (CutRecord c : byOp.get(ops.get(i))) {
                int y = y0 + positions.indexOf(c.position()) * (CELL + GAP);
                String rect = "<rect class=\"cut " + (c.survived() ? "survived" : "failed") + "\" x=\"" + x + "\" y=\"" + y
                        + "\" width=\"" + CELL + "\" height=\"" + CELL + "\" fill=\"" + (c.survived() ? OK : BAD) + "\"><title>"
                        + esc(String.format(Locale.ROOT, "cut %d: %s #%d at 0x%x (%d bytes), %s, %.6f ms: %s", c.id(), c.kind(),
                        c.operation(), c.address(), c.length(), c.position().toLowerCase(Locale.ROOT), c.cutPicos() / 1e9,
                        c.survived() ? "survived" : "FAILED " + c.failedCheck())) + "</title></rect>";
                if (c.survived()) h.append(rect).append('\n');
                else h.append("<a href=\"#cut-").append(c.id()).append("\">").append(rect).append("</a>\n");
            }
        }
        h.append("</svg>\n");
    }

    private static void failures(StringBuilder h, CampaignResult r) {
        h.append("<h2>Failures</h2>\n");
        if (r.failed().isEmpty()) {
            h.append("<p id=\"failures\">None: every cut point tried left the board satisfying the invariant.</p>\n");
            return;
        }
        h.append("<table id=\"failures\"><tr><th>cut</th><th>operation</th><th>cut at</th><th>failed check</th><th>console</th><th>reproducer</th></tr>\n");
        for (CutRecord f : r.failed()) {
            h.append("<tr id=\"cut-").append(f.id()).append("\"><td>").append(f.id()).append("</td><td>")
                    .append(esc(String.format(Locale.ROOT, "%s #%d %s 0x%x, %d bytes", f.kind(), f.operation(), f.memory(), f.address(), f.length())))
                    .append("</td><td>").append(esc(String.format(Locale.ROOT, "%s, %.6f ms", f.position().toLowerCase(Locale.ROOT), f.cutPicos() / 1e9)))
                    .append("</td><td>").append(esc(f.failedCheck())).append("</td><td><code>before: ")
                    .append(esc(printable(f.consoleTailBeforeCut()))).append("<br>after: ").append(esc(printable(f.consoleTail())))
                    .append("</code></td><td><code>").append(esc(f.reproducer())).append("</code></td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** Erase count per wear unit, 64 units a row, white (never erased) to dark red (most erased). */
    private static void heatMap(StringBuilder h, MemorySummary m) {
        List<Integer> counts = m.eraseCounts();
        int max = counts.stream().mapToInt(Integer::intValue).max().orElse(0);
        int perRow = 64;
        h.append("<h2>Erase heat map: <code>").append(esc(m.name())).append("</code></h2>\n<p>")
                .append(m.size() / 1024).append(" KiB in ").append(counts.size()).append(" units of ").append(m.wearUnit() / 1024)
                .append(" KiB, ").append(perRow).append(" per row from address 0; erase counts of the uncut run, most ").append(max).append(".</p>\n");
        SvgGrid.draw(h, "heatmap", "erase heat map " + m.name(), perRow, 9, new SvgGrid.Cells() {
            @Override public int count() { return counts.size(); }
            @Override public String fill(int i) { return SvgGrid.heat(counts.get(i), max); }
            @Override public String title(int i) {
                int c = counts.get(i);
                return String.format("0x%x: %d erase%s", (long) i * m.wearUnit(), c, c == 1 ? "" : "s");
            }
            @Override public long rowOffset(int row) { return (long) row * perRow * m.wearUnit(); }
        });
    }

    /** The page up to the body's first element: title, inline style. */
    static void pageStart(StringBuilder h, String title) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>")
                .append("body{font:14px system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:28px}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}")
                .append("code{font:12px monospace}.ok{color:").append(OK).append("}.bad{color:").append(BAD).append("}")
                .append("</style></head><body>\n");
    }

    private static String printable(String s) {
        return s == null ? "" : s.replace("\r", "").replace("\n", " | ");
    }

    static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c < 0x20 ? ' ' : c);
            }
        }
        return b.toString();
    }
}
