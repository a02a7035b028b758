package io.switchboard.server.api.internal;

import io.switchboard.core.ClientError;

/** What one API call (or one broadcast or batch entry) answers: its result, or the client error instead. */
public record Answer<T>(T result, ClientError error) {
    public static <T> Answer<T> ok(T result) {
        return new Answer<>(result, null);
    }

    public static <T> Answer<T> failed(ClientError error) {
        return new Answer<>(null, error);
    }

    public boolean isOk() {
        return error == null;
    }
}
