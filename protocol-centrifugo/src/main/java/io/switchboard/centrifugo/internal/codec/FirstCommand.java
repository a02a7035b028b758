package io.switchboard.centrifugo.internal.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.switchboard.json.JsonParsers;

import java.io.IOException;
import java.util.Set;

/**
 * Tells the protocol generation of a connection from its first command, when the URL did not say: v1 numbers
 * its method and wraps the request in {@code params} (fields 2 and 3 in Protobuf); v2 names the request
 * ({@code connect}, …; fields 4 to 15). A first command with neither is v1's connect without params
 * ({@code {"id":1}}), which centrifuge-js 2.x sends when it has no token: a v2 client always sends {@code connect}.
 * A frame that is not a command at all is left to v2, whose decoder refuses it as before.
 */
public final class FirstCommand {
    private static final Set<String> V2_KEYS = Set.of("connect", "subscribe", "unsubscribe", "publish", "presence",
            "presence_stats", "history", "ping", "send", "rpc", "refresh", "sub_refresh");

    private FirstCommand() {
    }

    public static ProtocolVersion version(byte[] frame, boolean binary) {
        try {
            return binary ? protobuf(frame) : json(frame);
        } catch (IOException | RuntimeException e) {
            return ProtocolVersion.V2;
        }
    }

    private static ProtocolVersion json(byte[] frame) throws IOException {
        try (JsonParser p = JsonParsers.over(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return ProtocolVersion.V2;
            boolean v2 = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                p.skipChildren();
                if (name.equals("method") || name.equals("params")) return ProtocolVersion.V1;
                if (V2_KEYS.contains(name)) v2 = true;
            }
            return v2 ? ProtocolVersion.V2 : ProtocolVersion.V1;
        }
    }

    private static ProtocolVersion protobuf(byte[] frame) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(frame);
        int length = in.readRawVarint32();
        if (length < 0) return ProtocolVersion.V2;
        in.pushLimit(length); // beyond the frame: throws, and the frame goes to v2's decoder
        boolean v2 = false;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == 2 || field == 3) return ProtocolVersion.V1;
            if (field >= 4 && field <= 15) v2 = true;
            if (!in.skipField(tag)) break;
        }
        return v2 ? ProtocolVersion.V2 : ProtocolVersion.V1;
    }
}
