/**
 * The server API over HTTP JSON ({@code POST /api/{method}}), with Centrifugo's request and reply shapes: decodes a
 * body into an {@link io.switchboard.server.api.internal.ApiRequest} and encodes the executor's answer; what a
 * request means lives in {@code internal}, shared with the gRPC API. Knows no client protocol.
 */
package io.switchboard.server.api;
