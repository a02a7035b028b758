package io.switchboard.server.config;

import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.centrifugo.Endpoints;
import io.switchboard.transport.sockjs.SockJsOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.engine.redis.RedisSettings;
import io.switchboard.protocol.proxy.ProxySettings;
import io.switchboard.pusher.PusherSettings;
import io.switchboard.server.admin.AdminSettings;
import io.switchboard.socketcluster.SocketClusterSettings;
import io.switchboard.socketio.SocketIoOptions;
import io.switchboard.socketio.SocketIoSettings;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the standalone server runs with, validated. Built by {@link ConfigLoader}.
 *
 * @param dev      built on the {@code serve --dev} preset
 * @param endpoints which client endpoints are served
 * @param sockJs    the SockJS endpoint's settings ({@code sockjs.*}), used when {@link Endpoints#sockjs()}
 * @param uniGrpc   where the unidirectional gRPC transport listens; null when it is off
 * @param bidiGrpc  where the bidirectional gRPC transport of client protocol v1 listens ({@code grpc_bidi.*}); null when it is off
 * @param grpcApi   the gRPC server API; null when it is off
 * @param socketIo  Socket.IO on {@link SocketIoSettings#path()}; null when it is off
 * @param pusher    the Pusher protocol ({@code /app/{key}}, {@code /apps/{id}/...}) and its apps; null when it is off
 * @param socketCluster SocketCluster on {@link SocketClusterSettings#path()}; null when it is off
 * @param admin    the admin page at /admin; null when it is off
 * @param proxies  the proxies to the application backend (Centrifugo's {@code client.proxy}, {@code channel.proxy},
 *                 {@code rpc.proxy}, {@code proxies[]})
 * @param sharedPoll the shared poll namespaces and the track signatures' secret
 * @param redis    the Redis engine's settings when {@code engineType} is redis, else null
 * @param redisMapCleanup how often the Redis map broker removes expired entries when {@code map_broker.type}
 *                        is redis (map channels in the engine's Redis), else null (in each node's memory)
 * @param positionCheckDelay how often each channel with history is checked against its stream top (Redis engine)
 * @param log      the log level, file and format
 * @param drainDelay how long a stopping server answers /ready with 503 before it disconnects its clients
 * @param prometheusEnabled Prometheus metrics at {@code /metrics} ({@code prometheus.enabled})
 * @param warnings things that are valid but probably not what the operator wants
 */
public record SwitchboardConfig(
        HttpServerConfig httpServer,
        ChannelRules channels,
        CentrifugoOptions client,
        HttpApiConfig httpApi,
        boolean healthEnabled,
        LogSettings log,
        String engineType,
        RedisSettings redis,
        Duration redisMapCleanup,
        Duration positionCheckDelay,
        Duration drainDelay,
        String nodeName,
        boolean dev,
        Endpoints endpoints,
        SockJsOptions sockJs,
        HttpServerConfig uniGrpc,
        HttpServerConfig bidiGrpc,
        GrpcApiConfig grpcApi,
        SocketIoSettings socketIo,
        PusherSettings pusher,
        SocketClusterSettings socketCluster,
        AdminSettings admin,
        ProxySettings proxies,
        io.switchboard.centrifugo.SharedPollSettings sharedPoll,
        boolean prometheusEnabled,
        List<String> warnings) {

    public SwitchboardConfig {
        warnings = List.copyOf(warnings);
    }

    /**
     * The {@code serve --dev} preset alone: 127.0.0.1:8000, anonymous clients, every channel without namespace
     * open, any origin, HMAC secret "dev-secret", server API without a key, Pusher with Soketi's development app, SocketCluster at /socketcluster/, the admin page at /admin without a password. (Named so because {@link #dev()} is the
     * record's flag.)
     */
    public static SwitchboardConfig devPreset() {
        try {
            return ConfigLoader.load(null, true, Map.of(), ConfigLoader.Overrides.NONE);
        } catch (ConfigException e) {
            throw new IllegalStateException("the dev preset is invalid: " + e.getMessage(), e);
        }
    }
}
