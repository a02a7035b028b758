/**
 * SockJS (protocol 0.3.3) on the transport: the pure session state machine and frames, and the HTTP and WebSocket
 * routes that feed it. Knows no protocol carried inside; a protocol adapter plugs in through {@link
 * io.switchboard.transport.sockjs.SockJsService.Opener}.
 */
package io.switchboard.transport.sockjs;
