/**
 * Engine.IO framing, pure: packets, WebSocket frames and the long-polling payloads of v4 (record separator)
 * and v3 (length prefixes, base64 or XHR2 binary). No I/O and no session state.
 */
package io.switchboard.socketio.engine.internal.codec;
