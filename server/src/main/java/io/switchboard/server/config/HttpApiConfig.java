package io.switchboard.server.config;

/** {@code http_api.*}: the server API key; {@code insecure} lets every request through without one. */
public record HttpApiConfig(String key, boolean insecure) {
}
