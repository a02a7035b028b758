package io.switchboard.bench;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options every scenario takes (a picocli mixin); scenario-specific defaults are filled in by the commands. */
public final class BenchOptions {
    @Option(names = "--subscribers", description = "subscriber connections (default: per scenario)")
    Integer subscribers;

    @Option(names = "--rate", description = "publishes per second (default: ${DEFAULT-VALUE})", defaultValue = "100")
    double rate;

    @Option(names = "--duration", description = "measured seconds; storm: its time limit (default: ${DEFAULT-VALUE})",
            defaultValue = "10")
    double duration;

    @Option(names = "--warmup", description = "seconds of publishing before measuring (default: ${DEFAULT-VALUE})",
            defaultValue = "5")
    double warmup;

    @Option(names = "--payload-bytes", description = "size of each message's data (default: ${DEFAULT-VALUE})",
            defaultValue = "100")
    int payloadBytes;

    @Option(names = "--protocol", description = "client protocol: centrifugo-json, centrifugo-protobuf, socketio, "
            + "socketio-noack (for servers that do not acknowledge subscribe), pusher, socketcluster (default: ${DEFAULT-VALUE})",
            defaultValue = "centrifugo-json")
    String protocol;

    @Option(names = "--api-url", description = "http://HOST:PORT of the publish API when it is not on the --target port")
    String apiUrl;

    @Option(names = "--publish-api", description = "centrifugo (POST /api/publish), pusher (signed POST "
            + "/apps/ID/events) or client (one connection of --protocol publishing with its own command: "
            + "centrifugo-json, centrifugo-protobuf, socketcluster) (default: pusher for --protocol pusher, otherwise centrifugo)")
    String publishApi;

    @Option(names = "--pusher-app-id", description = "Pusher app id (default: ${DEFAULT-VALUE})", defaultValue = "bench")
    String pusherAppId;

    @Option(names = "--pusher-key", description = "Pusher app key (default: ${DEFAULT-VALUE})", defaultValue = "bench-key")
    String pusherKey;

    @Option(names = "--pusher-secret", description = "Pusher app secret (default: ${DEFAULT-VALUE})", defaultValue = "bench-secret")
    String pusherSecret;

    @Option(names = "--target", description = "ws://HOST:PORT of a running server (default: start one)")
    String target;

    @Option(names = "--allow-non-loopback", description = "allow a --target outside 127.0.0.0/8")
    boolean allowNonLoopback;

    @Option(names = "--server-pid", description = "pid of the --target server, for its CPU and memory")
    Long serverPid;

    @Option(names = "--api-key", description = "server API key of the --target server")
    String apiKey;

    @Option(names = "--server-jar", description = "server jar to start (default: server/target/switchboard.jar)")
    Path serverJar;

    @Option(names = "--server-config", description = "config file for the started server (default: bench preset)")
    Path serverConfig;

    // ParallelGC: on the one CPU the server is pinned to, it cost the least CPU per delivery at a tolerable p99
    // (ZGC's and G1's concurrent threads compete with the event loop; Serial's pauses tripled p99). BENCHMARKS.md.
    @Option(names = "--server-jvm-opts", description = "JVM options of the started server (default: ${DEFAULT-VALUE})",
            defaultValue = "-XX:+UseParallelGC -Xss512k")
    String serverJvmOpts;

    @Option(names = "--pin", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "pin the started server and this generator to different CPUs with taskset (default: on "
                    + "when starting a server on 2+ CPUs)")
    boolean pin;

    @Option(names = "--server-cpus", description = "taskset CPU list of the started server (default: ${DEFAULT-VALUE})",
            defaultValue = "0")
    String serverCpus;

    @Option(names = "--bench-cpus", description = "taskset CPU list of this generator (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    String benchCpus;

    @Option(names = "--threads", description = "generator event-loop threads (default: CPUs the generator runs on)")
    Integer threads;

    @Option(names = "--source-addresses", description = "loopback source addresses 127.0.0.1..N (default: ${DEFAULT-VALUE})",
            defaultValue = "4")
    int sourceAddresses;

    @Option(names = "--concurrency", description = "connection attempts in flight while ramping up (default: ${DEFAULT-VALUE})",
            defaultValue = "200")
    int concurrency;

    @Option(names = "--max-failures", description = "failed connections before the ramp stops (default: storm 0, others unlimited)")
    Long maxFailures;

    @Option(names = "--drain", description = "seconds to wait for deliveries after the last publish (default: ${DEFAULT-VALUE})",
            defaultValue = "10")
    double drain;

    @Option(names = "--json", description = "write the result as JSON to FILE")
    Path json;

    @Option(names = "--html", description = "write a self-contained HTML page with latency plots to FILE")
    Path html;
}
