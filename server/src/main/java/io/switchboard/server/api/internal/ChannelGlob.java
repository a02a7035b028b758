package io.switchboard.server.api.internal;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The {@code channels} method's pattern: {@code *} matches any run of characters, {@code ?} one; empty matches all. */
final class ChannelGlob {
    private ChannelGlob() {
    }

    static Predicate<String> of(String pattern) {
        if (pattern.isEmpty()) return channel -> true;
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString()).asMatchPredicate();
    }
}
