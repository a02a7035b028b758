/**
 * Engine.IO v4 and v3 servers: request checks and errors ({@link io.switchboard.socketio.engine.EngineIoServer}),
 * sessions with long-polling, WebSocket and the upgrade between them, heartbeats
 * ({@link io.switchboard.socketio.engine.EngineIoSocket}). Knows nothing of Socket.IO or the core.
 */
package io.switchboard.socketio.engine;
