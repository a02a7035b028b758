package io.switchboard.centrifugo.internal.codec;

/** Command methods, in client.proto field order: when a command carries several, the first one wins. */
public enum Method {
    CONNECT("connect"), SUBSCRIBE("subscribe"), UNSUBSCRIBE("unsubscribe"), PUBLISH("publish"),
    PRESENCE("presence"), PRESENCE_STATS("presence_stats"), HISTORY("history"), PING("ping"), SEND("send"),
    RPC("rpc"), REFRESH("refresh"), SUB_REFRESH("sub_refresh");

    private final String key;

    Method(String key) {
        this.key = key;
    }

    /** The JSON key of the request and of its result. */
    public String key() {
        return key;
    }
}
