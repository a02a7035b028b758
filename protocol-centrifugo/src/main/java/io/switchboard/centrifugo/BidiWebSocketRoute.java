package io.switchboard.centrifugo;

import io.switchboard.centrifugo.internal.codec.ClientCodec;
import io.switchboard.centrifugo.internal.codec.FirstCommand;
import io.switchboard.centrifugo.internal.codec.JsonCodec;
import io.switchboard.centrifugo.internal.codec.ProtobufCodec;
import io.switchboard.centrifugo.internal.codec.ProtocolVersion;
import io.switchboard.centrifugo.internal.codec.V1JsonCodec;
import io.switchboard.centrifugo.internal.codec.V1ProtobufCodec;
import io.switchboard.core.Disconnect;
import io.switchboard.protocol.WebSocketEndpoint;
import io.switchboard.transport.WebSocketConnection;

import java.util.List;

/**
 * {@code /connection/websocket}: the bidirectional protocol, JSON in text frames, or Protobuf in binary frames
 * when the client asks with the {@code centrifuge-protobuf} subprotocol or {@code ?format=protobuf}. Protocol v2
 * or v1: {@code ?cf_protocol_version=v1|v2} says which, else the first command's shape ({@link FirstCommand}).
 */
final class BidiWebSocketRoute implements WebSocketEndpoint.Messages {
    static final String PATH = "/connection/websocket";

    private final CentrifugoClient client;
    private final boolean binary;
    /** Whether the first frame still has to tell v1 from v2. */
    private boolean undecided;

    private BidiWebSocketRoute(CentrifugoClient client, boolean binary, boolean undecided) {
        this.client = client;
        this.binary = binary;
        this.undecided = undecided;
    }

    static WebSocketEndpoint endpoint(Centrifugo centrifugo) {
        return new WebSocketEndpoint(List.of("centrifuge-json", "centrifuge-protobuf"),
                () -> centrifugo.options().messageSizeLimit(), centrifugo.origins(), conn -> open(centrifugo, conn));
    }

    private static BidiWebSocketRoute open(Centrifugo centrifugo, WebSocketConnection connection) {
        boolean protobuf = "centrifuge-protobuf".equals(connection.subprotocol())
                || "protobuf".equals(connection.queryParam("format"))
                || "protobuf".equals(connection.queryParam("cf_protocol"));
        ProtocolVersion version;
        boolean unknownVersion = false;
        try {
            version = ProtocolVersion.ofQuery(connection.queryParam("cf_protocol_version"));
        } catch (IllegalArgumentException e) {
            version = null;
            unknownVersion = true;
        }
        ClientCodec codec = version == ProtocolVersion.V1 ? v1(protobuf) : protobuf ? ProtobufCodec.BIDI : JsonCodec.BIDI;
        CentrifugoClient client = centrifugo.newClient(new WebSocketTransport(connection, codec.binary(), true), codec);
        if (unknownVersion) {
            // Centrifugo answers 400 before the upgrade; after it, the closest is the bad request close
            connection.eventLoop().execute(() -> client.disconnect(Disconnect.BAD_REQUEST));
        }
        return new BidiWebSocketRoute(client, codec.binary(), version == null && !unknownVersion);
    }

    private static ClientCodec v1(boolean protobuf) {
        return protobuf ? V1ProtobufCodec.BIDI : V1JsonCodec.BIDI;
    }

    @Override
    public void text(byte[] message) {
        if (binary) client.disconnect(Disconnect.BAD_REQUEST);
        else frame(message);
    }

    @Override
    public void binary(byte[] message) {
        if (!binary) client.disconnect(Disconnect.BAD_REQUEST);
        else frame(message);
    }

    private void frame(byte[] message) {
        if (undecided) {
            undecided = false;
            if (FirstCommand.version(message, binary) == ProtocolVersion.V1) client.adopt(v1(binary));
        }
        client.onFrame(message);
    }

    @Override
    public void pong() {
        client.onTransportPong();
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
