package io.switchboard.protocol;

import io.switchboard.auth.TokenIssuer;
import io.switchboard.auth.TokenKeys;
import io.switchboard.core.ChannelKind;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.ClientError;
import io.switchboard.core.Disconnect;
import io.switchboard.core.Engine;
import io.switchboard.core.Node;
import io.switchboard.core.memory.MemoryEngine;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The channel and connection verdicts every protocol reads, on a clock of the test's own. */
class ChannelAccessTest {
    private static final String SECRET = "secret";
    /** Two hours before the real time: what the real clock calls expired may not be on this one. */
    private static final Instant NOW = Instant.now().minusSeconds(7200);

    private final ChannelOptions subscribable = ChannelOptions.builder().allowSubscribeForClient(true)
            .allowPublishForSubscriber(true).presence(true).allowPresenceForSubscriber(true)
            .historySize(10).historyTtl(java.time.Duration.ofSeconds(60)).allowHistoryForClient(true).build();
    private final Node node = new Node("n", "test", new ChannelRules(20, ChannelOptions.DEFAULTS, Map.of("chat", subscribable)),
            Engine.of(new MemoryEngine(System::currentTimeMillis, 100)), 100);
    private final ClientAccess access = new ClientAccess(node, TokenKeys.hmac(SECRET), null, false, false, null,
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final ChannelAccess channels = access.channels();

    private static String subscriptionToken(String user, String channel, long expiresIn, Map<String, Object> extra) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", user);
        claims.put("channel", channel);
        claims.put("exp", NOW.getEpochSecond() + expiresIn);
        claims.putAll(extra);
        return TokenIssuer.hs256(SECRET, claims);
    }

    private static Verdict refused(ClientError e) {
        return Verdict.refused(e);
    }

