package io.switchboard.server;

import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.ClientError;
import io.switchboard.core.PublishOptions;
import io.switchboard.core.Node;
import io.switchboard.protocol.ClientAccess;
import io.switchboard.protocol.ProtocolModule;
import io.switchboard.protocol.Verdict;
import io.switchboard.transport.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A protocol added by an embedding application plugs into the same server: its routes on the one port, the
 * shared channel verdicts, publications that reach the other protocols' subscribers, and a close on shutdown.
 */
class ProtocolModuleTest {
    private Switchboard server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    /** A toy protocol: POST /toy/publish?user=U&channel=C publishes the body when the channel verdict allows it. */
    private static final class Toy implements ProtocolModule {
        final Node node;
        final ClientAccess access;
        final AtomicBoolean closed = new AtomicBoolean();

        Toy(Node node, ClientAccess access) {
            this.node = node;
            this.access = access;
        }

        @Override
        public String name() {
            return "toy";
        }

        @Override
        public void register(Router router) {
            router.http("/toy/publish", ex -> {
                String channel = ex.queryParam("channel");
                Verdict v = access.channels().publish(ex.queryParam("user"), channel, false);
                if (v instanceof Verdict.Refused r) {
                    ex.respond(403, "text/plain", r.error().code() + " " + r.error().message());
                    return;
                }
                node.publish(channel, ex.body(), PublishOptions.DEFAULT)
                        .whenComplete((pos, err) -> ex.respond(err == null ? 200 : 500, "text/plain", "ok"));
            });
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void anAddedProtocolSharesThePortTheVerdictsAndTheChannels() throws Exception {
        Toy[] toy = new Toy[1];
        ChannelOptions open = ChannelOptions.builder().allowSubscribeForClient(true).allowSubscribeForAnonymous(true)
                .allowPublishForClient(true).build();
        server = Switchboard.builder().port(0)
                .channels(new ChannelRules(255, open, Map.of("closed", ChannelOptions.DEFAULTS)))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true).withAllowedOrigins(List.of("*")))
                .protocol((node, access) -> toy[0] = new Toy(node, access))
                .start();
        assertThat(server.protocols()).extracting(ProtocolModule::name).containsExactly("centrifugo", "socketio", "toy");

        var subscriber = WsTestClient.connect(server.port());
        subscriber.handshake();
        subscriber.send("{\"subscribe\":{\"channel\":\"news\"},\"id\":2}");
        assertThat(subscriber.next()).startsWith("{\"id\":2,\"subscribe\"");

        HttpClient http = HttpClient.newHttpClient();
        var published = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/toy/publish?user=alice&channel=news")).POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).isEqualTo(200);
        assertThat(subscriber.next()).isEqualTo("{\"push\":{\"channel\":\"news\",\"pub\":{\"data\":{\"n\":1}}}}");

        var refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/toy/publish?user=alice&channel=closed:x")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo(ClientError.PERMISSION_DENIED.code() + " permission denied");

        server.close();
        server = null;
        assertThat(toy[0].closed).isTrue();
    }
}
