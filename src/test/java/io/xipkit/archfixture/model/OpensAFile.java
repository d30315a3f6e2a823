package io.xipkit.archfixture.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Planted: a model reading a host file. */
public final class OpensAFile {
    public byte[] load() throws IOException {
        return Files.readAllBytes(Path.of("flash.bin"));
    }
}
