package io.switchboard.centrifugo.internal.codec;

import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.Disconnect;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.Publication;
import io.switchboard.core.Unsubscribe;

import java.util.List;
import java.util.Map;

/**
 * Writes replies and pushes in Centrifugo's JSON: snake_case names, payloads as raw JSON, 64-bit numbers
 * as numbers, zero values left out. Each method writes exactly one JSON object.
 */
public final class JsonReplies {
    private JsonReplies() {
    }

    public static void ping(JsonWriter w) {
        w.open().close();
    }

    public static void error(JsonWriter w, long id, ClientError error) {
        w.open().numberField("id", id).field("error").open()
                .field("code").number(error.code())
                .field("message").string(error.message())
                .trueField("temporary", error.temporary())
                .close().close();
    }

    /** {@code {"id":N,"<method>":{}}}: the reply of commands whose result has no fields. */
    public static void empty(JsonWriter w, long id, Method method) {
        w.open().numberField("id", id).field(method.key()).open().close().close();
    }

    public static void connect(JsonWriter w, long id, Results.Connect r) {
        w.open().numberField("id", id).field("connect");
        connectBody(w, r);
        w.close();
    }

    /** The connect result object alone (also the body of a unidirectional connect push). */
    public static void connectBody(JsonWriter w, Results.Connect r) {
        w.open().stringField("client", r.client()).stringField("version", r.version())
                .trueField("expires", r.expires()).numberField("ttl", r.ttl())
                .rawField("data", r.data());
        if (r.subs() != null && !r.subs().isEmpty()) {
            w.field("subs").open();
            for (Map.Entry<String, Results.Subscribe> e : r.subs().entrySet()) {
                w.field(e.getKey());
                subscribeBody(w, e.getValue());
            }
            w.close();
        }
        w.numberField("ping", r.ping()).trueField("pong", r.pong())
                .stringField("session", r.session()).stringField("node", r.node())
                .close();
    }

    public static void subscribe(JsonWriter w, long id, Results.Subscribe r) {
        w.open().numberField("id", id).field("subscribe");
        subscribeBody(w, r);
        w.close();
    }

    /** A map subscription's answer: the subscribe result's fields, then type, phase, cursor and state. */
    public static void mapSubscribe(JsonWriter w, long id, Results.MapSubscribe r) {
        w.open().numberField("id", id).field("subscribe").open();
        subscribeFields(w, r.base());
        w.numberField("type", r.type()).numberField("phase", r.phase())
                .stringField("cursor", r.cursor());
        if (r.state() != null && !r.state().isEmpty()) {
            w.field("state").openArray();
            for (Publication p : r.state()) {
                w.element();
                // with delta the client keeps each value's exact text to patch: a JSON string, as publications
                if (r.base().delta()) deltaPublication(w, p, p.data(), false);
                else publication(w, p);
            }
            w.closeArray();
        }
        w.close().close();
    }

    static void subscribeBody(JsonWriter w, Results.Subscribe r) {
        w.open();
        subscribeFields(w, r);
        w.close();
    }

    private static void subscribeFields(JsonWriter w, Results.Subscribe r) {
        w.trueField("expires", r.expires()).numberField("ttl", r.ttl())
                .trueField("recoverable", r.recoverable()).stringField("epoch", r.epoch());
        if (r.publications() != null && !r.publications().isEmpty()) {
            w.field("publications").openArray();
            for (Publication p : r.publications()) {
                w.element();
                if (r.delta()) deltaPublication(w, p, p.data(), false);
                else publication(w, p);
            }
            w.closeArray();
        }
        w.trueField("recovered", r.recovered()).numberField("offset", r.offset())
                .trueField("positioned", r.positioned()).rawField("data", r.data())
                .trueField("was_recovering", r.wasRecovering()).trueField("delta", r.delta())
                .numberField("publish_debounce", r.publishDebounce());
    }

    public static void presence(JsonWriter w, long id, Map<String, ClientInfo> members) {
        w.open().numberField("id", id).field("presence").open().field("presence").open();
        for (Map.Entry<String, ClientInfo> e : members.entrySet()) {
            w.field(e.getKey());
            clientInfo(w, e.getValue());
        }
        w.close().close().close();
    }

    public static void presenceStats(JsonWriter w, long id, PresenceStats stats) {
        w.open().numberField("id", id).field("presence_stats").open()
                .field("num_clients").number(stats.numClients())
                .field("num_users").number(stats.numUsers())
                .close().close();
    }

    public static void history(JsonWriter w, long id, Results.History r) {
        w.open().numberField("id", id).field("history").open().field("publications");
        publications(w, r.publications());
        w.stringField("epoch", r.epoch()).numberField("offset", r.offset()).close().close();
    }

    public static void rpc(JsonWriter w, long id, byte[] data) {
        w.open().numberField("id", id).field("rpc").open().rawField("data", data).close().close();
    }

