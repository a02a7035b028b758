package io.switchboard.centrifugo.internal.codec;

import com.google.protobuf.CodedOutputStream;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Publication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes {@code Reply{push: Push{channel, pub: Publication}}}, length-delimited, straight into one exactly
 * sized array: publication pushes are encoded once per channel message and fan out to every subscriber, so
 * this skips the builders and message objects. Produces the bytes the generated classes would (fields in
 * number order, zero values left out, map entries with both key and value), which the tests check.
 */
final class ProtobufPublicationWriter {
    private static final int REPLY_PUSH = 4;
    private static final int PUSH_CHANNEL = 2;
    private static final int PUSH_PUB = 4;
    private static final int PUB_DATA = 4;
    private static final int PUB_INFO = 5;
    private static final int PUB_OFFSET = 6;
    private static final int PUB_TAGS = 7;
    private static final int PUB_DELTA = 8;
    private static final int PUB_KEY = 11;
    private static final int PUB_REMOVED = 12;
    private static final int INFO_USER = 1;
    private static final int INFO_CLIENT = 2;
    private static final int INFO_CONN_INFO = 3;
    private static final int INFO_CHAN_INFO = 4;
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;

    private ProtobufPublicationWriter() {
    }

    /** {@code payload} replaces the publication's data: a Fossil patch when {@code delta}, else the full data. */
    static byte[] push(String channel, Publication p, byte[] payload, boolean delta) {
        int infoSize = p.info() == null ? -1 : infoSize(p.info());
        int pubSize = publicationSize(p, payload, delta, infoSize);
        int pushSize = stringSize(PUSH_CHANNEL, channel) + messageSize(PUSH_PUB, pubSize);
        int replySize = messageSize(REPLY_PUSH, pushSize);
        byte[] out = new byte[CodedOutputStream.computeUInt32SizeNoTag(replySize) + replySize];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        try {
            o.writeUInt32NoTag(replySize);
            o.writeTag(REPLY_PUSH, 2);
            o.writeUInt32NoTag(pushSize);
            if (!channel.isEmpty()) o.writeString(PUSH_CHANNEL, channel);
            o.writeTag(PUSH_PUB, 2);
            o.writeUInt32NoTag(pubSize);
            writePublication(o, p, payload, delta, infoSize);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the array has exactly the room needed
        }
        o.checkNoSpaceLeft();
        return out;
    }

    private static int publicationSize(Publication p, byte[] payload, boolean delta, int infoSize) {
        int size = bytesSize(PUB_DATA, payload);
        if (infoSize >= 0) size += messageSize(PUB_INFO, infoSize);
        if (p.offset() != 0) size += CodedOutputStream.computeUInt64Size(PUB_OFFSET, p.offset());
        for (Map.Entry<String, String> e : p.tags().entrySet()) size += messageSize(PUB_TAGS, entrySize(e));
        if (delta) size += CodedOutputStream.computeBoolSize(PUB_DELTA, true);
        if (p.key() != null) size += stringSize(PUB_KEY, p.key());
        if (p.removed()) size += CodedOutputStream.computeBoolSize(PUB_REMOVED, true);
        return size;
    }

    private static void writePublication(CodedOutputStream o, Publication p, byte[] payload, boolean delta,
                                         int infoSize) throws IOException {
        if (payload.length > 0) o.writeByteArray(PUB_DATA, payload);
        if (infoSize >= 0) {
            o.writeTag(PUB_INFO, 2);
            o.writeUInt32NoTag(infoSize);
            ClientInfo info = p.info();
            if (!info.user().isEmpty()) o.writeString(INFO_USER, info.user());
            if (!info.client().isEmpty()) o.writeString(INFO_CLIENT, info.client());
            if (info.connInfo() != null && info.connInfo().length > 0) o.writeByteArray(INFO_CONN_INFO, info.connInfo());
            if (info.chanInfo() != null && info.chanInfo().length > 0) o.writeByteArray(INFO_CHAN_INFO, info.chanInfo());
        }
        if (p.offset() != 0) o.writeUInt64(PUB_OFFSET, p.offset());
        for (Map.Entry<String, String> e : p.tags().entrySet()) {
            o.writeTag(PUB_TAGS, 2);
            o.writeUInt32NoTag(entrySize(e));
            o.writeString(ENTRY_KEY, e.getKey());
            o.writeString(ENTRY_VALUE, e.getValue());
        }
        if (delta) o.writeBool(PUB_DELTA, true);
        if (p.key() != null && !p.key().isEmpty()) o.writeString(PUB_KEY, p.key());
        if (p.removed()) o.writeBool(PUB_REMOVED, true);
    }

    private static int infoSize(ClientInfo info) {
        return stringSize(INFO_USER, info.user()) + stringSize(INFO_CLIENT, info.client())
                + bytesSize(INFO_CONN_INFO, info.connInfo()) + bytesSize(INFO_CHAN_INFO, info.chanInfo());
    }

    /** Map entries keep empty keys and values, unlike proto3 fields. */
    private static int entrySize(Map.Entry<String, String> e) {
        return CodedOutputStream.computeStringSize(ENTRY_KEY, e.getKey())
                + CodedOutputStream.computeStringSize(ENTRY_VALUE, e.getValue());
    }

    private static int messageSize(int field, int size) {
        return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
    }

    private static int stringSize(int field, String s) {
        return s.isEmpty() ? 0 : CodedOutputStream.computeStringSize(field, s);
    }

    private static int bytesSize(int field, byte[] b) {
        return b == null || b.length == 0 ? 0 : CodedOutputStream.computeByteArraySize(field, b);
    }
}
