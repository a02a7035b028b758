package io.switchboard.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.Hub;
import io.switchboard.core.Node;

import java.util.Collection;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The node's figures as gauges, read when scraped and never on the delivery path: Centrifugo's
 * {@code centrifugo_node_num_*} for the whole node, and {@code switchboard_protocol_num_*} by {@code protocol}
 * (one pass over the hub per scrape, shared by the gauges of that scrape: {@link #nextScrape}).
 */
final class NodeGauges {
    private final Hub hub;
    private Map<String, Hub.ProtocolCounts> census; // null until a gauge of this scrape reads it

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
            gauges.perProtocol(registry, "switchboard_protocol_num_clients", protocol, Hub.ProtocolCounts::clients, "Connected clients");
            gauges.perProtocol(registry, "switchboard_protocol_num_users", protocol, Hub.ProtocolCounts::users, "Distinct users");
            gauges.perProtocol(registry, "switchboard_protocol_num_channels", protocol, Hub.ProtocolCounts::channels,
                    "Channels with at least one subscriber of the protocol");
            gauges.perProtocol(registry, "switchboard_protocol_num_subscriptions", protocol, Hub.ProtocolCounts::subscriptions,
                    "Subscriptions");
        }
        return gauges;
    }

    /** A scrape begins: the per-protocol figures are counted again when its first gauge is read. */
    synchronized void nextScrape() {
        census = null;
    }

    private void perProtocol(MeterRegistry registry, String name, String protocol, ToDoubleFunction<Hub.ProtocolCounts> figure,
                             String description) {
        Gauge.builder(name, this, g -> figure.applyAsDouble(g.counts(protocol)))
                .tag("protocol", protocol).description(description + " on this node, by protocol").register(registry);
    }

    private Hub.ProtocolCounts counts(String protocol) {
        return census().getOrDefault(protocol, Hub.ProtocolCounts.EMPTY);
    }

    /** One count over the hub serves every per-protocol gauge of a scrape. */
    private synchronized Map<String, Hub.ProtocolCounts> census() {
        if (census == null) census = hub.countsByProtocol();
        return census;
    }
}
