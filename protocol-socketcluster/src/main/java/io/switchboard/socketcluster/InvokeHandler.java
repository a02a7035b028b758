package io.switchboard.socketcluster;

/**
 * Handles an invoke (an event with a cid: socketcluster-client's {@code invoke} or a procedure call) on the socket's
 * event loop; answer through {@code reply}, now or later from any thread. {@code data} is as for {@link TransmitHandler}.
 */
@FunctionalInterface
public interface InvokeHandler {
    void handle(Object data, InvokeReply reply);
}
