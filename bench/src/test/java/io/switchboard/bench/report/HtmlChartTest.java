package io.switchboard.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlChartTest {
    @Test
    void pageIsSelfContainedWithOneSvgChartForLatencyAndOneForDeliveries() {
        BenchResult result = new BenchResult("broadcast", "centrifugo-json", "2026-01-01T00:00:00Z",
                new BenchResult.Machine(2, "cpu", 1, "Linux", "17"),
                new BenchResult.Settings(10, 1, 100.0, 2, 0, 100, 1, 1, 10, "ws://127.0.0.1:1", null, null),
                new BenchResult.Connections(10, 10, 0, 0.1, 100, 10.0, 0, null, null),
                new BenchResult.Deliveries(200L, 0L, null, 0.1, 2.0, 2000L, 1000.0, 2000L, 0L, 0L,
                        new BenchResult.Latency(1, 2, 3, 4, 5, 1.5, 2000)),
                BenchResult.ServerUsage.unknown(), null, 0.5,
                List.of(new BenchResult.Point(1, 1000, 10, 1.0, 3.0, 4.0), new BenchResult.Point(2, 1000, 10, 1.2, 2.5, 3.0)),
                List.of());

        String html = HtmlChart.render(result);

        assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=");
        assertThat(html.split("<svg", -1)).hasSize(3);
        assertThat(html).contains("p50").contains("p99").contains("deliveries/s");
    }

    @Test
    void headlineFieldsSitAtTheTopLevelOfTheJson() {
        BenchResult result = new BenchResult("idle", "centrifugo-json", "t", new BenchResult.Machine(2, "cpu", 1, "Linux", "17"),
                new BenchResult.Settings(1, 1, null, 1, 0, 100, 1, 1, 1, "ws://127.0.0.1:1", null, null),
                new BenchResult.Connections(1, 1, 0, 0.1, 10, null, 0, null, null),
                BenchResult.Deliveries.none(),
                new BenchResult.ServerUsage(7L, 1.0, 0.2, 0.5, 1000L, 500L, 500L, null), null, null, List.of(), List.of());

        String json = JsonReport.toJson(result);

        assertThat(json).contains("\"deliveries_per_second\" : null", "\"latency_ms\" : null", "\"lost\" : null",
                "\"server_cpu_seconds\" : 1.0", "\"server_rss_bytes\" : 1000", "\"deliveries_per_server_cpu_second\" : null",
                "\"server_rss_bytes_per_connection\" : 500");
    }
}
