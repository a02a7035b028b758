/**
 * The server's configuration: {@link io.switchboard.server.config.ConfigLoader} reads a JSON or YAML file with
 * Centrifugo v6 key names, applies {@code SWITCHBOARD_*} variables and flags, and validates it all at once.
 */
package io.switchboard.server.config;
