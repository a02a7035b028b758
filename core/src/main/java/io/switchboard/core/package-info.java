/**
 * The protocol-free heart of Switchboard: {@link io.switchboard.core.Node} (what every protocol and API calls),
 * the {@link io.switchboard.core.Hub} of local subscribers, channel rules and the engine interfaces.
 * Nothing here imports Netty, Jackson or a protocol package (an architecture test keeps it so).
 */
package io.switchboard.core;
