package io.xipkit.tools.flashalgo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens an algorithm file by what it is: an ELF with {@code FlashDevice} is an FLM, one with
 * {@code StorageInfo} a .stldr (whatever its extension), anything else must be a probe-rs YAML.
 * {@code FILE.yaml#NAME} picks one of several {@code flash_algorithms}.
 */
public final class AlgorithmFiles {
    private AlgorithmFiles() {}

    public static AlgorithmImage load(String spec) throws AlgorithmFormatException {
        String select = null;
        String pathText = spec;
        int hash = spec.lastIndexOf('#');
        if (hash > 0 && !Files.exists(Path.of(spec))) {
            pathText = spec.substring(0, hash);
            select = spec.substring(hash + 1);
        }
        Path path = Path.of(pathText);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new AlgorithmFormatException(pathText + ": file not found");
        } catch (IOException e) {
            throw new AlgorithmFormatException(pathText + ": cannot read: " + e.getMessage());
        }
        String name = path.getFileName() == null ? pathText : path.getFileName().toString();
        return parse(name, bytes, select);
    }

    /** Parses {@code bytes} of a file called {@code name}; {@code select} names a probe-rs entry (or null). */
    public static AlgorithmImage parse(String name, byte[] bytes, String select) throws AlgorithmFormatException {
        boolean elf = bytes.length >= 4 && bytes[0] == 0x7F && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
        if (!elf) return ProbeRsYamlReader.read(name, bytes, select);
        if (select != null) throw new AlgorithmFormatException(name + ": '#" + select + "' selects a probe-rs entry, but this is an ELF file");
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".stldr")) return StldrReader.read(name, bytes);
        if (lower.endsWith(".flm")) return FlmReader.read(name, bytes);
        // Unknown extension: the descriptor symbol decides.
        try {
            return FlmReader.read(name, bytes);
        } catch (AlgorithmFormatException flm) {
            try {
                return StldrReader.read(name, bytes);
            } catch (AlgorithmFormatException st) {
                throw new AlgorithmFormatException(name + ": neither a CMSIS FLM (" + tail(flm, name) + ") nor a .stldr (" + tail(st, name) + ")");
            }
        }
    }

    private static String tail(AlgorithmFormatException e, String name) {
        String m = e.getMessage();
        return m.startsWith(name + ": ") ? m.substring(name.length() + 2) : m;
    }
}
