package io.switchboard.core.memory;

import java.security.SecureRandom;

/** New stream epochs: eight random ASCII letters, as Centrifugo makes them. */
final class Epochs {
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Epochs() {
    }

    static String next() {
        char[] out = new char[8];
        for (int i = 0; i < out.length; i++) out[i] = LETTERS.charAt(RANDOM.nextInt(LETTERS.length()));
        return new String(out);
    }
}
