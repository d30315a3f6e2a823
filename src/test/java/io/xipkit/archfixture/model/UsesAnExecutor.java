package io.xipkit.archfixture.model;

import java.util.concurrent.Executors;

/** Planted: a model handing work to an executor. */
public final class UsesAnExecutor {
    public void tick(Runnable work) {
        Executors.newSingleThreadExecutor().submit(work);
    }
}
