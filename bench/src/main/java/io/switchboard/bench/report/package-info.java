/**
 * A run's result as one immutable value ({@link io.switchboard.bench.report.BenchResult}) and its three
 * renderings: the JSON file, the one-screen text summary and a self-contained HTML page with an SVG plot.
 */
package io.switchboard.bench.report;
