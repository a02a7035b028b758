package io.switchboard.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A self-contained HTML page (no scripts, no external files): the text summary and inline SVG line charts of
 * p50/p99 latency and deliveries (or connections) per second.
 */
public final class HtmlChart {
    private static final int WIDTH = 760, HEIGHT = 260, LEFT = 64, RIGHT = 16, TOP = 16, BOTTOM = 36;

    private HtmlChart() {
    }

    public static void write(BenchResult result, Path file) throws IOException {
        Files.writeString(file, render(result), StandardCharsets.UTF_8);
    }

    public static String render(BenchResult r) {
        List<BenchResult.Point> points = r.timeline();
        StringBuilder html = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><title>switchboard bench</title>
                <style>body{font:14px system-ui,sans-serif;margin:24px}pre{background:#f6f6f6;padding:12px}
                svg{display:block;margin:12px 0}text{font:11px sans-serif}</style></head><body>
                """);
        html.append("<h1>").append(escape(r.scenario())).append(" — ").append(escape(r.protocol()))
                .append("</h1>\n<pre>").append(escape(TextSummary.render(r))).append("</pre>\n");
        if (points.isEmpty()) {
            html.append("<p>No per-second samples (the run was shorter than a second).</p>");
        } else {
            boolean deliveries = points.stream().anyMatch(p -> p.deliveries() > 0);
            String axis = deliveries ? "measurement" : "ramp";
            html.append(deliveries ? "<h2>End-to-end latency per second (ms)</h2>\n"
                    : "<h2>Connect+subscribe latency of the connections confirmed in each second of the ramp (ms)</h2>\n");
            html.append(chart(points, List.of(new Series("p50", "#1f77b4", BenchResult.Point::p50Ms),
                    new Series("p99", "#d62728", BenchResult.Point::p99Ms)), axis));
            html.append(deliveries ? "<h2>Deliveries per second</h2>\n" : "<h2>Open connections</h2>\n");
            html.append(chart(points, List.of(deliveries
                    ? new Series("deliveries/s", "#2ca02c", p -> p.deliveries())
                    : new Series("connections", "#2ca02c", p -> p.connections())), axis));
        }
        return html.append("</body></html>\n").toString();
    }

    private record Series(String name, String color, ToDoubleFunction<BenchResult.Point> value) {
    }

    private static String chart(List<BenchResult.Point> points, List<Series> series, String xAxis) {
        double maxX = Math.max(1, points.get(points.size() - 1).second());
        double maxY = 0;
        for (Series s : series) for (BenchResult.Point p : points) maxY = Math.max(maxY, s.value().applyAsDouble(p));
        maxY = maxY <= 0 ? 1 : maxY * 1.1;
        int plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
                LEFT, TOP, plotW, plotH));
        for (int i = 0; i <= 4; i++) {
            double v = maxY * i / 4;
            double y = TOP + plotH - plotH * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT, LEFT + plotW, y, y, LEFT - 6, y + 4, label(v)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds into the %s (max %.0f)</text>",
                LEFT + plotW / 2, HEIGHT - 8, xAxis, maxX));
        int legendX = LEFT + 10;
        for (Series s : series) {
            StringBuilder path = new StringBuilder();
            for (BenchResult.Point p : points) {
                double x = LEFT + plotW * p.second() / maxX;
                double y = TOP + plotH - plotH * s.value().applyAsDouble(p) / maxY;
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
            }
            svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(s.color())
                    .append("\" stroke-width=\"2\"/>");
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>", legendX, TOP + 14,
                    s.color(), escape(s.name())));
            legendX += 90;
        }
        return svg.append("</svg>\n").toString();
    }

    private static String label(double v) {
        return v >= 1000 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
