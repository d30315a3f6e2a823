package io.xipkit.tools.flashalgo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The committed builds of firmware/flashalgo, shared by the reader and runner tests. */
final class ReferenceAlgorithms {
    static final Path DIR = Path.of("firmware/elf/flashalgo");
    static final String W25Q = "W25Q128JV_STM32H750";

    private ReferenceAlgorithms() {}

    static Path path(String name) {
        return DIR.resolve(name);
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AlgorithmImage load(String name) {
        try {
            return AlgorithmFiles.load(path(name).toString());
        } catch (AlgorithmFormatException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
