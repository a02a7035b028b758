package io.switchboard.server.proxy;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.stub.StreamObserver;
import io.switchboard.core.ClientError;
import io.switchboard.core.Disconnect;
import io.switchboard.protocol.Verdict;
import io.switchboard.protocol.proxy.Proxies;
import io.switchboard.protocol.proxy.ProxyCaller;
import io.switchboard.protocol.proxy.ProxyClient;
import io.switchboard.protocol.proxy.ProxyEndpoint;
import io.switchboard.protocol.proxy.ProxySettings;
import io.switchboard.server.proxy.proto.BoolValue;
import io.switchboard.server.proxy.proto.CentrifugoProxyGrpc;
import io.switchboard.server.proxy.proto.ConnectRequest;
import io.switchboard.server.proxy.proto.ConnectResponse;
import io.switchboard.server.proxy.proto.ConnectResult;
import io.switchboard.server.proxy.proto.Error;
import io.switchboard.server.proxy.proto.PublishRequest;
import io.switchboard.server.proxy.proto.PublishResponse;
import io.switchboard.server.proxy.proto.PublishResult;
import io.switchboard.server.proxy.proto.RPCRequest;
import io.switchboard.server.proxy.proto.RPCResponse;
import io.switchboard.server.proxy.proto.RPCResult;
import io.switchboard.server.proxy.proto.SubscribeOptionOverride;
import io.switchboard.server.proxy.proto.SubscribeOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Proxy calls to a real gRPC backend implementing Centrifugo's CentrifugoProxy service. */
class GrpcProxiesTest {
    private static final Context.Key<String> COOKIE = Context.key("cookie");
    private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<String> cookies = new LinkedBlockingQueue<>();
    private final Server backend;
    private final int port;
    private final ProxyClient client = new ProxyClient(new GrpcProxies());

