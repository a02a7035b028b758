package io.switchboard.bench;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.switchboard.bench.client.Protocol;
import io.switchboard.bench.client.Protocols;
import io.switchboard.bench.client.Pusher;
import io.switchboard.bench.publish.CentrifugoApiRequests;
import io.switchboard.bench.publish.PublishRequests;
import io.switchboard.bench.publish.PusherApiRequests;
import io.switchboard.bench.report.BenchResult;
import io.switchboard.bench.report.HtmlChart;
import io.switchboard.bench.report.JsonReport;
import io.switchboard.bench.report.TextSummary;
import io.switchboard.bench.scenario.Outcome;
import io.switchboard.bench.scenario.RunContext;
import io.switchboard.bench.scenario.Scenario;
import io.switchboard.bench.scenario.ScenarioOptions;
import io.switchboard.bench.server.CpuPinning;
import io.switchboard.bench.server.ServerProcess;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario end to end: starts (and pins) the server unless given a target, pins itself, creates the
 * event loops, runs, then prints the summary and writes the JSON and HTML files.
 */
final class BenchRunner {
    private final BenchOptions o;
    private final int defaultSubscribers;

    BenchRunner(BenchOptions options, int defaultSubscribers) {
        this.o = options;
        this.defaultSubscribers = defaultSubscribers;
    }

    int run(Scenario scenario) throws Exception {
        Protocol protocol = Protocols.byName(o.protocol, o.pusherKey);
        int subscribers = o.subscribers != null ? o.subscribers : defaultSubscribers;
        long maxFailures = o.maxFailures != null ? o.maxFailures : scenario.name().equals("storm") ? 0 : subscribers;
        ScenarioOptions options = new ScenarioOptions(subscribers, 0, o.rate, o.duration, o.warmup, o.payloadBytes,
                o.concurrency, maxFailures, o.drain);
        URI target = o.target == null ? null : checkedTarget(o.target);
        PublishRequests publishRequests = publishRequests(protocol); // refuses a bad --publish-api before any server starts
        boolean pin = o.pin && target == null && CpuPinning.available();
        ServerProcess server = null;
        try {
            Long pid = o.serverPid;
            if (target == null) {
                List<String> jvmOpts = o.serverJvmOpts.isBlank() ? List.of() : Arrays.asList(o.serverJvmOpts.trim().split("\\s+"));
                server = ServerProcess.start(serverJar(), pin ? o.serverCpus : null, jvmOpts, o.serverConfig,
                        Duration.ofSeconds(60));
                target = server.uri();
                pid = server.pid();
                System.err.println("bench: started server pid " + pid + " on " + target + " (log " + server.log() + ")");
            }
            if (pin) CpuPinning.pinThisProcess(o.benchCpus);
            int threads = o.threads != null ? o.threads : pin ? cpuCount(o.benchCpus) : Runtime.getRuntime().availableProcessors();
            boolean epoll = Epoll.isAvailable();
            IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
            Class<? extends Channel> channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, io);
            EventLoopGroup publishGroup = new MultiThreadIoEventLoopGroup(1, io);
            try {
                URI apiTarget = o.apiUrl == null ? target : checkedTarget(o.apiUrl);
                RunContext context = new RunContext(group, publishGroup, channelType, target, protocol, pid,
                        o.sourceAddresses, apiTarget, publishRequests);
                String startedAt = Instant.now().toString();
                Outcome outcome = scenario.run(context, options);
                BenchResult.Settings settings = new BenchResult.Settings(subscribers, scenario.channels(options),
                        scenario.name().equals("idle") || scenario.name().equals("storm") ? null : o.rate,
                        o.duration, o.warmup, o.payloadBytes, o.sourceAddresses, threads, o.concurrency,
                        target.toString(), pin ? o.serverCpus : null, pin ? o.benchCpus : null);
                BenchResult result = new BenchResult(scenario.name(), protocol.name(), startedAt, Machines.current(),
                        settings, outcome.connections(), outcome.deliveries(), outcome.server(), outcome.serverJvm(),
                        outcome.benchCpuSeconds(), outcome.timeline(), outcome.notes());
                System.out.print(TextSummary.render(result));
                if (o.json != null) JsonReport.write(result, o.json);
                if (o.html != null) HtmlChart.write(result, o.html);
                return 0;
            } finally {
                publishGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            }
        } finally {
            if (server != null) server.close();
        }
    }

    /**
     * Pusher clients get Pusher's signed HTTP API, every other protocol Centrifugo's server API; {@code client}
     * (null here) publishes through a client connection of the protocol.
     */
    private PublishRequests publishRequests(Protocol protocol) {
        String api = o.publishApi != null ? o.publishApi : protocol instanceof Pusher ? "pusher" : "centrifugo";
        return switch (api) {
            case "centrifugo" -> new CentrifugoApiRequests(o.apiKey);
            case "pusher" -> new PusherApiRequests(o.pusherAppId, o.pusherKey, o.pusherSecret);
            case "client" -> {
                if (protocol.publishing() == null) {
                    throw new IllegalArgumentException("--publish-api client: --protocol " + protocol.name()
                            + " has no client publish here (centrifugo-json, centrifugo-protobuf and socketcluster do)");
                }
                yield null;
            }
            default -> throw new IllegalArgumentException("--publish-api must be centrifugo, pusher or client, got " + api);
        };
    }

    private URI checkedTarget(String value) throws Exception {
        URI uri = URI.create(value);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("--target must look like ws://HOST:PORT, got " + value);
        }
        if (!o.allowNonLoopback && !InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("--target " + value + " is not a loopback address; "
                    + "give --allow-non-loopback to load another machine");
        }
        return URI.create("ws://" + uri.getHost() + ":" + uri.getPort());
    }

    /** The given jar, or server/target/switchboard.jar under the working directory or beside the bench jar. */
    private Path serverJar() {
        if (o.serverJar != null) return o.serverJar;
        Path inWorkingDir = Path.of("server", "target", "switchboard.jar");
        if (Files.isRegularFile(inWorkingDir)) return inWorkingDir.toAbsolutePath();
        try {
            Path benchJar = Path.of(BenchRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // bench/target/switchboard-bench.jar (or bench/target/classes) → ../../server/target/switchboard.jar
            Path candidate = benchJar.getParent().getParent().getParent().resolve("server/target/switchboard.jar");
            if (Files.isRegularFile(candidate)) return candidate;
        } catch (Exception e) {
            // fall through to the working-directory path, which names the problem when it is missing
        }
        return inWorkingDir.toAbsolutePath();
    }

    /** CPUs in a taskset list such as "1", "2-3" or "0,2". */
    static int cpuCount(String list) {
        int count = 0;
        for (String part : list.split(",")) {
            String[] range = part.trim().split("-");
            count += range.length == 1 ? 1 : Integer.parseInt(range[1].trim()) - Integer.parseInt(range[0].trim()) + 1;
        }
        return Math.max(1, count);
    }
}
