package io.switchboard.engine.redis;

import io.switchboard.core.ClientInfo;
import io.switchboard.core.HistoryFilter;
import io.switchboard.core.HistoryOptions;
import io.switchboard.core.Publication;
import io.switchboard.testing.RedisServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine finds its Redis through a real Sentinel, from the address the config's sentinel keys become. */
class SentinelTest {
    private static final HistoryOptions HISTORY = new HistoryOptions(10, Duration.ofMinutes(5), Duration.ofHours(1));

    @Test
    void nodesFindTheMasterThroughTheSentinelAndShareIt() throws Exception {
        try (RedisServer master = RedisServer.start(); RedisServer sentinel = RedisServer.startSentinel(master.port(), "main")) {
            RedisSettings settings = RedisSettings.of("redis-sentinel://127.0.0.1:" + sentinel.port() + "#main")
                    .withPrefix("sent");
            RedisEngine a = RedisEngine.connect(settings, System::currentTimeMillis, 100);
            RedisEngine b = RedisEngine.connect(settings, System::currentTimeMillis, 100);
            try {
                RedisEngineTest.Events events = new RedisEngineTest.Events();
                a.start(new RedisEngineTest.Events());
                b.start(events);
                b.subscribe("s").get(10, TimeUnit.SECONDS);
                a.publish("s", new Publication(0, "x".getBytes(StandardCharsets.UTF_8), new ClientInfo("u", "c", null, null),
                        Map.of(), 0), HISTORY, false).get(10, TimeUnit.SECONDS);
                assertThat(events.next().position.offset()).isEqualTo(1);
                assertThat(master.command("TYPE sent.stream.s")).isEqualTo("+stream");
                assertThat(b.history("s", new HistoryFilter(null, -1, false), HISTORY).get(10, TimeUnit.SECONDS)
                        .publications()).hasSize(1);
            } finally {
                a.close();
                b.close();
            }
        }
    }
}
