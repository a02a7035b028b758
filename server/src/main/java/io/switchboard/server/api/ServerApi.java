package io.switchboard.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.CoreException;
import io.switchboard.core.Node;
import io.switchboard.transport.HttpExchange;
import io.switchboard.transport.HttpRoute;
import io.switchboard.transport.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code POST /api/{method}}: authenticates with {@code X-API-Key}, {@code Authorization: apikey KEY} or
 * {@code ?api_key=}, and answers {@code {"result":...}} or {@code {"error":...}} with HTTP 200, as Centrifugo.
 */
public final class ServerApi implements HttpRoute {
    private static final Logger log = LoggerFactory.getLogger(ServerApi.class);
    private static final String PREFIX = "/api/";
    private static final String JSON = "application/json";

    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final ApiMethods methods;
    private final byte[] key;
    private final boolean insecure;

    /** @param key the API key; ignored when {@code insecure} */
    public ServerApi(Node node, String key, boolean insecure, int historyMaxLimit) {
        this.methods = new ApiMethods(node, json, historyMaxLimit);
        this.key = key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
        this.insecure = insecure;
    }

    public void register(Router router) {
        router.httpPrefix(PREFIX, this);
    }

    @Override
    public void handle(HttpExchange ex) {
        String method = ex.path().substring(PREFIX.length());
        if (!ApiMethods.NAMES.contains(method)) {
            ex.respond(404, "text/plain", "404 page not found\n");
            return;
        }
        if (!ex.method().equals("POST")) {
            ex.respond(405, "text/plain", "method not allowed\n");
            return;
        }
        if (!authorized(ex)) {
            ex.respond(401, "text/plain", "Unauthorized\n");
            return;
        }
        JsonNode req;
        try {
            byte[] body = ex.body();
            req = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            ex.respond(400, "text/plain", "Bad Request: malformed JSON\n");
            return;
        }
        if (req == null || !req.isObject()) {
            ex.respond(400, "text/plain", "Bad Request: body must be a JSON object\n");
            return;
        }
        methods.call(method, req).whenComplete((result, err) -> {
            ObjectNode reply = json.createObjectNode();
            if (err != null) {
                var e = CoreException.errorOf(err);
                if (e.code() == 100) log.error("API {} failed", method, err);
                reply.set("error", methods.error(e));
            } else {
                reply.set(method.equals("batch") ? "replies" : "result",
                        method.equals("batch") ? result.get("replies") : result);
            }
            try {
                ex.respond(200, JSON, json.writeValueAsBytes(reply));
            } catch (JsonProcessingException e) {
                ex.respond(500, "text/plain", "internal server error\n");
            }
        });
    }

    private boolean authorized(HttpExchange ex) {
        if (insecure) return true;
        if (key.length == 0) return false;
        String given = ex.header("X-API-Key");
        String auth = ex.header("Authorization");
        if (given == null && auth != null && auth.regionMatches(true, 0, "apikey ", 0, 7)) given = auth.substring(7).trim();
        if (given == null) given = ex.queryParam("api_key");
        return given != null && MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8));
    }
}
