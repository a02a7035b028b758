package io.switchboard.socketcluster;

/** A server invoke the client answered with an error, timed out, or lost with its connection. */
public final class InvokeException extends RuntimeException {
    private final SocketClusterError error;

    public InvokeException(SocketClusterError error) {
        super(error.name() + ": " + error.message(), null, false, false);
        this.error = error;
    }

    public SocketClusterError error() {
        return error;
    }
}
