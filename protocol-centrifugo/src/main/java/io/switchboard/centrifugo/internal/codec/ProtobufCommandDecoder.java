package io.switchboard.centrifugo.internal.codec;

import io.switchboard.centrifugo.internal.filter.FilterNode;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.switchboard.centrifugo.proto.ConnectRequest;
import io.switchboard.centrifugo.proto.HistoryRequest;
import io.switchboard.centrifugo.proto.SubscribeRequest;
import io.switchboard.core.StreamPosition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a frame of varint-length-delimited Protobuf {@code Command}s into the same records as
 * {@link JsonCommandDecoder}. Proto3 cannot tell an empty bytes field from an absent one, so empty payloads
 * become null, as an absent JSON {@code data} does (Centrifugo too treats them alike).
 */
public final class ProtobufCommandDecoder {
    private ProtobufCommandDecoder() {
    }

    public static List<Command> decode(byte[] frame) throws DecodeException {
        return delimited(frame, (bytes, offset, length) -> {
            try {
                return command(io.switchboard.centrifugo.proto.Command.parser().parseFrom(bytes, offset, length));
            } catch (InvalidProtocolBufferException e) {
                throw new DecodeException("malformed protobuf command: " + e.getMessage());
            }
        });
    }

    /** Reads one message of a frame. */
    interface MessageReader<T> {
        T read(byte[] frame, int offset, int length) throws DecodeException;
    }

