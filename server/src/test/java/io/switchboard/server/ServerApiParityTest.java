package io.switchboard.server;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.server.config.GrpcApiConfig;
import io.switchboard.server.grpc.proto.BatchRequest;
import io.switchboard.server.grpc.proto.BroadcastRequest;
import io.switchboard.server.grpc.proto.CentrifugoApiGrpc;
import io.switchboard.server.grpc.proto.Command;
import io.switchboard.server.grpc.proto.Disconnect;
import io.switchboard.server.grpc.proto.DisconnectRequest;
import io.switchboard.server.grpc.proto.Error;
import io.switchboard.server.grpc.proto.HistoryRemoveRequest;
import io.switchboard.server.grpc.proto.HistoryRequest;
import io.switchboard.server.grpc.proto.HistoryResponse;
import io.switchboard.server.grpc.proto.PresenceRequest;
import io.switchboard.server.grpc.proto.PresenceStatsRequest;
import io.switchboard.server.grpc.proto.PublishRequest;
import io.switchboard.server.grpc.proto.PublishResponse;
import io.switchboard.server.grpc.proto.Reply;
import io.switchboard.server.grpc.proto.StreamPosition;
import io.switchboard.server.grpc.proto.SubscribeRequest;
import io.switchboard.server.grpc.proto.UnsubscribeRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each server API case twice, once over HTTP JSON ({@code _http}) and once over gRPC ({@code _grpc}): both
 * transports answer alike, as Centrifugo v6 does (one executor behind both).
 */
class ServerApiParityTest {
    private static final String KEY = "parity-key";
    private static final String POSITION_1 = "\\{\"offset\":1,\"epoch\":\"[a-zA-Z]{8}\"}";
    private static final String BAD_REQUEST_JSON = "{\"error\":{\"code\":107,\"message\":\"bad request\"}}";
    private static final Error BAD_REQUEST = Error.newBuilder().setCode(107).setMessage("bad request").build();
    private static final Error UNKNOWN_CHANNEL = Error.newBuilder().setCode(102).setMessage("unknown channel").build();
    private static final Error NOT_FOUND = Error.newBuilder().setCode(104).setMessage("not found").build();
    private static final Error INTERNAL = Error.newBuilder().setCode(100).setMessage("internal server error").build();
    private static final Error UNRECOVERABLE = Error.newBuilder().setCode(112).setMessage("unrecoverable position").build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ScriptedBroker broker = new ScriptedBroker();
    private Switchboard server;
    private ManagedChannel channel;
    private CentrifugoApiGrpc.CentrifugoApiBlockingStub grpc;

