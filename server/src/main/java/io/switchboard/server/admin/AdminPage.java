package io.switchboard.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.Node;
import io.switchboard.server.api.ServerApi;
import io.switchboard.transport.HttpExchange;
import io.switchboard.transport.HttpRoute;
import io.switchboard.transport.Router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin}: the page's files from the jar, and Centrifugo's admin endpoints: {@code GET /admin/init} (is the page
 * open, is this token good), {@code POST /admin/auth} (the password → {@code {"token": ...}}, 401 when wrong) and
 * {@code POST /admin/api} ({@code {"method", "params"}} run as the server API), plus {@code GET /admin/node} (this
 * node's figures). The last two want {@code Authorization: token <token>} unless {@code admin.insecure}.
 */
public final class AdminPage implements HttpRoute {
    private static final String ROOT = "/admin";
    private static final String JSON = "application/json";
    private static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store");
    /** The page loads only its own files and talks only to its own origin; no frame may hold it. */
    private static final Map<String, String> PAGE_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-cache");
    private static final Map<String, StaticFile> FILES = Map.of(
            "/", new StaticFile("index.html", "text/html; charset=utf-8"),
            "/admin.css", new StaticFile("admin.css", "text/css; charset=utf-8"),
            "/admin.js", new StaticFile("admin.js", "text/javascript; charset=utf-8"));

    private final ObjectMapper json = new ObjectMapper();
    private final AdminSettings settings;
    private final AdminTokens tokens;
    private final ServerApi api;
    private final NodeFigures figures;

    /** @param protocols the names of the server's protocol modules, shown even while they have no connection */
    public AdminPage(AdminSettings settings, Node node, List<String> protocols, ServerApi api, Clock clock) {
        this.settings = settings;
        this.tokens = settings.secret().isEmpty() ? null : new AdminTokens(settings.secret(), clock);
        this.api = api;
        this.figures = new NodeFigures(node, protocols);
    }

    public void register(Router router) {
        router.http(ROOT, this);
        router.httpPrefix(ROOT + "/", this);
    }

    @Override
    public void handle(HttpExchange ex) {
        String path = ex.path();
        if (path.equals(ROOT)) {
            // relative, so that the page's relative addresses work behind a proxy that adds a prefix too
            ex.respond(301, "text/plain", "moved to admin/\n", Map.of("Location", "admin/"));
            return;
        }
        String rest = path.substring(ROOT.length());
        switch (rest) {
            case "/init" -> onlyFor(ex, "GET", () -> init(ex));
            case "/auth" -> onlyFor(ex, "POST", () -> signIn(ex));
            case "/api" -> onlyFor(ex, "POST", () -> signedIn(ex, () -> call(ex)));
            case "/node" -> onlyFor(ex, "GET", () -> signedIn(ex, () -> respondJson(ex, figures.read())));
            default -> {
                StaticFile file = FILES.get(rest);
                if (file == null) ex.respond(404, "text/plain", "not found\n");
                else onlyFor(ex, "GET", () -> ex.respond(200, file.contentType(), file.bytes(), PAGE_HEADERS));
            }
        }
    }

    private void init(HttpExchange ex) {
        respondJson(ex, json.createObjectNode().put("insecure", settings.insecure()).put("authenticated", allowed(ex)));
    }

    /** Centrifugo answers 400 to a wrong password; 401 says what happened and the page reads both as a refusal. */
    private void signIn(HttpExchange ex) {
        if (tokens == null || settings.password().isEmpty()) {
            ex.respond(400, "text/plain", "admin.password and admin.secret are not set\n", NO_STORE);
            return;
        }
        String given = SignInForm.password(ex.header("Content-Type"), ex.body(), json);
        if (given == null || !samePassword(given)) {
            ex.respond(401, "text/plain", "Unauthorized\n", NO_STORE);
            return;
        }
        respondJson(ex, json.createObjectNode().put("token", tokens.issue()));
    }

    private void call(HttpExchange ex) {
        JsonNode body;
        try {
            body = json.readTree(ex.body());
        } catch (IOException e) {
            body = null;
        }
        JsonNode method = body == null ? null : body.get("method");
        if (method == null || !method.isTextual()) {
            ex.respond(400, "text/plain", "Bad Request: want {\"method\": ..., \"params\": {...}}\n", NO_STORE);
            return;
        }
        api.call(ex, method.textValue(), body.get("params"));
    }

    private void signedIn(HttpExchange ex, Runnable then) {
        if (allowed(ex)) then.run();
        else ex.respond(401, "text/plain", "Unauthorized\n", NO_STORE);
    }

    private boolean allowed(HttpExchange ex) {
        if (settings.insecure()) return true;
        String auth = ex.header("Authorization");
        if (tokens == null || auth == null) return false;
        String[] parts = auth.trim().split("\\s+");
        return parts.length == 2 && parts[0].equalsIgnoreCase("token") && tokens.valid(parts[1]);
    }

    // Digests first, so the comparison takes as long whatever the lengths.
    private boolean samePassword(String given) {
        return MessageDigest.isEqual(sha256(given), sha256(settings.password()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void respondJson(HttpExchange ex, JsonNode body) {
        try {
            ex.respond(200, JSON, json.writeValueAsBytes(body), NO_STORE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void onlyFor(HttpExchange ex, String method, Runnable then) {
        if (ex.method().equals(method)) then.run();
        else ex.respond(405, "text/plain", "method not allowed\n", Map.of("Allow", method));
    }

    private record StaticFile(String name, String contentType, byte[] bytes) {
        StaticFile(String name, String contentType) {
            this(name, contentType, load(name));
        }

        private static byte[] load(String name) {
            try (InputStream in = AdminPage.class.getResourceAsStream(name)) {
                if (in == null) throw new IllegalStateException("admin page file missing from the jar: " + name);
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
