package io.switchboard.socketio;

/**
 * Why a middleware refused a connection. v5 clients get {@code {"message", "data"}} in their
 * {@code connect_error}; 2.x clients get {@code data} when set, else the message.
 */
public record ConnectError(String message, Object data) {
    public ConnectError {
        if (message == null) message = "";
    }

    public static ConnectError of(String message) {
        return new ConnectError(message, null);
    }
}
