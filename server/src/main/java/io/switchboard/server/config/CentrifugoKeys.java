package io.switchboard.server.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Centrifugo v6's config keys (a resource listing them), so that a Centrifugo config with a key Switchboard does
 * not serve yet starts with a warning naming the key instead of failing on it.
 */
final class CentrifugoKeys {
    private static final Set<String> KEYS = load();
    private static final Set<String> SECTIONS = sections(KEYS);

    private CentrifugoKeys() {
    }

    /** Whether {@code path} ({@code channel.namespaces[2].subscription_type}) is a Centrifugo key or section. */
    static boolean known(String path) {
        String declared = path.replaceAll("\\[\\d+]", "[]");
        return KEYS.contains(declared) || SECTIONS.contains(declared);
    }

    private static Set<String> sections(Set<String> keys) {
        Set<String> sections = new HashSet<>();
        for (String key : keys) {
            for (int i = key.indexOf('.'); i > 0; i = key.indexOf('.', i + 1)) {
                String section = key.substring(0, i);
                sections.add(section);
                if (section.endsWith("[]")) sections.add(section.substring(0, section.length() - 2));
            }
            if (key.endsWith("[]")) sections.add(key.substring(0, key.length() - 2));
        }
        return sections;
    }

    private static Set<String> load() {
        Set<String> keys = new HashSet<>();
        try (InputStream in = CentrifugoKeys.class.getResourceAsStream("centrifugo-v6-keys.txt")) {
            if (in == null) throw new IllegalStateException("centrifugo-v6-keys.txt is missing from the jar");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) keys.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }
}
