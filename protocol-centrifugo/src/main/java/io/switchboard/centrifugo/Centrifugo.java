package io.switchboard.centrifugo;

import io.switchboard.centrifugo.internal.codec.ClientCodec;
import io.switchboard.core.Node;
import io.switchboard.protocol.ChannelPolicy;
import io.switchboard.protocol.ClientAccess;
import io.switchboard.protocol.ProtocolModule;
import io.switchboard.protocol.proxy.Proxies;
import io.switchboard.transport.CorsPolicy;
import io.switchboard.transport.OriginPolicy;
import io.switchboard.transport.Router;
import io.switchboard.transport.sockjs.SockJsOptions;

import java.time.Clock;

/**
 * The entry point of the Centrifugo protocol: holds what every connection shares (node, options, token
 * verifiers) and registers the protocol's endpoints with the transport.
 */
public final class Centrifugo implements ProtocolModule {
    private final Node node;
    private final CentrifugoOptions options;
    private final ClientAccess access;
    private final OriginPolicy origins;
    private final CorsPolicy cors;
    private final RpcHandler rpc;
    private Endpoints endpoints = Endpoints.DEFAULT;
    private SockJsOptions sockJs = SockJsOptions.defaults();
    private Proxies proxies = Proxies.NONE;
    private SharedPollContext sharedPoll = SharedPollContext.NONE;

    /** With client access of its own, from the options (config channel rules, the system clock). */
    public Centrifugo(Node node, CentrifugoOptions options, RpcHandler rpc) {
        this(node, options, rpc, accessFrom(node, options, null, Clock.systemUTC()));
    }

    /** With the client access the server shares between its protocols. */
    public Centrifugo(Node node, CentrifugoOptions options, RpcHandler rpc, ClientAccess access) {
        this.node = node;
        this.options = options;
        this.access = access;
        this.origins = new OriginPolicy(options.allowedOrigins());
        this.cors = CorsPolicy.stating(options.allowedOrigins(), "GET, POST, OPTIONS",
                "Content-Type, Authorization, X-Requested-With");
        this.rpc = rpc;
    }

    /** Client access as the Centrifugo options describe it: token keys, anonymous connections, insecure mode. */
    public static ClientAccess accessFrom(Node node, CentrifugoOptions options, ChannelPolicy policy, Clock clock) {
        return new ClientAccess(node, options.connectionTokenKeys(), options.subscriptionTokenKeys(),
                options.allowAnonymousConnectWithoutToken(), options.insecure(), policy, clock);
    }

    /** The proxies to the application backend (default: none). */
    public Centrifugo proxies(Proxies v) {
        proxies = v;
        return this;
    }

    /**
     * Shared poll subscriptions (default: none), polled through {@link #proxies(Proxies)}: set the proxies first.
     * The poller's thread lives until {@link #close()}.
     */
    public Centrifugo sharedPoll(SharedPollSettings v) {
        if (sharedPoll.polls() != null) sharedPoll.polls().close();
        sharedPoll = v.namespaces().isEmpty() ? SharedPollContext.NONE
                : new SharedPollContext(v, new SharedPolls(proxies));
        return this;
    }

    /** With a poller of the caller's (tests). */
    Centrifugo sharedPoll(SharedPollSettings v, SharedPolls polls) {
        if (sharedPoll.polls() != null) sharedPoll.polls().close();
        sharedPoll = new SharedPollContext(v, polls);
        return this;
    }

    /** Which endpoints {@link #register(Router)} serves (default: all). */
    public Centrifugo endpoints(Endpoints v) {
        endpoints = v;
        return this;
    }

    /** The SockJS endpoint's heartbeat, disconnect delay and iframe script (when {@link Endpoints#sockjs()}). */
    public Centrifugo sockJs(SockJsOptions v) {
        sockJs = v;
        return this;
    }

    @Override
    public String name() {
        return "centrifugo";
    }

    @Override
    public void register(Router router) {
        register(router, endpoints);
    }

    public void register(Router router, Endpoints endpoints) {
        StreamRoutes streams = new StreamRoutes(this);
        if (endpoints.websocket()) router.websocket(BidiWebSocketRoute.PATH, BidiWebSocketRoute.endpoint(this));
        if (endpoints.uniWebsocket()) router.websocket(UniWebSocketRoute.PATH, UniWebSocketRoute.endpoint(this));
        if (endpoints.uniHttpStream()) router.http("/connection/uni_http_stream", streams::uniHttpStream);
        if (endpoints.uniSse()) router.http("/connection/uni_sse", streams::uniSse);
        if (endpoints.httpStream()) router.http("/connection/http_stream", streams::httpStream);
        if (endpoints.sse()) router.http("/connection/sse", streams::sse);
        if (endpoints.httpStream() || endpoints.sse()) router.http("/emulation", streams::emulationCommand);
        if (endpoints.sockjs()) SockJsRoute.service(this, sockJs).register(router);
    }

    /** Starts the unidirectional gRPC transport on its own port (0 picks a free one). */
    public UniGrpcServer startUniGrpc(String address, int port) throws java.io.IOException {
        return UniGrpcServer.start(this, address, port);
    }

    @Override
    public void close() {
        if (sharedPoll.polls() != null) sharedPoll.polls().close();
    }

    /** Starts the bidirectional gRPC transport of client protocol v1 on its own port (0 picks a free one). */
    public BidiGrpcServer startBidiGrpc(String address, int port) throws java.io.IOException {
        return BidiGrpcServer.start(this, address, port);
    }

    CentrifugoClient newClient(ClientTransport transport, ClientCodec codec) {
        CentrifugoClient client = new CentrifugoClient(transport, codec, node, options, access, rpc, proxies);
        client.sharedPoll = sharedPoll;
        return client;
    }

    String nodeId() {
        return node.uid();
    }

    Proxies proxies() {
        return proxies;
    }

    CentrifugoOptions options() {
        return options;
    }

    OriginPolicy origins() {
        return origins;
    }

    CorsPolicy cors() {
        return cors;
    }
}
