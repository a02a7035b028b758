package io.switchboard.engine.redis.internal;

import io.switchboard.core.ControlCommand;
import io.switchboard.core.Disconnect;
import io.switchboard.core.NodeInfo;
import io.switchboard.core.ServerSubscription;

import java.util.ArrayList;
import java.util.List;

/**
 * Control commands between Switchboard nodes, as protobuf-style fields of our own (Centrifugo's controlpb is
 * not spoken: its nodes would not act on ours). 1 type, 2 user, 3 client, 4 channel, 5 whitelist (repeated),
 * 6 disconnect code, 7 reason, 8 info, 9 data, 10 expired, 11 expire_at, 12 protocol kind or survey op,
 * 13 payload (survey request or reply), 14 survey id, 15 survey origin, 16 replying node; a heartbeat's node in
 * 20 uid, 21 name, 22 version, 23 clients, 24 users, 25 channels, 26 uptime, 27 subscriptions.
 */
public final class ControlCodec {
    private static final int DISCONNECT = 1;
    private static final int SUBSCRIBE = 2;
    private static final int UNSUBSCRIBE = 3;
    private static final int REFRESH = 4;
    private static final int PROTOCOL = 5;
    private static final int HEARTBEAT = 6;
    private static final int SURVEY = 7;
    private static final int SURVEY_REPLY = 8;

    private ControlCodec() {
    }

    public static byte[] encode(ControlCommand command) {
        Protobuf.Writer w = new Protobuf.Writer();
        if (command instanceof ControlCommand.DisconnectUser d) {
            w.varint(1, DISCONNECT).string(2, d.user()).string(3, d.client());
            d.whitelist().forEach(c -> w.string(5, c));
            w.varint(6, d.disconnect().code()).string(7, d.disconnect().reason());
        } else if (command instanceof ControlCommand.SubscribeUser s) {
            w.varint(1, SUBSCRIBE).string(2, s.user()).string(3, s.client()).string(4, s.channel())
                    .bytes(8, s.subscription().info()).bytes(9, s.subscription().data());
        } else if (command instanceof ControlCommand.UnsubscribeUser u) {
            w.varint(1, UNSUBSCRIBE).string(2, u.user()).string(3, u.client()).string(4, u.channel());
        } else if (command instanceof ControlCommand.RefreshUser r) {
            w.varint(1, REFRESH).string(2, r.user()).string(3, r.client()).varint(10, r.expired() ? 1 : 0)
                    .varint(11, r.expireAt());
        } else if (command instanceof ControlCommand.Protocol p) {
            w.varint(1, PROTOCOL).string(12, p.kind()).bytes(13, p.payload());
        } else if (command instanceof ControlCommand.Heartbeat h) {
            NodeInfo n = h.node();
            w.varint(1, HEARTBEAT).string(20, n.uid()).string(21, n.name()).string(22, n.version())
                    .varint(23, n.numClients()).varint(24, n.numUsers()).varint(25, n.numChannels())
                    .varint(26, n.uptimeSeconds()).varint(27, n.numSubs());
        } else if (command instanceof ControlCommand.Survey s) {
            w.varint(1, SURVEY).string(14, s.id()).string(15, s.origin()).string(12, s.op()).bytes(13, s.request());
        } else if (command instanceof ControlCommand.SurveyReply r) {
            w.varint(1, SURVEY_REPLY).string(14, r.id()).string(15, r.origin()).string(16, r.from())
                    .bytes(13, r.reply());
        }
        return w.toByteArray();
    }

    /** @throws IllegalArgumentException for bytes that are no command */
    public static ControlCommand decode(byte[] bytes) {
        Protobuf.Reader r = new Protobuf.Reader(bytes);
        long type = 0;
        String user = "";
        String client = "";
        String channel = "";
        List<String> whitelist = new ArrayList<>();
        int code = 0;
        String reason = "";
        byte[] info = null;
        byte[] data = null;
        boolean expired = false;
        long expireAt = 0;
        String kind = "";
        byte[] payload = null;
        String id = "";
        String origin = "";
        String from = "";
        String[] node = {"", "", ""};
        long[] figures = new long[5];
        while (r.more()) {
            long tag = r.tag();
            switch ((int) (tag >>> 3)) {
                case 1 -> type = r.varint();
                case 2 -> user = r.string();
                case 3 -> client = r.string();
                case 4 -> channel = r.string();
                case 5 -> whitelist.add(r.string());
                case 6 -> code = (int) r.varint();
                case 7 -> reason = r.string();
                case 8 -> info = r.bytes();
                case 9 -> data = r.bytes();
                case 10 -> expired = r.varint() != 0;
                case 11 -> expireAt = r.varint();
                case 12 -> kind = r.string();
                case 13 -> payload = r.bytes();
                case 14 -> id = r.string();
                case 15 -> origin = r.string();
                case 16 -> from = r.string();
                case 20, 21, 22 -> node[(int) (tag >>> 3) - 20] = r.string();
                case 23, 24, 25, 26, 27 -> figures[(int) (tag >>> 3) - 23] = r.varint();
                default -> r.skip((int) (tag & 7));
            }
        }
        return switch ((int) type) {
            case DISCONNECT -> new ControlCommand.DisconnectUser(user, client, whitelist, new Disconnect(code, reason));
            case SUBSCRIBE -> new ControlCommand.SubscribeUser(user, client, channel, new ServerSubscription(info, data));
            case UNSUBSCRIBE -> new ControlCommand.UnsubscribeUser(user, client, channel);
            case REFRESH -> new ControlCommand.RefreshUser(user, client, expired, expireAt);
            case PROTOCOL -> new ControlCommand.Protocol(kind, payload);
            case HEARTBEAT -> new ControlCommand.Heartbeat(new NodeInfo(node[0], node[1], node[2], (int) figures[0],
                    (int) figures[1], (int) figures[2], figures[3], figures[4]));
            case SURVEY -> new ControlCommand.Survey(id, origin, kind, payload);
            case SURVEY_REPLY -> new ControlCommand.SurveyReply(id, origin, from, payload);
            default -> throw new IllegalArgumentException("unknown control command type " + type);
        };
    }
}
