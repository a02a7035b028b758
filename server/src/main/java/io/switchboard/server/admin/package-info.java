/**
 * The admin web page at {@code /admin}: sign-in with {@code admin.password} ({@code POST /admin/auth}, a token signed
 * with {@code admin.secret}), static HTML, CSS and JavaScript from the jar, and token-only endpoints that run server
 * API calls and report this node's figures. The browser never holds the API key.
 */
package io.switchboard.server.admin;
