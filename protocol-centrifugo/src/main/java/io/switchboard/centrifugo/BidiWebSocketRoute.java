package io.switchboard.centrifugo;

import io.switchboard.centrifugo.internal.codec.ClientCodec;
import io.switchboard.centrifugo.internal.codec.JsonCodec;
import io.switchboard.centrifugo.internal.codec.ProtobufCodec;
import io.switchboard.core.Disconnect;
import io.switchboard.protocol.WebSocketEndpoint;
import io.switchboard.transport.WebSocketConnection;

import java.util.List;

/**
 * {@code /connection/websocket}: the bidirectional protocol, JSON in text frames, or Protobuf in binary frames
 * when the client asks with the {@code centrifuge-protobuf} subprotocol or {@code ?format=protobuf}.
 */
final class BidiWebSocketRoute implements WebSocketEndpoint.Messages {
    static final String PATH = "/connection/websocket";

    private final CentrifugoClient client;
    private final boolean binary;

    private BidiWebSocketRoute(CentrifugoClient client, boolean binary) {
        this.client = client;
        this.binary = binary;
    }

    static WebSocketEndpoint endpoint(Centrifugo centrifugo) {
        return new WebSocketEndpoint(List.of("centrifuge-json", "centrifuge-protobuf"),
                () -> centrifugo.options().messageSizeLimit(), centrifugo.origins(), conn -> open(centrifugo, conn));
    }

    private static BidiWebSocketRoute open(Centrifugo centrifugo, WebSocketConnection connection) {
        boolean protobuf = "centrifuge-protobuf".equals(connection.subprotocol())
                || "protobuf".equals(connection.queryParam("format"))
                || "protobuf".equals(connection.queryParam("cf_protocol"));
        ClientCodec codec = protobuf ? ProtobufCodec.BIDI : JsonCodec.BIDI;
        CentrifugoClient client = centrifugo.newClient(new WebSocketTransport(connection, codec.binary(), true), codec);
        return new BidiWebSocketRoute(client, codec.binary());
    }

    @Override
    public void text(byte[] message) {
        if (binary) client.disconnect(Disconnect.BAD_REQUEST);
        else client.onFrame(message);
    }

    @Override
    public void binary(byte[] message) {
        if (!binary) client.disconnect(Disconnect.BAD_REQUEST);
        else client.onFrame(message);
    }

    @Override
    public void readComplete() {
        client.onReadComplete();
    }

    @Override
    public void closed() {
        client.onTransportClosed();
    }
}
