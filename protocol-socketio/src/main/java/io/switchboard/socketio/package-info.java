/**
 * Socket.IO v5 and v4 on the core: the server and its Java handler API ({@link io.switchboard.socketio.SocketIoServer},
 * {@link io.switchboard.socketio.Namespace}, {@link io.switchboard.socketio.SocketIoSocket}), rooms as core
 * channels, connection state recovery from channel history, and the channel events of a standalone server.
 * Engine.IO is in {@code engine}, pure packet code in {@code codec}; nothing here knows another protocol.
 */
package io.switchboard.socketio;
