package io.xipkit.tools.image;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Loads a firmware file in whichever format it is: ELF (recognised by its magic number), Intel
 * HEX (first non-blank character ':'), or, only when the user gives a load address
 * ({@code --address}), a raw binary.
 */
public final class ImageLoader {

    private ImageLoader() {
    }

    /**
     * @param file        the image file
     * @param rawAddress  load address for a raw binary; must be empty for ELF and HEX files
     */
    public static LoadableImage load(Path file, OptionalLong rawAddress) throws ImageFormatException {
        String name = ElfImage.displayName(file);
        byte[] bytes = ElfImage.readFile(file);
        boolean elf = ElfImage.hasMagic(bytes);
        boolean hex = !elf && looksLikeHex(bytes);
        if (rawAddress.isPresent()) {
            if (elf || hex) {
                throw new ImageFormatException(name + ": is " + (elf ? "an ELF" : "an Intel HEX")
                        + " file, which carries its own addresses; --address is only for raw binaries");
            }
            return RawBinary.of(name, bytes, rawAddress.getAsLong());
        }
        if (elf) return ElfImage.parse(name, bytes);
        if (hex) return IntelHex.parse(name, bytes);
        throw new ImageFormatException(name + ": neither an ELF nor an Intel HEX file; give --address to load it as a raw binary");
    }

    /** Whether {@code file} is an ELF or Intel HEX file (which carry their own addresses), by content. */
    public static boolean carriesOwnAddresses(Path file) throws ImageFormatException {
        byte[] bytes = ElfImage.readFile(file);
        return ElfImage.hasMagic(bytes) || looksLikeHex(bytes);
    }

    private static boolean looksLikeHex(byte[] bytes) {
        for (byte c : bytes) {
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
            return c == ':';
        }
        return false;
    }
}
