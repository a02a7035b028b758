package io.switchboard.server.config;

import io.switchboard.protocol.ProtocolConfig;
import io.switchboard.pusher.PusherSection;
import io.switchboard.socketcluster.SocketClusterSection;
import io.switchboard.socketio.SocketIoSection;

import java.util.List;

/** The protocols whose sections the standalone server's config holds, each read by the protocol itself. */
final class ProtocolSections {
    static final List<ProtocolConfig<?>> ALL = List.of(SocketIoSection.INSTANCE, PusherSection.INSTANCE,
            SocketClusterSection.INSTANCE);

    private ProtocolSections() {
    }
}
