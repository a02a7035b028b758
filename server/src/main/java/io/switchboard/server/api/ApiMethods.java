package io.switchboard.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.CoreException;
import io.switchboard.core.Disconnect;
import io.switchboard.core.HistoryFilter;
import io.switchboard.core.Node;
import io.switchboard.core.NodeInfo;
import io.switchboard.core.Publication;
import io.switchboard.core.PublishOptions;
import io.switchboard.core.ServerSubscription;
import io.switchboard.core.StreamPosition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Each server API method: request JSON in, result JSON out (or a failed future carrying a client error).
 * Shapes follow Centrifugo's HTTP API so existing backends and SDKs work unchanged.
 */
final class ApiMethods {
    private final Node node;
    private final ObjectMapper json;
    private final int historyMaxLimit;

    ApiMethods(Node node, ObjectMapper json, int historyMaxLimit) {
        this.node = node;
        this.json = json;
        this.historyMaxLimit = historyMaxLimit;
    }

    static final List<String> NAMES = List.of("publish", "broadcast", "subscribe", "unsubscribe", "disconnect",
            "refresh", "presence", "presence_stats", "history", "history_remove", "channels", "info", "batch");

    CompletableFuture<JsonNode> call(String method, JsonNode req) {
        try {
            return switch (method) {
                case "publish" -> publish(req);
                case "broadcast" -> broadcast(req);
                case "subscribe" -> subscribe(req);
                case "unsubscribe" -> unsubscribe(req);
                case "disconnect" -> disconnect(req);
                case "refresh" -> refresh(req);
                case "presence" -> presence(req);
                case "presence_stats" -> presenceStats(req);
                case "history" -> history(req);
                case "history_remove" -> node.removeHistory(channel(req)).thenApply(v -> empty());
                case "channels" -> channels(req);
                case "info" -> info();
                case "batch" -> batch(req);
                default -> CompletableFuture.failedFuture(new CoreException(ClientError.METHOD_NOT_FOUND));
            };
        } catch (ApiError e) {
            return CompletableFuture.failedFuture(new CoreException(e.error));
        }
    }

    private CompletableFuture<JsonNode> publish(JsonNode req) {
        String channel = channel(req);
        return node.publish(channel, data(req), publishOptions(req)).thenApply(this::position);
    }

    private CompletableFuture<JsonNode> broadcast(JsonNode req) {
        JsonNode channels = req.path("channels");
        if (!channels.isArray() || channels.isEmpty()) throw ApiError.badRequest("channels required");
        byte[] data = data(req);
        PublishOptions options = publishOptions(req);
        List<CompletableFuture<JsonNode>> each = new ArrayList<>();
        for (JsonNode ch : channels) {
            if (!ch.isTextual() || ch.asText().isEmpty()) throw ApiError.badRequest("channel must be a string");
            each.add(wrap(node.publish(ch.asText(), data, options).thenApply(this::position)));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> {
            ObjectNode result = json.createObjectNode();
            ArrayNode responses = result.putArray("responses");
            each.forEach(f -> responses.add(f.join()));
            return result;
        });
    }

    private CompletableFuture<JsonNode> subscribe(JsonNode req) {
        String channel = channel(req);
        String user = text(req, "user");
        if (node.optionsFor(channel).isEmpty()) throw new ApiError(ClientError.UNKNOWN_CHANNEL, channel);
        node.subscribeUser(user, text(req, "client"), channel,
                new ServerSubscription(payload(req, "info", "b64info"), payload(req, "data", "b64data")));
        return done(empty());
    }

    private CompletableFuture<JsonNode> unsubscribe(JsonNode req) {
        node.unsubscribeUser(text(req, "user"), text(req, "client"), channel(req));
        return done(empty());
    }

    private CompletableFuture<JsonNode> disconnect(JsonNode req) {
        JsonNode d = req.path("disconnect");
        Disconnect disconnect = Disconnect.FORCE_NO_RECONNECT;
        if (d.isObject()) {
            int code = d.path("code").asInt(0);
            if (code != 0) {
                if (code < 3000 || code > 4999) throw ApiError.badRequest("disconnect code must be 3000-4999");
                disconnect = new Disconnect(code, d.path("reason").asText(""));
            }
        }
        List<String> whitelist = new ArrayList<>();
        req.path("whitelist").forEach(n -> whitelist.add(n.asText()));
        node.disconnectUser(text(req, "user"), text(req, "client"), whitelist, disconnect);
        return done(empty());
    }

    private CompletableFuture<JsonNode> refresh(JsonNode req) {
        node.refreshUser(text(req, "user"), text(req, "client"), req.path("expired").asBoolean(false),
                req.path("expire_at").asLong(0));
        return done(empty());
    }

    private CompletableFuture<JsonNode> presence(JsonNode req) {
        return node.presence(channel(req)).thenApply(members -> {
            ObjectNode result = json.createObjectNode();
            ObjectNode presence = result.putObject("presence");
            members.forEach((id, info) -> presence.set(id, clientInfo(info)));
            return result;
        });
    }

    private CompletableFuture<JsonNode> presenceStats(JsonNode req) {
        return node.presenceStats(channel(req)).thenApply(s -> {
            ObjectNode result = json.createObjectNode();
            result.put("num_clients", s.numClients());
            result.put("num_users", s.numUsers());
            return result;
        });
    }

