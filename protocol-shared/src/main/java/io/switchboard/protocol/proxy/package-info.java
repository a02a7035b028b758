/**
 * Centrifugo's proxies to the application backend, for every protocol: the configured endpoints, the HTTP client
 * (asynchronous: a connection's loop never waits on it), the JSON requests and the replies as typed results or
 * verdicts. A protocol describes its connection as a {@link io.switchboard.protocol.proxy.ProxyCaller}; nothing
 * here knows a protocol's frames.
 */
package io.switchboard.protocol.proxy;
