package io.switchboard.server.api;

/** A body that does not decode into the method's request (HTTP 400, as Centrifugo answers a body it cannot decode). */
final class MalformedRequest extends RuntimeException {
    MalformedRequest(String detail) {
        super(detail, null, false, false);
    }
}
