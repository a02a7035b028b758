package io.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The server API's refresh (HTTP /api/refresh and gRPC Refresh both call the node), as Centrifugo applies it. */
class ServerRefreshTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Switchboard server;
    private WsTestClient client;
    private String clientId;

    @BeforeEach
    void start() throws Exception {
        server = Switchboard.builder().port(0).channels(ChannelRules.of(ChannelOptions.openForDevelopment()))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true)).apiInsecure(true).start();
        client = WsTestClient.connect(server.port());
        clientId = JSON.readTree(client.handshake()).path("connect").path("client").asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aBidirectionalClientIsToldItsNewExpiry() throws Exception {
        long expireAt = System.currentTimeMillis() / 1000 + 600;
        assertThat(server.node().refreshUser("", clientId, false, expireAt)).isEqualTo(1);
        JsonNode refresh = JSON.readTree(client.next()).path("push").path("refresh");
        assertThat(refresh.path("expires").asBoolean()).isTrue();
        assertThat(refresh.path("ttl").asLong()).isBetween(598L, 600L);
    }

    @Test
    void anExpiryAlreadyPastClosesWith3005AtOnceNotAfterTheCloseDelay() {
        // the close delay (client.expired_close_delay, 25 s) is for a client that may still refresh; this one cannot
        assertThat(server.node().refreshUser("", clientId, false, System.currentTimeMillis() / 1000 - 10)).isEqualTo(1);
        assertThat(client.awaitClose()).isEqualTo(3005);
    }
}
