package io.xipkit.cli;

import io.xipkit.board.BoardException;
import io.xipkit.tools.campaign.Campaign;
import io.xipkit.tools.campaign.CampaignException;
import io.xipkit.tools.campaign.CampaignResult;
import io.xipkit.tools.campaign.CampaignRunner;
import io.xipkit.tools.campaign.CutRecord;
import io.xipkit.tools.campaign.Scenario;
import io.xipkit.tools.campaign.ScenarioParser;
import io.xipkit.tools.campaign.Shard;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xipkit campaign SCENARIO.yaml}: cuts power inside every flash operation of a scenario's run
 * and checks that the board still comes up (docs/CAMPAIGNS.md). Exit status 0 when every cut point
 * tried survived, 1 when one failed.
 */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = "Power-cut campaign: cut power inside every flash operation of a scenario and check the reboot.",
        subcommands = CampaignCommand.Merge.class,
        footer = {"", "Exit status: 0 every cut point survived; 1 some failed; 2 bad input; 5 internal error."})
final class CampaignCommand implements Callable<Integer> {
    static final int CUTS_FAILED = 1;

    private final Streams streams;

    // Optional for picocli so that "campaign merge" needs none; call() insists on it.
    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO.yaml", description = "the scenario file")
    Path scenarioFile;

    @Option(names = "--json", paramLabel = "FILE", description = "write the results as JSON")
    Path json;

    @Option(names = "--shard", paramLabel = "I/N", description = "run only the I-th of N deterministic slices of the cut points")
    String shard;

    @Option(names = "--only", paramLabel = "CUT_ID", description = "run only this cut point (the reproducer of a failure)")
    Integer only;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: the number of cores)")
    Integer threads;

    @picocli.CommandLine.Mixin
    WarningsOption warnings;

    @picocli.CommandLine.Mixin
    TranslationOption translation;

    CampaignCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        PrintStream out = streams.out();
        try {
            if (scenarioFile == null) throw new CampaignException("campaign needs a SCENARIO.yaml (or the subcommand merge)");
            Scenario scenario = ScenarioParser.load(scenarioFile, Path.of(""));
            Shard s = shard == null ? Shard.ALL : Shard.parse(shard);
            if (only != null && only < 0) throw new CampaignException("--only wants a cut id >= 0");
            if (threads != null && threads < 1) throw new CampaignException("--threads wants at least 1");
            int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            Campaign campaign = new Campaign(scenario, scenarioFile.toString(), translation.translate());
            boolean terminal = System.console() != null && out == System.out;
            CampaignResult result = CampaignRunner.run(campaign, s, only == null ? -1 : only, n,
                    (r, done, total) -> progress(out, terminal, r, done, total));
            if (terminal) out.println();
            summary(out, result);
            warnings.report(campaign.firstPassWarnings(), campaign.firstPassSymbols(), streams.err());
            if (json != null) write(json, result.toJson());
            return result.failed().isEmpty() ? ExitStatus.OK : CUTS_FAILED;
        } catch (CampaignException | BoardException e) {
            streams.err().println("xipkit: " + e.getMessage());
            return ExitStatus.BAD_INPUT;
        }
    }

    /** A bar redrawn in place on a terminal; a plain line every tenth of the work otherwise (logs, CI). */
    private static void progress(PrintStream out, boolean terminal, CutRecord r, int done, int total) {
        if (terminal) {
            int width = 40, filled = total == 0 ? width : done * width / total;
            out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
            out.flush();
        } else if (done == total || done % Math.max(1, total / 10) == 0) {
            out.println("campaign: " + done + "/" + total + " cut points");
        }
        if (!r.survived() && !terminal) out.println("campaign: cut " + r.id() + " FAILED: " + r.failedCheck());
    }

    static void summary(PrintStream out, CampaignResult r) {
        out.printf("%s: %d cut points, %d tried (%s), %d survived, %d failed, %.1f s%n", r.scenario(), r.cutPoints(),
                r.tried(), r.shard(), r.survived(), r.failed().size(), r.wallSeconds());
        for (CutRecord f : r.failed()) {
            out.printf("  cut %d: %s at 0x%x (%d bytes) cut at its %s, %.6f ms: %s%n    reproduce: %s%n", f.id(), f.kind(),
                    f.address(), f.length(), f.position().toLowerCase(java.util.Locale.ROOT), f.cutPicos() / 1e9,
                    f.failedCheck(), f.reproducer());
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CampaignException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** A results file written with --json. */
    static CampaignResult readResult(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CampaignException("cannot read " + file);
        }
        return CampaignResult.fromJson(text, file.toString());
    }

    /** {@code xipkit campaign merge FILES... --json OUT}: the result of the whole campaign from its shards'. */
    @Command(name = "merge", mixinStandardHelpOptions = true, description = "Combine the results files of a campaign's shards.")
    static final class Merge implements Callable<Integer> {
        private final Streams streams;

        @Parameters(arity = "1..*", paramLabel = "FILES", description = "results files written with --json")
        List<Path> files;

        @Option(names = "--json", paramLabel = "OUT", required = true, description = "where to write the merged results")
        Path json;

        Merge(Streams streams) {
            this.streams = streams;
        }

        @Override
        public Integer call() {
            try {
                List<CampaignResult> parts = new ArrayList<>();
                for (Path f : files) parts.add(readResult(f));
                CampaignResult merged = CampaignResult.merge(parts);
                write(json, merged.toJson());
                summary(streams.out(), merged);
                return merged.failed().isEmpty() ? ExitStatus.OK : CUTS_FAILED;
            } catch (CampaignException e) {
                streams.err().println("xipkit: " + e.getMessage());
                return ExitStatus.BAD_INPUT;
            }
        }
    }
}
