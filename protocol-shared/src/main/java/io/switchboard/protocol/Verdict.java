package io.switchboard.protocol;

import io.switchboard.core.ClientError;
import io.switchboard.core.Disconnect;

/**
 * What a check decided, for every protocol alike: allowed, refused with an error answered to the request (the
 * connection stays), or the connection ended. Each protocol turns a verdict into its frames in one place.
 */
public sealed interface Verdict {
    Verdict ALLOWED = new Allowed();

    static Verdict refused(ClientError error) {
        return new Refused(error);
    }

    static Verdict ended(Disconnect disconnect) {
        return new Ended(disconnect);
    }

    default boolean isAllowed() {
        return this instanceof Allowed;
    }

    record Allowed() implements Verdict {
    }

    record Refused(ClientError error) implements Verdict {
    }

    record Ended(Disconnect disconnect) implements Verdict {
    }
}
