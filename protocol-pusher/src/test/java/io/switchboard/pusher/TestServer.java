package io.switchboard.pusher;

import io.switchboard.auth.TokenKeys;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.Engine;
import io.switchboard.core.Node;
import io.switchboard.core.memory.MemoryEngine;
import io.switchboard.protocol.ClientAccess;
import io.switchboard.pusher.webhook.WebhookSink;
import io.switchboard.transport.HttpServer;
import io.switchboard.transport.Router;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A node with the Pusher protocol on a loopback port, for tests that speak to it over real sockets. */
final class TestServer implements AutoCloseable {
    final Node node;
    final Pusher pusher;
    final HttpServer http;

    TestServer(PusherSettings settings, WebhookSink webhooks) throws InterruptedException {
        PusherApps apps = PusherApps.assigning(settings.apps());
        Map<String, ChannelOptions> namespaces = new HashMap<>();
        for (PusherApp a : apps.all()) if (!a.sharesCoreNames()) namespaces.put(a.namespace(), ChannelOptions.DEFAULTS);
        ChannelRules rules = ChannelRules.of(ChannelOptions.DEFAULTS).with(ChannelType.KINDS, namespaces);
        node = new Node("test", "0", rules, Engine.of(new MemoryEngine()), 100);
        ClientAccess access = new ClientAccess(node, TokenKeys.hmac("test-secret-test-secret-test-secret"), null, true, false,
                null, Clock.systemUTC());
        pusher = new Pusher(node, access, settings, webhooks);
        Router router = new Router();
        pusher.register(router);
        http = new HttpServer(router, "127.0.0.1", 0, 1 << 20, 1 << 20);
        http.start();
    }

    static TestServer of(PusherApp... apps) throws InterruptedException {
        return new TestServer(PusherSettings.of(List.of(apps)), null);
    }

    int port() {
        return http.port();
    }

    @Override
    public void close() {
        pusher.close();
        http.close();
        node.shutdown();
    }
}
