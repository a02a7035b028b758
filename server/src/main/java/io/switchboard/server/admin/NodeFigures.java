package io.switchboard.server.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.Hub;
import io.switchboard.core.Node;
import io.switchboard.core.NodeInfo;
import io.switchboard.transport.HttpServer;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the admin page shows of this node beyond the {@code info} API: connections and subscriptions per protocol,
 * and memory (heap, direct buffers, resident set). Read when asked, by walking the hub: an operator's page, not a
 * path the fan-out takes.
 */
final class NodeFigures {
    /** Sessions that name no protocol (an embedding application's own). */
    static final String OTHER = "other";
    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private final Node node;
    private final List<String> protocols;

    /** @param protocols the protocol modules' names, listed even while they have no connection */
    NodeFigures(Node node, List<String> protocols) {
        this.node = node;
        this.protocols = List.copyOf(protocols);
    }

    ObjectNode read() {
        NodeInfo info = node.info();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("uid", info.uid()).put("name", info.name()).put("version", info.version())
                .put("uptime", info.uptimeSeconds()).put("num_clients", info.numClients())
                .put("num_users", info.numUsers()).put("num_channels", info.numChannels())
                .put("num_subs", info.numSubs());
        ObjectNode perProtocol = out.putObject("protocols");
        countsByProtocol(node.hub()).forEach((name, c) ->
                perProtocol.putObject(name).put("num_clients", c[0]).put("num_subs", c[1]));
        memory(out.putObject("memory"));
        return out;
    }

    /** name → {clients, subscriptions}, the modules' names first. */
    private Map<String, long[]> countsByProtocol(Hub hub) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (String p : protocols) counts.put(p, new long[2]);
        hub.countsByProtocol().forEach((label, c) -> {
            long[] row = counts.computeIfAbsent(label == null || label.isEmpty() ? OTHER : label, k -> new long[2]);
            row[0] += c.clients();
            row[1] += c.subscriptions();
        });
        return counts;
    }

    private static void memory(ObjectNode out) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        out.put("heap_used", heap.getUsed()).put("heap_committed", heap.getCommitted()).put("heap_max", heap.getMax());
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) direct = pool.getMemoryUsed();
        }
        out.put("direct_buffers", direct);
        long netty = HttpServer.allocatorDirectMemory();
        if (netty >= 0) out.put("netty_direct", netty);
        long rss = residentBytes();
        if (rss >= 0) out.put("rss", rss);
    }

    /** The process's resident set from Linux's /proc, -1 elsewhere. */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
