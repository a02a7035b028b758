package io.switchboard.pusher;

import io.switchboard.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignInTest {
    private final PusherApp app = new PusherApp("a", "k", "s", true, true, -1, 100, 10, 200, 10, 2, false, List.of(), "");

    private JsonObject signin(String userData, String secret) {
        String auth = "k:" + Signatures.hmacHex(secret, Signatures.userString("1.2", userData));
        return new JsonObject(List.of(Map.entry("auth", auth), Map.entry("user_data", userData)));
    }

    @Test
    void acceptsAUserSignedWithTheAppSecret() {
        SignIn r = SignIn.check(app, "1.2", "", signin("{\"id\":\"u1\",\"watchlist\":[\"u2\"]}", "s"));
        SignIn.Accepted a = assertInstanceOf(SignIn.Accepted.class, r);
        assertEquals("u1", a.userId());
        assertEquals(List.of("u2"), a.watchlist());
        assertTrue(!a.cut());
    }

    @Test
    void refusesAnotherSecretAndAnotherUserButAnswersTheSameUserAgain() {
        assertEquals(new SignIn.Refused("Invalid signature"), SignIn.check(app, "1.2", "", signin("{\"id\":\"u1\"}", "x")));
        assertEquals(new SignIn.Refused("This connection is signed in as another user"),
                SignIn.check(app, "1.2", "u0", signin("{\"id\":\"u1\"}", "s")));
        assertEquals(new SignIn.Repeated("{\"id\":\"u1\"}"), SignIn.check(app, "1.2", "u1", signin("{\"id\":\"u1\"}", "s")));
    }

    @Test
    void keepsTheFirstHundredIdsOfALongerWatchlist() {
        String ids = IntStream.range(0, 150).mapToObj(i -> "\"w" + i + "\"").collect(Collectors.joining(","));
        SignIn.Accepted a = assertInstanceOf(SignIn.Accepted.class,
                SignIn.check(app, "1.2", "", signin("{\"id\":\"u1\",\"watchlist\":[" + ids + "]}", "s")));
        assertTrue(a.cut());
        assertEquals(SignIn.MAX_WATCHLIST, a.watchlist().size());
        assertEquals("w99", a.watchlist().get(99));
    }
}
