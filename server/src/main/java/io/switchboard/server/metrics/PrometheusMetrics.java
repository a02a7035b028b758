package io.switchboard.server.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.switchboard.core.Meters;
import io.switchboard.core.Node;
import io.switchboard.transport.Router;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The Prometheus registry of one server: the node's counts and gauges, JVM and Netty buffer figures, served as
 * text at {@code GET /metrics}.
 */
public final class PrometheusMetrics implements AutoCloseable {
    public static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private volatile NodeGauges gauges;

    /** Counts and timings of the node's protocols and server API go here from now on. */
    public Meters meters() {
        return new MicrometerMeters(registry);
    }

    /** The gauges of a node whose protocols are built: by protocol for each name given. */
    public void bind(Node node, Collection<String> protocols) {
        gauges = NodeGauges.register(registry, node, protocols);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // the allocator the HTTP server's channels use (Netty's default: adaptive in 4.2, pooled when so configured)
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            new NettyAllocatorMetrics(provider).bindTo(registry);
        }
    }

    public void register(Router router) {
        router.http(PATH, ex -> {
            if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
                ex.respond(405, "text/plain", "method not allowed\n");
                return;
            }
            NodeGauges g = gauges;
            if (g != null) g.nextScrape();
            ex.respond(200, CONTENT_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8));
        });
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
