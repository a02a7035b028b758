package io.switchboard.protocol;

import io.switchboard.core.ChannelOptions;
import io.switchboard.core.Node;
import io.switchboard.core.Publication;
import io.switchboard.core.RecoveryResult;
import io.switchboard.core.Session;
import io.switchboard.core.StreamPosition;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The subscribe sequence of every protocol: register the session in the hub (and broker) first, then read the
 * stream position or recover, so no publication can fall between the read and live delivery (the ones that
 * arrive meanwhile are held by the subscription's {@link StreamCursor}). A failed read unsubscribes again.
 */
public final class SubscribeSequence {
    private SubscribeSequence() {
    }

    /** What the subscribe should read after registering. */
    public enum Read { NOTHING, POSITION, RECOVER }

    /** Where the stream stood, and what recovery found (empty unless {@code recovered}). */
    public record Started(StreamPosition position, boolean recovered, List<Publication> publications) {
        static final Started UNPOSITIONED = new Started(StreamPosition.NONE, false, List.of());
    }

    /** @param since for {@link Read#RECOVER}: the position the client last saw */
    public static CompletableFuture<Started> start(Node node, Session session, String channel, ChannelOptions options,
                                                   Read read, StreamPosition since) {
        CompletableFuture<Started> started = node.subscribe(session, channel).thenCompose(v -> switch (read) {
            case RECOVER -> node.recover(channel, options, since)
                    .thenApply((RecoveryResult r) -> new Started(r.position(), r.recovered(), r.publications()));
            case POSITION -> node.position(channel, options).thenApply(p -> new Started(p, false, List.of()));
            case NOTHING -> CompletableFuture.completedFuture(Started.UNPOSITIONED);
        });
        return started.whenComplete((s, err) -> {
            if (err != null) node.unsubscribe(session, channel);
        });
    }
}
