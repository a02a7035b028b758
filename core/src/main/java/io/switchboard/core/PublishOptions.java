package io.switchboard.core;

import java.util.Map;

/**
 * How one publish behaves: who published it (null for the server API), its tags, whether to skip history,
 * whether delta-negotiated subscribers may get it as a delta against the previous publication, and the one
 * connection it skips (null: none; see {@link Publication#excludedClient()}).
 */
public record PublishOptions(ClientInfo info, Map<String, String> tags, boolean skipHistory, boolean delta,
                             String excludedClient) {
    public static final PublishOptions DEFAULT = new PublishOptions(null, Map.of(), false, false);

    public PublishOptions {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public PublishOptions(ClientInfo info, Map<String, String> tags, boolean skipHistory, boolean delta) {
        this(info, tags, skipHistory, delta, null);
    }
}
