package io.xipkit.archfixture.model;

/** Planted: a model configured by an environment variable. */
public final class ReadsEnvironment {
    public boolean fast() {
        return System.getenv("FAST") != null;
    }
}
