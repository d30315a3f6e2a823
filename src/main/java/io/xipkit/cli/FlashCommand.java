package io.xipkit.cli;

import io.xipkit.tools.flashalgo.AlgorithmException;
import io.xipkit.tools.flashalgo.AlgorithmFiles;
import io.xipkit.tools.flashalgo.AlgorithmFlashDriver;
import io.xipkit.tools.flashalgo.AlgorithmFormatException;
import io.xipkit.tools.flashalgo.AlgorithmImage;
import io.xipkit.tools.flashalgo.AlgorithmRunner;
import io.xipkit.tools.flashalgo.BoardAlgorithms;
import io.xipkit.tools.flashalgo.DatasheetBound;
import io.xipkit.tools.flashalgo.FlashSession;
import io.xipkit.tools.flashalgo.ProbeLink;
import io.xipkit.tools.flasher.ChangedBlockFlasher;
import io.xipkit.tools.flasher.FlashDriver;
import io.xipkit.tools.flasher.FlashException;
import io.xipkit.tools.flasher.FlashReport;
import io.xipkit.tools.image.ImageFormatException;
import io.xipkit.tools.image.ImageLoader;
import io.xipkit.tools.image.LoadableImage;
import io.xipkit.tools.run.StopRequest;
import io.xipkit.tools.target.DebugTarget;
import io.xipkit.tools.target.GdbRemoteTarget;
import io.xipkit.tools.target.MemoryMap;
import io.xipkit.tools.target.TargetMemoryException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xipkit flash}: programs a board's flash the way a probe does, by running flash
 * algorithms on its core, and keeps the result in the state directory for {@code xipkit run}.
 */
@Command(name = "flash", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Program a board's flash through flash algorithms, as a debug probe would.",
        footer = {"", "Exit status: 0 done; 2 bad input; 3 the algorithm failed or verification found a difference",
                "(the state directory is then left as it was), or the --gdb server refused a request or stopped answering; 130/143 stopped by Ctrl-C/SIGTERM between two",
                "flash operations (after a one-line summary; the operations completed stay in the state directory)."})
final class FlashCommand implements Callable<Integer> {
    private static final Pattern BIN_AT = Pattern.compile("(.+)@(0[xX][0-9a-fA-F_]+|[0-9_]+)");
    private final Streams streams;

    @Option(names = "--board", required = true, paramLabel = "ID",
            description = "Board to program (see: xipkit boards); with --gdb, the board the remote target is (its RAM map).")
    String board;

    @Option(names = "--state", paramLabel = "DIR", description = "Where the board's flash memories are kept (as for xipkit run --state).")
    Path state;

    @Option(names = "--gdb", paramLabel = "HOST:PORT",
            description = "Program the target behind this gdb server (OpenOCD, pyOCD, ST-LINK gdbserver, J-Link, xipkit gdb) "
                    + "through the remote protocol instead of a board in this process; times are then host times.")
    String gdb;

    @Option(names = "--algorithm", paramLabel = "FILE",
            description = "An .FLM, a .stldr or a probe-rs target YAML (FILE.yaml#NAME); default: the board's reference algorithms.")
    String algorithm;

    @Option(names = "--no-verify", description = "Do not read the flash back after programming.")
    boolean noVerify;

    @Option(names = "--no-smart", description = "Erase every sector the images touch, even those that already hold the data "
            + "(bytes of those sectors outside the images end up erased).")
    boolean noSmart;

    @Option(names = "--swd-clock", paramLabel = "HZ", description = "Account page transfers as over SWD at this clock "
            + "(46 cycles a word) in the device time; default 0: the in-process debug port, instant.")
    long swdClock;

    @Option(names = "--no-double-buffering", description = "Load each page only after the previous ProgramPage returned "
            + "(one page buffer), instead of while it runs.")
    boolean noDoubleBuffering;

    @Option(names = "--erase-all", description = "Erase the whole flash (EraseChip) first.")
    boolean eraseAll;

