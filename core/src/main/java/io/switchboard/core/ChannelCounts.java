package io.switchboard.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** One node's channels and subscriber counts as its reply to the channels survey carries them. */
final class ChannelCounts {
    private ChannelCounts() {
    }

    static byte[] encode(Map<String, Integer> counts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(counts.size());
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** An unreadable reply counts as none, so one bad node does not fail the whole answer. */
    static Map<String, Integer> decode(byte[] reply) {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(reply))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) out.put(in.readUTF(), in.readInt());
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }
}
