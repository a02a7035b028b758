/**
 * The server API over HTTP JSON ({@code POST /api/{method}}), with Centrifugo's request and reply shapes.
 * Translates requests to {@link io.switchboard.core.Node} calls; knows no client protocol.
 */
package io.switchboard.server.api;
