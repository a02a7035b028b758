package io.switchboard.centrifugo;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.netty.channel.embedded.EmbeddedChannel;
import io.switchboard.core.Disconnect;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcBidiTransportTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final FakeStream stream = new FakeStream();
    private final GrpcBidiTransport transport = new GrpcBidiTransport(stream, channel.eventLoop(), "test");

    @Test
    void countsOnlyBytesWrittenWhileTheStreamIsNotReadyAndForgetsThemWhenItIsReadyAgain() {
        transport.write(new byte[100]);
        assertThat(transport.pendingOutboundBytes()).isZero();
        stream.ready = false;
        transport.write(new byte[300]);
        transport.write(new byte[200]);
        assertThat(transport.pendingOutboundBytes()).isEqualTo(500);
        stream.ready = true;
        stream.onReady.run();
        channel.runPendingTasks();
        assertThat(transport.pendingOutboundBytes()).isZero();
        assertThat(stream.sent).hasSize(3);
    }

    @Test
    void aDisconnectEndsTheCallWithTheV1AdviceInTheTrailersAndOkUnlessTheRequestWasBad() {
        transport.close(new Disconnect(3001, "{\"reason\":\"shutdown\",\"reconnect\":true}"), null);
        assertThat(stream.status.getCode()).isEqualTo(Status.Code.OK);
        assertThat(stream.trailers.get(GrpcBidiTransport.DISCONNECT)).isEqualTo("{\"reason\":\"shutdown\",\"reconnect\":true}");
        assertThat(stream.trailers.get(GrpcBidiTransport.DISCONNECT_CODE)).isEqualTo("3001");
        transport.write(new byte[1]);
        assertThat(stream.sent).isEmpty();

        FakeStream bad = new FakeStream();
        new GrpcBidiTransport(bad, channel.eventLoop(), "test")
                .close(new Disconnect(3501, "{\"reason\":\"bad request\",\"reconnect\":false}"), null);
        assertThat(bad.status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void aReasonOutsideAsciiIsEscapedSoTheTrailerIsStillTheSameJson() {
        transport.close(new Disconnect(4000, "{\"reason\":\"adiós\",\"reconnect\":true}"), null);
        assertThat(stream.trailers.get(GrpcBidiTransport.DISCONNECT)).isEqualTo("{\"reason\":\"adi\\u00f3s\",\"reconnect\":true}");
    }

    private static final class FakeStream extends ServerCallStreamObserver<byte[]> {
        boolean ready = true;
        Runnable onReady;
        final List<byte[]> sent = new ArrayList<>();
        Status status;
        Metadata trailers;

        @Override public boolean isReady() { return ready; }
        @Override public void setOnReadyHandler(Runnable r) { onReady = r; }
        @Override public void onNext(byte[] value) { sent.add(value); }

        @Override
        public void onError(Throwable t) {
            status = Status.fromThrowable(t);
            trailers = Status.trailersFromThrowable(t);
        }

        @Override public void onCompleted() { status = Status.OK; trailers = new Metadata(); }
        @Override public boolean isCancelled() { return false; }
        @Override public void setOnCancelHandler(Runnable r) { }
        @Override public void setCompression(String c) { }
        @Override public void disableAutoInboundFlowControl() { }
        @Override public void request(int n) { }
        @Override public void setMessageCompression(boolean enable) { }
    }
}
