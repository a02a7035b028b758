/**
 * The publishing side: a fixed-rate schedule driven by one event-loop timer (no thread per message) and the
 * server API client it publishes through. A client-side publisher for other protocols would sit beside it.
 */
package io.switchboard.bench.publish;
