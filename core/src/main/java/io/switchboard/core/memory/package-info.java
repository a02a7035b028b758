/**
 * The embedded engine: broker, history streams and presence in this JVM's memory, for a single node.
 * Nothing here survives a restart; a restart shows clients a new epoch.
 */
package io.switchboard.core.memory;
