package io.switchboard.protocol.proxy;

import io.switchboard.core.ClientError;
import io.switchboard.core.Disconnect;
import io.switchboard.json.JsonObject;

/** What the backend answered, before a proxy kind reads it: a result, an error, a disconnect, or no answer. */
sealed interface ProxyAnswer {
    /** {@code {"result": ...}}; {@code result} is null when the reply had none. */
    record Result(JsonObject result) implements ProxyAnswer {
    }

    /** {@code {"error": {"code", "message", "temporary"}}}. */
    record Refused(ClientError error) implements ProxyAnswer {
    }

    /** {@code {"disconnect": {"code", "reason"}}}. */
    record Ended(Disconnect disconnect) implements ProxyAnswer {
    }

    /** A timeout, a refused or closed connection, a status other than 200 or a body that is not a reply. */
    record Failed(String why) implements ProxyAnswer {
    }
}
