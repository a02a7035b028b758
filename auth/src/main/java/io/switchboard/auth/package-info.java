/** Connection and subscription JWTs with Centrifugo v6 claims and semantics, shared by every client protocol; a small HS256 issuer. */
package io.switchboard.auth;
