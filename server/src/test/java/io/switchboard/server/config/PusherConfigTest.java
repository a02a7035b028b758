package io.switchboard.server.config;

import io.switchboard.pusher.PusherApp;
import io.switchboard.pusher.PusherSettings;
import io.switchboard.pusher.Webhook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pusher section: off by default, Soketi's app settings, the dev app, the environment, errors under full keys. */
class PusherConfigTest {
    private static final String ONE_APP = "{\"id\": \"1\", \"key\": \"k1\", \"secret\": \"s1\"}";

    @TempDir
    Path dir;

    private SwitchboardConfig load(String json, Map<String, String> env) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("c.json"), json), false, env, ConfigLoader.Overrides.NONE);
    }

    private List<String> errors(String json) {
        return ConfigErrors.of(() -> load(json, Map.of())).errors();
    }

    @Test
    void offUnlessEnabled() throws Exception {
        assertThat(load("{}", Map.of()).pusher()).isNull();
        assertThat(load("{\"pusher\": {\"apps\": [" + ONE_APP + "]}}", Map.of()).pusher()).isNull();
    }

    @Test
    void defaultsAreSoketisWithTheClientOrigins() throws Exception {
        PusherSettings p = load("""
                {"client": {"allowed_origins": ["https://a.example"]},
                 "pusher": {"enabled": true, "apps": [%s]}}""".formatted(ONE_APP), Map.of()).pusher();
        assertThat(p.activityTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.pongTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.allowedOrigins()).containsExactly("https://a.example");
        assertThat(p.maxMessageBytes()).isEqualTo(100 * 1024);
        assertThat(p.apps()).containsExactly(PusherApp.of("1", "k1", "s1"));
    }

    @Test
    void readsEveryKey() throws Exception {
        PusherSettings p = load("""
                {"pusher": {"enabled": true, "activity_timeout": "2m", "pong_timeout": 5, "allowed_origins": ["*"],
                  "max_message_size": 2048,
                  "apps": [
                    {"id": "1", "key": "k1", "secret": "s1", "enabled": false, "enable_client_messages": true,
                     "max_connections": 50, "max_presence_members": 20, "max_event_payload_kb": 32,
                     "max_channel_name_length": 64, "max_event_batch_size": 5, "max_client_events_per_second": 3,
                     "enable_subscription_count": true,
                     "webhooks": [{"url": "https://hooks.example/pusher", "event_types": ["channel_occupied", "member_added"],
                                   "filter": {"channel_name_starts_with": "presence-", "channel_name_ends_with": "-x"},
                                   "headers": {"X-Token": "t"}}]},
                    {"id": "2", "key": "k2", "secret": "s2", "namespace": "second"}]}}""", Map.of()).pusher();
        assertThat(p.activityTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.pongTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.allowedOrigins()).containsExactly("*");
        assertThat(p.maxMessageBytes()).isEqualTo(2048);
        Webhook hook = new Webhook("https://hooks.example/pusher", List.of("channel_occupied", "member_added"),
                "presence-", "-x", Map.of("X-Token", "t"));
        assertThat(p.apps()).containsExactly(
                new PusherApp("1", "k1", "s1", false, true, 50, 20, 32, 64, 5, 3, true, List.of(hook), ""),
                PusherApp.of("2", "k2", "s2").withNamespace("second"));
    }

    @Test
    void theDevPresetHasSoketisDevelopmentAppAndAFileReplacesIt() throws Exception {
        PusherSettings dev = SwitchboardConfig.devPreset().pusher();
        assertThat(dev).isNotNull();
        assertThat(dev.apps()).containsExactly(PusherApp.development());

        Path f = Files.writeString(dir.resolve("dev.json"), "{\"pusher\": {\"apps\": [" + ONE_APP + "]}}");
        PusherSettings overridden = ConfigLoader.load(f, true, Map.of(), ConfigLoader.Overrides.NONE).pusher();
        assertThat(overridden.apps()).containsExactly(PusherApp.of("1", "k1", "s1"));
        Path off = Files.writeString(dir.resolve("off.json"), "{\"pusher\": {\"enabled\": false}}");
        assertThat(ConfigLoader.load(off, true, Map.of(), ConfigLoader.Overrides.NONE).pusher()).isNull();
    }

    @Test
    void theEnvironmentSetsScalarKeysAndAppsAsJson() throws Exception {
        SwitchboardConfig c = load("{\"pusher\": {\"apps\": [" + ONE_APP + "]}}", Map.of(
                "SWITCHBOARD_PUSHER_ENABLED", "true",
                "SWITCHBOARD_PUSHER_ACTIVITY_TIMEOUT", "10s",
                "SWITCHBOARD_PUSHER_MAX_MESSAGE_SIZE", "4096",
                "SWITCHBOARD_PUSHER_ALLOWED_ORIGINS", "https://a.example https://b.example"));
        assertThat(c.pusher().activityTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.pusher().maxMessageBytes()).isEqualTo(4096);
        assertThat(c.pusher().allowedOrigins()).containsExactly("https://a.example", "https://b.example");

        SwitchboardConfig fromEnv = load("{}", Map.of("SWITCHBOARD_PUSHER_ENABLED", "1",
                "SWITCHBOARD_PUSHER_APPS", "[" + ONE_APP + "]"));
        assertThat(fromEnv.pusher().apps()).containsExactly(PusherApp.of("1", "k1", "s1"));
        // keys inside an app have no variables of their own
        SwitchboardConfig warned = load("{}", Map.of("SWITCHBOARD_PUSHER_APPS_KEY", "k"));
        assertThat(warned.warnings()).anyMatch(w -> w.startsWith("SWITCHBOARD_PUSHER_APPS_KEY is not a config key"));
    }

    @Test
    void aBadEnvironmentValueNamesTheVariable() {
        assertThat(ConfigErrors.of(() -> load("{}", Map.of("SWITCHBOARD_PUSHER_ENABLED", "yes"))).errors())
                .containsExactly("pusher.enabled: \"yes\" is not a boolean (use true or false) (set by SWITCHBOARD_PUSHER_ENABLED)");
    }

    @Test
    void everyBadAppIsReportedUnderItsPlaceAtOnce() {
        List<String> errors = errors("""
                {"pusher": {"enabled": true, "apps": [
                  {"id": "1", "key": "k1", "secret": "s1", "max_connections": -2, "max_presence_members": -1,
                   "max_event_payload_kb": 0, "max_client_events_per_second": -5},
                  {"key": "k1", "secret": ""},
                  {"id": "1", "key": "k3"},
                  "not an app",
                  {"id": "4", "key": "k4", "secret": "s4", "max_event_batch_size": "ten"}]}}""");
        assertThat(errors).contains(
                "pusher.apps[0].max_connections: -2 must be at least -1",
                "pusher.apps[0].max_presence_members: -1 must be at least 0",
                "pusher.apps[0].max_event_payload_kb: 0 is out of range (1..2097151)",
                "pusher.apps[0].max_client_events_per_second: -5 must be at least 0",
                "pusher.apps[1].id: missing: every app needs an id, a key and a secret",
                "pusher.apps[1].key: duplicate key \"k1\" (also pusher.apps[0])",
                "pusher.apps[1].secret: must not be empty",
                "pusher.apps[2].id: duplicate id \"1\" (also pusher.apps[0])",
                "pusher.apps[2].secret: missing: every app needs an id, a key and a secret",
                "pusher.apps[3]: expected an object, got a string (\"not an app\")",
                "pusher.apps[4].max_event_batch_size: expected an integer, got a string (\"ten\")");
        assertThat(errors).hasSize(11);
    }

    @Test
    void typosInsideAppsAndWebhooksAreUnknownKeysWithSuggestions() {
        List<String> errors = errors("""
                {"pusher": {"enabled": true, "apps": [
                  {"id": "1", "key": "k1", "secret": "s1", "enable_client_mesages": true, "colour": "red",
                   "webhooks": [{"url": "https://h.example", "filter": {"channel_name_startswith": "a"},
                                 "headers": {"X-N": 1}, "evnt_types": []}]}],
                  "activity_timout": "5s"}}""");
        assertThat(errors).containsExactlyInAnyOrder(
                "pusher.apps[0].enable_client_mesages: unknown key (did you mean pusher.apps[0].enable_client_messages?)",
                "pusher.apps[0].colour: unknown key (known keys in pusher.apps[0]: id, key, secret, enabled, "
                        + "enable_client_messages, max_connections, max_presence_members, max_event_payload_kb, "
                        + "max_channel_name_length, max_event_batch_size, max_client_events_per_second, "
                        + "enable_subscription_count, namespace, webhooks)",
                "pusher.apps[0].webhooks[0].filter.channel_name_startswith: unknown key "
                        + "(did you mean pusher.apps[0].webhooks[0].filter.channel_name_starts_with?)",
                "pusher.apps[0].webhooks[0].headers.X-N: expected a string, got an integer (1)",
                "pusher.apps[0].webhooks[0].evnt_types: unknown key (did you mean pusher.apps[0].webhooks[0].event_types?)",
                "pusher.activity_timout: unknown key (did you mean pusher.activity_timeout?)");
    }

    @Test
    void badWebhooksAreReportedUnderTheirPlace() {
        List<String> errors = errors("""
                {"pusher": {"enabled": true, "apps": [{"id": "1", "key": "k1", "secret": "s1", "webhooks": [
                  {"url": "ftp://h.example/x"}, {"url": "not a url"}, {"event_types": ["channel_occupied", "new_message"]},
                  {"url": "https:///nohost"}]}]}}""");
        assertThat(errors).containsExactlyInAnyOrder(
                "pusher.apps[0].webhooks[0].url: \"ftp://h.example/x\" is not an http or https URL",
                "pusher.apps[0].webhooks[1].url: \"not a url\" is not an http or https URL",
                "pusher.apps[0].webhooks[2].url: missing: every webhook needs a url",
                "pusher.apps[0].webhooks[2].event_types: \"new_message\" is not a webhook event (allowed: cache_miss, "
                        + "channel_occupied, channel_vacated, client_event, member_added, member_removed, subscription_count)",
                "pusher.apps[0].webhooks[3].url: \"https:///nohost\" is not an http or https URL");
    }

    @Test
    void namespacesMustBeCoreNamespacesAndDistinct() {
        List<String> errors = errors("""
                {"pusher": {"enabled": true, "apps": [
                  {"id": "1", "key": "k1", "secret": "s1"},
                  {"id": "a.b", "key": "k2", "secret": "s2"},
                  {"id": "3", "key": "k3", "secret": "s3", "namespace": "x:y"},
                  {"id": "4", "key": "k4", "secret": "s4", "namespace": "shared"},
                  {"id": "shared", "key": "k5", "secret": "s5"}]}}""");
        assertThat(errors).containsExactlyInAnyOrder(
                "pusher.apps[1].id: \"a.b\" is this app's channel namespace, which must match ^[-a-zA-Z0-9_]+$: set namespace",
                "pusher.apps[2].namespace: \"x:y\" must match ^[-a-zA-Z0-9_]+$",
                "pusher.apps[4].id: namespace \"shared\" is also pusher.apps[3]'s");
    }

    @Test
    void timingAndSizeAreChecked() {
        assertThat(errors("""
                {"pusher": {"enabled": true, "activity_timeout": "500ms", "pong_timeout": 0, "max_message_size": 0,
                  "apps": [%s]}}""".formatted(ONE_APP))).containsExactlyInAnyOrder(
                "pusher.activity_timeout: must be at least 1s",
                "pusher.pong_timeout: must be greater than 0",
                "pusher.max_message_size: 0 must be at least 1");
        assertThat(errors("{\"pusher\": {\"enabled\": true}}")).containsExactly(
                "pusher.apps: pusher.enabled is true but no app is configured (each needs an id, a key and a secret)");
        assertThat(errors("{\"pusher\": {\"apps\": {\"id\": \"1\"}}}")).containsExactly(
                "pusher.apps: expected a list of objects, got an object");
    }
}
