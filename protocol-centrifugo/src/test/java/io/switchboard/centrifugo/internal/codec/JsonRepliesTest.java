package io.switchboard.centrifugo.internal.codec;

import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.PresenceStats;
import io.switchboard.core.Publication;
import io.switchboard.core.Unsubscribe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Golden frames: the exact JSON Centrifugo's clients read. */
class JsonRepliesTest {
    private static String json(Consumer<JsonWriter> enc) {
        JsonWriter w = new JsonWriter(8);
        enc.accept(w);
        return new String(w.toByteArray(), StandardCharsets.UTF_8);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheConnectReplyWithPingAndPong() {
        var r = new Results.Connect("9ac9de4e", "0.1.0", false, 0, null, Map.of(), 25, true, null, null);
        assertThat(json(w -> JsonReplies.connect(w, 1, r)))
                .isEqualTo("{\"id\":1,\"connect\":{\"client\":\"9ac9de4e\",\"version\":\"0.1.0\",\"ping\":25,\"pong\":true}}");
    }

    @Test
    void writesServerSideSubsInsideTheConnectReply() {
        var sub = new Results.Subscribe(false, 0, true, "xDfRkLmn", List.of(), false, 12, true, null, false, false);
        var r = new Results.Connect("c", "v", true, 3600, null, Map.of("#42", sub), 25, true, null, null);
        assertThat(json(w -> JsonReplies.connect(w, 1, r))).isEqualTo("{\"id\":1,\"connect\":{\"client\":\"c\",\"version\":\"v\","
                + "\"expires\":true,\"ttl\":3600,\"subs\":{\"#42\":{\"recoverable\":true,\"epoch\":\"xDfRkLmn\","
                + "\"offset\":12,\"positioned\":true}},\"ping\":25,\"pong\":true}}");
    }

    @Test
    void writesARecoveredSubscribeResult() {
        var pubs = List.of(new Publication(6, b("{\"n\":6}"), null, Map.of(), 0),
                new Publication(7, b("{\"n\":7}"), null, Map.of(), 0));
        var r = new Results.Subscribe(false, 0, true, "abcdEFGH", pubs, true, 7, true, null, true, false);
        assertThat(json(w -> JsonReplies.subscribe(w, 3, r))).isEqualTo("{\"id\":3,\"subscribe\":{\"recoverable\":true,"
                + "\"epoch\":\"abcdEFGH\",\"publications\":[{\"data\":{\"n\":6},\"offset\":6},{\"data\":{\"n\":7},\"offset\":7}],"
                + "\"recovered\":true,\"offset\":7,\"positioned\":true,\"was_recovering\":true}}");
    }

    @Test
    void writesPublicationPushWithClientInfoAndStripsRawNewlines() {
        var info = new ClientInfo("42", "c-1", b("{\"name\":\n\"Al\"}"), null);
        var pub = new Publication(8, b("{\"text\":\n\"hi\"}"), info, Map.of("event", "msg"), 0);
        assertThat(json(w -> JsonReplies.publicationPush(w, "chat:1", pub))).isEqualTo("{\"push\":{\"channel\":\"chat:1\","
                + "\"pub\":{\"data\":{\"text\":\"hi\"},\"info\":{\"user\":\"42\",\"client\":\"c-1\",\"conn_info\":{\"name\":\"Al\"}},"
                + "\"offset\":8,\"tags\":{\"event\":\"msg\"}}}}");
    }

    @Test
    void writesErrorsJoinLeaveUnsubscribeAndEmptyResults() {
        assertThat(json(w -> JsonReplies.error(w, 11, ClientError.PERMISSION_DENIED)))
                .isEqualTo("{\"id\":11,\"error\":{\"code\":103,\"message\":\"permission denied\"}}");
        assertThat(json(w -> JsonReplies.error(w, 2, ClientError.INTERNAL)))
                .isEqualTo("{\"id\":2,\"error\":{\"code\":100,\"message\":\"internal server error\",\"temporary\":true}}");
        assertThat(json(w -> JsonReplies.joinPush(w, "c", new ClientInfo("43", "x", null, null))))
                .isEqualTo("{\"push\":{\"channel\":\"c\",\"join\":{\"info\":{\"user\":\"43\",\"client\":\"x\"}}}}");
        assertThat(json(w -> JsonReplies.unsubscribePush(w, "c", Unsubscribe.SERVER)))
                .isEqualTo("{\"push\":{\"channel\":\"c\",\"unsubscribe\":{\"code\":2000,\"reason\":\"server unsubscribe\"}}}");
        assertThat(json(w -> JsonReplies.empty(w, 4, Method.PUBLISH))).isEqualTo("{\"id\":4,\"publish\":{}}");
        assertThat(json(w -> JsonReplies.presenceStats(w, 6, new PresenceStats(2, 1))))
                .isEqualTo("{\"id\":6,\"presence_stats\":{\"num_clients\":2,\"num_users\":1}}");
        assertThat(json(JsonReplies::ping)).isEqualTo("{}");
    }

    @Test
    void escapesStringsAsJson() {
        assertThat(json(w -> w.open().field("k").string("a\"b\\c\n\u0001é😀").close()))
                .isEqualTo("{\"k\":\"a\\\"b\\\\c\\u000a\\u0001é😀\"}");
    }
}
