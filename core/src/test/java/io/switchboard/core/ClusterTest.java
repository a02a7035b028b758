package io.switchboard.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Two cluster views wired to each other as a broker would wire them, on a fake clock. */
class ClusterTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<Cluster> all = new ArrayList<>();

    private Cluster cluster(String uid) {
        Cluster[] self = new Cluster[1];
        self[0] = new Cluster(uid, () -> new NodeInfo(uid, uid, "0", 1, 1, 1, 0, 0), command -> {
            for (Cluster c : List.copyOf(all)) c.apply(command); // every node, the sender included
            return CompletableFuture.completedFuture(null);
        }, now::get);
        all.add(self[0]);
        return self[0];
    }

    @Test
    void aNodeIsKnownFromItsHeartbeatUntilItFallsSilent() {
        Cluster a = cluster("a");
        Cluster b = cluster("b");
        assertThat(a.nodes()).extracting(NodeInfo::uid).containsExactly("a");
        b.announce();
        assertThat(a.nodes()).extracting(NodeInfo::uid).containsExactly("a", "b");
        now.addAndGet(Cluster.GONE_AFTER.toMillis() + 1);
        assertThat(a.nodes()).extracting(NodeInfo::uid).containsExactly("a");
    }

    @Test
    void aSurveyCompletesOnceEveryKnownNodeAnswered() {
        Cluster a = cluster("a");
        Cluster b = cluster("b");
        a.onAnswer("q", req -> ("a:" + new String(req)).getBytes());
        b.onAnswer("q", req -> ("b:" + new String(req)).getBytes());
        b.announce();
        CompletableFuture<List<byte[]>> replies = a.survey("q", "x".getBytes(), Duration.ofSeconds(30));
        assertThat(replies).isCompleted();
        assertThat(replies.join()).extracting(String::new).containsExactlyInAnyOrder("a:x", "b:x");
    }

    @Test
    void aNodeThatDoesNotAnswerLeavesTheSurveyToItsTimeoutWithTheRepliesThatCame() {
        Cluster a = cluster("a");
        Cluster b = cluster("b"); // registers no answerer
        a.onAnswer("q", req -> "a".getBytes());
        b.announce();
        CompletableFuture<List<byte[]>> replies = a.survey("q", new byte[0], Duration.ofMillis(50));
        assertThat(replies).isNotCompleted();
        assertThat(replies.join()).extracting(String::new).containsExactly("a");
    }
}
