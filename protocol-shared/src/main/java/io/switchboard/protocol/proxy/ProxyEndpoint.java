package io.switchboard.protocol.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One configured proxy, as Centrifugo v6 describes it ({@code client.proxy.connect}, {@code channel.proxy.subscribe},
 * an item of {@code proxies[]}, ...).
 *
 * @param name                  "default" for the proxies of {@code client.proxy}, {@code channel.proxy} and
 *                              {@code rpc.proxy}, else the {@code proxies[]} item's name
 * @param endpoint              {@code http://} or {@code https://} address the request is POSTed to
 * @param timeout               for the whole call; Centrifugo's default is 1s
 * @param httpHeaders           the client's transport headers to forward (lower case)
 * @param emulatedHeaders       the headers a client sent in its connect command to forward (lower case)
 * @param staticHeaders         added to every request ({@code http.static_headers}); the two above win over them
 * @param includeConnectionMeta whether {@code meta} from the connect proxy goes along with later calls
 * @param binaryEncoding        payloads as base64 ({@code b64data}) instead of JSON ({@code data})
 */
public record ProxyEndpoint(String name, String endpoint, Duration timeout, List<String> httpHeaders,
                            List<String> emulatedHeaders, Map<String, String> staticHeaders,
                            boolean includeConnectionMeta, boolean binaryEncoding) {
    public static final String DEFAULT_NAME = "default";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    public ProxyEndpoint {
        httpHeaders = httpHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        emulatedHeaders = emulatedHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        staticHeaders = Map.copyOf(staticHeaders);
    }

    /** An endpoint with no headers and Centrifugo's defaults, for tests and embedding. */
    public static ProxyEndpoint of(String endpoint) {
        return new ProxyEndpoint(DEFAULT_NAME, endpoint, DEFAULT_TIMEOUT, List.of(), List.of(), Map.of(), false, false);
    }

    public ProxyEndpoint withTimeout(Duration v) {
        return new ProxyEndpoint(name, endpoint, v, httpHeaders, emulatedHeaders, staticHeaders, includeConnectionMeta,
                binaryEncoding);
    }

    /** Whether the backend is reached over gRPC ({@code grpc://host:port}). */
    public boolean grpc() {
        return endpoint.startsWith("grpc://");
    }

    /** The {@code encoding} field of its requests. */
    String encoding() {
        return binaryEncoding ? "binary" : "json";
    }
}
