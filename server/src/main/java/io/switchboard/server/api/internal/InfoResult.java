package io.switchboard.server.api.internal;

import io.switchboard.core.NodeInfo;

/** What {@code info} reports: this node, and how many subscriptions its connections hold. */
public record InfoResult(NodeInfo node, long numSubs) {
}
