package io.switchboard.centrifugo.internal.codec;

/**
 * One decoded client command: its id and the first request it carries. A command with neither id nor
 * request is the client's pong ({@link #isPong()}); {@code method} is null then.
 */
public record Command(long id, Method method, Object request) {
    public boolean isPong() {
        return id == 0 && method == null;
    }

    public <T> T request(Class<T> type) {
        return type.cast(request);
    }
}
