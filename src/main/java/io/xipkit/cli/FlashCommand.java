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
import io.xipkit.tools.flasher.ChangedBlockFlasher;
import io.xipkit.tools.flasher.FlashDriver;
import io.xipkit.tools.flasher.FlashException;
import io.xipkit.tools.flasher.FlashReport;
import io.xipkit.tools.image.ImageFormatException;
import io.xipkit.tools.image.ImageLoader;
import io.xipkit.tools.image.LoadableImage;
import io.xipkit.tools.target.MemoryMap;
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
                "(the state directory is then left as it was)."})
final class FlashCommand implements Callable<Integer> {
    private static final Pattern BIN_AT = Pattern.compile("(.+)@(0[xX][0-9a-fA-F_]+|[0-9_]+)");
    private final Streams streams;

    @Option(names = "--board", required = true, paramLabel = "ID", description = "Board to program (see: xipkit boards).")
    String board;

    @Option(names = "--state", required = true, paramLabel = "DIR", description = "Where the board's flash memories are kept (as for xipkit run --state).")
    Path state;

    @Option(names = "--algorithm", paramLabel = "FILE",
            description = "An .FLM, a .stldr or a probe-rs target YAML (FILE.yaml#NAME); default: the board's reference algorithms.")
    String algorithm;

    @Option(names = "--no-verify", description = "Do not read the flash back after programming.")
    boolean noVerify;

    @Option(names = "--no-smart", description = "Erase every sector the images touch, even those that already hold the data "
            + "(bytes of those sectors outside the images end up erased).")
    boolean noSmart;

    @Option(names = "--erase-all", description = "Erase the whole flash (EraseChip) first.")
    boolean eraseAll;

    @picocli.CommandLine.Mixin
    WarningsOption warnings;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Images: ELF, Intel HEX, or raw FILE.bin@ADDRESS.")
    List<String> files;

    FlashCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        long hostStart = System.nanoTime();
        List<LoadableImage> images = new ArrayList<>();
        List<AlgorithmImage> algos;
        FlashSession session;
        try {
            for (String f : files) images.add(loadImage(f));
            algos = algorithm != null ? List.of(AlgorithmFiles.load(algorithm)) : BoardAlgorithms.forBoard(board);
            if (algos.isEmpty()) {
                return AlgoCommand.badInput(streams, "board " + board + " has no reference flash algorithm yet; name one with --algorithm");
            }
            session = FlashSession.open(board, state);
        } catch (ImageFormatException | AlgorithmFormatException e) {
            return AlgoCommand.badInput(streams, e.getMessage());
        }
        try {
            warnings.follow(session.board(), io.xipkit.tools.run.SymbolLookup.NONE, streams.err());
            return program(session, images, algos, hostStart);
        } finally {
            warnings.report(session.board().warnings(), io.xipkit.tools.run.SymbolLookup.NONE, streams.err());
            session.close(); // the state directory is free again
        }
    }

    /** Erases, programs and verifies through the algorithms; the session stays open for the caller to close. */
    private int program(FlashSession session, List<LoadableImage> images, List<AlgorithmImage> algos, long hostStart) {
        List<AlgorithmFlashDriver> drivers = new ArrayList<>();
        try {
            for (AlgorithmImage a : algos) {
                MemoryMap.Region r = session.target().memoryMap().regionAt(a.flash().start()).orElse(null);
                if (r == null || r.kind() != MemoryMap.Kind.FLASH) {
                    return AlgoCommand.badInput(streams, String.format("%s programs 0x%08X, which is no flash memory on %s", a.name(), a.flash().start(), board));
                }
                drivers.add(new AlgorithmFlashDriver(new AlgorithmRunner(session.target(), a)));
            }
        } catch (AlgorithmException | FlashException e) {
            return AlgoCommand.badInput(streams, e.getMessage());
        }
        Progress progress = new Progress(images, streams);
        List<FlashDriver> watched = new ArrayList<>();
        for (AlgorithmFlashDriver d : drivers) watched.add(progress.watch(d));
        ChangedBlockFlasher flasher = new ChangedBlockFlasher(session.target(), watched);
        try {
            for (LoadableImage img : images) {
                for (LoadableImage.Segment s : img.segments()) flasher.stage(s.address(), s.data());
            }
        } catch (FlashException e) {
            return AlgoCommand.badInput(streams, e.getMessage() + " (algorithms: " + String.join(", ", algos.stream().map(a -> String.format("%s 0x%08X..0x%08X",
                    a.name(), a.flash().start(), a.flash().end())).toList()) + ")");
        }
        long deviceStart = session.target().nowPicos();
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
                    String why = null;
                    for (AlgorithmFlashDriver d : drivers) if (d.region().contains(at[0])) why = d.explainDifference(at[0]);
                    streams.err().println("xipkit: verify failed: " + bad + (why != null ? "; " + why : ""));
                    return ExitStatus.FAULT;
                }
            }
        } catch (FlashException e) {
            progress.done();
            streams.out().flush();
            streams.err().println("xipkit: " + Main.firstLine(e.getMessage()));
            return ExitStatus.FAULT;
        }
        long devicePicos = session.target().nowPicos() - deviceStart;
        try {
            session.save();
        } catch (IOException e) {
            return AlgoCommand.badInput(streams, state + ": cannot save: " + e.getMessage());
        }
        summary(images, report, drivers, devicePicos, System.nanoTime() - hostStart);
        return ExitStatus.OK;
    }

    private static LoadableImage loadImage(String spec) throws ImageFormatException {
        Matcher m = BIN_AT.matcher(spec);
        if (m.matches() && !java.nio.file.Files.exists(Path.of(spec))) {
            return ImageLoader.load(Path.of(m.group(1)), OptionalLong.of(new RunCommand.Address().convert(m.group(2))));
        }
        return ImageLoader.load(Path.of(spec), OptionalLong.empty());
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

    private void summary(List<LoadableImage> images, FlashReport r, List<AlgorithmFlashDriver> drivers, long devicePicos, long hostNanos) {
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
        streams.out().printf("device time %s (virtual) for %d erase(s) and %d page program(s)", AlgorithmRunner.time(devicePicos), erases, pages);
        // The ratio only means something when every memory that was worked on has a datasheet bound.
        if (working > 0 && bounded == working && devicePicos > 0) {
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

        Progress(List<LoadableImage> images, Streams s) {
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
