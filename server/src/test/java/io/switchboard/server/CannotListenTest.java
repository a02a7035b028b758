package io.switchboard.server;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A port that is taken is named, with the listener and its config key, instead of a stack trace about gRPC. */
class CannotListenTest {
    @Test
    void aTakenHttpPortIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> Switchboard.builder().address("127.0.0.1").port(port).start())
                    .isInstanceOf(CannotListenException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + port + " for HTTP (http_server.port): the address is already in use");
        }
    }
}
