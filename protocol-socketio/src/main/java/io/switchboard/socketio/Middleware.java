package io.switchboard.socketio;

/**
 * Runs before a socket connects to its namespace, in the order added. Call {@link Next#accept()} to go on
 * or {@link Next#reject} to refuse the connection, now or later and from any thread.
 */
@FunctionalInterface
public interface Middleware {
    void handle(SocketIoSocket socket, Next next);

    interface Next {
        void accept();

        void reject(ConnectError error);
    }
}
