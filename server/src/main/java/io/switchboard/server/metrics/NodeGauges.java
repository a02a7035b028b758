package io.switchboard.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.Hub;
import io.switchboard.core.Node;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The node's figures as gauges, read when scraped and never on the delivery path: Centrifugo's
 * {@code centrifugo_node_num_*} for the whole node, and {@code switchboard_protocol_num_*} by {@code protocol}
 * (one pass over the hub per scrape, shared by the gauges of that scrape: {@link #nextScrape}).
 */
final class NodeGauges {
    private final Hub hub;
    private Map<String, Counts> census; // null until a gauge of this scrape reads it

    private NodeGauges(Hub hub) {
        this.hub = hub;
    }

    static NodeGauges register(MeterRegistry registry, Node node, Collection<String> protocols) {
        Hub hub = node.hub();
        Gauge.builder("centrifugo_node_num_clients", hub, Hub::numSessions)
                .description("Connected clients on this node").register(registry);
        Gauge.builder("centrifugo_node_num_users", hub, Hub::numUsers)
                .description("Distinct users connected to this node").register(registry);
        Gauge.builder("centrifugo_node_num_channels", hub, Hub::numChannels)
                .description("Channels with at least one subscriber on this node").register(registry);
        Gauge.builder("centrifugo_node_num_subscriptions", node, n -> n.info().numSubs())
                .description("Subscriptions of this node's clients").register(registry);
        Gauge.builder("centrifugo_node_num_nodes", node, n -> Math.max(1, n.nodes().size()))
                .description("Nodes in the cluster, this one included").register(registry);
        NodeGauges gauges = new NodeGauges(hub);
        for (String protocol : protocols) {
            gauges.perProtocol(registry, "switchboard_protocol_num_clients", protocol, c -> c.clients, "Connected clients");
            gauges.perProtocol(registry, "switchboard_protocol_num_users", protocol, c -> c.users.size(), "Distinct users");
            gauges.perProtocol(registry, "switchboard_protocol_num_channels", protocol, c -> c.channels,
                    "Channels with at least one subscriber of the protocol");
            gauges.perProtocol(registry, "switchboard_protocol_num_subscriptions", protocol, c -> c.subscriptions,
                    "Subscriptions");
        }
        return gauges;
    }

    /** A scrape begins: the per-protocol figures are counted again when its first gauge is read. */
    synchronized void nextScrape() {
        census = null;
    }

    private void perProtocol(MeterRegistry registry, String name, String protocol, ToDoubleFunction<Counts> figure,
                             String description) {
        Gauge.builder(name, this, g -> figure.applyAsDouble(g.counts(protocol)))
                .tag("protocol", protocol).description(description + " on this node, by protocol").register(registry);
    }

    private Counts counts(String protocol) {
        return census().getOrDefault(protocol, Counts.EMPTY);
    }

    /** One count over the hub serves every per-protocol gauge of a scrape. */
    private synchronized Map<String, Counts> census() {
        if (census != null) return census;
        Map<String, Counts> by = new HashMap<>();
        hub.sessions().forEach(s -> {
            Counts c = by.computeIfAbsent(s.protocol(), p -> new Counts());
            c.clients++;
            c.users.add(s.userId());
        });
        for (String channel : hub.channels().keySet()) {
            Set<String> seen = new HashSet<>(4);
            hub.forEachSubscriber(channel, s -> {
                Counts c = by.computeIfAbsent(s.protocol(), p -> new Counts());
                c.subscriptions++;
                if (seen.add(s.protocol())) c.channels++;
            });
        }
        census = by;
        return by;
    }

    private static final class Counts {
        static final Counts EMPTY = new Counts();
        long clients;
        long subscriptions;
        long channels;
        final Set<String> users = new HashSet<>();
    }
}
