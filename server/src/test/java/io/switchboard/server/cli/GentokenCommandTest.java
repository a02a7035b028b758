package io.switchboard.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.auth.ConnectionToken;
import io.switchboard.auth.SubscriptionToken;
import io.switchboard.auth.TokenKeys;
import io.switchboard.auth.TokenVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GentokenCommandTest {
    @TempDir
    Path dir;

    private Path config(String json) throws Exception {
        return Files.writeString(dir.resolve("config.json"), json);
    }

    private static JsonNode payload(String jwt) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    @Test
    void printsAConnectionTokenThatVerifiesWithTheConfiguredSecret() throws Exception {
        Path file = config("{\"client\": {\"token\": {\"hmac_secret_key\": \"s3cret\"}}}");

        Run run = Run.of(new GentokenCommand(Map.of()), "-u", "42", "-t", "3600", "-c", file.toString());

        assertThat(run.exitCode()).isZero();
        String token = run.out().strip();
        JsonNode claims = payload(token);
        assertThat(claims.get("sub").asText()).isEqualTo("42");
        assertThat(claims.get("exp").asLong()).isCloseTo(Instant.now().getEpochSecond() + 3600, within(5L));
        ConnectionToken verified = new TokenVerifier(TokenKeys.hmac("s3cret")).verifyConnectionToken(token);
        assertThat(verified.userId()).isEqualTo("42");
        assertThat(run.err()).startsWith("connection token for user \"42\", expires ").contains("(in 3600s)");
    }

    @Test
    void theDefaultTtlIsAWeek() throws Exception {
        Path file = config("{\"client\": {\"token\": {\"hmac_secret_key\": \"s3cret\"}}}");

        Run run = Run.of(new GentokenCommand(Map.of()), "--user", "7", "--config", file.toString());

        assertThat(payload(run.out().strip()).get("exp").asLong())
                .isCloseTo(Instant.now().getEpochSecond() + 604800, within(5L));
    }

    @Test
    void printsASubscriptionTokenForAChannelSignedWithTheSubscriptionSecretWhenEnabled() throws Exception {
        Path file = config("""
                {"client": {"token": {"hmac_secret_key": "conn"},
                            "subscription_token": {"enabled": true, "hmac_secret_key": "subs"}},
                 "channel": {"namespaces": [{"name": "chat"}]}}""");

        Run run = Run.of(new GentokenCommand(Map.of()), "-u", "42", "--channel", "chat:room", "-c", file.toString());

        assertThat(run.exitCode()).isZero();
        SubscriptionToken verified = new TokenVerifier(TokenKeys.hmac("subs")).verifySubscriptionToken(run.out().strip());
        assertThat(verified.userId()).isEqualTo("42");
        assertThat(verified.channel()).isEqualTo("chat:room");
        assertThat(run.err()).startsWith("subscription token for user \"42\" in channel \"chat:room\"")
                .doesNotContain("warning");
    }

    @Test
    void theEnvironmentCanSupplyTheSecret() throws Exception {
        Path file = config("{}");

        Run run = Run.of(new GentokenCommand(Map.of("SWITCHBOARD_CLIENT_TOKEN_HMAC_SECRET_KEY", "env-secret")),
                "-u", "1", "-c", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(new TokenVerifier(TokenKeys.hmac("env-secret")).verifyConnectionToken(run.out().strip()).userId())
                .isEqualTo("1");
    }

    @Test
    void withDevItSignsWithTheDevSecret() throws Exception {
        Run run = Run.of(new GentokenCommand(Map.of()), "-u", "dev-user", "--dev", "--channel", "news", "-t", "0");

        assertThat(run.exitCode()).isZero();
        String token = run.out().strip();
        assertThat(payload(token).has("exp")).isFalse();
        assertThat(new TokenVerifier(TokenKeys.hmac("dev-secret")).verifySubscriptionToken(token).channel())
                .isEqualTo("news");
        assertThat(run.err()).contains("never expires");
    }

    @Test
    void withoutAnHmacSecretItSaysWhichKeyIsMissing() throws Exception {
        Path file = config("{}");

        Run run = Run.of(new GentokenCommand(Map.of()), "-u", "42", "-c", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("error: client.token.hmac_secret_key is not set in " + file);
    }

    @Test
    void withSubscriptionTokensEnabledItNeedsTheSubscriptionSecretForAChannel() throws Exception {
        Path file = config("{\"client\": {\"token\": {\"hmac_secret_key\": \"conn\"},"
                + " \"subscription_token\": {\"enabled\": true}}}");

        Run run = Run.of(new GentokenCommand(Map.of()), "-u", "42", "--channel", "chat", "-c", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("error: client.subscription_token.hmac_secret_key is not set");
    }

    @Test
    void aBrokenConfigIsReportedNotSignedWith() throws Exception {
        Path file = config("{\"client\": {\"token\": {\"hmac_secret_key\": \"s\"}}, \"engine\": {\"type\": \"nats\"}}");

        Run run = Run.of(new GentokenCommand(Map.of()), "-u", "42", "-c", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("error: engine.type: \"nats\" is not an engine (allowed: memory, redis)");
    }

    @Test
    void theUserIsRequiredAndANegativeTtlIsRefused() throws Exception {
        assertThat(Run.of(new GentokenCommand(Map.of()), "--dev").exitCode()).isEqualTo(2);

        Run negative = Run.of(new GentokenCommand(Map.of()), "--dev", "-u", "1", "-t", "-5");
        assertThat(negative.exitCode()).isEqualTo(1);
        assertThat(negative.err()).contains("--ttl");
    }
}
