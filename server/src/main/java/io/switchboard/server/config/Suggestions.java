package io.switchboard.server.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for unknown keys. A candidate matches on its whole path or on any tail of it, so a misplaced key
 * ({@code allowed_origins} at the top, as in older Centrifugo configs) finds where it belongs, and dots and
 * underscores count as the same ({@code client.token_hmac_secret_key} finds {@code client.token.hmac_secret_key}).
 */
final class Suggestions {
    private Suggestions() {
    }

    static Optional<String> closest(String unknown, Collection<String> candidates) {
        String u = normalize(unknown);
        String uName = normalize(lastSegment(unknown));
        int allowed = Math.max(2, uName.length() / 3);
        return candidates.stream()
                .filter(c -> score(u, uName, c) <= allowed)
                .min(Comparator.<String>comparingInt(c -> score(u, uName, c))
                        .thenComparing(c -> !parentOf(c).equals(parentOf(unknown)))
                        .thenComparingInt(c -> distance(u, normalize(c))));
    }

    private static int score(String unknown, String unknownName, String candidate) {
        String c = normalize(candidate);
        int best = Math.min(distance(unknownName, normalize(lastSegment(candidate))), wordsLeftOut(unknown, c));
        for (int i = 0; i < c.length() && best > 0; i++) {
            if (i == 0 || c.charAt(i - 1) == '_') {
                best = Math.min(best, distance(unknown, c.substring(i)));
            }
        }
        return best;
    }

    /** How many words of the candidate the unknown key skipped ({@code http_port} in {@code http_server_port}: 1). */
    private static int wordsLeftOut(String unknown, String candidate) {
        String[] u = unknown.split("_");
        String[] c = candidate.split("_");
        int matched = 0;
        for (int i = 0; i < c.length && matched < u.length; i++) {
            if (c[i].equals(u[matched])) matched++;
        }
        return matched == u.length ? c.length - u.length : Integer.MAX_VALUE;
    }

    private static String normalize(String path) {
        return path.replaceAll("\\[\\d*]", "").replace('.', '_').replace('-', '_').toLowerCase(Locale.ROOT);
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static String parentOf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    /** Optimal string alignment distance: edits, with a swap of neighbours counting as one. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
