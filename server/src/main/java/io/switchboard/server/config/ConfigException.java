package io.switchboard.server.config;

import java.util.List;

/** A config that cannot be used; {@link #errors()} holds every problem found, each naming its key. */
public final class ConfigException extends Exception {
    private final List<String> errors;
    private final List<String> warnings;

    /** @param warnings what was found besides the errors, e.g. an unknown variable that explains one of them */
    public ConfigException(List<String> errors, List<String> warnings) {
        super(errors.size() == 1 ? errors.get(0)
                : errors.size() + " config errors:\n  " + String.join("\n  ", errors));
        this.errors = List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
    }

    public ConfigException(String error) {
        this(List.of(error), List.of());
    }

    public List<String> errors() {
        return errors;
    }

    public List<String> warnings() {
        return warnings;
    }
}
