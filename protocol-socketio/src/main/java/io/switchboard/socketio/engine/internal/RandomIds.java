package io.switchboard.socketio.engine.internal;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable ids (120 random bits, 20 URL-safe characters): Engine.IO sids, socket ids, recovery pids. */
public final class RandomIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    public static String next() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
