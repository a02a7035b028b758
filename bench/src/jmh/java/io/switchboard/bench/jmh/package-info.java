/**
 * JMH microbenchmarks of the server's hot paths, built only with {@code -Pjmh}: publication encoding per codec
 * and the hub's fan-out. They use the server's classes directly; the load generator never does.
 */
package io.switchboard.bench.jmh;