    @picocli.CommandLine.Mixin
    WarningsOption warnings;

    @picocli.CommandLine.Mixin
    TranslationOption translation;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Images: ELF, Intel HEX, or raw FILE.bin@ADDRESS.")
    List<String> files;

    FlashCommand(Streams streams) {
        this.streams = streams;
    }

    /** Where the flash is: a board in this process (its state directory) or a target behind a gdb server. */
    private interface Programmable extends AutoCloseable {
        DebugTarget target();

        AlgorithmRunner runner(AlgorithmImage a) throws AlgorithmException.Placement;

        void save() throws IOException;

        /** "virtual" for a modelled board, "host" behind a gdb server. */
        String clock();

        /** Where the target stands, for the line that ends an interrupted run. */
        String stopSummary();

        /** The modelled board (its model warnings), or null for a remote target. */
        io.xipkit.board.Board board();

        @Override
        void close();
    }

    private static Programmable inProcess(FlashSession session) {
        return new Programmable() {
            public DebugTarget target() {
                return session.target();
            }

            public AlgorithmRunner runner(AlgorithmImage a) throws AlgorithmException.Placement {
                return session.runner(a);
            }

            public void save() throws IOException {
                session.save();
            }

            public String clock() {
                return "virtual";
            }

            public io.xipkit.board.Board board() {
                return session.board();
            }

            public String stopSummary() {
                return RunCommand.seconds(session.target().nowPicos()) + " s virtual time, "
                        + RunCommand.instructions(session.board().core().instructions);
            }

            public void close() {
                session.close(); // the state directory is free again
            }
        };
    }