    GrpcProxiesTest() throws IOException {
        ServerInterceptor headers = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata md, ServerCallHandler<Q, R> next) {
                String cookie = md.get(Metadata.Key.of("cookie", Metadata.ASCII_STRING_MARSHALLER));
                return Contexts.interceptCall(Context.current().withValue(COOKIE, cookie == null ? "" : cookie), call, md, next);
            }
        };
        backend = ServerBuilder.forPort(0).addService(ServerInterceptors.intercept(new Backend(), headers)).build().start();
        port = backend.getPort();
    }

    private final class Backend extends CentrifugoProxyGrpc.CentrifugoProxyImplBase {
        @Override
        public void connect(ConnectRequest req, StreamObserver<ConnectResponse> out) {
            received.add(req);
            cookies.add(COOKIE.get());
            if (req.getName().equals("refuse")) {
                out.onNext(ConnectResponse.newBuilder().setError(Error.newBuilder().setCode(4000).setMessage("no")).build());
            } else if (req.getName().equals("end")) {
                out.onNext(ConnectResponse.newBuilder().setDisconnect(io.switchboard.server.proxy.proto.Disconnect
                        .newBuilder().setCode(4501).setReason("bye")).build());
            } else if (req.getName().equals("hang")) {
                return; // never answered
            } else {
                out.onNext(ConnectResponse.newBuilder().setResult(ConnectResult.newBuilder().setUser("g1")
                        .setExpireAt(1700).setInfo(ByteString.copyFromUtf8("{\"i\":1}"))
                        .setData(ByteString.copyFromUtf8("{\"d\":2}")).addChannels("news")
                        .putSubs("chat", SubscribeOptions.newBuilder().setData(ByteString.copyFromUtf8("[1]"))
                                .setOverride(SubscribeOptionOverride.newBuilder().setPresence(BoolValue.newBuilder().setValue(true)))
                                .build())
                        .setMeta(ByteString.copyFromUtf8("{\"m\":true}"))).build());
            }
            out.onCompleted();
        }

        @Override
        public void rPC(RPCRequest req, StreamObserver<RPCResponse> out) {
            received.add(req);
            out.onNext(RPCResponse.newBuilder().setResult(RPCResult.newBuilder().setData(req.getData())).build());
            out.onCompleted();
        }

        @Override
        public void publish(PublishRequest req, StreamObserver<PublishResponse> out) {
            received.add(req);
            out.onNext(PublishResponse.newBuilder().setResult(PublishResult.newBuilder()
                    .setData(ByteString.copyFromUtf8("{\"new\":1}")).setSkipHistory(true).putTags("t", "v")).build());
            out.onCompleted();
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        client.close();
        backend.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private ProxyEndpoint endpoint() {
        return new ProxyEndpoint("default", "grpc://127.0.0.1:" + port, Duration.ofSeconds(5),
                List.of("cookie"), List.of(), Map.of(), true, false);
    }

    private Proxies proxies() {
        return proxies(endpoint());
    }

    private Proxies proxies(ProxyEndpoint connect) {
        return new Proxies(new ProxySettings(connect, null, Map.of(), Map.of(), ":"), client, () -> 1000);
    }

    private static final ProxyCaller CALLER = new ProxyCaller("c1", "websocket", "json", "u1",
            "{\"k\":1}".getBytes(StandardCharsets.UTF_8), name -> name.equals("cookie") ? "sid=9" : null, Map.of());

    @Test
    void aConnectIsTheProtobufRequestAndItsResultIsRead() throws Exception {
        var reply = proxies().connect(CALLER, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "js", "2", List.of("x"))
                .get(10, TimeUnit.SECONDS);
        ConnectRequest req = (ConnectRequest) received.poll(5, TimeUnit.SECONDS);
        assertThat(req.getClient()).isEqualTo("c1");
        assertThat(req.getTransport()).isEqualTo("websocket");
        assertThat(req.getEncoding()).isEqualTo("json");
        assertThat(req.getData().toStringUtf8()).isEqualTo("{\"a\":1}");
        assertThat(req.getVersion()).isEqualTo("2");
        assertThat(req.getChannelsList()).containsExactly("x");
        assertThat(cookies.poll(5, TimeUnit.SECONDS)).isEqualTo("sid=9");
        assertThat(reply.verdict()).isEqualTo(Verdict.ALLOWED);
        var r = reply.result();
        assertThat(r.user()).isEqualTo("g1");
        assertThat(r.expireAt()).isEqualTo(1700);
        assertThat(new String(r.info(), StandardCharsets.UTF_8)).isEqualTo("{\"i\":1}");
        assertThat(new String(r.data(), StandardCharsets.UTF_8)).isEqualTo("{\"d\":2}");
        assertThat(r.channels()).containsExactly("news");
        assertThat(new String(r.subs().get("chat").data(), StandardCharsets.UTF_8)).isEqualTo("[1]");
        assertThat(r.subs().get("chat").presence()).isTrue();
        assertThat(new String(r.meta(), StandardCharsets.UTF_8)).isEqualTo("{\"m\":true}");
    }

    @Test
    void errorsDisconnectsAndABackendThatNeverAnswersAreVerdicts() throws Exception {
        assertThat(proxies().connect(CALLER, null, "refuse", "", List.of()).get(10, TimeUnit.SECONDS).verdict())
                .isEqualTo(Verdict.refused(new ClientError(4000, "no", false)));
        assertThat(proxies().connect(CALLER, null, "end", "", List.of()).get(10, TimeUnit.SECONDS).verdict())
                .isEqualTo(Verdict.ended(new Disconnect(4501, "bye")));
        assertThat(proxies(endpoint().withTimeout(Duration.ofMillis(300))).connect(CALLER, null, "hang", "", List.of())
                .get(10, TimeUnit.SECONDS).verdict())
                .isEqualTo(Verdict.refused(ClientError.INTERNAL));
    }

    @Test
    void rpcAndPublishCarryUserMetaAndDataAsBytes() throws Exception {
        var rpc = proxies().rpc(endpoint(), CALLER, "m", "{\"q\":[1,2]}".getBytes(StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS);
        RPCRequest req = (RPCRequest) received.poll(5, TimeUnit.SECONDS);
        assertThat(req.getUser()).isEqualTo("u1");
        assertThat(req.getMethod()).isEqualTo("m");
        assertThat(req.getMeta().toStringUtf8()).isEqualTo("{\"k\":1}");
        assertThat(new String(rpc.result().data(), StandardCharsets.UTF_8)).isEqualTo("{\"q\":[1,2]}");

        var pub = proxies().publish(endpoint(), CALLER, "ch", "{}".getBytes(StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS);
        assertThat(((PublishRequest) received.poll(5, TimeUnit.SECONDS)).getChannel()).isEqualTo("ch");
        assertThat(new String(pub.result().data(), StandardCharsets.UTF_8)).isEqualTo("{\"new\":1}");
        assertThat(pub.result().skipHistory()).isTrue();
        assertThat(pub.result().tags()).containsEntry("t", "v");
    }

    @Test
    void anUnreachableBackendIsAnInternalError() throws Exception {
        backend.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        assertThat(proxies().connect(CALLER, null, "", "", List.of()).get(10, TimeUnit.SECONDS).verdict())
                .isEqualTo(Verdict.refused(ClientError.INTERNAL));
    }
}
