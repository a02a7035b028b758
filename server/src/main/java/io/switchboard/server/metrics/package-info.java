/**
 * Prometheus metrics at {@code /metrics} through Micrometer: the binding of the core's {@code Meters} and the
 * node's gauges. Nothing outside the server knows Micrometer.
 */
package io.switchboard.server.metrics;
