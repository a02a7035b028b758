package io.switchboard.server.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.Node;
import io.switchboard.server.api.internal.ApiExecutor;
import io.switchboard.server.api.internal.ApiRequest;
import io.switchboard.transport.HttpExchange;
import io.switchboard.transport.HttpRoute;
import io.switchboard.transport.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /api/{method}}: authenticates with {@code X-API-Key}, {@code Authorization: apikey KEY} or
 * {@code ?api_key=}, and answers {@code {"result":...}} or {@code {"error":...}} with HTTP 200, as Centrifugo; a body
 * that does not decode into the method's request is a 400. The JSON adapter of {@link ApiExecutor}.
 */
public final class ServerApi implements HttpRoute {
    private static final Logger log = LoggerFactory.getLogger(ServerApi.class);
    private static final String PREFIX = "/api/";
    private static final String JSON = "application/json";

    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final JsonRequests requests = new JsonRequests(json);
    private final JsonAnswers answers = new JsonAnswers(json);
    private final ApiExecutor executor;
    private final byte[] key;
    private final boolean insecure;
    private final ApiMeters.Timers timers;

    /** @param key the API key; ignored when {@code insecure} */
    public ServerApi(Node node, String key, boolean insecure, int historyMaxLimit) {
        this.executor = new ApiExecutor(node, historyMaxLimit);
        this.key = key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
        this.insecure = insecure;
        this.timers = new ApiMeters.Timers(node.meters(), "http");
    }

    public void register(Router router) {
        router.httpPrefix(PREFIX, this);
    }

    @Override
    public void handle(HttpExchange ex) {
        String method = ex.path().substring(PREFIX.length());
        if (!JsonRequests.METHODS.contains(method)) {
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
        JsonNode tree;
        try {
            byte[] body = ex.body();
            tree = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            ex.respond(400, "text/plain", "Bad Request: malformed JSON\n");
            return;
        }
        if (tree == null || !tree.isObject()) {
            ex.respond(400, "text/plain", "Bad Request: body must be a JSON object\n");
            return;
        }
        call(ex, method, tree);
    }

    /**
     * Runs one method for a caller authenticated otherwise (the admin page's endpoint) and answers as
     * {@code POST /api/{method}} does: 404 for an unknown method, 400 for params that are not its request.
     *
     * @param params the request, a JSON object; null reads as {@code {}}
     */
    public void call(HttpExchange ex, String method, JsonNode params) {
        if (!JsonRequests.METHODS.contains(method)) {
            ex.respond(404, "text/plain", "404 page not found\n");
            return;
        }
        if (params == null) params = json.createObjectNode();
        if (!params.isObject()) {
            ex.respond(400, "text/plain", "Bad Request: body must be a JSON object\n");
            return;
        }
        ApiRequest request;
        try {
            request = requests.parse(method, params);
        } catch (MalformedRequest e) {
            ex.respond(400, "text/plain", "Bad Request: " + e.getMessage() + "\n");
            return;
        }
        long started = System.nanoTime();
        CompletableFuture<ObjectNode> reply = request instanceof ApiRequest.Batch batch
                ? executor.batch(batch).thenApply(answers -> this.answers.batch(batch, answers))
                : executor.execute(request).thenApply(answer -> answers.call(request, answer));
        reply.whenComplete((r, t) -> {
            timers.of(method).record(System.nanoTime() - started);
            try {
                if (t != null) throw t;
                ex.respond(200, JSON, json.writeValueAsBytes(r));
            } catch (Throwable e) {
                log.error("API {} failed", method, e);
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
