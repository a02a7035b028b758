package io.switchboard.core;

import org.junit.jupiter.api.Test;

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
}