    public static void refresh(JsonWriter w, long id, Results.Refresh r) {
        w.open().numberField("id", id).field("refresh").open()
                .stringField("client", r.client()).stringField("version", r.version())
                .trueField("expires", r.expires()).numberField("ttl", r.ttl())
                .close().close();
    }

    public static void subRefresh(JsonWriter w, long id, Results.SubRefresh r) {
        w.open().numberField("id", id).field("sub_refresh").open()
                .trueField("expires", r.expires()).numberField("ttl", r.ttl())
                .close().close();
    }

    public static void tracked(JsonWriter w, long id, Results.Tracked r) {
        w.open().numberField("id", id).field("sub_refresh").open()
                .trueField("expires", r.expires()).numberField("ttl", r.ttl());
        if (!r.items().isEmpty()) {
            w.field("items").openArray();
            for (Results.PollItem i : r.items()) {
                w.element();
                pollItem(w, i);
            }
            w.closeArray();
        }
        w.close().close();
    }

    public static void pollPush(JsonWriter w, String channel, Results.PollItem item) {
        w.open().field("push").open().field("channel").string(channel).field("pub");
        pollItem(w, item);
        w.close().close();
    }

    public static void pollItem(JsonWriter w, Results.PollItem i) {
        w.open();
        if (i.data() != null && i.data().length > 0) w.field("data").raw(i.data());
        w.stringField("key", i.key()).trueField("removed", i.removed()).numberField("version", i.version());
        w.close();
    }

    // --- pushes ---------------------------------------------------------------------------------------

    public static void publicationPush(JsonWriter w, String channel, Publication pub) {
        w.open().field("push").open().field("channel").string(channel).field("pub");
        publication(w, pub);
        w.close().close();
    }

    public static void joinPush(JsonWriter w, String channel, ClientInfo info) {
        infoPush(w, channel, "join", info);
    }

    public static void leavePush(JsonWriter w, String channel, ClientInfo info) {
        infoPush(w, channel, "leave", info);
    }

    public static void unsubscribePush(JsonWriter w, String channel, Unsubscribe u) {
        w.open().field("push").open().field("channel").string(channel).field("unsubscribe").open()
                .field("code").number(u.code()).stringField("reason", u.reason())
                .close().close().close();
    }

    public static void subscribePush(JsonWriter w, String channel, Results.Subscribe r) {
        w.open().field("push").open().field("channel").string(channel).field("subscribe").open()
                .trueField("recoverable", r.recoverable()).stringField("epoch", r.epoch())
                .numberField("offset", r.offset()).trueField("positioned", r.positioned())
                .rawField("data", r.data())
                .close().close().close();
    }

    public static void disconnectPush(JsonWriter w, Disconnect d) {
        w.open().field("push").open().field("disconnect").open()
                .field("code").number(d.code()).stringField("reason", d.reason())
                .trueField("reconnect", d.reconnect())
                .close().close().close();
    }

    private static void infoPush(JsonWriter w, String channel, String kind, ClientInfo info) {
        w.open().field("push").open().field("channel").string(channel).field(kind).open().field("info");
        clientInfo(w, info);
        w.close().close().close();
    }

    private static void publications(JsonWriter w, List<Publication> pubs) {
        w.openArray();
        for (Publication p : pubs) {
            w.element();
            publication(w, p);
        }
        w.closeArray();
    }

    public static void publication(JsonWriter w, Publication p) {
        w.open();
        // a map removal carries no data
        if (!(p.removed() && p.data().length == 0)) w.field("data").raw(p.data());
        if (p.info() != null) {
            w.field("info");
            clientInfo(w, p.info());
        }
        w.numberField("offset", p.offset());
        if (!p.tags().isEmpty()) {
            w.field("tags").open();
            for (Map.Entry<String, String> e : p.tags().entrySet()) w.field(e.getKey()).string(e.getValue());
            w.close();
        }
        if (p.key() != null) w.stringField("key", p.key()).trueField("removed", p.removed());
        w.close();
    }

    /**
     * A publication of a delta-negotiated subscription: its data is a JSON string holding either the payload
     * text or the Fossil patch ({@code isDelta}), as centrifuge-js expects once delta is on.
     */
    public static void deltaPublication(JsonWriter w, Publication p, byte[] payload, boolean isDelta) {
        w.open().field("data").string(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
        if (p.info() != null) {
            w.field("info");
            clientInfo(w, p.info());
        }
        w.numberField("offset", p.offset());
        if (!p.tags().isEmpty()) {
            w.field("tags").open();
            for (Map.Entry<String, String> e : p.tags().entrySet()) w.field(e.getKey()).string(e.getValue());
            w.close();
        }
        w.trueField("delta", isDelta);
        if (p.key() != null) w.stringField("key", p.key()).trueField("removed", p.removed());
        w.close();
    }

    public static void clientInfo(JsonWriter w, ClientInfo info) {
        w.open().field("user").string(info.user()).field("client").string(info.client())
                .rawField("conn_info", info.connInfo()).rawField("chan_info", info.chanInfo())
                .close();
    }
}
