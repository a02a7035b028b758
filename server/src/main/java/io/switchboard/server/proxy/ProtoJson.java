package io.switchboard.server.proxy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.switchboard.json.CompactJson;
import io.switchboard.json.JsonNumber;
import io.switchboard.json.JsonObject;
import io.switchboard.json.JsonStrings;
import io.switchboard.json.JsonTree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The proxy's JSON ⇄ its protobuf messages, by field name. A request's raw JSON payloads ({@code data},
 * {@code meta}) become the bytes fields' contents, as Centrifugo sends them over gRPC; a reply's bytes fields come
 * back as base64 under {@code b64<name>}, except {@code meta}, which is JSON.
 */
final class ProtoJson {
    private ProtoJson() {
    }

    static Message message(Message prototype, JsonObject json) {
        Message.Builder b = prototype.newBuilderForType();
        for (Map.Entry<String, Object> m : json.members()) {
            FieldDescriptor f = b.getDescriptorForType().findFieldByName(m.getKey());
            if (f == null || m.getValue() == null) continue;
            Object v = m.getValue();
            if (f.isRepeated()) {
                for (Object item : (List<?>) v) b.addRepeatedField(f, item);
                continue;
            }
            switch (f.getJavaType()) {
                case STRING -> b.setField(f, v);
                case BYTE_STRING -> b.setField(f, ByteString.copyFromUtf8(CompactJson.write(v)));
                case LONG -> b.setField(f, Long.parseLong(((JsonNumber) v).text()));
                case INT -> b.setField(f, Integer.parseInt(((JsonNumber) v).text()));
                case BOOLEAN -> b.setField(f, v);
                default -> throw new IllegalArgumentException("no JSON mapping for " + f.getFullName());
            }
        }
        return b.build();
    }

    static byte[] json(Message message) {
        StringBuilder out = new StringBuilder(128);
        object(message, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void object(Message message, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            if (f.getJavaType() == FieldDescriptor.JavaType.BYTE_STRING && !f.isRepeated()) {
                ByteString bytes = (ByteString) e.getValue();
                String json = f.getName().equals("meta") ? asJson(bytes) : null;
                if (f.getName().equals("meta") && json == null) continue; // meta that is not JSON is dropped
                if (!first) out.append(',');
                first = false;
                if (json != null) {
                    JsonStrings.quote("meta", out);
                    out.append(':').append(json);
                } else {
                    JsonStrings.quote("b64" + f.getName(), out);
                    out.append(':');
                    JsonStrings.quote(Base64.getEncoder().encodeToString(bytes.toByteArray()), out);
                }
                continue;
            }
            if (!first) out.append(',');
            first = false;
            JsonStrings.quote(f.getName(), out);
            out.append(':');
            if (f.isMapField()) {
                out.append('{');
                boolean firstEntry = true;
                for (Object entry : (List<?>) e.getValue()) {
                    Message kv = (Message) entry;
                    FieldDescriptor key = kv.getDescriptorForType().findFieldByName("key");
                    FieldDescriptor value = kv.getDescriptorForType().findFieldByName("value");
                    if (!firstEntry) out.append(',');
                    firstEntry = false;
                    JsonStrings.quote(String.valueOf(kv.getField(key)), out);
                    out.append(':');
                    value(value, kv.getField(value), out);
                }
                out.append('}');
            } else if (f.isRepeated()) {
                out.append('[');
                List<?> items = (List<?>) e.getValue();
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) out.append(',');
                    value(f, items.get(i), out);
                }
                out.append(']');
            } else {
                value(f, e.getValue(), out);
            }
        }
        out.append('}');
    }

    private static void value(FieldDescriptor f, Object v, StringBuilder out) {
        switch (f.getJavaType()) {
            case MESSAGE -> object((Message) v, out);
            case STRING -> JsonStrings.quote((String) v, out);
            case BYTE_STRING -> JsonStrings.quote(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()), out);
            case INT -> out.append(f.getType() == FieldDescriptor.Type.UINT32 ? Integer.toUnsignedLong((Integer) v) : v);
            default -> out.append(v);
        }
    }

    private static String asJson(ByteString bytes) {
        String text = bytes.toStringUtf8();
        try {
            JsonTree.parse(text);
            return text.strip();
        } catch (IOException e) {
            return null;
        }
    }
}
