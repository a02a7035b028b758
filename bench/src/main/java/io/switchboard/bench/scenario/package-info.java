/**
 * The four scenarios (idle, broadcast, many channels, connect storm), each a plain class that runs against a
 * {@link io.switchboard.bench.scenario.RunContext} and returns a result; no CLI parsing and no server start-up here.
 */
package io.switchboard.bench.scenario;
