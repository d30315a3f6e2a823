package io.xipkit.tools.report;

import io.xipkit.board.Board;
import io.xipkit.board.BoardCatalog;
import io.xipkit.board.BoardException;
import io.xipkit.board.BoardHost;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.tools.image.ElfImage;
import io.xipkit.tools.image.ElfSection;
import io.xipkit.tools.image.ImageFormatException;
import io.xipkit.tools.run.BadInputException;
import io.xipkit.tools.state.StateDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The files a board report is made from and written to: ELF programs, a state directory, the page. */
public final class BoardReportInput {
    private BoardReportInput() {}

    /** The sections of the ELF files among {@code files} (Intel HEX and raw images have none to name). */
    public static List<FlashMap.ImageSection> sections(List<Path> files) throws BadInputException {
        List<FlashMap.ImageSection> out = new ArrayList<>();
        for (Path f : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new BadInputException(f + ": cannot read (" + e.getMessage() + ")");
            }
            if (!ElfImage.hasMagic(bytes)) continue;
            try {
                String image = String.valueOf(f.getFileName());
                for (ElfSection s : ElfImage.parseSections(f.toString(), bytes).sections()) out.add(new FlashMap.ImageSection(image, s));
            } catch (ImageFormatException e) {
                throw new BadInputException(e.getMessage());
            }
        }
        return out;
    }

    /**
     * The page for what a state directory holds: the board is built over the directory (as a run
     * would, without running anything), so its memories are the files' contents.
     */
    public static String ofStateDirectory(Path dir, String boardId, List<Path> elfFiles) throws BadInputException {
        if (!Files.isRegularFile(dir.resolve(StateDirectory.BOARD_FILE))) {
            throw new BadInputException("--state " + dir + ": not a state directory (no \"" + StateDirectory.BOARD_FILE
                    + "\" file in it); give the directory a run or flash used with --state");
        }
        List<FlashMap.ImageSection> sections = sections(elfFiles);
        BoardCatalog catalog = new BoardCatalog();
        try {
            catalog.describe(boardId);
        } catch (BoardException e) {
            throw new BadInputException(e.getMessage());
        }
        try (StateDirectory state = new StateDirectory(dir, boardId)) {
            Map<String, NonVolatileMemory> memories = new LinkedHashMap<>();
            Board board = catalog.create(boardId, new BoardHost() {
                @Override
                public NonVolatileMemory nonVolatile(String name, long size) {
                    NonVolatileMemory m = state.open(name, size);
                    memories.put(name, m);
                    return m;
                }

                @Override
                public void event(String line) {}
            });
            return BoardReport.html("xipkit flash of " + boardId + " in " + dir,
                    BoardReport.flashMaps(board, memories, sections), BoardReport.Activity.NONE);
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException("state directory " + dir + ": " + e.getMessage());
        } catch (BoardException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    public static void write(Path file, String html) throws BadInputException {
        try {
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot write the report " + file + ": " + e.getMessage());
        }
    }
}
