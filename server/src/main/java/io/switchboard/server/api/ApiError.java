package io.switchboard.server.api;

import io.switchboard.core.ClientError;

/** A request the API refuses with an error reply (HTTP 200, as Centrifugo answers). */
final class ApiError extends RuntimeException {
    final ClientError error;

    ApiError(ClientError error, String detail) {
        super(detail, null, false, false);
        this.error = error;
    }

    static ApiError badRequest(String detail) {
        return new ApiError(ClientError.BAD_REQUEST, detail);
    }
}
