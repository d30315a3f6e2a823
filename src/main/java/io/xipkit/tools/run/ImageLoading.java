package io.xipkit.tools.run;

import io.xipkit.board.Board;
import io.xipkit.board.BoardException;
import io.xipkit.tools.image.ImageFormatException;
import io.xipkit.tools.image.ImageLoader;
import io.xipkit.tools.image.LoadableImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The one place the runner touches the image loaders (io.xipkit.tools.image): reads a file and
 * stores its segments on a board through the board's load path.
 */
public final class ImageLoading {
    private ImageLoading() {}

    /**
     * Loads {@code file} onto {@code board}. A file named *.bin is a raw binary stored at
     * {@code rawAddress}; anything else is recognised by content (ELF, Intel HEX).
     *
     * @return the image's symbols, for traces
     */
    public static SymbolLookup loadOnto(Board board, Path file, OptionalLong rawAddress) throws BadInputException {
        if (!Files.exists(file)) throw new BadInputException(file + ": no such file");
        if (Files.isDirectory(file)) throw new BadInputException(file + ": is a directory, not an image file");
        boolean raw = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bin");
        if (raw && rawAddress.isEmpty()) {
            throw new BadInputException(file + ": a raw binary needs --address (where to store it)");
        }
        LoadableImage image;
        try {
            image = ImageLoader.load(file, raw ? rawAddress : OptionalLong.empty());
        } catch (ImageFormatException e) {
            throw new BadInputException(e.getMessage());
        }
        try {
            for (var segment : image.segments()) {
                board.loadSegment(image.name(), segment.address(), segment.data());
            }
        } catch (BoardException e) {
            throw new BadInputException(e.getMessage());
        }
        var symbols = image.symbols();
        if (symbols == null || symbols.isEmpty()) return SymbolLookup.NONE;
        // SymbolTable answers a bare hex address when no symbol covers it; traces want "unknown".
        return address -> symbols.indexOf(address) < 0 ? null : symbols.describe(address);
    }
}
