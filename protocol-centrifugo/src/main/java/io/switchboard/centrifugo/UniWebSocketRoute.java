package io.switchboard.centrifugo;

import io.switchboard.centrifugo.internal.codec.DecodeException;
import io.switchboard.centrifugo.internal.codec.JsonCodec;
import io.switchboard.centrifugo.internal.codec.JsonCommandDecoder;
import io.switchboard.core.Disconnect;
import io.switchboard.protocol.WebSocketEndpoint;
import io.switchboard.transport.WebSocketConnection;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /connection/uni_websocket}: the connect request arrives as the first message (or in the
 * {@code cf_connect} URL parameter); after that the server only pushes and ignores what the client sends.
 */
final class UniWebSocketRoute implements WebSocketEndpoint.Messages {
    static final String PATH = "/connection/uni_websocket";

    private final CentrifugoClient client;
    private boolean connected;

    private UniWebSocketRoute(CentrifugoClient client) {
        this.client = client;
    }

    static WebSocketEndpoint endpoint(Centrifugo centrifugo) {
        return new WebSocketEndpoint(List.of(), () -> centrifugo.options().messageSizeLimit(), centrifugo.origins(),
                conn -> open(centrifugo, conn));
    }

    private static UniWebSocketRoute open(Centrifugo centrifugo, WebSocketConnection connection) {
        UniWebSocketRoute route = new UniWebSocketRoute(
                centrifugo.newClient(new WebSocketTransport(connection, false, false), JsonCodec.UNI));
        String inUrl = connection.queryParam("cf_connect");
        if (inUrl != null) route.connect(inUrl.getBytes(StandardCharsets.UTF_8));
        return route;
    }

    @Override
    public void text(byte[] message) {
        if (!connected) connect(message); // nothing is expected after the connect request
    }

    @Override
    public void binary(byte[] message) {
        text(message);
    }

    @Override
    public void readComplete() {
        client.onReadComplete();
    }

    @Override
    public void closed() {
        client.onTransportClosed();
    }

    private void connect(byte[] request) {
        connected = true;
        try {
            client.onUnidirectionalConnect(JsonCommandDecoder.decodeConnectRequest(request));
        } catch (DecodeException e) {
            client.disconnect(Disconnect.BAD_REQUEST);
        }
    }
}
