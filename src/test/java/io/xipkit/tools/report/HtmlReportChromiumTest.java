package io.xipkit.tools.report;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.tools.campaign.Campaign;
import io.xipkit.tools.campaign.CampaignResult;
import io.xipkit.tools.campaign.CampaignRunner;
import io.xipkit.tools.campaign.ScenarioParser;
import io.xipkit.tools.campaign.Shard;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The campaign report in Debian's headless Chromium (installed by .ci/run; the test fails without
 * it): the page loads from a file with no network, its DOM has the matrix, the failure table with
 * reproducers and the heat map, and the screenshot shows survived (green) and failed (red) cells.
 */
class HtmlReportChromiumTest {
    @TempDir
    static Path dir;
    static CampaignResult result;
    static Path html;

    /** The buggy scenario cut only at erases and option bytes: its last erase fails, the rest survive. */
    @BeforeAll
    static void campaign() throws Exception {
        String yaml = Files.readString(Path.of("scenarios/l476-dual-bank-update-buggy.yaml"))
                .replace("operations: [program, erase, option-bytes]", "operations: [erase, option-bytes]");
        Campaign c = new Campaign(ScenarioParser.parse(yaml, Path.of(""), "buggy"), "buggy.yaml", TestBoards.translation());
        result = CampaignRunner.run(c, Shard.ALL, -1, 2, (r, done, total) -> {});
        html = dir.resolve("report.html");
        Files.writeString(html, HtmlReport.campaign(result));
    }

    private static Path chromium() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) return p;
            }
        }
        throw new AssertionError("chromium is not installed (Debian package chromium; .ci/run installs it)");
    }

    private static String runChromium(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + dir.resolve("profile")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("chromium.err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as("chromium exit status; stderr: %s", Files.readString(dir.resolve("chromium.err"))).isZero();
        return out;
    }

    @Test
    void theCampaignFoundTheBuggyEraseAndTheReportIsSelfContained() {
        assertThat(result.failed()).isNotEmpty();
        assertThat(result.survived()).isPositive();
        String page = HtmlReport.campaign(result);
        // No network: the SVG namespace is the only URI, and it is a name, never fetched.
        assertThat(page.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http:", "https:", "<script", "src=");
        assertThat(page.length()).isLessThan(2 * 1024 * 1024);
    }

    @Test
    void chromiumRendersTheMatrixFailuresWithReproducersAndTheHeatMap() throws Exception {
        String dom = runChromium("--dump-dom", html.toUri().toString());
        assertThat(dom).contains("<title>xipkit campaign: l476-dual-bank-update-buggy</title>");
        assertThat(dom).contains("id=\"matrix\"", "class=\"cut survived\"", "class=\"cut failed\"", "id=\"failures\"",
                "class=\"heatmap\"");
        assertThat(dom).contains("./xipkit campaign buggy.yaml --only " + result.failed().get(0).id());
        assertThat(dom).contains("href=\"#cut-" + result.failed().get(0).id() + "\"");
    }

    @Test
    void theScreenshotShowsSurvivedAndFailedCells() throws Exception {
        Path png = dir.resolve("report.png");
        runChromium("--screenshot=" + png, "--window-size=1000,700", "--hide-scrollbars", html.toUri().toString());
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(5_000);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1000);
        int green = pixels(img, 0x3a9d4a), red = pixels(img, 0xd0312d);
        assertThat(green).as("survived cells drawn").isGreaterThan(7 * 7 * (result.survived() - 1));
        assertThat(red).as("failed cells drawn").isGreaterThan(7 * 7 * (result.failed().size() - 1));
    }

    /** A run's board report (the H7 erase/program loop): timeline, flash maps and heat maps render. */
    @Test
    void chromiumRendersABoardReportsTimelineFlashMapsAndHeatMaps() throws Exception {
        Path board = dir.resolve("board.html");
        String e = "firmware/elf/stm32h7/stm32h750-w25q128-";
        List<Path> files = List.of(Path.of(e + "bootloader.elf"), Path.of(e + "flash_loop.elf"));
        var sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        new io.xipkit.tools.run.Runner(java.io.InputStream.nullInputStream(), sink, sink, dir)
                .afterRun((b, memories, end, symbols) -> BoardReportInput.write(board, BoardReport.html("board report",
                        BoardReport.flashMaps(b, memories, BoardReportInput.sections(files)), BoardReport.activity(b, end, symbols))))
                .run(new io.xipkit.tools.run.RunRequest("stm32h750-w25q128", files, java.util.OptionalLong.empty(),
                        Long.MAX_VALUE, 300_000_000_000L, false, ""));
        String dom = runChromium("--dump-dom", board.toUri().toString());
        assertThat(dom).contains("<title>board report</title>", "id=\"timeline\"", "class=\"mode\"", "class=\"busy\"",
                "class=\"flashmap\"", "class=\"regions\"", "class=\"heatmap\"");
        Path png = dir.resolve("board.png");
        runChromium("--screenshot=" + png, "--window-size=1000,500", "--hide-scrollbars", board.toUri().toString());
        BufferedImage img = ImageIO.read(png.toFile());
        int erase = pixels(img, 0xd0312d), polling = pixels(img, 0xa1d99b);
        assertThat(erase).as("the chip's erase spans drawn").isGreaterThan(1_000);
        assertThat(polling).as("the controller's polling spans drawn").isGreaterThan(1_000);
    }

    private static int pixels(BufferedImage img, int colour) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if (near(img.getRGB(x, y) & 0xFFFFFF, colour)) n++;
        }
        return n;
    }

    private static boolean near(int rgb, int want) {
        for (int shift = 0; shift < 24; shift += 8) {
            if (Math.abs((rgb >> shift & 0xFF) - (want >> shift & 0xFF)) > 12) return false;
        }
        return true;
    }
}
