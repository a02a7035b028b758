/**
 * SocketCluster (socketcluster-client 14.x with protocol 1, 15+ with protocol 2) on the shared core: the entry
 * {@link io.switchboard.socketcluster.SocketClusterServer}, one connection's state machine, and the handler API an
 * embedding application uses ({@link io.switchboard.socketcluster.SocketClusterSocket}). Frames live in {@code internal.codec}.
 */
package io.switchboard.socketcluster;
