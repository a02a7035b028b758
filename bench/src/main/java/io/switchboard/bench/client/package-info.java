/**
 * Subscriber connections: Netty WebSocket clients (no thread per connection) spread over loopback source
 * addresses, and one {@link io.switchboard.bench.client.Protocol} class per client protocol. A protocol class
 * only turns frames into events; measuring belongs to {@code measure}.
 */
package io.switchboard.bench.client;
