/**
 * The server API over gRPC: Centrifugo's {@code CentrifugoApi} service (generated from {@code api.proto}) on its
 * own port, translating requests to {@link io.switchboard.core.Node} calls like the HTTP API does.
 */
package io.switchboard.server.grpc;