    /** The target behind the gdb server at {@code hostPort}; the board's map says where its RAM is. */
    private Programmable remote(String hostPort) throws AlgorithmFormatException {
        int colon = hostPort.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new AlgorithmFormatException("--gdb " + hostPort + ": expected HOST:PORT");
        }
        if (colon <= 0 || port <= 0 || port > 65535) throw new AlgorithmFormatException("--gdb " + hostPort + ": expected HOST:PORT");
        MemoryMap map;
        try (FlashSession model = FlashSession.open(board, null, false)) {   // only its memory map: no code runs
            map = model.target().memoryMap();
        }
        GdbRemoteTarget t;
        try {
            t = GdbRemoteTarget.connect(hostPort.substring(0, colon), port, map);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new AlgorithmFormatException("--gdb " + hostPort + ": " + e.getMessage());
        }
        return new Programmable() {
            public DebugTarget target() {
                return t;
            }

            public AlgorithmRunner runner(AlgorithmImage a) throws AlgorithmException.Placement {
                return new AlgorithmRunner(t, a);
            }

            public void save() {
                // the server keeps the flash (xipkit gdb saves its state when the connection ends)
            }

            public String clock() {
                return "host";
            }

            public String stopSummary() {
                return "the remote target is left halted";
            }

            public io.xipkit.board.Board board() {
                return null;
            }

            public void close() {
                try {
                    t.detach();
                    t.close();
                } catch (IOException | RuntimeException e) {
                    // the server went away after the work was done: nothing is lost
                }
            }
        };
    }

    @Override
    public Integer call() {
        long hostStart = System.nanoTime();
        List<LoadableImage> images = new ArrayList<>();
        List<AlgorithmImage> algos;
        if ((gdb == null) == (state == null)) {
            return AlgoCommand.badInput(streams, gdb == null ? "--state DIR is needed (where the board's flash is kept), or --gdb HOST:PORT for a remote target"
                    : "--state and --gdb exclude each other: with --gdb the flash is on the remote target");
        }
        Programmable where;
        try {
            for (String f : files) images.add(loadImage(f));
            algos = algorithm != null ? List.of(AlgorithmFiles.load(algorithm)) : BoardAlgorithms.forBoard(board);
            if (algos.isEmpty()) {
                return AlgoCommand.badInput(streams, "board " + board + " has no reference flash algorithm yet; name one with --algorithm");
            }
            where = gdb != null ? remote(gdb) : inProcess(FlashSession.open(board, state, translation.translate()));
        } catch (ImageFormatException | AlgorithmFormatException e) {
            return AlgoCommand.badInput(streams, e.getMessage());
        }
        try (where; Interruption interruption = Interruption.install()) {
            if (where.board() != null) warnings.follow(where.board(), io.xipkit.tools.run.SymbolLookup.NONE, streams.err());
            try {
                return program(where, images, algos, hostStart, interruption.request());
            } finally {
                if (where.board() != null) {
                    warnings.report(where.board().warnings(), io.xipkit.tools.run.SymbolLookup.NONE, streams.err());
                }
            }
        }
    }

    /** A stop request (Ctrl-C, SIGTERM) seen between two flash operations. */
    private static final class Stopped extends RuntimeException {
        Stopped(String why) {
            super(why, null, false, false);
        }
    }

    /** Erases, programs and verifies through the algorithms; the caller closes {@code where}. */
    private int program(Programmable where, List<LoadableImage> images, List<AlgorithmImage> algos, long hostStart, StopRequest stop) {
        DebugTarget target = where.target();
        List<AlgorithmFlashDriver> drivers = new ArrayList<>();
        try {
            for (AlgorithmImage a : algos) {
                MemoryMap.Region r = target.memoryMap().regionAt(a.flash().start()).orElse(null);
                if (r == null || r.kind() != MemoryMap.Kind.FLASH) {
                    return AlgoCommand.badInput(streams, String.format("%s programs 0x%08X, which is no flash memory on %s", a.name(), a.flash().start(), board));
                }
                AlgorithmFlashDriver d = new AlgorithmFlashDriver(where.runner(a));
                d.setProbeLink(new ProbeLink(swdClock, !noDoubleBuffering));
                drivers.add(d);
            }
        } catch (AlgorithmException | FlashException | IllegalArgumentException e) {
            return AlgoCommand.badInput(streams, e.getMessage());
        }
        Progress progress = new Progress(images, streams, stop);
        List<FlashDriver> watched = new ArrayList<>();
        for (AlgorithmFlashDriver d : drivers) watched.add(progress.watch(d));
        ChangedBlockFlasher flasher = new ChangedBlockFlasher(target, watched);
        try {
            for (LoadableImage img : images) {
                for (LoadableImage.Segment s : img.segments()) flasher.stage(s.address(), s.data());
            }
        } catch (FlashException e) {
            return AlgoCommand.badInput(streams, e.getMessage() + " (algorithms: " + String.join(", ", algos.stream().map(a -> String.format("%s 0x%08X..0x%08X",
                    a.name(), a.flash().start(), a.flash().end())).toList()) + ")");
        }
        long deviceStart = target.nowPicos();
        FlashReport report;
        try {
            if (eraseAll) {
                for (AlgorithmFlashDriver d : drivers) {
                    progress.activate(d);
                    d.eraseChip();
                }
            }
            if (noSmart && !eraseAll) eraseTouched(drivers, images, progress);
            report = flasher.commit();
            for (AlgorithmFlashDriver d : drivers) d.finish();
            progress.done();
            if (!noVerify) {
                long[] at = new long[1];
                String bad = verify(flasher, images, at);
                if (bad != null) {
                    String why = null, notes = "";
                    for (AlgorithmFlashDriver d : drivers) {
                        if (!d.region().contains(at[0])) continue;
                        why = d.explainDifference(at[0]);
                        notes = d.runner().modelNotes();
                    }
                    streams.err().println("xipkit: verify failed: " + bad + (why != null ? "; " + why : "") + notes);
                    return ExitStatus.FAULT;
                }
            }
        } catch (FlashException e) {
            progress.done();
            streams.out().flush();
            // The diagnosis, then the model's notes (chip warnings, operation log tail) indented below it.
            streams.err().println("xipkit: " + e.getMessage());
            return ExitStatus.FAULT;
        } catch (TargetMemoryException | java.io.UncheckedIOException e) {
            // Over --gdb these are the remote server's answers (a refused write, no reply): what a
            // probe user must see and fix, not an xipkit bug. In process they would be one.
            if (gdb == null) throw e;
            progress.done();
            streams.out().flush();
            streams.err().println("xipkit: --gdb " + gdb + ": " + e.getMessage());
            return ExitStatus.FAULT;
        } catch (Stopped e) {
            // What the algorithms completed is in the flash, as on a board whose probe was unplugged.
            progress.done();
            try {
                where.save();
            } catch (IOException io) {
                streams.err().println("xipkit: " + state + ": cannot save: " + io.getMessage());
            }
            streams.out().flush();
            streams.err().printf("xipkit: %s: %s%n", e.getMessage(), where.stopSummary());
            streams.err().flush();
            return Interruption.STATUS;
        }
        long devicePicos = target.nowPicos() - deviceStart;
        try {
            where.save();
        } catch (IOException e) {
            return AlgoCommand.badInput(streams, state + ": cannot save: " + e.getMessage());
        }
        summary(images, report, drivers, devicePicos, where.clock(), System.nanoTime() - hostStart);
        return ExitStatus.OK;
    }

    /** The file as a probe programs it: the file's bytes only, no .bss zero fill (see {@link LoadableImage#storedContent}). */
    private static LoadableImage loadImage(String spec) throws ImageFormatException {
        Matcher m = BIN_AT.matcher(spec);
        if (m.matches() && !java.nio.file.Files.exists(Path.of(spec))) {
            return ImageLoader.load(Path.of(m.group(1)), OptionalLong.of(new RunCommand.Address().convert(m.group(2)))).storedContent();
        }
        return ImageLoader.load(Path.of(spec), OptionalLong.empty()).storedContent();
    }

    /** --no-smart: every sector the images touch is erased before the (then trivially blank) blocks are programmed. */
    private static void eraseTouched(List<AlgorithmFlashDriver> drivers, List<LoadableImage> images, Progress progress) {
        for (AlgorithmFlashDriver d : drivers) {
            progress.activate(d);
            MemoryMap.Region r = d.region();
            TreeSet<Long> blocks = new TreeSet<>();
            for (LoadableImage img : images) {
                for (LoadableImage.Segment s : img.segments()) {
                    long from = Math.max(s.address(), r.base()), to = Math.min(s.end(), r.end());
                    for (long b = r.base() + (from - r.base()) / r.blockSize() * r.blockSize(); b < to; b += r.blockSize()) blocks.add(b);
                }
            }
            for (long b : blocks) d.erase(b, r.blockSize());
        }
    }

    /** Reads every image byte back through its algorithm; the first difference, or null. */
    private static String verify(ChangedBlockFlasher flasher, List<LoadableImage> images, long[] at) {
        for (LoadableImage img : images) {
            for (LoadableImage.Segment s : img.segments()) {
                byte[] seen = flasher.driverAt(s.address()).read(s.address(), s.size());
                int i = Arrays.mismatch(seen, s.data());
                if (i >= 0) {
                    at[0] = s.address() + i;
                    return String.format("%s: 0x%08X holds 0x%02X, the image has 0x%02X", img.name(), s.address() + i, seen[i] & 0xFF, s.data()[i] & 0xFF);
                }
            }
        }
        return null;
    }

    private void summary(List<LoadableImage> images, FlashReport r, List<AlgorithmFlashDriver> drivers, long devicePicos, String clock, long hostNanos) {
        long bytes = 0;
        for (LoadableImage img : images) bytes += img.totalBytes();
        streams.out().printf("flashed %d bytes: %d sector(s) erased and programmed, %d blank sector(s) programmed, %d unchanged (skipped)%n",
                bytes, r.blocksErased(), r.blocksProgrammed(), r.blocksUnchanged());
        long erases = 0, pages = 0, boundPicos = 0;
        int working = 0, bounded = 0;
        for (AlgorithmFlashDriver d : drivers) {
            erases += d.erases();
            pages += d.pagesProgrammed();
            if (d.erases() + d.pagesProgrammed() == 0) continue;
            working++;
            Optional<DatasheetBound> bound = DatasheetBound.of(d.runner().algorithm());
            if (bound.isEmpty()) continue;
            bounded++;
            long b = bound.get().picos(d.erases(), d.pagesProgrammed());
            boundPicos += b;
            streams.out().printf("datasheet bound for %s: %s (%s: tPP typ %s, sector erase typ %s)%n", d.runner().algorithm().name(),
                    AlgorithmRunner.time(b), bound.get().part().part(), AlgorithmRunner.time(Math.round(bound.get().pageProgramUs() * 1e6)),
                    AlgorithmRunner.time(Math.round(bound.get().sectorEraseUs() * 1e6)));
        }
        streams.out().printf("device time %s (%s) for %d erase(s) and %d page program(s)", AlgorithmRunner.time(devicePicos), clock, erases, pages);
        // The ratio only means something when every memory that was worked on has a datasheet bound.
        // Behind a gdb server the time is the host's, which includes the protocol's round trips.
        if (working > 0 && bounded == working && devicePicos > 0 && clock.equals("virtual")) {
            streams.out().printf(": efficiency %.1f%% of the datasheet bound%n", 100.0 * boundPicos / devicePicos);
        } else {
            streams.out().println();
        }
        streams.out().printf("host time %.2f s%n", hostNanos / 1e9);
    }

    /**
     * Progress over the bytes the images put into flash: a bar on a terminal (me.tongfei
     * progressbar), a plain line per tenth otherwise.
     */
    private final class Progress {
        private final long total;
        private final ProgressBar bar;
        private long done;
        private int tenths;

        private final StopRequest stop;

        Progress(List<LoadableImage> images, Streams s, StopRequest stop) {
            this.stop = stop;
            long t = 0;
            for (LoadableImage img : images) t += img.totalBytes();
            total = Math.max(1, t);
            bar = System.console() != null && s.err() == System.err
                    ? new ProgressBarBuilder().setTaskName("flash").setInitialMax(total).setStyle(ProgressBarStyle.ASCII).setUnit(" KiB", 1024).build()
                    : null;
        }

        private AlgorithmFlashDriver active;

        /**
         * Algorithms share the RAM they run in: before one is used, the one used last ends its
         * phase (UnInit), and the next Init reloads the code if it was overwritten.
         */
        private void activate(AlgorithmFlashDriver d) {
            // Every erase, program and read starts here: a stop request ends the work between two of them.
            if (stop.reason() != null) throw new Stopped(stop.reason());
            if (active != null && active != d) active.finish();
            active = d;
        }

        FlashDriver watch(AlgorithmFlashDriver d) {
            return new FlashDriver() {
                @Override
                public MemoryMap.Region region() {
                    return d.region();
                }

                @Override
                public void erase(long address, long length) {
                    activate(d);
                    d.erase(address, length);
                }

                @Override
                public void program(long address, byte[] data) {
                    activate(d);
                    d.program(address, data);
                    advance(data.length);
                }

                @Override
                public byte[] read(long address, int length) {
                    activate(d);
                    return d.read(address, length);
                }

                @Override
                public long[] blockCrcs(List<Long> bases) {
                    activate(d);
                    return d.blockCrcs(bases);
                }

                @Override
                public String describe() {
                    return d.describe();
                }
            };
        }

        void advance(long n) {
            done = Math.min(total, done + n);
            if (bar != null) {
                bar.stepTo(done);
            } else {
                while (tenths < 10 && done * 10 >= (tenths + 1) * total) {
                    tenths++;
                    streams.err().printf("flash: %d%% (%d of %d bytes)%n", tenths * 10, done, total);
                }
            }
        }

        void done() {
            if (bar != null) bar.close();
        }
    }
}
