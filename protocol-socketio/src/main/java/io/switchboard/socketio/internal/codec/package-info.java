/**
 * Socket.IO packets, pure: the reference parser's rules for reading, attachments put back in place, and
 * compact JSON of plain Java values with JavaScript's number format. No I/O, no connection state beyond a
 * packet awaiting its attachments.
 */
package io.switchboard.socketio.internal.codec;
