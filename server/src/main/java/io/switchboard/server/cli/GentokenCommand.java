package io.switchboard.server.cli;

import io.switchboard.auth.TokenIssuer;
import io.switchboard.auth.TokenKeys;
import io.switchboard.core.ChannelRules;
import io.switchboard.server.config.ConfigException;
import io.switchboard.server.config.ConfigLoader;
import io.switchboard.server.config.SwitchboardConfig;
import io.switchboard.server.Switchboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gentoken}: an HS256 connection token (or a subscription token with {@code --channel}) signed with the
 * configured HMAC secret. The token alone goes to stdout, so {@code TOKEN=$(switchboard gentoken -u 42)} works.
 */
@Command(name = "gentoken", mixinStandardHelpOptions = true, version = "switchboard " + Switchboard.VERSION,
        description = "Print a connection token, or a subscription token for --channel, signed with the HMAC secret.")
public final class GentokenCommand implements Callable<Integer> {
    private static final Path DEFAULT_CONFIG = Path.of("config.json");

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", required = true, description = "user ID (the sub claim)")
    String user;

    @Option(names = {"-t", "--ttl"}, paramLabel = "SECONDS", defaultValue = "604800",
            description = "seconds until the token expires, 0 for never (default: ${DEFAULT-VALUE}, a week)")
    long ttl;

    @Option(names = "--channel", paramLabel = "CHANNEL", description = "issue a subscription token for this channel")
    String channel;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "config file (default: config.json, unless --dev)")
    Path config;

    @Option(names = "--dev",
            description = "use the serve --dev preset (secret \"dev-secret\"), with --config on top if given")
    boolean dev;

    public GentokenCommand() {
        this(System.getenv());
    }

    public GentokenCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (ttl < 0) {
            err.println("error: --ttl must be 0 (never expires) or more seconds, got " + ttl);
            return 1;
        }
        Path file = config != null ? config : dev ? null : DEFAULT_CONFIG;
        if (file != null && config == null && !Files.exists(file)) {
            err.println("error: no config.json here: give -c FILE, or --dev for the dev preset's secret");
            return 1;
        }
        SwitchboardConfig cfg;
        try {
            cfg = ConfigLoader.load(file, dev, env, ConfigLoader.Overrides.NONE);
        } catch (ConfigException e) {
            e.errors().forEach(message -> err.println("error: " + message));
            return 1;
        }
        boolean separateKeys = channel != null && cfg.client().subscriptionTokenKeys() != null;
        TokenKeys keys = separateKeys ? cfg.client().subscriptionTokenKeys() : cfg.client().connectionTokenKeys();
        String section = separateKeys ? "client.subscription_token" : "client.token";
        if (keys.hmacSecretKey() == null || keys.hmacSecretKey().isEmpty()) {
            err.println("error: " + section + ".hmac_secret_key is not set"
                    + (file != null ? " in " + file : "") + ": gentoken signs with the HMAC secret (HS256)"
                    + (separateKeys ? " and client.subscription_token.enabled is true" : ""));
            return 1;
        }
        String token = channel == null
                ? TokenIssuer.connectionToken(keys.hmacSecretKey(), user, ttl, List.of())
                : TokenIssuer.subscriptionToken(keys.hmacSecretKey(), user, channel, ttl);
        spec.commandLine().getOut().println(token);
        err.println(describe(cfg));
        return 0;
    }

    private String describe(SwitchboardConfig cfg) {
        String who = user.isEmpty() ? "an anonymous user" : "user \"" + user + "\"";
        String what = channel == null ? "connection token for " + who
                : "subscription token for " + who + " in channel \"" + channel + "\"";
        String when = ttl == 0 ? "never expires"
                : "expires " + Instant.now().plusSeconds(ttl).truncatedTo(ChronoUnit.SECONDS) + " (in " + ttl + "s)";
        String note = channel != null && cfg.channels().optionsFor(channel).isEmpty()
                ? "\nwarning: namespace \"" + ChannelRules.namespaceOf(channel)
                        + "\" is not configured: subscribing to this channel will fail"
                : "";
        return what + ", " + when + note;
    }
}
