/**
 * SocketCluster's frames, pure: client frames to {@link io.switchboard.socketcluster.internal.codec.Packet}s (pings,
 * events, responses, batches) and server packets to JSON text. No I/O and no connection state here.
 */
package io.switchboard.socketcluster.internal.codec;
