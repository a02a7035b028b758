package io.switchboard.server.cli;

import io.switchboard.engine.redis.RedisUnavailableException;
import io.switchboard.pusher.PusherApp;
import io.switchboard.server.CannotListenException;
import io.switchboard.server.Switchboard;
import io.switchboard.server.config.ConfigException;
import io.switchboard.server.config.ConfigLoader;
import io.switchboard.server.config.SwitchboardConfig;
import io.switchboard.socketio.SocketIoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: loads the config (file, environment, flags), starts the server and runs until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server.")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);
    private static volatile boolean serving;

    @Option(names = {"-c", "--config"}, description = "JSON or YAML config file")
    Path config;

    @Option(names = "--dev", description = "development mode: everything open, no secrets needed")
    boolean dev;

    @Option(names = "--port", description = "HTTP port (overrides http_server.port)")
    Integer port;

    @Option(names = "--address", description = "bind address (overrides http_server.address)")
    String address;

    /** True once the server runs, so main does not exit the JVM under it. */
    public static boolean serving() {
        return serving;
    }

    static void markServing() {
        serving = true;
    }

    @Override
    public Integer call() throws Exception {
        if (config == null && !dev) {
            System.err.println("error: give --config FILE (see 'switchboard genconfig') or --dev");
            return 2;
        }
        SwitchboardConfig cfg;
        try {
            cfg = ConfigLoader.load(config, dev, System.getenv(), new ConfigLoader.Overrides(address, port));
        } catch (ConfigException e) {
            e.errors().forEach(msg -> System.err.println("error: " + msg));
            return 1;
        }
        LogSetup.apply(cfg.log());
        cfg.warnings().forEach(w -> log.warn("config: {}", w));
        if (cfg.dev()) printDevWarning(cfg.httpServer().address());
        Switchboard server;
        try {
            server = Switchboard.builder()
                    .address(cfg.httpServer().address()).port(cfg.httpServer().port())
                    .connectionLimits(cfg.httpServer().limits())
                    .nodeName(cfg.nodeName())
                    .redis(cfg.redis()).redisMaps(cfg.redisMapCleanup()).positionCheckDelay(cfg.positionCheckDelay())
                    .channels(cfg.channels())
                    .centrifugo(cfg.client())
                    .proxies(cfg.proxies())
                    .sharedPoll(cfg.sharedPoll())
                    .apiKey(cfg.httpApi().key()).apiInsecure(cfg.httpApi().insecure())
                    .health(cfg.healthEnabled()).drainDelay(cfg.drainDelay())
                    .admin(cfg.admin())
                    .prometheus(cfg.prometheusEnabled())
                    .endpoints(cfg.endpoints())
                    .sockJs(cfg.sockJs())
                    .uniGrpc(cfg.uniGrpc() == null ? null : cfg.uniGrpc().address(),
                            cfg.uniGrpc() == null ? -1 : cfg.uniGrpc().port())
                    .bidiGrpc(cfg.bidiGrpc() == null ? null : cfg.bidiGrpc().address(),
                            cfg.bidiGrpc() == null ? -1 : cfg.bidiGrpc().port())
                    .grpcApi(cfg.grpcApi())
                    .socketIo(cfg.socketIo() == null ? null : cfg.socketIo().options())
                    .socketIoPath(cfg.socketIo() == null ? SocketIoServer.DEFAULT_PATH : cfg.socketIo().path())
                    .socketIoTokenAuth(true)
                    .pusher(cfg.pusher())
                    .socketCluster(cfg.socketCluster())
                    .start();
        } catch (RedisUnavailableException | CannotListenException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        if (cfg.socketIo() != null) cfg.socketIo().namespaces().forEach(server::namespace);
        serving = true;
        log.info("Switchboard {} serving on http://{}:{} (Centrifugo /connection/websocket, Socket.IO {}, Pusher {}, SocketCluster {}, API /api)",
                Switchboard.VERSION, cfg.httpServer().address(), server.port(),
                cfg.socketIo() == null ? "off" : cfg.socketIo().path(), cfg.pusher() == null ? "off" : "/app/{key}",
                cfg.socketCluster() == null ? "off" : cfg.socketCluster().path() + " (protocol " + cfg.socketCluster().protocolVersion() + ")");
        if (cfg.admin() != null) {
            log.info("admin page at http://{}:{}/admin/{}", cfg.httpServer().address(), server.port(),
                    cfg.admin().insecure() ? " (admin.insecure: no password asked)" : "");
        }
        if (cfg.redis() != null) {
            var r = cfg.redis();
            log.info("engine redis: {} (prefix {}, presence_ttl {}s)", r.clusterAddresses().isEmpty()
                    ? String.join(", ", r.addresses()) : "cluster " + String.join("; ", r.clusterAddresses()),
                    r.prefix(), r.presenceTtl().toSeconds());
        } else {
            log.info("engine memory: this node alone");
        }
        if (cfg.prometheusEnabled()) log.info("Prometheus metrics at http://{}:{}/metrics", cfg.httpServer().address(), server.port());
        if (server.pusher() != null) {
            for (PusherApp app : server.pusher().apps().all()) {
                log.info("Pusher app {} (key {}): {}, channels {}{}", app.id(), app.key(),
                        app.enabled() ? "enabled" : "disabled",
                        app.sharesCoreNames() ? "share the core's names" : "in namespace " + app.namespace() + ":",
                        app.webhooks().isEmpty() ? "" : ", " + app.webhooks().size() + " webhook(s)");
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            server.close();
            log.info("stopped");
            stopped.countDown();
        }, "switchboard-shutdown"));
        stopped.await();
        return 0;
    }

    private static void printDevWarning(String address) {
        String bar = "!".repeat(78);
        System.err.println(bar);
        System.err.println("!!  DEVELOPMENT MODE: anonymous clients, every channel open to everyone,");
        System.err.println("!!  server API without a key, admin page at /admin without a password,");
        System.err.println("!!  Pusher app app-id/app-key/app-secret.");
        System.err.println("!!  Never expose this to a network you do not own.");
        if (!loopback(address)) {
            System.err.println("!!");
            System.err.println("!!  AND IT IS LISTENING ON " + address + ", NOT ONLY ON THIS MACHINE: anyone who can");
            System.err.println("!!  reach this address can read every channel and publish as the server.");
        }
        System.err.println(bar);
    }

    static boolean loopback(String address) {
        if (address.equals("localhost")) return true;
        try {
            return java.net.InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

}
