package io.xipkit.bus;

/**
 * A model that keeps a copy derived from a flash storage (the STM32L4's swapped-bank view, the
 * dual-flash window's interleaved image) and brings it up to date when the storage was rewritten
 * from outside between two runs of the core: a campaign resumes a board snapshot with a cut's flash
 * put in its storages ({@code Board.storageRewritten}). Nothing else changes: decoded code and
 * caches of pages the firmware has not read hold nothing of them.
 */
public interface StorageRewritten {
    void storageRewritten();
}
