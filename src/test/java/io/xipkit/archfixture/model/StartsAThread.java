package io.xipkit.archfixture.model;

/** Planted: a model starting a thread. */
public final class StartsAThread {
    public void tick(Runnable work) {
        new Thread(work).start();
    }
}
