package io.switchboard.bench.publish;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PusherApiRequestsTest {
    @Test
    void requestsAreSignedAsPushersWorkedExampleIs() {
        PusherApiRequests requests = new PusherApiRequests("3", "278d425bdf160c739803", "7ad3773142a6692b25b8");
        byte[] body = "{\"name\":\"foo\",\"channels\":[\"project-3\"],\"data\":\"{\\\"some\\\":\\\"data\\\"}\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(requests.signedUri(body, 1353088179)).isEqualTo("/apps/3/events?auth_key=278d425bdf160c739803"
                + "&auth_timestamp=1353088179&auth_version=1.0&body_md5=ec365a775a4cd0599faeb73354201b6f"
                + "&auth_signature=da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c");
    }

    @Test
    void theBenchmarkMessageTravelsAsAJsonStringInAMessageEvent() {
        ByteBuf data = Unpooled.copiedBuffer("{\"t\":1,\"seq\":0,\"pad\":\"x\"}", StandardCharsets.US_ASCII);

        String body = new String(PusherApiRequests.body("news", data), StandardCharsets.UTF_8);

        assertThat(body).isEqualTo("{\"name\":\"message\",\"channels\":[\"news\"],\"data\":\"{\\\"t\\\":1,\\\"seq\\\":0,\\\"pad\\\":\\\"x\\\"}\"}");
    }
}