    /** Splits a frame of varint-length-delimited messages (v1's and v2's alike) and reads each. */
    static <T> List<T> delimited(byte[] frame, MessageReader<T> reader) throws DecodeException {
        if (frame.length == 0) throw new DecodeException("empty frame");
        List<T> out = new ArrayList<>(2);
        int pos = 0;
        while (pos < frame.length) {
            long length = 0;
            int shift = 0;
            byte b;
            do {
                if (pos == frame.length) throw new DecodeException("truncated length prefix");
                if (shift == 35) throw new DecodeException("length prefix too long");
                b = frame[pos++];
                length |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            if (length > frame.length - pos) throw new DecodeException("command length exceeds the frame");
            out.add(reader.read(frame, pos, (int) length));
            pos += (int) length;
        }
        return out;
    }

    private static Command command(io.switchboard.centrifugo.proto.Command c) throws DecodeException {
        long id = Integer.toUnsignedLong(c.getId());
        // Field order, which is also Method's order: the first request present wins.
        if (c.hasConnect()) return new Command(id, Method.CONNECT, connect(c.getConnect()));
        if (c.hasSubscribe()) return new Command(id, Method.SUBSCRIBE, subscribe(c.getSubscribe().getChannel(), c.getSubscribe()));
        if (c.hasUnsubscribe()) return new Command(id, Method.UNSUBSCRIBE, new Requests.ChannelOnly(c.getUnsubscribe().getChannel()));
        if (c.hasPublish()) {
            var pub = c.getPublish();
            return new Command(id, Method.PUBLISH, new Requests.Publish(pub.getChannel(), bytes(pub.getData()),
                    pub.getType(), pub.getKey(), pub.getRemoved()));
        }
        if (c.hasPresence()) return new Command(id, Method.PRESENCE, new Requests.ChannelOnly(c.getPresence().getChannel()));
        if (c.hasPresenceStats()) {
            return new Command(id, Method.PRESENCE_STATS, new Requests.ChannelOnly(c.getPresenceStats().getChannel()));
        }
        if (c.hasHistory()) return new Command(id, Method.HISTORY, history(c.getHistory()));
        if (c.hasPing()) return new Command(id, Method.PING, Boolean.TRUE);
        if (c.hasSend()) return new Command(id, Method.SEND, new Requests.Send(bytes(c.getSend().getData())));
        if (c.hasRpc()) return new Command(id, Method.RPC, new Requests.Rpc(bytes(c.getRpc().getData()), c.getRpc().getMethod()));
        if (c.hasRefresh()) return new Command(id, Method.REFRESH, new Requests.Refresh(c.getRefresh().getToken()));
        if (c.hasSubRefresh()) {
            io.switchboard.centrifugo.proto.SubRefreshRequest r = c.getSubRefresh();
            List<Requests.TrackBatch> track = new ArrayList<>();
            for (io.switchboard.centrifugo.proto.TrackBatch b : r.getTrackList()) {
                List<Requests.KeyedItem> items = new ArrayList<>();
                for (io.switchboard.centrifugo.proto.KeyedItem i : b.getItemsList()) {
                    items.add(new Requests.KeyedItem(i.getKey(), i.getVersion()));
                }
                track.add(new Requests.TrackBatch(b.getSignature(), items));
            }
            return new Command(id, Method.SUB_REFRESH, new Requests.SubRefresh(r.getChannel(), r.getToken(),
                    r.getType(), track, List.copyOf(r.getUntrackList())));
        }
        return new Command(id, null, null);
    }

    static Requests.Connect connect(ConnectRequest r) throws DecodeException {
        Map<String, Requests.Subscribe> subs = new LinkedHashMap<>();
        for (Map.Entry<String, SubscribeRequest> e : r.getSubsMap().entrySet()) {
            subs.put(e.getKey(), subscribe(e.getKey(), e.getValue()));
        }
        return new Requests.Connect(r.getToken(), bytes(r.getData()), subs, r.getName(), r.getVersion(),
                new LinkedHashMap<>(r.getHeadersMap()));
    }

    /** {@code channel} is the request's own, or the map key for the subs of a connect request. */
    static Requests.Subscribe subscribe(String channel, SubscribeRequest s) throws DecodeException {
        return new Requests.Subscribe(channel, s.getToken(), s.getRecover(), s.getEpoch(), offset(s.getOffset()),
                bytes(s.getData()), s.getPositioned(), s.getRecoverable(), s.getJoinLeave(), s.getDelta(),
                s.hasTf() ? filter(s.getTf()) : null, s.getFlag(), s.getType(), s.getPhase(), s.getCursor(),
                s.getLimit(), s.getAsc());
    }

    /** Protobuf's own recursion limit (100) bounds the depth; the filter's checks come at subscribe time. */
    private static FilterNode filter(io.switchboard.centrifugo.proto.FilterNode n) {
        List<FilterNode> nodes = new ArrayList<>(n.getNodesCount());
        for (var c : n.getNodesList()) nodes.add(filter(c));
        return new FilterNode(n.getOp(), n.getKey(), n.getCmp(), n.getVal(), n.getValsList(), nodes);
    }

    static Requests.History history(HistoryRequest h) throws DecodeException {
        StreamPosition since = h.hasSince()
                ? new StreamPosition(offset(h.getSince().getOffset()), h.getSince().getEpoch()) : null;
        return new Requests.History(h.getChannel(), h.getLimit(), since, h.getReverse());
    }

    /** uint64 offsets above Long.MAX_VALUE arrive negative; the JSON decoder refuses them too. */
    private static long offset(long uint64) throws DecodeException {
        if (uint64 < 0) throw new DecodeException("offset out of range");
        return uint64;
    }

    static byte[] bytes(ByteString b) {
        return b.isEmpty() ? null : b.toByteArray();
    }

    /** A binary {@code POST /emulation} body: an EmulationRequest message (not length-prefixed). */
    public static Requests.Emulation decodeEmulation(byte[] body) throws DecodeException {
        try {
            var req = io.switchboard.centrifugo.proto.EmulationRequest.parseFrom(body);
            if (req.getSession().isEmpty() || req.getData().isEmpty()) {
                throw new DecodeException("session and data are required");
            }
            return new Requests.Emulation(req.getNode(), req.getSession(), req.getData().toByteArray());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new DecodeException("malformed emulation request");
        }
    }

    /** A bare ConnectRequest message: what a unidirectional gRPC client sends. */
    public static Requests.Connect decodeConnectRequest(byte[] message) throws DecodeException {
        try {
            return connect(ConnectRequest.parseFrom(message));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new DecodeException("malformed connect request");
        }
    }
}
