package io.xipkit.tools.run;

import io.xipkit.board.Board;
import io.xipkit.board.BoardException;
import io.xipkit.tools.image.ImageFormatException;
import io.xipkit.tools.image.ImageLoader;
import io.xipkit.tools.image.LoadableImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        return place(board, file, rawAddress).symbols();
    }

    /** One stored segment: which image, where, how long. */
    public record Placed(String image, long address, int length) {}

    /**
     * What loading a file did: the image's symbols (for traces), the segments it stored, and why
     * the file's symbols could not be used (null when they could, or when it has none).
     */
    public record Loaded(SymbolLookup symbols, List<Placed> segments, String unusableSymbols) {}

    /**
     * As {@link #loadOnto}, and says where the segments went. With {@code rawAddress} given, a
     * file that is neither ELF nor Intel HEX is raw too, whatever its name.
     */
    public static Loaded place(Board board, Path file, OptionalLong rawAddress) throws BadInputException {
        if (!Files.exists(file)) throw new BadInputException(file + ": no such file");
        if (Files.isDirectory(file)) throw new BadInputException(file + ": is a directory, not an image file");
        boolean raw = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bin");
        if (raw && rawAddress.isEmpty()) {
            throw new BadInputException(file + ": a raw binary needs --address (where to store it), e.g. --address 0x08000000");
        }
        LoadableImage image;
        try {
            if (!raw && rawAddress.isPresent() && !ImageLoader.carriesOwnAddresses(file)) raw = true;
            image = ImageLoader.load(file, raw ? rawAddress : OptionalLong.empty());
        } catch (ImageFormatException e) {
            throw new BadInputException(e.getMessage());
        }
        List<Placed> placed = new ArrayList<>();
        try {
            for (var segment : image.segments()) {
                int length = board.loadSegment(image.name(), segment.address(), segment.data(), segment.stored());
                if (length > 0) placed.add(new Placed(image.name(), segment.address(), length));
            }
        } catch (BoardException e) {
            boolean nowhere = image.segments().stream().anyMatch(g -> g.data().length > 0 && board.bus().mappingAt(g.address()) == null);
            throw new BadInputException(e.getMessage() + (nowhere ? " (its memories: " + board.loadableMemories() + ")" : ""));
        }
        var symbols = image.symbols();
        return new Loaded(symbolsOf(image), placed, symbols != null && symbols.isEmpty() ? symbols.unusableReason() : null);
    }

    /** The image's symbols as a lookup that answers null where no symbol covers the address. */
    public static SymbolLookup symbolsOf(io.xipkit.tools.image.LoadableImage image) {
        var symbols = image.symbols();
        if (symbols == null || symbols.isEmpty()) return SymbolLookup.NONE;
        // SymbolTable answers a bare hex address when no symbol covers it; traces want "unknown".
        return address -> symbols.indexOf(address) < 0 ? null : symbols.describe(address);
    }
}
