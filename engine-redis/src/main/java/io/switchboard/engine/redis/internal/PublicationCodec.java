package io.switchboard.engine.redis.internal;

import io.switchboard.core.ClientInfo;
import io.switchboard.core.Publication;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publication and ClientInfo as Centrifugo stores them in Redis: its client protocol's protobuf messages
 * (Publication 4 data, 5 info, 6 offset, 7 tags, 9 time, 11 key, 12 removed; ClientInfo 1 user, 2 client, 3 conn_info, 4 chan_info).
 * The connection a publication skips travels in field {@value #EXCLUDED_CLIENT}, which Centrifugo does not
 * define and so ignores; the stream offset is the entry id, not the payload.
 */
public final class PublicationCodec {
    static final int EXCLUDED_CLIENT = 1001;

    private PublicationCodec() {
    }

    public static byte[] encode(Publication p) {
        Protobuf.Writer w = new Protobuf.Writer();
        w.bytes(4, p.data());
        if (p.info() != null) w.message(5, encode(p.info()));
        w.varint(6, p.offset());
        for (Map.Entry<String, String> tag : p.tags().entrySet()) {
            w.message(7, new Protobuf.Writer().string(1, tag.getKey()).string(2, tag.getValue()).toByteArray());
        }
        w.varint(9, p.time());
        if (p.key() != null) w.string(11, p.key());
        if (p.removed()) w.varint(12, 1);
        w.string(EXCLUDED_CLIENT, p.excludedClient());
        return w.toByteArray();
    }

    public static Publication decodePublication(byte[] bytes, int from, int to, long offset) {
        Protobuf.Reader r = new Protobuf.Reader(bytes, from, to);
        byte[] data = new byte[0];
        ClientInfo info = null;
        long storedOffset = 0;
        Map<String, String> tags = new LinkedHashMap<>();
        long time = 0;
        String excluded = null;
        String key = null;
        boolean removed = false;
        while (r.more()) {
            long tag = r.tag();
            int field = (int) (tag >>> 3);
            int type = (int) (tag & 7);
            switch (field) {
                case 4 -> data = r.bytes();
                case 5 -> info = decodeInfo(r.bytes());
                case 6 -> storedOffset = r.varint();
                case 7 -> putTag(tags, r.bytes());
                case 9 -> time = r.varint();
                case 11 -> key = r.string();
                case 12 -> removed = r.varint() != 0;
                case EXCLUDED_CLIENT -> excluded = r.string();
                default -> r.skip(type);
            }
        }
        return new Publication(offset > 0 ? offset : storedOffset, data, info, tags, time, excluded, key, removed);
    }

    public static byte[] encode(ClientInfo info) {
        return new Protobuf.Writer().string(1, info.user()).string(2, info.client())
                .bytes(3, info.connInfo()).bytes(4, info.chanInfo()).toByteArray();
    }

    public static ClientInfo decodeInfo(byte[] bytes) {
        return decodeInfo(bytes, 0, bytes.length);
    }

    public static ClientInfo decodeInfo(byte[] bytes, int from, int to) {
        Protobuf.Reader r = new Protobuf.Reader(bytes, from, to);
        String user = "";
        String client = "";
        byte[] connInfo = null;
        byte[] chanInfo = null;
        while (r.more()) {
            long tag = r.tag();
            switch ((int) (tag >>> 3)) {
                case 1 -> user = r.string();
                case 2 -> client = r.string();
                case 3 -> connInfo = r.bytes();
                case 4 -> chanInfo = r.bytes();
                default -> r.skip((int) (tag & 7));
            }
        }
        return new ClientInfo(user, client, connInfo, chanInfo);
    }

    private static void putTag(Map<String, String> tags, byte[] entry) {
        Protobuf.Reader r = new Protobuf.Reader(entry);
        String key = "";
        String value = "";
        while (r.more()) {
            long tag = r.tag();
            switch ((int) (tag >>> 3)) {
                case 1 -> key = r.string();
                case 2 -> value = r.string();
                default -> r.skip((int) (tag & 7));
            }
        }
        tags.put(key, value);
    }
}
