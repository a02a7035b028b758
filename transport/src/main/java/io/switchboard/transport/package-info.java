/**
 * The network edge: a Netty HTTP/1.1 server, routing by path, and WebSocket connections whose writes are
 * gathered into one frame per event-loop turn. Knows no protocol and no core types.
 */
package io.switchboard.transport;
