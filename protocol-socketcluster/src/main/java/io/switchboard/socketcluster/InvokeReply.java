package io.switchboard.socketcluster;

/** The answer to one invoke, sent by rid; only the first call sends. Any thread. */
public interface InvokeReply {
    /** {@code {rid, data}}; data is a plain Java value. */
    void end(Object data);

    /** {@code {rid}}, no data. */
    void end();

    /** {@code {rid, error:{message, name, ...fields}}}: the client's invoke rejects with this error. */
    void error(SocketClusterError error);

    default void error(String name, String message) {
        error(new SocketClusterError(name, message));
    }
}
