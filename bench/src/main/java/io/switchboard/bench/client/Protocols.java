package io.switchboard.bench.client;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The protocols {@code --protocol} can name. */
public final class Protocols {
    private static final Map<String, Protocol> BY_NAME = List.<Protocol>of(new CentrifugoJson(), new CentrifugoProtobuf())
            .stream().collect(Collectors.toUnmodifiableMap(Protocol::name, Function.identity()));

    private Protocols() {
    }

    public static Protocol byName(String name) {
        Protocol protocol = BY_NAME.get(name);
        if (protocol == null) {
            throw new IllegalArgumentException("unknown protocol '" + name + "'; known: " + names());
        }
        return protocol;
    }

    public static List<String> names() {
        return BY_NAME.keySet().stream().sorted().toList();
    }
}
