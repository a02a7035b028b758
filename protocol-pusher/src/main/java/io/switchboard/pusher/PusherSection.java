package io.switchboard.pusher;

import io.switchboard.protocol.ConfigSection;
import io.switchboard.protocol.ConfigSection.Type;
import io.switchboard.protocol.ProtocolConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code pusher} section of the standalone server's config: the server's timing and limits, and its apps with
 * Soketi's names for their settings. Apps come from the file (or {@code SWITCHBOARD_PUSHER_APPS} as JSON).
 */
public final class PusherSection implements ProtocolConfig<PusherSettings> {
    public static final PusherSection INSTANCE = new PusherSection();

    /** What Soketi sends webhooks about; {@code event_types} may name only these. */
    static final Set<String> WEBHOOK_EVENTS = Set.of("channel_occupied", "channel_vacated", "member_added",
            "member_removed", "client_event", "cache_miss", "subscription_count");
    /** A core namespace name; one character is allowed (unlike {@code channel.namespaces}) for numeric app ids. */
    static final Pattern NAMESPACE = Pattern.compile("^[-a-zA-Z0-9_]+$");

    private static final Map<String, Type> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("enabled", Type.BOOLEAN);
        KEYS.put("activity_timeout", Type.DURATION);
        KEYS.put("pong_timeout", Type.DURATION);
        KEYS.put("allowed_origins", Type.STRING_LIST);
        KEYS.put("max_message_size", Type.INTEGER);
        KEYS.put("apps", Type.OBJECT_LIST);
        KEYS.put("apps[].id", Type.STRING);
        KEYS.put("apps[].key", Type.STRING);
        KEYS.put("apps[].secret", Type.STRING);
        KEYS.put("apps[].enabled", Type.BOOLEAN);
        KEYS.put("apps[].enable_client_messages", Type.BOOLEAN);
        KEYS.put("apps[].max_connections", Type.INTEGER);
        KEYS.put("apps[].max_presence_members", Type.INTEGER);
        KEYS.put("apps[].max_event_payload_kb", Type.INTEGER);
        KEYS.put("apps[].max_channel_name_length", Type.INTEGER);
        KEYS.put("apps[].max_event_batch_size", Type.INTEGER);
        KEYS.put("apps[].max_client_events_per_second", Type.INTEGER);
        KEYS.put("apps[].enable_subscription_count", Type.BOOLEAN);
        KEYS.put("apps[].namespace", Type.STRING);
        KEYS.put("apps[].webhooks", Type.OBJECT_LIST);
        KEYS.put("apps[].webhooks[].url", Type.STRING);
        KEYS.put("apps[].webhooks[].event_types", Type.STRING_LIST);
        KEYS.put("apps[].webhooks[].filter.channel_name_starts_with", Type.STRING);
        KEYS.put("apps[].webhooks[].filter.channel_name_ends_with", Type.STRING);
        KEYS.put("apps[].webhooks[].headers", Type.STRING_MAP);
    }

    private PusherSection() {
    }

    @Override
    public String section() {
        return "pusher";
    }

    @Override
    public Map<String, Type> keys() {
        return KEYS;
    }

    @Override
    public PusherSettings read(ConfigSection s, ClientSettings client) {
        boolean enabled = s.bool("enabled", false);
        Duration activity = s.duration("activity_timeout", Duration.ofSeconds(30));
        Duration pong = s.duration("pong_timeout", Duration.ofSeconds(30));
        List<String> origins = s.strings("allowed_origins", client.allowedOrigins());
        Integer maxMessage = s.integer("max_message_size", 100 * 1024, 1, Integer.MAX_VALUE);
        // announced in whole seconds in connection_established
        if (activity != null && activity.toSeconds() < 1) s.error("activity_timeout", "must be at least 1s");
        if (pong != null && pong.isZero()) s.error("pong_timeout", "must be greater than 0");
        List<PusherApp> apps = apps(s);
        if (enabled && s.items("apps").isEmpty() && !s.hasErrors()) {
            s.error("apps", "pusher.enabled is true but no app is configured (each needs an id, a key and a secret)");
        }
        if (!enabled || s.hasErrors() || activity == null || pong == null || maxMessage == null || apps == null) {
            return null;
        }
        return new PusherSettings(apps, activity, pong, origins, maxMessage);
    }

    /** The apps, each checked on its own and against the others; null when one is wrong (reported). */
    private static List<PusherApp> apps(ConfigSection s) {
        List<PusherApp> apps = new ArrayList<>();
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        Map<String, String> namespaces = new LinkedHashMap<>();
        boolean ok = true;
        boolean sharing = false;
        for (ConfigSection a : s.items("apps")) {
            String id = required(a, "id", ids);
            String key = required(a, "key", keys);
            String secret = required(a, "secret", null);
            Integer maxConnections = a.integer("max_connections", -1, -1, Integer.MAX_VALUE);
            Integer maxPresence = a.integer("max_presence_members", 100, 0, Integer.MAX_VALUE);
            Integer payloadKb = a.integer("max_event_payload_kb", 10, 1, Integer.MAX_VALUE / 1024);
            Integer nameLength = a.integer("max_channel_name_length", 200, 1, Integer.MAX_VALUE);
            Integer batch = a.integer("max_event_batch_size", 10, 1, Integer.MAX_VALUE);
            Integer clientRate = a.integer("max_client_events_per_second", 10, 0, Integer.MAX_VALUE);
            List<Webhook> hooks = webhooks(a);
            // the namespace the app will live in (see PusherApps.assigning): its own, none for the first without
            // one, its id for the others
            String namespace = a.string("namespace", "");
            String effective = namespace;
            if (a.has("namespace") && !NAMESPACE.matcher(namespace).matches()) {
                a.error("namespace", quote(namespace) + " must match " + NAMESPACE.pattern());
                effective = null;
            } else if (namespace.isEmpty() && !sharing) {
                sharing = true;
            } else if (namespace.isEmpty() && id != null) {
                effective = id;
                if (!NAMESPACE.matcher(id).matches()) {
                    a.error("id", quote(id) + " is this app's channel namespace, which must match "
                            + NAMESPACE.pattern() + ": set namespace");
                    effective = null;
                }
            }
            if (effective != null && !effective.isEmpty()) {
                String first = namespaces.putIfAbsent(effective, a.name());
                if (first != null) {
                    a.error(a.has("namespace") ? "namespace" : "id", "namespace " + quote(effective)
                            + " is also " + first + "'s");
                    effective = null;
                }
            }
            if (id == null || key == null || secret == null || maxConnections == null || maxPresence == null
                    || payloadKb == null || nameLength == null || batch == null || clientRate == null || hooks == null
                    || effective == null) {
                ok = false;
                continue;
            }
            apps.add(new PusherApp(id, key, secret, a.bool("enabled", true), a.bool("enable_client_messages", false),
                    maxConnections, maxPresence, payloadKb, nameLength, batch, clientRate,
                    a.bool("enable_subscription_count", false), hooks, namespace));
        }
        return ok ? apps : null;
    }

    /** A non-empty string; with {@code seen}, one no earlier app has. Null when missing or taken (reported). */
    private static String required(ConfigSection a, String name, Map<String, String> seen) {
        String value = a.string(name, null);
        if (!a.has(name)) {
            a.error(name, "missing: every app needs an id, a key and a secret");
            return null;
        }
        if (value == null) return null; // not a string: reported by the server's shape check
        if (value.isEmpty()) {
            a.error(name, "must not be empty");
            return null;
        }
        if (seen != null) {
            String first = seen.putIfAbsent(value, a.name());
            if (first != null) {
                a.error(name, "duplicate " + name + " " + quote(value) + " (also " + first + ")");
                return null;
            }
        }
        return value;
    }

    private static List<Webhook> webhooks(ConfigSection app) {
        List<Webhook> hooks = new ArrayList<>();
        boolean ok = true;
        for (ConfigSection w : app.items("webhooks")) {
            String url = w.string("url", "");
            if (url.isEmpty()) {
                w.error("url", "missing: every webhook needs a url");
                ok = false;
            } else if (!httpUrl(url)) {
                w.error("url", quote(url) + " is not an http or https URL");
                ok = false;
            }
            List<String> events = w.strings("event_types", List.of());
            for (String e : events) {
                if (!WEBHOOK_EVENTS.contains(e)) {
                    w.error("event_types", quote(e) + " is not a webhook event (allowed: "
                            + String.join(", ", WEBHOOK_EVENTS.stream().sorted().toList()) + ")");
                    ok = false;
                }
            }
            hooks.add(new Webhook(url, events, w.string("filter.channel_name_starts_with", ""),
                    w.string("filter.channel_name_ends_with", ""), w.stringMap("headers")));
        }
        return ok ? hooks : null;
    }

    private static boolean httpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
