package io.switchboard.bench.client;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The protocols {@code --protocol} can name. */
public final class Protocols {
    private Protocols() {
    }

    /** The protocol called {@code name}; {@code pusherKey} is the app key in Pusher's URL. */
    public static Protocol byName(String name, String pusherKey) {
        Protocol protocol = all(pusherKey).get(name);
        if (protocol == null) {
            throw new IllegalArgumentException("unknown protocol '" + name + "'; known: " + names());
        }
        return protocol;
    }

    public static List<String> names() {
        return all("key").keySet().stream().sorted().toList();
    }

    private static Map<String, Protocol> all(String pusherKey) {
        return List.<Protocol>of(new CentrifugoJson(), new CentrifugoProtobuf(), new SocketIo(true), new SocketIo(false),
                        new Pusher(pusherKey), new SocketCluster())
                .stream().collect(Collectors.toUnmodifiableMap(Protocol::name, Function.identity()));
    }
}
