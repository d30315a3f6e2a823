package io.xipkit.tools.campaign;

/** The {@code index}-th of {@code count} deterministic slices of a campaign's cut points (1-based, "I/N"). */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(1, 1);

    public static Shard parse(String text) {
        String[] p = text.split("/", -1);
        try {
            if (p.length == 2) {
                int i = Integer.parseInt(p[0].trim()), n = Integer.parseInt(p[1].trim());
                if (n >= 1 && i >= 1 && i <= n) return new Shard(i, n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CampaignException("--shard wants I/N with 1 <= I <= N, got \"" + text + "\"");
    }

    /** Cut ids are dealt round-robin, so every shard gets early and late operations alike. */
    public boolean contains(int cutId) {
        return cutId % count == index - 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
