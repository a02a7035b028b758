package io.switchboard.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.server.api.internal.ApiRequest;

import java.util.ArrayList;
import java.util.List;

/** JSON request bodies, with Centrifugo's field names, as {@link ApiRequest}s; decoding only, no validation. */
final class JsonRequests {
    /** What a batch command may hold, first the one that runs when it holds several (as Centrifugo picks). */
    private static final List<String> COMMANDS = List.of("publish", "broadcast", "subscribe", "unsubscribe",
            "disconnect", "history", "history_remove", "presence", "presence_stats", "info", "refresh", "channels",
            "map_publish", "map_remove", "map_read_state", "map_read_stream", "map_stats", "map_clear");
    static final List<String> METHODS;

    static {
        List<String> all = new ArrayList<>(COMMANDS);
        all.add("batch");
        METHODS = List.copyOf(all);
    }

    private final ObjectMapper json;

    JsonRequests(ObjectMapper json) {
        this.json = json;
    }

    /** @param body a JSON object */
    ApiRequest parse(String method, JsonNode body) {
        JsonFields f = JsonFields.of(json, body, method);
        return method.equals("batch") ? batch(f) : command(method, f);
    }

    private ApiRequest command(String method, JsonFields f) {
        return switch (method) {
            case "publish" -> new ApiRequest.Publish(f.string("channel"), f.raw("data"), f.string("b64data"),
                    f.stringMap("tags"), f.bool("skip_history"), f.bool("delta"));
            case "map_publish" -> new ApiRequest.MapPublish(f.string("channel"), f.string("key"), f.raw("data"),
                    f.string("b64data"), f.stringMap("tags"));
            case "map_remove" -> new ApiRequest.MapRemove(f.string("channel"), f.string("key"));
            case "map_read_state" -> new ApiRequest.MapReadState(f.string("channel"), f.string("cursor"),
                    f.int32("limit"), f.string("key"));
            case "map_read_stream" -> new ApiRequest.MapReadStream(f.string("channel"), f.uint64("since_offset"),
                    f.int32("limit"), f.bool("reverse"));
            case "map_stats" -> new ApiRequest.MapStats(f.string("channel"));
            case "map_clear" -> new ApiRequest.MapClear(f.string("channel"));
            case "broadcast" -> new ApiRequest.Broadcast(f.strings("channels"), f.raw("data"), f.string("b64data"),
                    f.stringMap("tags"), f.bool("skip_history"), f.bool("delta"));
            case "subscribe" -> new ApiRequest.Subscribe(f.string("user"), f.string("channel"), f.string("client"),
                    f.raw("info"), f.string("b64info"), f.raw("data"), f.string("b64data"));
            case "unsubscribe" -> new ApiRequest.Unsubscribe(f.string("user"), f.string("channel"), f.string("client"));
            case "disconnect" -> disconnect(f);
            case "refresh" -> new ApiRequest.Refresh(f.string("user"), f.string("client"), f.bool("expired"),
                    f.int64("expire_at"));
            case "presence" -> new ApiRequest.Presence(f.string("channel"));
            case "presence_stats" -> new ApiRequest.PresenceStats(f.string("channel"));
            case "history" -> history(f);
            case "history_remove" -> new ApiRequest.HistoryRemove(f.string("channel"));
            case "channels" -> new ApiRequest.Channels(f.string("pattern"));
            case "info" -> new ApiRequest.Info();
            default -> throw new IllegalArgumentException(method);
        };
    }

    private static ApiRequest disconnect(JsonFields f) {
        JsonFields d = f.object("disconnect");
        return new ApiRequest.Disconnect(f.string("user"), f.string("client"), f.strings("whitelist"),
                d == null ? 0 : d.uint32("code"), d == null ? "" : d.string("reason"));
    }

    private static ApiRequest history(JsonFields f) {
        JsonFields s = f.object("since");
        ApiRequest.Since since = s == null ? null : new ApiRequest.Since(s.uint64("offset"), s.string("epoch"));
        return new ApiRequest.History(f.string("channel"), f.int32("limit"), since, f.bool("reverse"));
    }

    private ApiRequest.Batch batch(JsonFields f) {
        List<ApiRequest> commands = new ArrayList<>();
        for (JsonNode c : f.array("commands")) {
            commands.add(c == null ? new ApiRequest.NotACommand() : batchCommand(JsonFields.of(json, c, "command")));
        }
        return new ApiRequest.Batch(commands, f.bool("parallel"));
    }

    /** Every field a command may hold is decoded, so a mistyped one fails the body; unknown fields are ignored. */
    private ApiRequest batchCommand(JsonFields c) {
        ApiRequest chosen = null;
        for (String method : COMMANDS) {
            JsonFields body = c.object(method);
            if (body == null) continue;
            ApiRequest r = command(method, body);
            if (chosen == null) chosen = r;
        }
        return chosen == null ? new ApiRequest.NoMethod() : chosen;
    }
}
