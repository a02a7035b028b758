/** The Redis engine's parts: wire encodings, key names, scripts and connections. Not an API. */
package io.switchboard.engine.redis.internal;
