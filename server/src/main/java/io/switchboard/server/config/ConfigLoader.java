package io.switchboard.server.config;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.file.Path;
import java.util.Map;

/**
 * Builds a {@link SwitchboardConfig} from, lowest first: defaults, the dev preset, the file, {@code SWITCHBOARD_*}
 * environment variables, command-line flags. Every problem is collected before anything is thrown.
 */
public final class ConfigLoader {

    /** Command-line flags that override everything else; null means "not given". */
    public record Overrides(String address, Integer port) {
        public static final Overrides NONE = new Overrides(null, null);
    }

    private ConfigLoader() {
    }

    /**
     * @param fileOrNull a JSON or YAML config, or null for none
     * @param dev        start from the {@code serve --dev} preset (the file still overrides it)
     * @param env        the environment, {@code System.getenv()} outside tests
     * @throws ConfigException with every error found, each naming its key
     */
    public static SwitchboardConfig load(Path fileOrNull, boolean dev, Map<String, String> env, Overrides cli)
            throws ConfigException {
        ObjectNode tree = dev ? DevPreset.tree() : JsonNodeFactory.instance.objectNode();
        if (fileOrNull != null) {
            Trees.merge(tree, ConfigFiles.read(fileOrNull));
        }
        Problems problems = new Problems();
        EnvOverrides.apply(tree, env, problems);
        if (cli != null && cli.port() != null) {
            problems.origin("http_server.port", "--port");
            Trees.set(tree, "http_server.port", IntNode.valueOf(cli.port()));
        }
        if (cli != null && cli.address() != null) {
            problems.origin("http_server.address", "--address");
            Trees.set(tree, "http_server.address", TextNode.valueOf(cli.address()));
        }
        KeyCheck.check(tree, problems);
        SwitchboardConfig config = new ConfigBinder(tree, problems).bind(dev);
        if (problems.hasErrors()) {
            throw new ConfigException(problems.errors(), problems.warnings());
        }
        return config;
    }
}
