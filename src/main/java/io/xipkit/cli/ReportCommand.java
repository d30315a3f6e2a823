package io.xipkit.cli;

import io.xipkit.tools.campaign.CampaignException;
import io.xipkit.tools.campaign.CampaignResult;
import io.xipkit.tools.report.BoardReportInput;
import io.xipkit.tools.report.HtmlReport;
import io.xipkit.tools.run.BadInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xipkit report --campaign RESULTS.json -o report.html} or
 * {@code xipkit report --state DIR --board ID [ELF...] -o report.html}: one self-contained HTML page.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a self-contained HTML report (inline SVG): of a campaign's results (--campaign), or of the",
                "flash a state directory holds (--state, --board: flash map with the ELF sections and MCUboot images",
                "found in it, erase heat map). `run --report FILE` writes the same for a run, with a timeline."})
final class ReportCommand implements Callable<Integer> {
    private final Streams streams;

    @Option(names = "--campaign", paramLabel = "RESULTS.json", description = "results written by campaign --json")
    Path campaign;

    @Option(names = "--state", paramLabel = "DIR", description = "a state directory (of run, gdb or flash --state)")
    Path state;

    @Option(names = "--board", paramLabel = "ID", description = "the board the state directory belongs to")
    String board;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "the HTML file to write")
    Path output;

    @Parameters(arity = "0..*", paramLabel = "ELF", description = "with --state: programs whose sections to mark on the flash map")
    List<Path> elfs;

    ReportCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        try {
            if ((campaign == null) == (state == null)) {
                throw new BadInputException("give either --campaign RESULTS.json or --state DIR --board ID");
            }
            if (campaign != null) {
                if (board != null || elfs != null) throw new BadInputException("--board and ELF files go with --state, not --campaign");
                CampaignResult r = CampaignCommand.readResult(campaign);
                CampaignCommand.write(output, HtmlReport.campaign(r));
            } else {
                if (board == null) throw new BadInputException("--state needs --board ID (the board the directory belongs to)");
                BoardReportInput.write(output, BoardReportInput.ofStateDirectory(state, board, elfs == null ? List.of() : elfs));
            }
            streams.out().println("report: " + output);
            return ExitStatus.OK;
        } catch (CampaignException e) {
            streams.err().println("xipkit: " + e.getMessage());
            return ExitStatus.BAD_INPUT;
        } catch (BadInputException e) {
            streams.err().println("xipkit: " + Main.firstLine(e.getMessage()));
            return ExitStatus.BAD_INPUT;
        }
    }
}
