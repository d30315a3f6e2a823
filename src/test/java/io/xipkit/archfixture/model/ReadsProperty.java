package io.xipkit.archfixture.model;

/** Planted: a model configured by a system property. */
public final class ReadsProperty {
    public boolean fast() {
        return System.getProperty("fast") != null;
    }
}
