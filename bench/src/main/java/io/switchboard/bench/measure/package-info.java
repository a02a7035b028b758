/**
 * What a run measures: latency histograms (HdrHistogram) and their per-second timeline, per-subscriber
 * sequence tracking for loss and duplicates, and a process's CPU time and resident memory from /proc.
 */
package io.switchboard.bench.measure;
