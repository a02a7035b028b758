/**
 * Fossil delta compression ({@link io.switchboard.core.delta.FossilDelta}), the format behind Centrifugo's
 * {@code delta: "fossil"} publications: the server creates a delta from the previous publication's data, the client applies it.
 */
package io.switchboard.core.delta;
