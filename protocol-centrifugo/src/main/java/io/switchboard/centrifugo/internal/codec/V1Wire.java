package io.switchboard.centrifugo.internal.codec;

import io.switchboard.core.Disconnect;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Protocol v1's numbers (client.proto of centrifuge-js 2.8.5: {@code MethodType}, {@code PushType}) and the
 * requests as v1 has them: its SubscribeRequest has no positioned, recoverable, join_leave or delta flags and its
 * ConnectRequest no headers, so what a v1 client cannot ask for is never read from its frames.
 */
final class V1Wire {
    private V1Wire() {
    }

    static final int PUSH_PUBLICATION = 0, PUSH_JOIN = 1, PUSH_LEAVE = 2, PUSH_UNSUBSCRIBE = 3, PUSH_MESSAGE = 4,
            PUSH_SUBSCRIBE = 5, PUSH_CONNECT = 6, PUSH_DISCONNECT = 7, PUSH_REFRESH = 8;

    private static final Method[] BY_NUMBER = {
        Method.CONNECT, Method.SUBSCRIBE, Method.UNSUBSCRIBE, Method.PUBLISH, Method.PRESENCE,
        Method.PRESENCE_STATS, Method.HISTORY, Method.PING, Method.SEND, Method.RPC, Method.REFRESH,
        Method.SUB_REFRESH,
    };

    /** The method of a v1 {@code method} number, or null for a number v1 does not define. */
    static Method method(long number) {
        return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[(int) number] : null;
    }

    static int number(Method m) {
        for (int i = 0; i < BY_NUMBER.length; i++) if (BY_NUMBER[i] == m) return i;
        throw new IllegalArgumentException(m.toString());
    }

    /** Drops the fields a v1 request cannot carry. */
    static Object v1Only(Method m, Object request) {
        if (request instanceof Requests.Subscribe s) return subscribe(s.channel(), s);
        if (request instanceof Requests.Connect c) {
            Map<String, Requests.Subscribe> subs = new LinkedHashMap<>();
            c.subs().forEach((channel, s) -> subs.put(channel, subscribe(channel, s)));
            return new Requests.Connect(c.token(), c.data(), subs, c.name(), c.version(), Map.of());
        }
        return request;
    }

    /** The request of a command without params: only connect and ping may come bare. */
    static Object bare(Method m) throws DecodeException {
        return switch (m) {
            case CONNECT -> new Requests.Connect("", null, Map.of(), "", "", Map.of());
            case PING -> Boolean.TRUE;
            default -> throw new DecodeException(m.key() + " needs params");
        };
    }

    /** A connect result as v1 has it: no ping, pong, session or node. */
    static Results.Connect v1Only(Results.Connect r) {
        Map<String, Results.Subscribe> subs = new LinkedHashMap<>();
        if (r.subs() != null) r.subs().forEach((channel, s) -> subs.put(channel, v1Only(s)));
        return new Results.Connect(r.client(), r.version(), r.expires(), r.ttl(), r.data(), subs, 0, false, null, null);
    }

    /** A subscribe result as v1 has it: no was_recovering, no delta. */
    static Results.Subscribe v1Only(Results.Subscribe r) {
        return new Results.Subscribe(r.expires(), r.ttl(), r.recoverable(), r.epoch(), r.publications(), r.recovered(),
                r.offset(), r.positioned(), r.data(), false, false);
    }

    /** A close frame's reason has room for 123 bytes of UTF-8. */
    static final int MAX_CLOSE_REASON_BYTES = 123;

    /**
     * The close frame's reason for a v1 client: the advice {@code {"reason":"…","reconnect":bool}} it reads to
     * decide whether to reconnect (the code travels as the close code). A long reason is shortened inside the
     * advice, so the advice stays JSON in the 123 bytes a close frame has.
     */
    static String closeAdvice(Disconnect d) {
        String reason = d.reason();
        if (reason.codePointCount(0, reason.length()) > MAX_CLOSE_REASON_BYTES) {
            reason = reason.substring(0, reason.offsetByCodePoints(0, MAX_CLOSE_REASON_BYTES)); // cannot fit anyway
        }
        for (;;) {
            JsonWriter w = new JsonWriter(48 + reason.length());
            w.open().field("reason").string(reason).field("reconnect").bool(d.reconnect()).close();
            if (w.length() <= MAX_CLOSE_REASON_BYTES) return new String(w.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
            reason = reason.substring(0, reason.offsetByCodePoints(reason.length(), -1));
        }
    }

    private static Requests.Subscribe subscribe(String channel, Requests.Subscribe s) {
        return new Requests.Subscribe(channel, s.token(), s.recover(), s.epoch(), s.offset(), s.data(),
                false, false, false, "");
    }
}
