package io.switchboard.centrifugo;

import io.switchboard.auth.TokenVerifier;
import io.switchboard.centrifugo.codec.ClientCodec;
import io.switchboard.core.Node;
import io.switchboard.transport.OriginPolicy;
import io.switchboard.transport.Router;

/**
 * The entry point of the Centrifugo protocol: holds what every connection shares (node, options, token
 * verifiers) and registers the protocol's endpoints with the transport.
 */
public final class Centrifugo {
    private final Node node;
    private final CentrifugoOptions options;
    private final TokenVerifier connectionTokens;
    private final TokenVerifier subscriptionTokens;
    private final OriginPolicy origins;
    private final RpcHandler rpc;

    public Centrifugo(Node node, CentrifugoOptions options, RpcHandler rpc) {
        this.node = node;
        this.options = options;
        this.connectionTokens = new TokenVerifier(options.connectionTokenKeys());
        this.subscriptionTokens = options.subscriptionTokenKeys() == null ? connectionTokens
                : new TokenVerifier(options.subscriptionTokenKeys());
        this.origins = new OriginPolicy(options.allowedOrigins());
        this.rpc = rpc;
    }

    public void register(Router router) {
        register(router, Endpoints.DEFAULT);
    }

    public void register(Router router, Endpoints endpoints) {
        StreamRoutes streams = new StreamRoutes(this);
        if (endpoints.websocket()) router.websocket(BidiWebSocketRoute.PATH, new BidiWebSocketRoute(this));
        if (endpoints.uniWebsocket()) router.websocket(UniWebSocketRoute.PATH, new UniWebSocketRoute(this));
        if (endpoints.uniHttpStream()) router.http("/connection/uni_http_stream", streams::uniHttpStream);
        if (endpoints.uniSse()) router.http("/connection/uni_sse", streams::uniSse);
        if (endpoints.httpStream()) router.http("/connection/http_stream", streams::httpStream);
        if (endpoints.sse()) router.http("/connection/sse", streams::sse);
        if (endpoints.httpStream() || endpoints.sse()) router.http("/emulation", streams::emulationCommand);
    }

    /** Starts the unidirectional gRPC transport on its own port (0 picks a free one). */
    public UniGrpcServer startUniGrpc(String address, int port) throws java.io.IOException {
        return UniGrpcServer.start(this, address, port);
    }

    CentrifugoClient newClient(ClientTransport transport, ClientCodec codec) {
        return new CentrifugoClient(transport, codec, node, options, connectionTokens, subscriptionTokens, rpc);
    }

    String nodeId() {
        return node.uid();
    }

    CentrifugoOptions options() {
        return options;
    }

    OriginPolicy origins() {
        return origins;
    }
}
