package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request the decoder cannot take (a header or request line over its limit, or garbage) is answered with
 * its own status and the connection closed: the decoder discards whatever follows, so a connection kept
 * open would hang every later request on it.
 */
class BadRequestHeadTest {
    private static String answer(String request) {
        EmbeddedChannel ch = new EmbeddedChannel();
        HttpServer.initPipeline(ch.pipeline(), new Router().http("/x", e -> e.respond(200, "text/plain", "ok")), 1 << 16);
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        out.append(ch.isOpen() ? "[open]" : "[closed]");
        return out.toString();
    }

    @Test
    void anOversizedHeaderIs431AndTheConnectionCloses() {
        String a = answer("GET /x HTTP/1.1\r\nHost: a\r\nX-Big: " + "v".repeat(20_000) + "\r\n\r\n");
        assertThat(a).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
        assertThat(a).containsIgnoringCase("connection: close").endsWith("[closed]");
    }

    @Test
    void anOversizedRequestLineIs414AndTheConnectionCloses() {
        String a = answer("GET /x?" + "q".repeat(10_000) + " HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(a).startsWith("HTTP/1.1 414 ");
        assertThat(a).containsIgnoringCase("connection: close").endsWith("[closed]");
    }

    @Test
    void garbageIs400AndTheConnectionCloses() {
        String a = answer("GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: nope\r\n\r\n");
        assertThat(a).startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(a).containsIgnoringCase("connection: close").endsWith("[closed]");
    }

    @Test
    void aGoodRequestStillKeepsItsConnection() {
        assertThat(answer("GET /x HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n").endsWith("[open]");
    }
}