    @Test
    void checksTheNameFirstThenTheNamespaceThenThePolicy() {
        assertThat(channels.subscribe("u", "chat:" + "x".repeat(20), null).verdict()).isEqualTo(refused(ClientError.BAD_REQUEST));
        assertThat(channels.subscribe("u", "chat:a b", null).verdict()).isEqualTo(refused(ClientError.BAD_REQUEST));
        assertThat(channels.subscribe("u", "nope:a", null).verdict()).isEqualTo(refused(ClientError.UNKNOWN_CHANNEL));
        assertThat(channels.subscribe("u", "plain", null).verdict()).isEqualTo(refused(ClientError.PERMISSION_DENIED));
        assertThat(channels.subscribe("", "chat:a", null).verdict()).isEqualTo(refused(ClientError.PERMISSION_DENIED));
        ChannelAccess.Grant ok = channels.subscribe("u", "chat:a", null);
        assertThat(ok.verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(ok.options()).isSameAs(subscribable);
    }

    @Test
    void aPrivateChannelNeedsASubscriptionTokenForThisUserAndChannel() {
        assertThat(channels.subscribe("u", "$chat:a", null).verdict()).isEqualTo(refused(ClientError.PERMISSION_DENIED));
        assertThat(channels.subscribe("u", "$chat:a", subscriptionToken("u", "$chat:a", 60, Map.of())).verdict())
                .isEqualTo(Verdict.ALLOWED);
        assertThat(channels.subscribe("v", "$chat:a", subscriptionToken("u", "$chat:a", 60, Map.of())).verdict())
                .isEqualTo(Verdict.ended(Disconnect.INVALID_TOKEN));
        assertThat(channels.subscribe("u", "$chat:b", subscriptionToken("u", "$chat:a", 60, Map.of())).verdict())
                .isEqualTo(Verdict.ended(Disconnect.INVALID_TOKEN));
        String forged = subscriptionToken("u", "$chat:a", 60, Map.of());
        forged = forged.substring(0, forged.length() - 2) + (forged.endsWith("AA") ? "BB" : "AA");
        assertThat(channels.subscribe("u", "$chat:a", forged).verdict()).isEqualTo(refused(ClientError.PERMISSION_DENIED));
    }

    @Test
    void readsExpiryOnTheVerifiersClockOnly() {
        // expired by the real clock, not by the access clock: allowed, with its expiry handed on
        long expireAt = NOW.getEpochSecond() + 3600;
        assertThat(expireAt).isLessThan(Instant.now().getEpochSecond());
        ChannelAccess.Grant g = channels.subscribe("u", "chat:a", subscriptionToken("u", "chat:a", 7200, Map.of("expire_at", expireAt)));
        assertThat(g.verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(g.expireAt()).isEqualTo(expireAt);
        assertThat(channels.subscribe("u", "chat:a", subscriptionToken("u", "chat:a", -1, Map.of())).verdict())
                .isEqualTo(refused(ClientError.TOKEN_EXPIRED));
        assertThat(channels.subscribe("u", "chat:a", subscriptionToken("u", "chat:a", 60, Map.of("expire_at", NOW.getEpochSecond()))).verdict())
                .isEqualTo(refused(ClientError.TOKEN_EXPIRED));

        Map<String, Object> claims = new LinkedHashMap<>(Map.of("sub", "u", "exp", NOW.getEpochSecond() + 7200, "expire_at", expireAt));
        ConnectionAccess.Identity who = access.connection().authenticate(TokenIssuer.hs256(SECRET, claims));
        assertThat(who.outcome()).isEqualTo(ConnectionAccess.Outcome.AUTHENTICATED);
        assertThat(who.expireAt()).isEqualTo(expireAt);
    }

    @Test
    void tokenClaimsOverrideTheChannelsOptions() {
        ChannelAccess.Grant g = channels.subscribe("u", "chat:a", subscriptionToken("u", "chat:a", 60,
                Map.of("override", Map.of("presence", Map.of("value", false), "force_recovery", Map.of("value", true)))));
        assertThat(g.verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(g.options().presence()).isFalse();
        assertThat(g.options().forceRecovery()).isTrue();
    }

    @Test
    void publishPresenceAndHistoryFollowTheSameOrder() {
        assertThat(channels.publish("u", "chat:" + "x".repeat(20), true)).isEqualTo(refused(ClientError.BAD_REQUEST));
        assertThat(channels.publish("u", "nope:a", true)).isEqualTo(refused(ClientError.UNKNOWN_CHANNEL));
        assertThat(channels.publish("u", "chat:a", false)).isEqualTo(refused(ClientError.PERMISSION_DENIED));
        assertThat(channels.publish("u", "chat:a", true)).isEqualTo(Verdict.ALLOWED);
        assertThat(channels.presence("u", "plain", true)).isEqualTo(refused(ClientError.NOT_AVAILABLE));
        assertThat(channels.presence("u", "chat:a", false)).isEqualTo(refused(ClientError.PERMISSION_DENIED));
        assertThat(channels.presence("u", "chat:a", true)).isEqualTo(Verdict.ALLOWED);
        assertThat(channels.history("u", "plain", true)).isEqualTo(refused(ClientError.NOT_AVAILABLE));
        assertThat(channels.history("", "chat:a", true)).isEqualTo(refused(ClientError.PERMISSION_DENIED));
        assertThat(channels.history("u", "chat:a", false)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void anEmbeddingPolicyDecidesForEveryChannelItIsAsked() {
        ChannelPolicy onlyAlice = new ChannelPolicy() {
            @Override
            public Verdict subscribe(String user, String channel, ChannelOptions options) {
                return user.equals("alice") ? Verdict.ALLOWED : Verdict.refused(ClientError.PERMISSION_DENIED);
            }

            @Override
            public Verdict publish(String user, String channel, ChannelOptions options, boolean subscribed) {
                return Verdict.ended(Disconnect.FORCE_NO_RECONNECT);
            }

            @Override
            public Verdict presence(String user, String channel, ChannelOptions options, boolean subscribed) {
                return Verdict.ALLOWED;
            }

            @Override
            public Verdict history(String user, String channel, ChannelOptions options, boolean subscribed) {
                return Verdict.ALLOWED;
            }
        };
        ChannelAccess custom = new ClientAccess(node, TokenKeys.hmac(SECRET), null, false, false, onlyAlice,
                Clock.fixed(NOW, ZoneOffset.UTC)).channels();
        assertThat(custom.subscribe("alice", "plain", null).verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(custom.subscribe("bob", "chat:a", null).verdict()).isEqualTo(refused(ClientError.PERMISSION_DENIED));
        assertThat(custom.subscribe("alice", "$plain", null).verdict()).isEqualTo(refused(ClientError.PERMISSION_DENIED));
        assertThat(custom.publish("alice", "chat:a", true)).isEqualTo(Verdict.ended(Disconnect.FORCE_NO_RECONNECT));
    }

    @Test
    void connectionsWithoutATokenAreAnonymousOnlyWhereAllowed() {
        assertThat(access.connection().authenticate(null).outcome()).isEqualTo(ConnectionAccess.Outcome.NO_CREDENTIALS);
        assertThat(access.connection().authenticate("").outcome()).isEqualTo(ConnectionAccess.Outcome.NO_CREDENTIALS);
        assertThat(access.connection().authenticate("eyJnope").outcome()).isEqualTo(ConnectionAccess.Outcome.INVALID_TOKEN);
        ConnectionAccess anonymous = new ClientAccess(node, TokenKeys.hmac(SECRET), null, true, false, null,
                Clock.fixed(NOW, ZoneOffset.UTC)).connection();
        assertThat(anonymous.authenticate(null).outcome()).isEqualTo(ConnectionAccess.Outcome.ANONYMOUS);
        String expired = TokenIssuer.hs256(SECRET, Map.of("sub", "u", "exp", NOW.getEpochSecond() - 1));
        assertThat(anonymous.authenticate(expired).outcome()).isEqualTo(ConnectionAccess.Outcome.TOKEN_EXPIRED);
        String bob = TokenIssuer.hs256(SECRET, Map.of("sub", "bob"));
        assertThat(anonymous.refresh("alice", bob).outcome()).isEqualTo(ConnectionAccess.Outcome.INVALID_TOKEN);
        assertThat(anonymous.refresh("bob", bob).outcome()).isEqualTo(ConnectionAccess.Outcome.AUTHENTICATED);
    }

    @Test
    void aPrivateKindNeedsASubscriptionTokenEvenWhenEverythingIsOpen() {
        // Pusher-like kinds, built here from the core's ChannelKind (this module cannot see protocol-pusher)
        List<ChannelKind> kinds = List.of(new ChannelKind("private-", true, null),
                new ChannelKind("presence-", true, o -> o.toBuilder().presence(true).build()),
                new ChannelKind("cache-", false, null));
        ChannelOptions open = ChannelOptions.openForDevelopment();
        Node kindNode = new Node("k", "test", new ChannelRules(50, open, Map.of()).with(kinds, Map.of("app2", open)),
                Engine.of(new MemoryEngine(System::currentTimeMillis, 100)), 100);
        ChannelPolicy allowAll = new ChannelPolicy() {
            @Override
            public Verdict subscribe(String user, String channel, ChannelOptions options) {
                return Verdict.ALLOWED;
            }

            @Override
            public Verdict publish(String user, String channel, ChannelOptions options, boolean subscribed) {
                return Verdict.ALLOWED;
            }

            @Override
            public Verdict presence(String user, String channel, ChannelOptions options, boolean subscribed) {
                return Verdict.ALLOWED;
            }

            @Override
            public Verdict history(String user, String channel, ChannelOptions options, boolean subscribed) {
                return Verdict.ALLOWED;
            }
        };
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        for (ChannelAccess openAccess : List.of(
                new ClientAccess(kindNode, TokenKeys.hmac(SECRET), null, true, true, null, clock).channels(),
                new ClientAccess(kindNode, TokenKeys.hmac(SECRET), null, true, false, allowAll, clock).channels())) {
            for (String channel : List.of("private-x", "app2:private-x", "presence-lobby")) {
                assertThat(openAccess.subscribe("u", channel, null).verdict()).as(channel)
                        .isEqualTo(refused(ClientError.PERMISSION_DENIED));
                assertThat(openAccess.subscribe("u", channel, "").verdict()).as(channel)
                        .isEqualTo(refused(ClientError.PERMISSION_DENIED));
                ChannelAccess.Grant granted = openAccess.subscribe("u", channel, subscriptionToken("u", channel, 60, Map.of()));
                assertThat(granted.verdict()).as(channel).isEqualTo(Verdict.ALLOWED);
            }
            assertThat(openAccess.subscribe("u", "presence-lobby", subscriptionToken("u", "presence-lobby", 60, Map.of()))
                    .options().presence()).isTrue();
            assertThat(openAccess.subscribe("u", "public-x", null).verdict()).isEqualTo(Verdict.ALLOWED);
            assertThat(openAccess.subscribe("u", "cache-x", null).verdict()).isEqualTo(Verdict.ALLOWED);
            assertThat(openAccess.subscribe("u", "app2:news", null).verdict()).isEqualTo(Verdict.ALLOWED);
        }
    }
}
