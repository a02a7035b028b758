package io.switchboard.server.proxy;

import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.switchboard.json.JsonObject;
import io.switchboard.json.JsonTree;
import io.switchboard.protocol.proxy.ProxyCaller;
import io.switchboard.protocol.proxy.ProxyEndpoint;
import io.switchboard.protocol.proxy.ProxyTransport;
import io.switchboard.server.proxy.proto.CentrifugoProxyGrpc;
import io.switchboard.server.proxy.proto.ConnectRequest;
import io.switchboard.server.proxy.proto.PublishRequest;
import io.switchboard.server.proxy.proto.RPCRequest;
import io.switchboard.server.proxy.proto.RefreshRequest;
import io.switchboard.server.proxy.proto.SubRefreshRequest;
import io.switchboard.server.proxy.proto.SubscribeRequest;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Unary calls of Centrifugo's proxy service over one plaintext channel per backend address. The request comes as
 * the proxy's JSON and becomes the protobuf message ({@link ProtoJson}); forwarded headers travel as metadata, the
 * proxy's timeout as the call's deadline; the reply goes back as JSON.
 */
public final class GrpcProxies implements ProxyTransport {
    private record Method(MethodDescriptor<Message, Message> descriptor, Message request) {
    }

    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<byte[]> call(String method, ProxyEndpoint proxy, ProxyCaller caller, byte[] request) {
        Method m = method(method);
        Message message;
        try {
            Object tree = JsonTree.parse(request);
            message = ProtoJson.message(m.request(), (JsonObject) tree);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        ManagedChannel channel = channels.computeIfAbsent(proxy.endpoint(), e ->
                ManagedChannelBuilder.forTarget(e.substring("grpc://".length())).usePlaintext().build());
        var call = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(metadata(proxy, caller)))
                .newCall(m.descriptor(), CallOptions.DEFAULT.withDeadlineAfter(proxy.timeout().toMillis(), TimeUnit.MILLISECONDS));
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        var reply = ClientCalls.futureUnaryCall(call, message);
        reply.addListener(() -> {
            try {
                done.complete(ProtoJson.json(reply.get()));
            } catch (java.util.concurrent.ExecutionException e) {
                done.completeExceptionally(e.getCause());
            } catch (InterruptedException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, Runnable::run);
        return done;
    }

    /** Headers as Centrifugo forwards them to a gRPC backend: as metadata, names in lower case. */
    private static Metadata metadata(ProxyEndpoint proxy, ProxyCaller caller) {
        Metadata md = new Metadata();
        for (Map.Entry<String, String> e : caller.emulated().entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (proxy.emulatedHeaders().contains(name)) put(md, name, e.getValue());
        }
        for (String name : proxy.httpHeaders()) {
            String value = caller.header().apply(name);
            if (value != null) put(md, name, value);
        }
        return md;
    }

    private static void put(Metadata md, String name, String value) {
        try {
            Metadata.Key<String> key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
            md.removeAll(key);
            md.put(key, value);
        } catch (IllegalArgumentException ignored) {
            // a name gRPC cannot carry (a pseudo-header, a -bin suffix): not forwarded
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Method method(String name) {
        MethodDescriptor d;
        Message request;
        switch (name) {
            case "Connect" -> {
                d = CentrifugoProxyGrpc.getConnectMethod();
                request = ConnectRequest.getDefaultInstance();
            }
            case "Refresh" -> {
                d = CentrifugoProxyGrpc.getRefreshMethod();
                request = RefreshRequest.getDefaultInstance();
            }
            case "Subscribe" -> {
                d = CentrifugoProxyGrpc.getSubscribeMethod();
                request = SubscribeRequest.getDefaultInstance();
            }
            case "Publish" -> {
                d = CentrifugoProxyGrpc.getPublishMethod();
                request = PublishRequest.getDefaultInstance();
            }
            case "RPC" -> {
                d = CentrifugoProxyGrpc.getRPCMethod();
                request = RPCRequest.getDefaultInstance();
            }
            case "SubRefresh" -> {
                d = CentrifugoProxyGrpc.getSubRefreshMethod();
                request = SubRefreshRequest.getDefaultInstance();
            }
            default -> throw new IllegalArgumentException("no proxy method " + name);
        }
        return new Method((MethodDescriptor<Message, Message>) d, request);
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
    }
}
