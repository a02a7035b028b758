package io.switchboard.protocol.proxy;

import io.switchboard.protocol.Verdict;

/**
 * A proxy call's outcome for a protocol: allowed with the kind's result, or refused or ended as the backend (or
 * Centrifugo's answer to a failed call) decided. A connect result may be null: the backend named no one.
 */
public record ProxyReply<T>(Verdict verdict, T result) {
    static <T> ProxyReply<T> of(T result) {
        return new ProxyReply<>(Verdict.ALLOWED, result);
    }

    static <T> ProxyReply<T> not(Verdict verdict) {
        return new ProxyReply<>(verdict, null);
    }
}
