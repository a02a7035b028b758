package io.switchboard.centrifugo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.switchboard.centrifugo.codec.DecodeException;
import io.switchboard.centrifugo.codec.JsonCodec;
import io.switchboard.centrifugo.codec.JsonCommandDecoder;
import io.switchboard.core.Disconnect;
import io.switchboard.transport.OriginPolicy;
import io.switchboard.transport.WebSocketConnection;
import io.switchboard.transport.WebSocketListener;
import io.switchboard.transport.WebSocketRoute;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /connection/uni_websocket}: the connect request arrives as the first message (or in the
 * {@code cf_connect} URL parameter); after that the server only pushes and ignores what the client sends.
 */
final class UniWebSocketRoute implements WebSocketRoute {
    static final String PATH = "/connection/uni_websocket";
    private final Centrifugo centrifugo;

    UniWebSocketRoute(Centrifugo centrifugo) {
        this.centrifugo = centrifugo;
    }

    @Override
    public List<String> subprotocols() {
        return List.of();
    }

    @Override
    public int maxMessageSize() {
        return centrifugo.options().messageSizeLimit();
    }

    @Override
    public OriginPolicy originPolicy() {
        return centrifugo.origins();
    }

    @Override
    public WebSocketListener open(WebSocketConnection connection) {
        CentrifugoClient client = centrifugo.newClient(new WebSocketTransport(connection, false, false), JsonCodec.UNI);
        String inUrl = connection.queryParam("cf_connect");
        boolean[] connected = {false};
        if (inUrl != null) {
            connected[0] = true;
            connect(client, inUrl.getBytes(StandardCharsets.UTF_8));
        }
        return new WebSocketListener() {
            @Override
            public void onText(ByteBuf message) {
                if (connected[0]) return; // nothing is expected after the connect request
                connected[0] = true;
                connect(client, ByteBufUtil.getBytes(message));
            }

            @Override
            public void onBinary(ByteBuf message) {
                onText(message);
            }

            @Override
            public void onReadComplete() {
                client.onReadComplete();
            }

            @Override
            public void onClose() {
                client.onTransportClosed();
            }
        };
    }

    private static void connect(CentrifugoClient client, byte[] request) {
        try {
            client.onUnidirectionalConnect(JsonCommandDecoder.decodeConnectRequest(request));
        } catch (DecodeException e) {
            client.disconnect(Disconnect.BAD_REQUEST);
        }
    }
}