    @BeforeEach
    void start() throws InterruptedException {
        server = Switchboard.builder().port(0).engine(broker.engine()).apiKey(KEY)
                .grpcApi(new GrpcApiConfig("127.0.0.1", 0, KEY, false))
                .channels(new ChannelRules(255, ChannelOptions.openForDevelopment(), Map.of()))
                .centrifugo(CentrifugoOptions.defaults().withAnonymous(true)).start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcApiPort()).usePlaintext().build();
        Metadata auth = new Metadata();
        auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "apikey " + KEY);
        grpc = CentrifugoApiGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    private String http(String method, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/" + method))
                .header("X-API-Key", KEY).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + body + " -> " + r.body()).isEqualTo(200);
        return r.body();
    }

    private static ByteString json(String s) {
        return ByteString.copyFromUtf8(s);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Command publishCommand(String channel, String data) {
        return Command.newBuilder().setPublish(PublishRequest.newBuilder().setChannel(channel).setData(json(data))).build();
    }

    // --- broadcast ------------------------------------------------------------------------------------

    @Test
    void broadcastFailsOnlyTheEntryWithAnEmptyChannel_http() throws Exception {
        assertThat(http("broadcast", "{\"channels\":[\"a\",\"\"],\"data\":{}}")).matches("\\{\"result\":\\{\"responses\":\\["
                + "\\{\"result\":" + POSITION_1 + "},\\{\"error\":\\{\"code\":107,\"message\":\"bad request\"}}]}}");
    }

    @Test
    void broadcastFailsOnlyTheEntryWithAnEmptyChannel_grpc() {
        var r = grpc.broadcast(BroadcastRequest.newBuilder().addChannels("a").addChannels("").setData(json("{}")).build());
        assertThat(r.hasError()).isFalse();
        assertThat(r.getResult().getResponsesCount()).isEqualTo(2);
        assertThat(r.getResult().getResponses(0).getResult().getOffset()).isEqualTo(1);
        assertThat(r.getResult().getResponses(1)).isEqualTo(PublishResponse.newBuilder().setError(BAD_REQUEST).build());
    }

    @Test
    void broadcastWithoutChannelsFailsTheWholeCall_http() throws Exception {
        assertThat(http("broadcast", "{\"channels\":[],\"data\":{}}")).isEqualTo(BAD_REQUEST_JSON);
        assertThat(http("broadcast", "{\"data\":{}}")).isEqualTo(BAD_REQUEST_JSON);
    }

    @Test
    void broadcastWithoutChannelsFailsTheWholeCall_grpc() {
        var r = grpc.broadcast(BroadcastRequest.newBuilder().setData(json("{}")).build());
        assertThat(r.getError()).isEqualTo(BAD_REQUEST);
        assertThat(r.hasResult()).isFalse();
    }

    // --- batch ----------------------------------------------------------------------------------------

    @Test
    void batchAnswersACommandWithoutAMethodItServesWithNotFound_http() throws Exception {
        String notFound = "\\{\"error\":\\{\"code\":104,\"message\":\"not found\"}}";
        assertThat(http("batch", "{\"commands\":[{},{\"publish\":{\"channel\":\"a\",\"data\":1}},{\"nope\":{}},"
                + "{\"batch\":{\"commands\":[]}},null]}")).matches("\\{\"replies\":\\[" + notFound
                + ",\\{\"publish\":" + POSITION_1 + "}," + notFound + "," + notFound
                + ",\\{\"error\":\\{\"code\":107,\"message\":\"bad request\"}}]}");
    }

    @Test
    void batchAnswersACommandWithoutAMethodItServesWithNotFound_grpc() {
        var r = grpc.batch(BatchRequest.newBuilder().addCommands(Command.getDefaultInstance())
                .addCommands(publishCommand("a", "1")).build());
        assertThat(r.getRepliesCount()).isEqualTo(2);
        assertThat(r.getReplies(0)).isEqualTo(Reply.newBuilder().setError(NOT_FOUND).build());
        assertThat(r.getReplies(1).getPublish().getOffset()).isEqualTo(1);
    }

    @Test
    void batchWithoutCommandsAnswersNoReplies_http() throws Exception {
        assertThat(http("batch", "{}")).isEqualTo("{\"replies\":[]}");
        assertThat(http("batch", "{\"commands\":[]}")).isEqualTo("{\"replies\":[]}");
    }

    @Test
    void batchWithoutCommandsAnswersNoReplies_grpc() {
        assertThat(grpc.batch(BatchRequest.getDefaultInstance()).getRepliesCount()).isZero();
    }

    @Test
    void batchRunsCommandsOneAfterAnotherUnlessParallel_http() throws Exception {
        String commands = "\"commands\":[{\"publish\":{\"channel\":\"held\",\"data\":1}},{\"publish\":{\"channel\":\"after\",\"data\":2}}]";
        String both = "\\{\"replies\":\\[\\{\"publish\":" + POSITION_1 + "},\\{\"publish\":" + POSITION_1 + "}]}";
        assertThat(http("batch", "{" + commands + "}")).matches(both);
        assertThat(broker.events).containsExactly("publish held", "released held", "publish after");
        broker.events.clear();
        assertThat(http("batch", "{" + commands + ",\"parallel\":true}")).matches(both.replace("offset\":1", "offset\":2"));
        assertThat(broker.events).containsExactly("publish held", "publish after", "released held");
    }

    @Test
    void batchRunsCommandsOneAfterAnotherUnlessParallel_grpc() {
        BatchRequest.Builder b = BatchRequest.newBuilder().addCommands(publishCommand("held", "1"))
                .addCommands(publishCommand("after", "2"));
        var sequential = grpc.batch(b.build());
        assertThat(sequential.getRepliesList()).extracting(x -> x.getPublish().getOffset()).containsExactly(1L, 1L);
        assertThat(broker.events).containsExactly("publish held", "released held", "publish after");
        broker.events.clear();
        var parallel = grpc.batch(b.setParallel(true).build());
        assertThat(parallel.getRepliesList()).extracting(x -> x.getPublish().getOffset()).containsExactly(2L, 2L);
        assertThat(broker.events).containsExactly("publish held", "publish after", "released held");
    }

    // --- payloads -------------------------------------------------------------------------------------

    @Test
    void theBase64PayloadWinsOverTheRawOne_http() throws Exception {
        http("publish", "{\"channel\":\"b64\",\"data\":{\"from\":\"data\"},\"b64data\":\"" + b64("{\"from\":\"b64data\"}") + "\"}");
        assertThat(http("history", "{\"channel\":\"b64\",\"limit\":10}"))
                .startsWith("{\"result\":{\"publications\":[{\"data\":{\"from\":\"b64data\"},\"offset\":1}],");
    }

    @Test
    void theBase64PayloadWinsOverTheRawOne_grpc() {
        grpc.publish(PublishRequest.newBuilder().setChannel("b64").setData(json("{\"from\":\"data\"}"))
                .setB64Data(b64("{\"from\":\"b64data\"}")).build());
        var history = grpc.history(HistoryRequest.newBuilder().setChannel("b64").setLimit(10).build());
        assertThat(history.getResult().getPublicationsList()).extracting(p -> p.getData().toStringUtf8())
                .containsExactly("{\"from\":\"b64data\"}");
    }

    @Test
    void missingChannelsMissingDataAndBadBase64AreBadRequests_http() throws Exception {
        for (String[] call : List.of(new String[]{"publish", "{\"data\":1}"}, new String[]{"publish", "{\"channel\":\"a\"}"},
                new String[]{"publish", "{\"channel\":\"a\",\"b64data\":\"not base64!\"}"},
                new String[]{"broadcast", "{\"channels\":[\"a\"],\"b64data\":\"not base64!\"}"},
                new String[]{"subscribe", "{\"user\":\"u\"}"},
                new String[]{"subscribe", "{\"user\":\"u\",\"channel\":\"a\",\"b64info\":\"not base64!\"}"},
                new String[]{"presence", "{}"}, new String[]{"presence_stats", "{}"}, new String[]{"history", "{}"},
                new String[]{"history_remove", "{}"})) {
            assertThat(http(call[0], call[1])).as(call[0] + " " + call[1]).isEqualTo(BAD_REQUEST_JSON);
        }
    }

    @Test
    void missingChannelsMissingDataAndBadBase64AreBadRequests_grpc() {
        assertThat(grpc.publish(PublishRequest.newBuilder().setData(json("1")).build()).getError()).isEqualTo(BAD_REQUEST);
        assertThat(grpc.publish(PublishRequest.newBuilder().setChannel("a").build()).getError()).isEqualTo(BAD_REQUEST);
        assertThat(grpc.publish(PublishRequest.newBuilder().setChannel("a").setB64Data("not base64!").build()).getError())
                .isEqualTo(BAD_REQUEST);
        assertThat(grpc.broadcast(BroadcastRequest.newBuilder().addChannels("a").setB64Data("not base64!").build()).getError())
                .isEqualTo(BAD_REQUEST);
        assertThat(grpc.subscribe(SubscribeRequest.newBuilder().setUser("u").build()).getError()).isEqualTo(BAD_REQUEST);
        assertThat(grpc.subscribe(SubscribeRequest.newBuilder().setUser("u").setChannel("a").setB64Info("not base64!").build())
                .getError()).isEqualTo(BAD_REQUEST);
        assertThat(grpc.presence(PresenceRequest.getDefaultInstance()).getError()).isEqualTo(BAD_REQUEST);
        assertThat(grpc.presenceStats(PresenceStatsRequest.getDefaultInstance()).getError()).isEqualTo(BAD_REQUEST);
        assertThat(grpc.history(HistoryRequest.getDefaultInstance()).getError()).isEqualTo(BAD_REQUEST);
        assertThat(grpc.historyRemove(HistoryRemoveRequest.getDefaultInstance()).getError()).isEqualTo(BAD_REQUEST);
    }

    // --- channels that do not exist -------------------------------------------------------------------

    @Test
    void subscribeAndUnsubscribeInAnUnknownNamespaceAreUnknownChannel_http() throws Exception {
        String unknown = "{\"error\":{\"code\":102,\"message\":\"unknown channel\"}}";
        assertThat(http("subscribe", "{\"user\":\"u\",\"channel\":\"nope:x\"}")).isEqualTo(unknown);
        assertThat(http("unsubscribe", "{\"user\":\"u\",\"channel\":\"nope:x\"}")).isEqualTo(unknown);
    }

    @Test
    void subscribeAndUnsubscribeInAnUnknownNamespaceAreUnknownChannel_grpc() {
        assertThat(grpc.subscribe(SubscribeRequest.newBuilder().setUser("u").setChannel("nope:x").build()).getError())
                .isEqualTo(UNKNOWN_CHANNEL);
        assertThat(grpc.unsubscribe(UnsubscribeRequest.newBuilder().setUser("u").setChannel("nope:x").build()).getError())
                .isEqualTo(UNKNOWN_CHANNEL);
    }

    // --- disconnect -----------------------------------------------------------------------------------

    @Test
    void aDisconnectCodeOutsideTheApplicationRangeIsABadRequest_http() throws Exception {
        assertThat(http("disconnect", "{\"user\":\"u\",\"disconnect\":{\"code\":2999,\"reason\":\"x\"}}")).isEqualTo(BAD_REQUEST_JSON);
        assertThat(http("disconnect", "{\"user\":\"u\",\"disconnect\":{\"code\":5000,\"reason\":\"x\"}}")).isEqualTo(BAD_REQUEST_JSON);
        assertThat(http("disconnect", "{\"user\":\"u\",\"disconnect\":{\"code\":4999,\"reason\":\"x\"}}")).isEqualTo("{\"result\":{}}");
    }

    @Test
    void aDisconnectCodeOutsideTheApplicationRangeIsABadRequest_grpc() {
        for (int code : new int[]{2999, 5000}) {
            assertThat(grpc.disconnect(DisconnectRequest.newBuilder().setUser("u")
                    .setDisconnect(Disconnect.newBuilder().setCode(code).setReason("x")).build()).getError()).isEqualTo(BAD_REQUEST);
        }
        var ok = grpc.disconnect(DisconnectRequest.newBuilder().setUser("u")
                .setDisconnect(Disconnect.newBuilder().setCode(4999).setReason("x")).build());
        assertThat(ok.hasError()).isFalse();
        assertThat(ok.hasResult()).isTrue();
    }

    // --- history --------------------------------------------------------------------------------------

    @Test
    void historyHonoursLimitReverseAndSince_http() throws Exception {
        for (int n = 1; n <= 3; n++) http("publish", "{\"channel\":\"h\",\"data\":{\"n\":" + n + "}}");
        String all = http("history", "{\"channel\":\"h\",\"limit\":-1}");
        String epoch = all.replaceAll(".*\"epoch\":\"([a-zA-Z]+)\".*", "$1");
        String tail = ",\"epoch\":\"" + epoch + "\",\"offset\":3}}";
        assertThat(all).isEqualTo("{\"result\":{\"publications\":[{\"data\":{\"n\":1},\"offset\":1},{\"data\":{\"n\":2},\"offset\":2},"
                + "{\"data\":{\"n\":3},\"offset\":3}]" + tail);
        assertThat(http("history", "{\"channel\":\"h\"}")).isEqualTo("{\"result\":{\"publications\":[]" + tail);
        assertThat(http("history", "{\"channel\":\"h\",\"limit\":1,\"reverse\":true}"))
                .isEqualTo("{\"result\":{\"publications\":[{\"data\":{\"n\":3},\"offset\":3}]" + tail);
        assertThat(http("history", "{\"channel\":\"h\",\"limit\":10,\"since\":{\"offset\":2,\"epoch\":\"" + epoch + "\"}}"))
                .isEqualTo("{\"result\":{\"publications\":[{\"data\":{\"n\":3},\"offset\":3}]" + tail);
        assertThat(http("history", "{\"channel\":\"h\",\"limit\":10,\"since\":{\"offset\":2,\"epoch\":\"other\"}}"))
                .isEqualTo("{\"error\":{\"code\":112,\"message\":\"unrecoverable position\"}}");
    }

    @Test
    void historyHonoursLimitReverseAndSince_grpc() {
        for (int n = 1; n <= 3; n++) grpc.publish(PublishRequest.newBuilder().setChannel("h").setData(json("{\"n\":" + n + "}")).build());
        HistoryRequest h = HistoryRequest.newBuilder().setChannel("h").build();
        HistoryResponse all = grpc.history(h.toBuilder().setLimit(-1).build());
        String epoch = all.getResult().getEpoch();
        assertThat(all.getResult().getOffset()).isEqualTo(3);
        assertThat(all.getResult().getPublicationsList()).extracting(p -> p.getOffset()).containsExactly(1L, 2L, 3L);
        var positionOnly = grpc.history(h).getResult();
        assertThat(positionOnly.getPublicationsCount()).isZero();
        assertThat(positionOnly.getOffset()).isEqualTo(3);
        assertThat(positionOnly.getEpoch()).isEqualTo(epoch);
        assertThat(grpc.history(h.toBuilder().setLimit(1).setReverse(true).build()).getResult().getPublicationsList())
                .extracting(p -> p.getData().toStringUtf8()).containsExactly("{\"n\":3}");
        StreamPosition since = StreamPosition.newBuilder().setOffset(2).setEpoch(epoch).build();
        assertThat(grpc.history(h.toBuilder().setLimit(10).setSince(since).build()).getResult().getPublicationsList())
                .extracting(p -> p.getOffset()).containsExactly(3L);
        assertThat(grpc.history(h.toBuilder().setLimit(10).setSince(since.toBuilder().setEpoch("other")).build()).getError())
                .isEqualTo(UNRECOVERABLE);
    }

    // --- engine failures ------------------------------------------------------------------------------

    @Test
    void anEngineFailureIsAnInternalErrorInTheAnswer_http() throws Exception {
        assertThat(http("publish", "{\"channel\":\"boom\",\"data\":1}"))
                .isEqualTo("{\"error\":{\"code\":100,\"message\":\"internal server error\"}}");
        assertThat(http("broadcast", "{\"channels\":[\"boom\",\"a\"],\"data\":1}")).matches("\\{\"result\":\\{\"responses\":\\["
                + "\\{\"error\":\\{\"code\":100,\"message\":\"internal server error\"}},\\{\"result\":" + POSITION_1 + "}]}}");
    }

    @Test
    void anEngineFailureIsAnInternalErrorInTheAnswer_grpc() {
        assertThat(grpc.publish(PublishRequest.newBuilder().setChannel("boom").setData(json("1")).build()).getError())
                .isEqualTo(INTERNAL);
        var r = grpc.broadcast(BroadcastRequest.newBuilder().addChannels("boom").addChannels("a").setData(json("1")).build());
        assertThat(r.getResult().getResponses(0)).isEqualTo(PublishResponse.newBuilder().setError(INTERNAL).build());
        assertThat(r.getResult().getResponses(1).getResult().getOffset()).isEqualTo(1);
    }
}
