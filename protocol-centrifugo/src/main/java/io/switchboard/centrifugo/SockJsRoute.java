package io.switchboard.centrifugo;

import io.netty.channel.EventLoop;
import io.switchboard.centrifugo.internal.codec.V1JsonCodec;
import io.switchboard.transport.CorsPolicy;
import io.switchboard.transport.sockjs.SockJsOptions;
import io.switchboard.transport.sockjs.SockJsService;
import io.switchboard.transport.sockjs.SockJsSession;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /connection/sockjs}: client protocol v1 in JSON over SockJS, as centrifuge-js 2.x sends it when given a
 * SockJS URL. Each SockJS session is one {@link CentrifugoClient}; each SockJS message a frame of its commands.
 */
final class SockJsRoute implements SockJsSession.Handler {
    static final String PATH = "/connection/sockjs";

    private final CentrifugoClient client;

    private SockJsRoute(CentrifugoClient client) {
        this.client = client;
    }

    static SockJsService service(Centrifugo centrifugo, SockJsOptions options) {
        CentrifugoOptions o = centrifugo.options();
        return new SockJsService(PATH, options.withMaxMessageSize(o::messageSizeLimit),
                CorsPolicy.of(o.allowedOrigins(), true), (session, loop) -> open(centrifugo, session, loop));
    }

    private static SockJsRoute open(Centrifugo centrifugo, SockJsSession session, EventLoop loop) {
        return new SockJsRoute(centrifugo.newClient(new SockJsTransport(session, loop), V1JsonCodec.BIDI));
    }

    @Override
    public void messages(List<String> messages) {
        for (String m : messages) client.onFrame(m.getBytes(StandardCharsets.UTF_8));
        client.onReadComplete();
    }

    @Override
    public void closed() {
        client.onTransportClosed();
    }
}
