package io.switchboard.pusher;

import io.switchboard.json.JsonObject;
import io.switchboard.pusher.internal.codec.ClientFrame;
import io.switchboard.pusher.internal.codec.SignedData;

import java.util.List;

/**
 * What a {@code pusher:signin} asks, checked against the app's signature and the user the connection is already
 * signed in as: refused (the connection closes with 4009), a repeat of the same user, or a new user with the
 * watchlist it may keep (at most {@link #MAX_WATCHLIST} ids).
 */
sealed interface SignIn {
    int MAX_WATCHLIST = 100;

    record Refused(String why) implements SignIn {
    }

    /** Signed in again as the same user: answered, nothing changes. */
    record Repeated(String userData) implements SignIn {
    }

    /** {@code cut}: the watchlist was longer than allowed and is its first {@link #MAX_WATCHLIST} ids. */
    record Accepted(String userId, List<String> watchlist, boolean cut, String userData) implements SignIn {
    }

    static SignIn check(PusherApp app, String socketId, String signedInUser, JsonObject data) {
        String auth = ClientFrame.string(data, "auth");
        String userData = ClientFrame.string(data, "user_data");
        if (userData == null || !Signatures.validAuth(app, auth, Signatures.userString(socketId, userData))) {
            return new Refused("Invalid signature");
        }
        SignedData.User u = SignedData.userData(userData);
        if (u == null) return new Refused("user_data must be a JSON object with a string id");
        if (!signedInUser.isEmpty() && !signedInUser.equals(u.id())) {
            return new Refused("This connection is signed in as another user");
        }
        if (!signedInUser.isEmpty()) return new Repeated(userData);
        List<String> watched = u.watchlist();
        boolean cut = watched.size() > MAX_WATCHLIST;
        if (cut) watched = watched.subList(0, MAX_WATCHLIST);
        return new Accepted(u.id(), List.copyOf(watched), cut, userData);
    }
}
