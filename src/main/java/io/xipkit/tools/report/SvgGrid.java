package io.xipkit.tools.report;

import java.util.function.IntFunction;

/**
 * A grid of small squares in inline SVG, one per cell, a fixed number per row with the address
 * of each row's first cell on the left: the shape of the flash map and the erase heat map.
 */
final class SvgGrid {
    /** What to draw for each cell. */
    interface Cells {
        int count();

        /** The fill colour of cell {@code i}. */
        String fill(int i);

        /** The tooltip of cell {@code i}. */
        String title(int i);

        /** The memory offset where row {@code row} starts (its label). */
        long rowOffset(int row);

        /** An outline colour for cell {@code i} (a labelled region), or null for none. */
        default String stroke(int i) {
            return null;
        }
    }

    static final int LABEL_WIDTH = 70;

    private SvgGrid() {}

    static void draw(StringBuilder h, String cssClass, String ariaLabel, int perRow, int cell, Cells cells) {
        int n = cells.count();
        int rows = (n + perRow - 1) / perRow;
        h.append("<svg class=\"").append(cssClass).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(LABEL_WIDTH + perRow * cell).append("\" height=\"").append(Math.max(1, rows) * cell)
                .append("\" role=\"img\" aria-label=\"").append(HtmlReport.esc(ariaLabel)).append("\">\n");
        for (int row = 0; row < rows; row++) {
            h.append("<text x=\"0\" y=\"").append(row * cell + cell - 1).append("\" font-size=\"8\">")
                    .append(String.format("0x%06x", cells.rowOffset(row))).append("</text>\n");
        }
        for (int i = 0; i < n; i++) {
            h.append("<rect x=\"").append(LABEL_WIDTH + (i % perRow) * cell).append("\" y=\"").append((i / perRow) * cell)
                    .append("\" width=\"").append(cell - 1).append("\" height=\"").append(cell - 1).append("\" fill=\"")
                    .append(cells.fill(i)).append(cells.stroke(i) == null ? "" : "\" stroke=\"" + cells.stroke(i) + "\" stroke-width=\"1.5")
                    .append("\"><title>").append(HtmlReport.esc(cells.title(i))).append("</title></rect>\n");
        }
        h.append("</svg>\n");
    }

    /** Heat colour: white for 0, towards dark red for {@code max}. */
    static String heat(int count, int max) {
        if (count == 0) return "#ffffff";
        int shade = max == 0 ? 0 : (int) Math.round(200.0 * count / max);
        return String.format("rgb(255,%d,%d)", 220 - shade, 220 - shade);
    }
}
