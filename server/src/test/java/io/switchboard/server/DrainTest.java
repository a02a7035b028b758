package io.switchboard.server;

import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15: a stopping node turns unready first, then tells its clients to reconnect elsewhere. */
class DrainTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private Switchboard server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private int status(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void readyTurns503WhileDrainingThenClientsGetTheShutdownReconnectCode() throws Exception {
        server = Switchboard.builder().port(0).channels(ChannelRules.of(ChannelOptions.openForDevelopment()))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true)).apiInsecure(true)
                .drainDelay(Duration.ofSeconds(1)).start();
        int port = server.port();
        assertThat(status(port, "/ready")).isEqualTo(200);
        var client = WsTestClient.connect(port);
        client.handshake();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int ready;
        while ((ready = status(port, "/ready")) == 200 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(ready).isEqualTo(503);
        assertThat(status(port, "/health")).isEqualTo(200); // alive, only not ready
        assertThat(client.closeCode).isNotDone(); // the delay lets the load balancer notice first

        assertThat(client.awaitClose()).isEqualTo(3001); // Centrifugo's shutdown: reconnect to another node
        closing.get(10, TimeUnit.SECONDS);
        assertThat(server.ready()).isFalse();
    }
}
