/**
 * Proxy calls to a gRPC backend ({@code grpc://host:port} endpoints): Centrifugo's {@code CentrifugoProxy}
 * service from {@code src/main/proto/proxy.proto}, behind protocol-shared's {@code ProxyTransport}. Only this
 * package knows the proxy's protobuf messages.
 */
package io.switchboard.server.proxy;
