package io.xipkit.cli;

import static io.xipkit.cli.MainTest.assertBadInput;
import static io.xipkit.cli.MainTest.xipkit;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.tools.campaign.CampaignResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignCommandTest {
    private static final String BUGGY = "scenarios/l476-dual-bank-update-buggy.yaml";

    @TempDir
    Path dir;

    /** The update scenario cut only at its erase and option bytes (6 cut points), written to the temp dir. */
    private Path reducedScenario() throws Exception {
        Path p = dir.resolve("reduced.yaml");
        Files.writeString(p, Files.readString(Path.of("scenarios/l476-dual-bank-update.yaml"))
                .replace("operations: [program, erase, option-bytes]", "operations: [erase, option-bytes]"));
        return p;
    }

    @Test
    void onlyRerunsOneFailingCutPointAndPrintsItsReproducer() throws Exception {
        Path json = dir.resolve("r.json");
        var o = xipkit("campaign", BUGGY, "--only", "797", "--json", json.toString());
        assertThat(o.status()).as(o.err()).isEqualTo(CampaignCommand.CUTS_FAILED);
        assertThat(o.out()).contains("1 tried (only 797)").contains("0 survived, 1 failed")
                .contains("reproduce: ./xipkit campaign " + BUGGY + " --only 797");
        CampaignResult r = CampaignResult.fromJson(Files.readString(json), "r.json");
        assertThat(r.cutPoints()).isEqualTo(798);
        assertThat(r.failed()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("ERASE");
            assertThat(f.failedCheck()).contains("FAULT");
        });
        assertThat(Files.readString(json)).contains("\"cutPoints\"", "\"survived\"", "\"failed\"", "\"wallSeconds\"", "\"records\"");
    }

    @Test
    void shardResultsMergeIntoTheWholeCampaignsResult() throws Exception {
        Path scenario = reducedScenario();
        var whole = xipkit("campaign", scenario.toString(), "--json", dir.resolve("whole.json").toString());
        assertThat(whole.status()).as(whole.err()).isZero();
        assertThat(whole.out()).contains("6 cut points, 6 tried (1/1), 6 survived, 0 failed");
        assertThat(whole.err()).as("the scenario's firmware makes no mistake a model warns about").doesNotContain("model warnings");
        assertThat(whole.out()).as("plain progress lines when not on a terminal").contains("campaign: 6/6 cut points");
        for (int i = 1; i <= 2; i++) {
            var s = xipkit("campaign", scenario.toString(), "--shard", i + "/2", "--json", dir.resolve(i + ".json").toString());
            assertThat(s.status()).as(s.err()).isZero();
            assertThat(s.out()).contains("3 tried (" + i + "/2)");
        }
        var m = xipkit("campaign", "merge", dir.resolve("1.json").toString(), dir.resolve("2.json").toString(),
                "--json", dir.resolve("merged.json").toString());
        assertThat(m.status()).as(m.err()).isZero();
        CampaignResult merged = CampaignResult.fromJson(Files.readString(dir.resolve("merged.json")), "merged");
        CampaignResult w = CampaignResult.fromJson(Files.readString(dir.resolve("whole.json")), "whole");
        assertThat(merged.withoutWallTime()).isEqualTo(w.withoutWallTime());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        assertBadInput(xipkit("campaign", dir.resolve("missing.yaml").toString()), "no scenario file");
        assertBadInput(xipkit("campaign"), "needs a SCENARIO.yaml");
        Path scenario = reducedScenario();
        assertBadInput(xipkit("campaign", scenario.toString(), "--shard", "5/4"), "--shard");
        assertBadInput(xipkit("campaign", scenario.toString(), "--only", "6"), "no cut point 6");
        Path junk = dir.resolve("junk.json");
        Files.writeString(junk, "[1,2]");
        assertBadInput(xipkit("campaign", "merge", junk.toString(), "--json", dir.resolve("o.json").toString()),
                "not a campaign result");
    }
}
