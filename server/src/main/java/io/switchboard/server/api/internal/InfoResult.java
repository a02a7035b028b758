package io.switchboard.server.api.internal;

import io.switchboard.core.NodeInfo;

import java.util.List;

/** What {@code info} reports: every node of the cluster (one node alone: itself). */
public record InfoResult(List<NodeInfo> nodes) {
    public InfoResult {
        nodes = List.copyOf(nodes);
    }
}
