package io.xipkit.cli;

import io.xipkit.tools.campaign.CampaignException;
import io.xipkit.tools.campaign.CampaignResult;
import io.xipkit.tools.report.HtmlReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xipkit report --campaign RESULTS.json -o report.html}: one self-contained HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a self-contained HTML report (inline SVG) of a campaign's results.")
final class ReportCommand implements Callable<Integer> {
    private final Streams streams;

    @Option(names = "--campaign", paramLabel = "RESULTS.json", required = true, description = "results written by campaign --json")
    Path campaign;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "the HTML file to write")
    Path output;

    ReportCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        try {
            CampaignResult r = CampaignCommand.readResult(campaign);
            CampaignCommand.write(output, HtmlReport.campaign(r));
            streams.out().println("report: " + output);
            return ExitStatus.OK;
        } catch (CampaignException e) {
            streams.err().println("xipkit: " + e.getMessage());
            return ExitStatus.BAD_INPUT;
        }
    }
}
