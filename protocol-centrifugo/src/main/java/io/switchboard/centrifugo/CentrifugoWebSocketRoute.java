package io.switchboard.centrifugo;

import io.switchboard.centrifugo.auth.TokenVerifier;
import io.switchboard.core.Node;
import io.switchboard.transport.OriginPolicy;
import io.switchboard.transport.Router;
import io.switchboard.transport.WebSocketConnection;
import io.switchboard.transport.WebSocketListener;
import io.switchboard.transport.WebSocketRoute;

import java.util.List;

/**
 * The entry point of the Centrifugo protocol: builds token verifiers from the options and registers
 * {@code /connection/websocket} (JSON) with the transport.
 */
public final class CentrifugoWebSocketRoute implements WebSocketRoute {
    public static final String PATH = "/connection/websocket";

    private final Node node;
    private final CentrifugoOptions options;
    private final TokenVerifier connectionTokens;
    private final TokenVerifier subscriptionTokens;
    private final OriginPolicy origins;
    private final RpcHandler rpc;

    public CentrifugoWebSocketRoute(Node node, CentrifugoOptions options, RpcHandler rpc) {
        this.node = node;
        this.options = options;
        this.connectionTokens = new TokenVerifier(options.connectionTokenKeys());
        this.subscriptionTokens = options.subscriptionTokenKeys() == null ? connectionTokens
                : new TokenVerifier(options.subscriptionTokenKeys());
        this.origins = new OriginPolicy(options.allowedOrigins());
        this.rpc = rpc;
    }

    public void register(Router router) {
        router.websocket(PATH, this);
    }

    @Override
    public List<String> subprotocols() {
        return List.of("centrifuge-json");
    }

    @Override
    public int maxMessageSize() {
        return options.messageSizeLimit();
    }

    @Override
    public OriginPolicy originPolicy() {
        return origins;
    }

    @Override
    public WebSocketListener open(WebSocketConnection connection) {
        return new CentrifugoClient(connection, node, options, connectionTokens, subscriptionTokens, rpc);
    }
}
