package io.xipkit.tools.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a campaign (or one shard of it) found: the JSON written by {@code --json} and read by
 * {@code campaign merge} and {@code report}. {@code cutPoints} counts every cut point of the
 * scenario; {@code records} holds those this run tried (all of them, or its shard's).
 */
public record CampaignResult(String scenario, String shard, int cutPoints, int tried, int survived,
                             List<CutRecord> failed, double wallSeconds, List<CutRecord> records,
                             List<MemorySummary> memories) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static CampaignResult of(String scenario, String shard, int cutPoints, List<CutRecord> records, double wallSeconds,
                                    List<MemorySummary> memories) {
        List<CutRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt(CutRecord::id));
        List<CutRecord> failed = sorted.stream().filter(r -> !r.survived()).toList();
        return new CampaignResult(scenario, shard, cutPoints, sorted.size(), sorted.size() - failed.size(), failed,
                wallSeconds, List.copyOf(sorted), memories == null ? List.of() : List.copyOf(memories));
    }

    /** The same result without its wall time: what must be identical however the campaign was split. */
    public CampaignResult withoutWallTime() {
        return new CampaignResult(scenario, shard, cutPoints, tried, survived, failed, 0, records, memories);
    }

    public boolean complete() {
        return tried == cutPoints;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static CampaignResult fromJson(String json, String where) {
        try {
            CampaignResult r = JSON.readValue(json, CampaignResult.class);
            if (r.scenario() == null || r.records() == null) throw new CampaignException(where + ": not a campaign result");
            if (r.failed() == null || r.memories() == null) {
                // Results written before memories were recorded, or hand-trimmed: rebuild the derived lists.
                return of(r.scenario(), r.shard(), r.cutPoints(), r.records(), r.wallSeconds(), r.memories());
            }
            return r;
        } catch (JsonProcessingException e) {
            throw new CampaignException(where + ": not a campaign result (" + e.getOriginalMessage() + ")");
        }
    }

    /**
     * Combines the results of the shards of one campaign: the same scenario and cut-point count,
     * no cut point twice; wall time is the longest shard's (they run side by side).
     */
    public static CampaignResult merge(List<CampaignResult> parts) {
        if (parts.isEmpty()) throw new CampaignException("merge needs at least one results file");
        CampaignResult first = parts.get(0);
        List<CutRecord> all = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        double wall = 0;
        for (CampaignResult p : parts) {
            if (!p.scenario().equals(first.scenario()) || p.cutPoints() != first.cutPoints()) {
                throw new CampaignException("results of different campaigns: " + first.scenario() + " (" + first.cutPoints()
                        + " cut points) and " + p.scenario() + " (" + p.cutPoints() + ")");
            }
            for (CutRecord r : p.records()) {
                if (!seen.add(r.id())) throw new CampaignException("cut point " + r.id() + " is in more than one results file");
                all.add(r);
            }
            wall = Math.max(wall, p.wallSeconds());
        }
        String shard = all.size() == first.cutPoints() ? "1/1" : "partial";
        return of(first.scenario(), shard, first.cutPoints(), all, wall, first.memories());
    }
}
