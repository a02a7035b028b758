package io.switchboard.protocol;

import io.switchboard.core.Meters;

/**
 * The metric names and labels every protocol reports under, Centrifugo's where Centrifugo has one, with a
 * {@code protocol} label added so Socket.IO, Pusher and SocketCluster figures sit beside Centrifugo's.
 */
public final class ProtocolMeters {
    public static final String MESSAGES_SENT = "centrifugo_transport_messages_sent";
    public static final String MESSAGES_RECEIVED = "centrifugo_transport_messages_received";
    public static final String SERVER_DISCONNECTS = "centrifugo_client_num_server_disconnects";
    public static final String REPLY_ERRORS = "centrifugo_client_num_reply_errors";

    private ProtocolMeters() {
    }

    public static Meters.Count messagesSent(Meters meters, String protocol, String transport) {
        return meters.count(MESSAGES_SENT, "protocol", protocol, "transport", transport);
    }

    public static Meters.Count messagesReceived(Meters meters, String protocol, String transport) {
        return meters.count(MESSAGES_RECEIVED, "protocol", protocol, "transport", transport);
    }

    /**
     * Disconnects the server decided, by code (slow reader, limits, bad input, shutdown, ...): the code says the
     * reason, and a reason's free text (the server API's own) would make a series per text.
     */
    public static Meters.Count serverDisconnects(Meters meters, String protocol, int code) {
        return meters.count(SERVER_DISCONNECTS, "protocol", protocol, "code", Integer.toString(code));
    }

    /** Error replies to client commands, by command and error code (not on the delivery path: looked up per error). */
    public static Meters.Count replyErrors(Meters meters, String protocol, String method, int code) {
        return meters.count(REPLY_ERRORS, "protocol", protocol, "method", method, "code", Integer.toString(code));
    }
}
