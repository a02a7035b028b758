package io.switchboard.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.HistoryResult;
import io.switchboard.core.NodeInfo;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.Publication;
import io.switchboard.core.StreamPosition;
import io.switchboard.server.api.internal.Answer;
import io.switchboard.server.api.internal.ApiExecutor;
import io.switchboard.server.api.internal.ApiRequest;
import io.switchboard.server.api.internal.InfoResult;

import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** {@link Answer}s as Centrifugo's JSON replies: {@code {"result":…}} or {@code {"error":…}}, a batch's {@code {"replies":[…]}}. */
final class JsonAnswers {
    private static final Map<Class<?>, String> NAMES = Map.ofEntries(Map.entry(ApiRequest.Publish.class, "publish"),
            Map.entry(ApiRequest.Broadcast.class, "broadcast"), Map.entry(ApiRequest.Subscribe.class, "subscribe"),
            Map.entry(ApiRequest.Unsubscribe.class, "unsubscribe"), Map.entry(ApiRequest.Disconnect.class, "disconnect"),
            Map.entry(ApiRequest.Refresh.class, "refresh"), Map.entry(ApiRequest.Presence.class, "presence"),
            Map.entry(ApiRequest.PresenceStats.class, "presence_stats"), Map.entry(ApiRequest.History.class, "history"),
            Map.entry(ApiRequest.HistoryRemove.class, "history_remove"), Map.entry(ApiRequest.Channels.class, "channels"),
            Map.entry(ApiRequest.Info.class, "info"), Map.entry(ApiRequest.MapPublish.class, "map_publish"),
            Map.entry(ApiRequest.MapRemove.class, "map_remove"), Map.entry(ApiRequest.MapReadState.class, "map_read_state"),
            Map.entry(ApiRequest.MapReadStream.class, "map_read_stream"), Map.entry(ApiRequest.MapStats.class, "map_stats"),
            Map.entry(ApiRequest.MapClear.class, "map_clear"));

    private final ObjectMapper json;

