/**
 * The load generator's entry point ({@link io.switchboard.bench.BenchMain}) and its picocli commands, one per
 * scenario. Nothing here may depend on server modules: the server under test is a separate process.
 */
package io.switchboard.bench;
