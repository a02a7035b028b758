/** Centrifugo connection and subscription JWTs: verification with Centrifugo v6 semantics, and a small HS256 issuer. */
package io.switchboard.centrifugo.auth;
