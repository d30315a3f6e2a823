package io.xipkit.cli;

import static io.xipkit.cli.MainTest.assertBadInput;
import static io.xipkit.cli.MainTest.xipkit;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAnHtmlPageFromACampaignsResults() throws Exception {
        Path json = dir.resolve("r.json"), html = dir.resolve("r.html");
        var c = xipkit("campaign", "scenarios/l476-dual-bank-update-buggy.yaml", "--only", "796", "--json", json.toString());
        assertThat(c.status()).as(c.err()).isEqualTo(CampaignCommand.CUTS_FAILED);
        var r = xipkit("report", "--campaign", json.toString(), "-o", html.toString());
        assertThat(r.status()).as(r.err()).isZero();
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("id=\"matrix\"", "id=\"cut-796\"",
                "./xipkit campaign scenarios/l476-dual-bank-update-buggy.yaml --only 796", "class=\"heatmap\"");
    }

    @Test
    void missingOrForeignResultsAreBadInput() throws Exception {
        assertBadInput(xipkit("report", "--campaign", dir.resolve("none.json").toString(), "-o", dir.resolve("x.html").toString()),
                "cannot read");
        Path junk = dir.resolve("junk.json");
        Files.writeString(junk, "{\"a\": 1}");
        assertBadInput(xipkit("report", "--campaign", junk.toString(), "-o", dir.resolve("x.html").toString()), "not a campaign result");
        assertBadInput(xipkit("report", "-o", dir.resolve("x.html").toString()), "--campaign");
    }
}
