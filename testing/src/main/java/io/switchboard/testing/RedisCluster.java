package io.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Redis Cluster of real redis-servers on loopback, masters only, every slot assigned: made by
 * {@code redis-cli --cluster create} (or, for one node, by giving it every slot), ready once every node's {@code CLUSTER INFO} says {@code cluster_state:ok},
 * stopped by {@link #close}. {@code REDIS_CLI} names the redis-cli binary when it is not on the PATH.
 */
public final class RedisCluster implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** @param masters 1 (one node serving every slot) or 3 and more (made by redis-cli) */
    public static RedisCluster start(int masters) {
        return start(masters, 0);
    }

    /**
     * @param replicas   replicas per master (redis-cli picks which replicates which); ready once each one's link
     *                   to its master is up
     * @param extraArgs  for every node, such as {@code --cluster-node-timeout 1000} for a quick failover
     */
    public static RedisCluster start(int masters, int replicas, String... extraArgs) {
        if (masters == 2 || masters < 1) throw new IllegalArgumentException("1 or at least 3 masters, not " + masters);
        if (masters == 1 && replicas > 0) throw new IllegalArgumentException("replicas need 3 masters or more");
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < masters * (1 + replicas); i++) {
                // the bus gets its own free port: port + 10000, the default, may be taken or past 65535;
                // nodes.conf is relative, so it lands in the server's own directory
                List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes", "--cluster-config-file",
                        "nodes.conf", "--cluster-port", Integer.toString(RedisServer.freePort())));
                args.addAll(List.of(extraArgs));
                nodes.add(RedisServer.start(args.toArray(String[]::new)));
            }
            if (masters == 1) {
                expectOk(nodes.get(0).command("CLUSTER ADDSLOTSRANGE 0 16383"));
            } else {
                create(nodes, replicas);
            }
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.awaitState("ok");
            if (replicas > 0) cluster.awaitReplicasLinked();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
    }

    private static void create(List<RedisServer> nodes, int replicas) {
        List<String> cmd = new ArrayList<>(List.of(cli(), "--cluster", "create"));
        nodes.forEach(n -> cmd.add(n.address()));
        cmd.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("redis-cli --cluster create failed: "
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run redis-cli (is it installed? ./run-tests installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until every running node reports the cluster state (polling CLUSTER INFO, not a fixed wait). */
    public void awaitState(String state) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!running().allMatch(n -> state(n).equals(state))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster did not reach cluster_state:" + state + " within "
                        + READY_TIMEOUT + ": " + running().map(RedisCluster::state).toList());
            }
            LockSupport.parkNanos(20_000_000);
        }
    }

    private void awaitReplicasLinked() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!running().allMatch(n -> !isReplica(n) || n.bulk("INFO replication").contains("master_link_status:up"))) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("replicas did not link within " + READY_TIMEOUT);
            LockSupport.parkNanos(20_000_000);
        }
    }

    private static boolean isReplica(RedisServer node) {
        return node.bulk("INFO replication").contains("role:slave");
    }

    /** The running masters now, in node order. */
    public List<RedisServer> masters() {
        return running().filter(n -> !isReplica(n)).toList();
    }

    private java.util.stream.Stream<RedisServer> running() {
        return nodes.stream().filter(RedisServer::isAlive);
    }

    private static String state(RedisServer node) {
        String info = node.bulk("CLUSTER INFO");
        if (info == null) return "?";
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cluster_state:")) return line.substring("cluster_state:".length()).trim();
        }
        return "?";
    }

    public List<RedisServer> nodes() {
        return nodes;
    }

    /** Every node's host:port, as a client is given them. */
    public List<String> addresses() {
        return nodes.stream().map(RedisServer::address).toList();
    }

    /** The running node that serves a key's slot now (the others answer MOVED). */
    public RedisServer owner(String key) {
        for (RedisServer n : running().toList()) {
            if (!n.command("TYPE " + key).startsWith("-MOVED")) return n;
        }
        throw new IllegalStateException("no node serves " + key);
    }

    /**
     * Hands the slot of a key to another master, its keys included, the way a resharding does:
     * IMPORTING/MIGRATING, MIGRATE, then SETSLOT NODE on every node.
     */
    public void moveSlot(String key, RedisServer to) {
        RedisServer from = owner(key);
        if (from == to) throw new IllegalArgumentException(key + " is on " + to.address() + " already");
        long slot = (Long) from.reply("CLUSTER KEYSLOT " + key);
        String fromId = from.bulk("CLUSTER MYID");
        String toId = to.bulk("CLUSTER MYID");
        expectOk(to.command("CLUSTER SETSLOT " + slot + " IMPORTING " + fromId));
        expectOk(from.command("CLUSTER SETSLOT " + slot + " MIGRATING " + toId));
        List<?> keys;
        while (!(keys = (List<?>) from.reply("CLUSTER GETKEYSINSLOT " + slot + " 100")).isEmpty()) {
            List<byte[]> migrate = new ArrayList<>();
            for (String a : List.of("MIGRATE", "127.0.0.1", Integer.toString(to.port()), "", "0", "5000", "KEYS")) {
                migrate.add(a.getBytes(StandardCharsets.UTF_8));
            }
            keys.forEach(k -> migrate.add(((String) k).getBytes(StandardCharsets.UTF_8)));
            expectOk(from.command(migrate.toArray(byte[][]::new)));
        }
        expectOk(to.command("CLUSTER SETSLOT " + slot + " NODE " + toId));
        expectOk(from.command("CLUSTER SETSLOT " + slot + " NODE " + toId));
        for (RedisServer n : nodes) {
            if (n != from && n != to) expectOk(n.command("CLUSTER SETSLOT " + slot + " NODE " + toId));
        }
    }

    private static void expectOk(String reply) {
        if (!reply.startsWith("+OK")) throw new IllegalStateException("redis answered " + reply);
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }

    private static String cli() {
        String env = System.getenv("REDIS_CLI");
        return env != null && !env.isEmpty() ? env : "redis-cli";
    }
}
