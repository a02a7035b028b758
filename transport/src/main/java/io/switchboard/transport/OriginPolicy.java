package io.switchboard.transport;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which browser origins may connect. Patterns may use {@code *} for any run of characters. A request
 * without an Origin header (not a browser) always passes; with an empty list every Origin is refused.
 */
public final class OriginPolicy {
    private final List<Pattern> patterns;

    public OriginPolicy(List<String> allowed) {
        this.patterns = allowed.stream().map(OriginPolicy::compile).toList();
    }

    public boolean allows(String origin) {
        if (origin == null || origin.isEmpty()) return true;
        String o = origin.toLowerCase(Locale.ROOT);
        for (Pattern p : patterns) if (p.matcher(o).matches()) return true;
        return false;
    }

    private static Pattern compile(String glob) {
        String[] parts = glob.toLowerCase(Locale.ROOT).split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) re.append(".*");
            if (!parts[i].isEmpty()) re.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString());
    }
}
