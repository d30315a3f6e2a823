package io.xipkit.cli;

import io.xipkit.tools.flashalgo.AlgorithmException;
import io.xipkit.tools.flashalgo.AlgorithmFiles;
import io.xipkit.tools.flashalgo.AlgorithmFormatException;
import io.xipkit.tools.flashalgo.AlgorithmFunction;
import io.xipkit.tools.flashalgo.AlgorithmImage;
import io.xipkit.tools.flashalgo.AlgorithmLayout;
import io.xipkit.tools.flashalgo.AlgorithmRunner;
import io.xipkit.tools.flashalgo.AlgorithmSelfTest;
import io.xipkit.tools.flashalgo.FlashProperties;
import io.xipkit.tools.flashalgo.FlashSession;
import io.xipkit.tools.flashalgo.ProbeRsTargetWriter;
import io.xipkit.tools.flashalgo.ProbeRsYamlWriter;
import io.xipkit.tools.flashalgo.SectorRun;
import io.xipkit.tools.target.MemoryMap;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xipkit algo}: look at, convert and test flash algorithms (CMSIS FLM, .stldr, probe-rs YAML). */
@Command(name = "algo", mixinStandardHelpOptions = true, description = "Inspect, convert and test flash algorithms.",
        subcommands = {AlgoCommand.Info.class, AlgoCommand.Convert.class, AlgoCommand.Test.class})
final class AlgoCommand implements Callable<Integer> {
    private final Streams streams;

    AlgoCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        streams.err().println("xipkit: algo needs a subcommand: info, convert or test (try: xipkit algo --help)");
        return ExitStatus.BAD_INPUT;
    }

    static int badInput(Streams s, String message) {
        s.out().flush();
        s.err().println("xipkit: " + Main.firstLine(message));
        return ExitStatus.BAD_INPUT;
    }

    /** {@code algo info FILE}: format, device, sectors, functions, RAM footprint. */
    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show what an algorithm file holds.")
    static final class Info implements Callable<Integer> {
        private final Streams streams;

        @Parameters(paramLabel = "FILE", description = "An .FLM, a .stldr, or a probe-rs target YAML (FILE.yaml#NAME picks one entry).")
        String file;

        Info(Streams streams) {
            this.streams = streams;
        }

        @Override
        public Integer call() {
            AlgorithmImage a;
            try {
                a = AlgorithmFiles.load(file);
            } catch (AlgorithmFormatException e) {
                return badInput(streams, e.getMessage());
            }
            PrintStream out = streams.out();
            FlashProperties f = a.flash();
            out.printf("%s: %s%n", a.name(), a.format().title());
            out.printf("  device     %s%s%n", f.device(), f.deviceType() != 0 ? " (type " + f.deviceType() + ")" : "");
            out.printf("  flash      0x%08X..0x%08X (%s), page %d bytes, erased 0x%02X%n", f.start(), f.end(), ChipsCommand.size(f.size()),
                    f.pageSize(), f.erasedValue());
            List<String> runs = new ArrayList<>();
            for (int i = 0; i < f.sectors().size(); i++) {
                SectorRun r = f.sectors().get(i);
                long next = i + 1 < f.sectors().size() ? f.sectors().get(i + 1).offset() : f.size();
                runs.add(String.format("%d x %s from 0x%08X", (next - r.offset()) / r.size(), ChipsCommand.size(r.size()), f.start() + r.offset()));
            }
            out.printf("  sectors    %s%n", String.join(", ", runs));
            out.printf("  timeouts   %s%n", f.programPageTimeoutMs() == 0 && f.eraseSectorTimeoutMs() == 0 ? "none given"
                    : String.format("program page %d ms, erase sector %d ms", f.programPageTimeoutMs(), f.eraseSectorTimeoutMs()));
            out.printf("  returns    %d on success%n", a.format().successCode());
            List<String> fns = new ArrayList<>();
            for (AlgorithmFunction fn : AlgorithmFunction.values()) {
                if (a.has(fn)) fns.add(String.format("%s +0x%X", fn.nameIn(a.format()), a.entry(fn)));
            }
            out.printf("  functions  %s%n", String.join(", ", fns));
            out.printf("  code       %d bytes, %s, static base (R9) code+0x%X%n", a.code().length,
                    a.loadAddress().isPresent() ? String.format("loaded at 0x%08X", a.loadAddress().getAsLong()) : "position independent",
                    a.dataSectionOffset());
            long stack = a.stackSize().orElse(AlgorithmLayout.DEFAULT_STACK);
            out.printf("  RAM        %d bytes: 4 header + %d code + %d stack + 2 x %d page buffers (1 buffer: %d)%n",
                    4 + a.code().length + stack + 2 * f.pageSize(), a.code().length, stack, f.pageSize(), 4 + a.code().length + stack + f.pageSize());
            if (a.miniz()) out.println("  transfer   miniz (ProgramPage takes zlib-compressed data)");
            return ExitStatus.OK;
        }
    }

    /** {@code algo convert FILE --to probe-rs}: a probe-rs flash_algorithms entry on standard output. */
    @Command(name = "convert", mixinStandardHelpOptions = true, description = "Convert an algorithm to another format (standard output).")
    static final class Convert implements Callable<Integer> {
        private final Streams streams;

        @Parameters(paramLabel = "FILE", description = "An .FLM, a .stldr, or a probe-rs target YAML (FILE.yaml#NAME).")
        String file;

        @Option(names = "--to", required = true, paramLabel = "FORMAT", description = "Target format: probe-rs.")
        String to;

        @Option(names = "--board", paramLabel = "ID",
                description = "Write a whole probe-rs target description: the board's memory map and this algorithm.")
        String board;

        Convert(Streams streams) {
            this.streams = streams;
        }

        @Override
        public Integer call() {
            if (!to.equals("probe-rs")) return badInput(streams, "algo convert: unknown format '" + to + "' (known: probe-rs)");
            try {
                AlgorithmImage a = AlgorithmFiles.load(file);
                if (board == null) {
                    streams.out().print(ProbeRsYamlWriter.write(a));
                    return ExitStatus.OK;
                }
                FlashSession session = FlashSession.open(board, null, false);   // only its memory map: no code runs
                try {
                    MemoryMap map = session.target().memoryMap();
                    if (!map.covers(a.flash().start(), a.flash().size())) {
                        return badInput(streams, String.format("%s programs 0x%08X..0x%08X, which is not all memory of %s", a.name(),
                                a.flash().start(), a.flash().end(), board));
                    }
                    streams.out().print(ProbeRsTargetWriter.write(session.board(), map, List.of(a)));
                } finally {
                    session.close();
                }
                return ExitStatus.OK;
            } catch (AlgorithmFormatException e) {
                return badInput(streams, e.getMessage());
            }
        }
    }

    /** {@code algo test --board ID FILE}: erase, program, verify, read back, erase, with timings. */
    @Command(name = "test", mixinStandardHelpOptions = true, description = "Run an algorithm's self-test on a virtual board.")
    static final class Test implements Callable<Integer> {
        private final Streams streams;

        @Option(names = "--board", required = true, paramLabel = "ID", description = "Board to run on (see: xipkit boards).")
        String board;

        @Option(names = "--sector", paramLabel = "ADDR", converter = RunCommand.Address.class,
                description = "Sector to test (default: the first sector of the flash).")
        Long sector;

        @Parameters(paramLabel = "FILE", description = "An .FLM, a .stldr, or a probe-rs target YAML (FILE.yaml#NAME).")
        String file;

        // The chips' model warnings, as `xipkit flash` prints them: what a real part would ignore or garble.
        @picocli.CommandLine.Mixin
        WarningsOption warnings;

        @picocli.CommandLine.Mixin
        TranslationOption translation;

        Test(Streams streams) {
            this.streams = streams;
        }

        @Override
        public Integer call() {
            try {
                AlgorithmImage a = AlgorithmFiles.load(file);
                FlashSession session = FlashSession.open(board, null, translation.translate());
                try {
                    MemoryMap.Region r = session.target().memoryMap().regionAt(a.flash().start()).orElse(null);
                    if (r == null || r.kind() != MemoryMap.Kind.FLASH) {
                        return badInput(streams, String.format("%s programs 0x%08X, which is no flash memory on %s", a.name(), a.flash().start(), board));
                    }
                    long at = sector == null ? a.flash().start() : sector;
                    if (!a.flash().contains(at)) return badInput(streams, String.format("--sector 0x%08X is outside the algorithm's flash", at));
                    warnings.follow(session.board(), io.xipkit.tools.run.SymbolLookup.NONE, streams.err());
                    try {
                        AlgorithmRunner runner = session.runner(a);
                        AlgorithmSelfTest.Result result = AlgorithmSelfTest.run(session.target(), runner, at);
                        for (String line : result.lines()) streams.out().println(line);
                        streams.out().println(result.passed() ? "PASS" : "FAIL");
                        return result.passed() ? ExitStatus.OK : ExitStatus.FAULT;
                    } finally {
                        streams.out().flush();
                        warnings.report(session.board().warnings(), io.xipkit.tools.run.SymbolLookup.NONE, streams.err());
                    }
                } finally {
                    session.close();
                }
            } catch (AlgorithmFormatException e) {
                return badInput(streams, e.getMessage());
            } catch (AlgorithmException e) {
                streams.out().flush();
                streams.err().println("xipkit: " + e.getMessage());
                return ExitStatus.FAULT;
            }
        }
    }
}
