package io.switchboard.core;

import java.util.function.UnaryOperator;

/**
 * Channels of one kind, named by a prefix of the name after its namespace ({@code presence-} in {@code presence-lobby}
 * and in {@code app2:presence-lobby}): their options are adjusted for every protocol (a presence kind turns
 * presence on), and a kind that is private by name refuses subscribers without a grant, like {@code $} channels.
 * A protocol whose channel types are named this way (Pusher) declares its kinds; the core knows only prefixes.
 */
public record ChannelKind(String prefix, boolean privateByName, UnaryOperator<ChannelOptions> adjust) {
    public ChannelKind {
        if (prefix == null || prefix.isEmpty()) throw new IllegalArgumentException("a channel kind needs a prefix");
        if (adjust == null) adjust = UnaryOperator.identity();
    }
}
