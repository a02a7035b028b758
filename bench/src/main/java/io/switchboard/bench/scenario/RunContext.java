package io.switchboard.bench.scenario;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.switchboard.bench.client.Protocol;
import io.switchboard.bench.publish.PublishRequests;

import java.net.URI;

/**
 * What every scenario runs with: the generator's event loops, the target server and, when known, its pid.
 *
 * @param publishGroup one event loop of its own for the publisher, so its timer does not wait behind a burst of
 *                     subscriber reads
 * @param serverPid null when the server runs elsewhere and no {@code --server-pid} was given
 * @param apiTarget where the publisher's HTTP API listens (the target's host and port unless told otherwise)
 * @param publishRequests how that API takes a publish; null to publish through a client connection of {@code protocol}
 */
public record RunContext(EventLoopGroup group, EventLoopGroup publishGroup, Class<? extends Channel> channelType, URI target, Protocol protocol,
                         Long serverPid, int sourceAddresses, URI apiTarget, PublishRequests publishRequests) {
}
