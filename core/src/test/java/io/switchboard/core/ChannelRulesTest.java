package io.switchboard.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelRulesTest {
    private final ChannelOptions chat = ChannelOptions.builder().presence(true).build();
    private final ChannelRules rules = new ChannelRules(20, ChannelOptions.DEFAULTS, Map.of("chat", chat));

    @Test
    void findsTheNamespaceBeforeTheFirstColonAfterAPrivatePrefix() {
        assertThat(ChannelRules.namespaceOf("chat:room:1")).isEqualTo("chat");
        assertThat(ChannelRules.namespaceOf("$chat:room")).isEqualTo("chat");
        assertThat(ChannelRules.namespaceOf("news")).isEmpty();
        assertThat(rules.optionsFor("chat:1")).contains(chat);
        assertThat(rules.optionsFor("news")).contains(ChannelOptions.DEFAULTS);
        assertThat(rules.optionsFor("nope:1")).isEmpty();
    }

    @Test
    void allowsOnlyTheUsersListedAfterTheHash() {
        assertThat(ChannelRules.isUserLimited("dialog#42,43")).isTrue();
        assertThat(ChannelRules.userAllowed("dialog#42,43", "43")).isTrue();
        assertThat(ChannelRules.userAllowed("dialog#42,43", "4")).isFalse();
        assertThat(ChannelRules.userAllowed("dialog#42,43", "")).isFalse();
    }

    @Test
    void rejectsEmptyTooLongAndNonPrintableNames() {
        assertThat(rules.validName("")).isFalse();
        assertThat(rules.validName("x".repeat(21))).isFalse();
        assertThat(rules.validName("a b")).isFalse();
        assertThat(rules.validName("ok:name#1")).isTrue();
    }

    // Kinds like a protocol's channel types: "secret-" is private, "live-" turns presence on, "live-kept-" keeps
    // history too and is a longer prefix than "live-".
    private static final ChannelKind SECRET = new ChannelKind("secret-", true, null);
    private static final ChannelKind LIVE = new ChannelKind("live-", false,
            o -> o.toBuilder().presence(true).joinLeave(true).build());
    private static final ChannelKind LIVE_KEPT = new ChannelKind("live-kept-", true,
            o -> o.toBuilder().presence(true).historySize(1).historyTtl(Duration.ofMinutes(30)).build());
    private final ChannelRules withKinds = rules.with(List.of(SECRET, LIVE, LIVE_KEPT),
            Map.of("app2", ChannelOptions.DEFAULTS, "chat", ChannelOptions.DEFAULTS));

    @Test
    void aKindIsNamedByThePrefixAfterTheNamespaceAndTheLongestPrefixWins() {
        assertThat(withKinds.kindOf("secret-x")).isSameAs(SECRET);
        assertThat(withKinds.kindOf("app2:secret-x")).isSameAs(SECRET);
        assertThat(withKinds.kindOf("$app2:secret-x")).isSameAs(SECRET);
        assertThat(withKinds.kindOf("live-room")).isSameAs(LIVE);
        assertThat(withKinds.kindOf("live-kept-room")).isSameAs(LIVE_KEPT);
        assertThat(withKinds.kindOf("app2:live-kept-room")).isSameAs(LIVE_KEPT);
        assertThat(withKinds.kindOf("news")).isNull();
        assertThat(withKinds.kindOf("x-secret-y")).isNull(); // a prefix, not anywhere in the name
        assertThat(withKinds.kindOf("secret-x:news")).isNull(); // "secret-x" is the namespace here
        assertThat(rules.kindOf("secret-x")).isNull();
    }

    @Test
    void aKindAdjustsTheOptionsOfItsNamespace() {
        assertThat(withKinds.optionsFor("news")).contains(ChannelOptions.DEFAULTS);
        ChannelOptions live = withKinds.optionsFor("app2:live-room").orElseThrow();
        assertThat(live.presence()).isTrue();
        assertThat(live.joinLeave()).isTrue();
        assertThat(live.historyEnabled()).isFalse();
        ChannelOptions kept = withKinds.optionsFor("live-kept-room").orElseThrow();
        assertThat(kept.presence()).isTrue();
        assertThat(kept.joinLeave()).isFalse(); // the longer prefix alone applies
        assertThat(kept.historySize()).isEqualTo(1);
        assertThat(kept.historyTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(withKinds.optionsFor("secret-x")).contains(ChannelOptions.DEFAULTS); // no adjustment given
        assertThat(withKinds.optionsFor("nope:live-room")).isEmpty(); // a kind does not make a namespace known
    }

    @Test
    void privateKindsAndDollarChannelsArePrivateByNameWithOrWithoutNamespace() {
        assertThat(withKinds.privateByName("secret-x")).isTrue();
        assertThat(withKinds.privateByName("app2:secret-x")).isTrue();
        assertThat(withKinds.privateByName("live-kept-room")).isTrue();
        assertThat(withKinds.privateByName("app2:live-room")).isFalse();
        assertThat(withKinds.privateByName("news")).isFalse();
        assertThat(withKinds.privateByName("$news")).isTrue();
        assertThat(rules.privateByName("secret-x")).isFalse();
    }

    @Test
    void withAddsNamespacesButOneConfiguredByHandKeepsItsOptions() {
        assertThat(withKinds.namespaces()).containsOnlyKeys("chat", "app2");
        assertThat(withKinds.optionsFor("chat:1")).contains(chat);
        assertThat(withKinds.optionsFor("app2:1")).contains(ChannelOptions.DEFAULTS);
        assertThat(withKinds.maxLength()).isEqualTo(rules.maxLength());
        assertThat(withKinds.withoutNamespace()).isEqualTo(rules.withoutNamespace());
    }
}
