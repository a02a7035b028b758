package io.switchboard.centrifugo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.switchboard.centrifugo.codec.ClientCodec;
import io.switchboard.centrifugo.codec.JsonCodec;
import io.switchboard.centrifugo.codec.ProtobufCodec;
import io.switchboard.core.Disconnect;
import io.switchboard.transport.OriginPolicy;
import io.switchboard.transport.WebSocketConnection;
import io.switchboard.transport.WebSocketListener;
import io.switchboard.transport.WebSocketRoute;

import java.util.List;

/**
 * {@code /connection/websocket}: the bidirectional protocol, JSON in text frames, or Protobuf in binary frames
 * when the client asks with the {@code centrifuge-protobuf} subprotocol or {@code ?format=protobuf}.
 */
final class BidiWebSocketRoute implements WebSocketRoute {
    static final String PATH = "/connection/websocket";

    private final Centrifugo centrifugo;

    BidiWebSocketRoute(Centrifugo centrifugo) {
        this.centrifugo = centrifugo;
    }

    @Override
    public List<String> subprotocols() {
        return List.of("centrifuge-json", "centrifuge-protobuf");
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
        boolean protobuf = "centrifuge-protobuf".equals(connection.subprotocol())
                || "protobuf".equals(connection.queryParam("format"))
                || "protobuf".equals(connection.queryParam("cf_protocol"));
        ClientCodec codec = protobuf ? ProtobufCodec.BIDI : JsonCodec.BIDI;
        CentrifugoClient client = centrifugo.newClient(new WebSocketTransport(connection, codec.binary(), true), codec);
        return new WebSocketListener() {
            @Override
            public void onText(ByteBuf message) {
                if (codec.binary()) client.disconnect(Disconnect.BAD_REQUEST);
                else client.onFrame(ByteBufUtil.getBytes(message));
            }

            @Override
            public void onBinary(ByteBuf message) {
                if (!codec.binary()) client.disconnect(Disconnect.BAD_REQUEST);
                else client.onFrame(ByteBufUtil.getBytes(message));
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
}
