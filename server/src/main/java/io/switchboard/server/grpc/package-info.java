/**
 * The server API over gRPC: Centrifugo's {@code CentrifugoApi} service (generated from {@code api.proto}) on its
 * own port, translating messages to and from {@link io.switchboard.server.api.internal.ApiExecutor}, the
 * implementation the HTTP API shares.
 */
package io.switchboard.server.grpc;