    JsonAnswers(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode call(ApiRequest request, Answer<?> answer) {
        ObjectNode out = json.createObjectNode();
        if (answer.isOk()) out.set("result", result(request, answer.result()));
        else out.set("error", error(answer.error()));
        return out;
    }

    /** One reply per command: {@code {"<method>":result}} or {@code {"error":…}}. */
    ObjectNode batch(ApiRequest.Batch batch, List<Answer<?>> answers) {
        ObjectNode out = json.createObjectNode();
        ArrayNode replies = out.putArray("replies");
        for (int i = 0; i < answers.size(); i++) {
            ApiRequest command = batch.commands().get(i);
            Answer<?> answer = answers.get(i);
            ObjectNode reply = replies.addObject();
            if (answer.isOk()) reply.set(NAMES.get(command.getClass()), result(command, answer.result()));
            else reply.set("error", error(answer.error()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private JsonNode result(ApiRequest request, Object result) {
        if (request instanceof ApiRequest.Publish || request instanceof ApiRequest.MapPublish
                || request instanceof ApiRequest.MapRemove) return position((StreamPosition) result);
        if (request instanceof ApiRequest.Broadcast) return broadcast((List<Answer<StreamPosition>>) result);
        if (request instanceof ApiRequest.Presence) return presence((Map<String, ClientInfo>) result);
        if (request instanceof ApiRequest.PresenceStats) return presenceStats((PresenceStats) result);
        if (request instanceof ApiRequest.History) return history((HistoryResult) result);
        if (request instanceof ApiRequest.Channels) return channels((Map<String, Integer>) result);
        if (request instanceof ApiRequest.Info) return info((InfoResult) result);
        if (request instanceof ApiRequest.MapReadState) return mapState((ApiExecutor.MapPage) result);
        if (request instanceof ApiRequest.MapReadStream) return mapStream((HistoryResult) result);
        if (request instanceof ApiRequest.MapStats) return json.createObjectNode().put("num_keys", (Integer) result);
        return json.createObjectNode(); // subscribe, unsubscribe, disconnect, refresh, history_remove
    }

    private ObjectNode error(ClientError e) {
        ObjectNode err = json.createObjectNode();
        err.put("code", e.code());
        err.put("message", e.message());
        return err;
    }

    private ObjectNode position(StreamPosition p) {
        ObjectNode out = json.createObjectNode();
        if (p.offset() != 0) out.put("offset", p.offset());
        if (!p.epoch().isEmpty()) out.put("epoch", p.epoch());
        return out;
    }

    private ObjectNode broadcast(List<Answer<StreamPosition>> each) {
        ObjectNode out = json.createObjectNode();
        ArrayNode responses = out.putArray("responses");
        for (Answer<StreamPosition> a : each) {
            if (a.isOk()) responses.addObject().set("result", position(a.result()));
            else responses.addObject().set("error", error(a.error()));
        }
        return out;
    }

    private ObjectNode presence(Map<String, ClientInfo> members) {
        ObjectNode out = json.createObjectNode();
        ObjectNode presence = out.putObject("presence");
        members.forEach((id, info) -> presence.set(id, clientInfo(info)));
        return out;
    }

    private ObjectNode presenceStats(PresenceStats s) {
        ObjectNode out = json.createObjectNode();
        out.put("num_clients", s.numClients());
        out.put("num_users", s.numUsers());
        return out;
    }

    private ObjectNode history(HistoryResult h) {
        ObjectNode out = json.createObjectNode();
        ArrayNode pubs = out.putArray("publications");
        h.publications().forEach(p -> pubs.add(publication(p)));
        if (!h.position().epoch().isEmpty()) out.put("epoch", h.position().epoch());
        if (h.position().offset() != 0) out.put("offset", h.position().offset());
        return out;
    }

    private ObjectNode channels(Map<String, Integer> channels) {
        ObjectNode out = json.createObjectNode();
        ObjectNode byName = out.putObject("channels");
        channels.forEach((name, n) -> byName.putObject(name).put("num_clients", n));
        return out;
    }

    private ObjectNode info(InfoResult r) {
        ObjectNode out = json.createObjectNode();
        var nodes = out.putArray("nodes");
        for (NodeInfo i : r.nodes()) {
            ObjectNode n = nodes.addObject();
            n.put("uid", i.uid());
            n.put("name", i.name());
            n.put("version", i.version());
            n.put("num_clients", i.numClients());
            n.put("num_users", i.numUsers());
            n.put("num_channels", i.numChannels());
            n.put("uptime", i.uptimeSeconds());
            n.put("num_subs", i.numSubs());
        }
        return out;
    }

    private ObjectNode mapState(ApiExecutor.MapPage page) {
        ObjectNode out = mapEntries(page.state().entries(), page.state().position());
        if (!page.cursor().isEmpty()) out.put("cursor", page.cursor());
        return out;
    }

    private ObjectNode mapStream(HistoryResult r) {
        return mapEntries(r.publications(), r.position());
    }

    /** Centrifugo's MapEntry: key, data, tags, offset, removed, time; empty fields left out. */
    private ObjectNode mapEntries(List<Publication> entries, StreamPosition at) {
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("entries");
        for (Publication p : entries) {
            ObjectNode e = list.addObject();
            e.put("key", p.key());
            if (p.data().length > 0) e.set("data", rawJson(p.data()));
            if (!p.tags().isEmpty()) {
                ObjectNode tags = e.putObject("tags");
                p.tags().forEach(tags::put);
            }
            if (p.offset() != 0) e.put("offset", p.offset());
            if (p.removed()) e.put("removed", true);
            if (p.time() != 0) e.put("time", p.time());
        }
        if (at.offset() != 0) out.put("offset", at.offset());
        if (!at.epoch().isEmpty()) out.put("epoch", at.epoch());
        return out;
    }

    private ObjectNode publication(Publication p) {
        ObjectNode out = json.createObjectNode();
        out.set("data", rawJson(p.data()));
        if (p.info() != null) out.set("info", clientInfo(p.info()));
        if (p.offset() != 0) out.put("offset", p.offset());
        if (!p.tags().isEmpty()) {
            ObjectNode tags = out.putObject("tags");
            p.tags().forEach(tags::put);
        }
        return out;
    }

    private ObjectNode clientInfo(ClientInfo info) {
        ObjectNode out = json.createObjectNode();
        out.put("client", info.client());
        out.put("user", info.user());
        if (info.connInfo() != null) out.set("conn_info", rawJson(info.connInfo()));
        if (info.chanInfo() != null) out.set("chan_info", rawJson(info.chanInfo()));
        return out;
    }

    /** A JSON payload as itself; a binary one (published with b64data) as a base64 string. */
    private JsonNode rawJson(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(Base64.getEncoder().encodeToString(bytes));
        }
    }
}
