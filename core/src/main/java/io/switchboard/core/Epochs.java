package io.switchboard.core;

import java.security.SecureRandom;

/** New stream epochs: eight random ASCII letters, as Centrifugo makes them (every engine makes them so). */
public final class Epochs {
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Epochs() {
    }

    public static String next() {
        char[] out = new char[8];
        for (int i = 0; i < out.length; i++) out[i] = LETTERS.charAt(RANDOM.nextInt(LETTERS.length()));
        return new String(out);
    }
}
