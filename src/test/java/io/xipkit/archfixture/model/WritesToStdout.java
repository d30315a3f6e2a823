package io.xipkit.archfixture.model;

/** Planted: a model printing to the console. */
public final class WritesToStdout {
    public void report(int value) {
        System.out.println(value);
    }
}
