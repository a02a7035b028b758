/**
 * The server under test as a separate process: finding and starting {@code server/target/switchboard.jar},
 * waiting for its health check, CPU pinning with {@code taskset}, and stopping it. No server classes are used.
 */
package io.switchboard.bench.server;
