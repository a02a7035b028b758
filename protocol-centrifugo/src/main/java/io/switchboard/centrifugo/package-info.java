/**
 * Centrifugo's bidirectional client protocol on the shared core: the per-connection state machine
 * ({@link io.switchboard.centrifugo.CentrifugoClient}) and the routes it registers. Imports the core and the
 * transport, never another protocol.
 */
package io.switchboard.centrifugo;
