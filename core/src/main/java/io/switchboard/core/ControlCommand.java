package io.switchboard.core;

import java.util.List;

/**
 * A server-side control over live sessions that every node of a cluster applies to its own sessions: what
 * the server API's disconnect, subscribe, unsubscribe and refresh do, and what a protocol needs carried to
 * all nodes ({@link Protocol}, e.g. Pusher's terminate_connections). The broker delivers each to every node,
 * the sending one included.
 */
public sealed interface ControlCommand {
    /** A user's sessions (or only {@code client} of them, when not empty), sparing the whitelisted client ids. */
    record DisconnectUser(String user, String client, List<String> whitelist, Disconnect disconnect)
            implements ControlCommand {
        public DisconnectUser {
            user = user == null ? "" : user;
            client = client == null ? "" : client;
            whitelist = whitelist == null ? List.of() : List.copyOf(whitelist);
        }
    }

    record SubscribeUser(String user, String client, String channel, ServerSubscription subscription)
            implements ControlCommand {
        public SubscribeUser {
            user = user == null ? "" : user;
            client = client == null ? "" : client;
            subscription = subscription == null ? ServerSubscription.EMPTY : subscription;
        }
    }

    record UnsubscribeUser(String user, String client, String channel) implements ControlCommand {
        public UnsubscribeUser {
            user = user == null ? "" : user;
            client = client == null ? "" : client;
        }
    }

    record RefreshUser(String user, String client, boolean expired, long expireAt) implements ControlCommand {
        public RefreshUser {
            user = user == null ? "" : user;
            client = client == null ? "" : client;
        }
    }

    /** A node says it is alive and how it is (every few seconds); a node not heard of for a while is gone. */
    record Heartbeat(NodeInfo node) implements ControlCommand {
    }

    /** A question every node answers with its own part (the server API's {@code channels}, across the cluster). */
    record Survey(String id, String origin, String op, byte[] request) implements ControlCommand {
        public Survey {
            request = request == null ? new byte[0] : request;
        }
    }

    /** One node's answer to the survey {@code id} that node {@code origin} sent. */
    record SurveyReply(String id, String origin, String from, byte[] reply) implements ControlCommand {
        public SurveyReply {
            reply = reply == null ? new byte[0] : reply;
        }
    }

    /** A protocol's own command, handled by what the protocol registered for {@code kind} on each node. */
    record Protocol(String kind, byte[] payload) implements ControlCommand {
        public Protocol {
            if (kind == null || kind.isEmpty()) throw new IllegalArgumentException("a protocol command needs a kind");
            payload = payload == null ? new byte[0] : payload;
        }
    }
}
