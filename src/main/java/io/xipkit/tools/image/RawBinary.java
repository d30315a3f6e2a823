package io.xipkit.tools.image;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/** A raw memory dump (objcopy -O binary output): the whole file placed at one given address. */
public final class RawBinary {

    private RawBinary() {
    }

    /** Loads {@code file} to place at {@code address} (unsigned 32-bit, 0..0xFFFFFFFF). */
    public static LoadableImage load(Path file, long address) throws ImageFormatException {
        return of(ElfImage.displayName(file), ElfImage.readFile(file), address);
    }

    public static LoadableImage of(String name, byte[] data, long address) throws ImageFormatException {
        if (address < 0 || address >= LoadableImage.ADDRESS_SPACE_END) {
            throw new ImageFormatException(name + ": load address 0x" + Long.toHexString(address) + " is outside the 32-bit address space");
        }
        if (data.length == 0) throw new ImageFormatException(name + ": file is empty");
        if (address + data.length > LoadableImage.ADDRESS_SPACE_END) {
            throw new ImageFormatException(String.format("%s: %d bytes at 0x%08X run past the 4 GiB address space",
                    name, data.length, address));
        }
        return new LoadableImage(name, List.of(new LoadableImage.Segment(address, data)), OptionalInt.empty(), SymbolTable.EMPTY);
    }
}
