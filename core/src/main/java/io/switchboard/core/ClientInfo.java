package io.switchboard.core;

/**
 * Who a connection is, as subscribers see it in publications, presence and join/leave.
 * {@code connInfo} and {@code chanInfo} are opaque payloads (JSON for JSON clients); null when absent.
 */
public record ClientInfo(String user, String client, byte[] connInfo, byte[] chanInfo) {
    public ClientInfo {
        user = user == null ? "" : user;
        client = client == null ? "" : client;
    }

    public ClientInfo withChanInfo(byte[] info) {
        return new ClientInfo(user, client, connInfo, info);
    }
}
