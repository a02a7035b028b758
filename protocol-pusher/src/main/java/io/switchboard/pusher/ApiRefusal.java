package io.switchboard.pusher;

/** A request the HTTP API refuses: its status and the message it answers ({@code {"error":…}}). */
final class ApiRefusal extends RuntimeException {
    final int status;

    ApiRefusal(int status, String message) {
        super(message, null, false, false); // an answer, not a fault: no stack trace
        this.status = status;
    }

    static ApiRefusal badRequest(String message) {
        return new ApiRefusal(400, message);
    }
}
