package io.xipkit.tools.campaign;

/** Bad input to a campaign (scenario file, shard, results file): a one-line message for the user. */
public final class CampaignException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CampaignException(String message) {
        super(message, null, false, false);
    }
}
