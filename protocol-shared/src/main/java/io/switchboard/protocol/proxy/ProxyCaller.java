package io.switchboard.protocol.proxy;

import java.util.Map;
import java.util.function.Function;

/**
 * The connection a proxy call is made for, as its protocol describes it.
 *
 * @param client    the client id ({@code client})
 * @param transport Centrifugo's transport name: "websocket", "http_stream", "sse", ... ({@code transport})
 * @param protocol  "json" or "protobuf" ({@code protocol})
 * @param user      the user id, "" for anonymous
 * @param meta      JSON the connect proxy returned as {@code meta}, or null
 * @param header    the client's transport (upgrade request) header by name, or null
 * @param emulated  the headers the client sent in its connect command (header emulation); empty when none
 */
public record ProxyCaller(String client, String transport, String protocol, String user, byte[] meta,
                          Function<String, String> header, Map<String, String> emulated) {
    public ProxyCaller {
        emulated = emulated == null ? Map.of() : Map.copyOf(emulated);
        if (header == null) header = name -> null;
    }

    public ProxyCaller withClient(String v) {
        return new ProxyCaller(v, transport, protocol, user, meta, header, emulated);
    }

    public ProxyCaller withUser(String v, byte[] newMeta) {
        return new ProxyCaller(client, transport, protocol, v, newMeta, header, emulated);
    }
}
