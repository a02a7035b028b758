package io.switchboard.core;

import java.util.Map;

/** How one publish behaves: who published it (null for the server API), its tags, and whether to skip history. */
public record PublishOptions(ClientInfo info, Map<String, String> tags, boolean skipHistory) {
    public static final PublishOptions DEFAULT = new PublishOptions(null, Map.of(), false);

    public PublishOptions {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