    private CompletableFuture<JsonNode> history(JsonNode req) {
        int limit = req.path("limit").asInt(0);
        if (limit < 0 || limit > historyMaxLimit) limit = historyMaxLimit;
        StreamPosition since = null;
        JsonNode s = req.path("since");
        if (s.isObject()) since = new StreamPosition(s.path("offset").asLong(0), s.path("epoch").asText(""));
        HistoryFilter filter = new HistoryFilter(since, limit, req.path("reverse").asBoolean(false));
        return node.history(channel(req), filter).thenApply(h -> {
            ObjectNode result = json.createObjectNode();
            ArrayNode pubs = result.putArray("publications");
            h.publications().forEach(p -> pubs.add(publication(p)));
            if (!h.position().epoch().isEmpty()) result.put("epoch", h.position().epoch());
            if (h.position().offset() != 0) result.put("offset", h.position().offset());
            return result;
        });
    }

    private CompletableFuture<JsonNode> channels(JsonNode req) {
        String pattern = text(req, "pattern");
        Pattern glob = pattern.isEmpty() ? null : glob(pattern);
        ObjectNode result = json.createObjectNode();
        ObjectNode channels = result.putObject("channels");
        node.hub().channels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> glob == null || glob.matcher(e.getKey()).matches())
                .forEach(e -> channels.putObject(e.getKey()).put("num_clients", e.getValue()));
        return done(result);
    }

    private CompletableFuture<JsonNode> info() {
        NodeInfo i = node.info();
        ObjectNode result = json.createObjectNode();
        ObjectNode n = result.putArray("nodes").addObject();
        n.put("uid", i.uid());
        n.put("name", i.name());
        n.put("version", i.version());
        n.put("num_clients", i.numClients());
        n.put("num_users", i.numUsers());
        n.put("num_channels", i.numChannels());
        n.put("uptime", i.uptimeSeconds());
        n.put("num_subs", node.hub().channels().values().stream().mapToLong(Integer::longValue).sum());
        return done(result);
    }

    private CompletableFuture<JsonNode> batch(JsonNode req) {
        JsonNode commands = req.path("commands");
        if (!commands.isArray()) throw ApiError.badRequest("commands required");
        List<Map.Entry<String, CompletableFuture<JsonNode>>> replies = new ArrayList<>();
        for (JsonNode command : commands) {
            Iterator<Map.Entry<String, JsonNode>> fields = command.fields();
            if (!fields.hasNext()) throw ApiError.badRequest("empty command in batch");
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals("batch")) throw ApiError.badRequest("nested batch");
            replies.add(Map.entry(f.getKey(), call(f.getKey(), f.getValue())));
        }
        CompletableFuture<?>[] all = replies.stream().map(e -> e.getValue().handle((r, t) -> null))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all).thenApply(v -> {
            ObjectNode result = json.createObjectNode();
            ArrayNode out = result.putArray("replies");
            for (var e : replies) {
                ObjectNode reply = out.addObject();
                try {
                    reply.set(e.getKey(), e.getValue().join());
                } catch (RuntimeException ex) {
                    reply.set("error", error(CoreException.errorOf(ex)));
                }
            }
            return result;
        });
    }

    // --- shapes ---------------------------------------------------------------------------------------

    ObjectNode error(ClientError e) {
        ObjectNode err = json.createObjectNode();
        err.put("code", e.code());
        err.put("message", e.message());
        return err;
    }

    private CompletableFuture<JsonNode> wrap(CompletableFuture<JsonNode> f) {
        return f.handle((r, t) -> {
            ObjectNode out = json.createObjectNode();
            if (t != null) out.set("error", error(CoreException.errorOf(t)));
            else out.set("result", r);
            return out;
        });
    }

    private JsonNode position(StreamPosition p) {
        ObjectNode result = json.createObjectNode();
        if (p.offset() != 0) result.put("offset", p.offset());
        if (!p.epoch().isEmpty()) result.put("epoch", p.epoch());
        return result;
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

    private JsonNode rawJson(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(Base64.getEncoder().encodeToString(bytes)); // binary payload
        }
    }

    private static ObjectNode empty() {
        return new ObjectMapper().createObjectNode();
    }

    private static CompletableFuture<JsonNode> done(JsonNode n) {
        return CompletableFuture.completedFuture(n);
    }

    // --- request fields -------------------------------------------------------------------------------

    private static String channel(JsonNode req) {
        String channel = text(req, "channel");
        if (channel.isEmpty()) throw ApiError.badRequest("channel required");
        return channel;
    }

    private static String text(JsonNode req, String field) {
        JsonNode n = req.path(field);
        if (n.isMissingNode() || n.isNull()) return "";
        if (!n.isTextual()) throw ApiError.badRequest(field + " must be a string");
        return n.asText();
    }

    private byte[] data(JsonNode req) {
        byte[] data = payload(req, "data", "b64data");
        if (data == null) throw ApiError.badRequest("data required");
        return data;
    }

    private byte[] payload(JsonNode req, String jsonField, String b64Field) {
        JsonNode raw = req.get(jsonField);
        if (raw != null && !raw.isNull()) {
            try {
                return json.writeValueAsBytes(raw);
            } catch (IOException e) {
                throw ApiError.badRequest(jsonField + " is not JSON");
            }
        }
        String b64 = text(req, b64Field);
        if (b64.isEmpty()) return null;
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(b64Field + " is not base64");
        }
    }

    private static PublishOptions publishOptions(JsonNode req) {
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode t = req.path("tags");
        if (t.isObject()) t.fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        return new PublishOptions(null, tags, req.path("skip_history").asBoolean(false), req.path("delta").asBoolean(false));
    }

    private static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
