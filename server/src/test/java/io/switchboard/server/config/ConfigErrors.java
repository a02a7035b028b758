package io.switchboard.server.config;

/** Test helper: the ConfigException a load throws. */
final class ConfigErrors {
    interface Load {
        Object run() throws Exception;
    }

    private ConfigErrors() {
    }

    static ConfigException of(Load load) {
        try {
            load.run();
        } catch (ConfigException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a ConfigException, got " + e, e);
        }
        throw new AssertionError("expected a ConfigException, but the config loaded");
    }
}
