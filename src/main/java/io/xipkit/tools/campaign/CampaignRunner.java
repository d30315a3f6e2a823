package io.xipkit.tools.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a campaign's cut points: one forward run of the scenario on the calling thread, the reboot
 * after each cut on a fixed pool of threads (the models are single-threaded; each reboot builds its
 * own board on its own copy of the flash), and collects the records.
 */
public final class CampaignRunner {
    /** Told after each finished cut point (from the worker's thread, one call at a time). */
    public interface Progress {
        void done(CutRecord record, int finished, int total);
    }

    private CampaignRunner() {}

    /**
     * @param only a cut id to run alone, or -1
     * @param threads worker threads (at least 1)
     */
    public static CampaignResult run(Campaign campaign, Shard shard, int only, int threads, Progress progress) {
        long t0 = System.nanoTime();
        Campaign.FirstPass first = campaign.firstPass();
        List<CutPoint> all = first.cutPoints();
        if (only >= all.size()) {
            throw new CampaignException("no cut point " + only + ": the scenario has " + all.size() + " (0.." + (all.size() - 1) + ")");
        }
        List<CutPoint> mine = new ArrayList<>();
        for (CutPoint c : all) if (only >= 0 ? c.id() == only : shard.contains(c.id())) mine.add(c);
        List<CutRecord> records = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "campaign-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            // One forward run on this thread; the reboots after each cut on the pool.
            List<Future<CutRecord>> futures = campaign.sweep(mine, pool, Math.max(1, threads) + 1);
            int finished = 0;
            for (Future<CutRecord> f : futures) {
                CutRecord r = f.get();
                records.add(r);
                progress.done(r, ++finished, mine.size());
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("campaign interrupted");
        } finally {
            pool.shutdownNow();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        String shardName = only >= 0 ? "only " + only : shard.toString();
        return CampaignResult.of(campaign.scenario().name(), shardName, all.size(), records, wall, first.memories());
    }
}
