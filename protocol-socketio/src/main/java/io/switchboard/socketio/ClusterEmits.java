package io.switchboard.socketio;

import io.switchboard.core.ControlCommand;
import io.switchboard.core.Node;
import io.switchboard.socketio.internal.codec.DecodeException;
import io.switchboard.socketio.internal.codec.JsonValues;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The emits that reach sockets rather than rooms, on every node: a namespace's emit to all its sockets and
 * an emit to one socket by its id (Socket.IO's Redis adapter does as much). Each travels as a control command
 * to every node, the sending one included, which emits to its own sockets; the arguments cross as JSON with
 * their binary attachments. Rooms need none of this: they are core channels.
 */
final class ClusterEmits {
    static final String KIND = "socketio.emit";
    /** A socket id's shape (see RandomIds); a room named so is taken for a socket first. */
    private static final Pattern SOCKET_ID = Pattern.compile("[A-Za-z0-9_-]{20}");

    private record Emit(String path, String namespace, String target, String except, String event, List<Object> args) {
    }

    private ClusterEmits() {
    }

    static void register(SocketIoServer server, Node node) {
        node.onProtocolCommand(KIND, payload -> {
            Emit e;
            try {
                e = decode(payload);
            } catch (IOException | DecodeException ex) {
                return; // not ours to read: a node of another version
            }
            if (!e.path().equals(server.path())) return;
            Namespace ns = server.existing(e.namespace());
            if (ns == null) return;
            Object[] args = e.args().toArray();
            if (e.target().isEmpty()) {
                ns.emitExcept(ns.socket(e.except()).orElse(null), e.event(), args);
            } else if (!e.target().equals(e.except())) {
                ns.socket(e.target()).ifPresent(s -> s.emit(e.event(), args));
            }
        });
    }

    static boolean looksLikeSocketId(String room) {
        return SOCKET_ID.matcher(room).matches();
    }

    /** @param target a socket id, or "" for every socket of the namespace; @param except a socket id or "" */
    static CompletableFuture<Void> send(Namespace ns, String target, String except, String event, Object[] args) {
        return ns.server().node().control(new ControlCommand.Protocol(KIND,
                encode(new Emit(ns.server().path(), ns.name(), target, except, event, Arrays.asList(args)))));
    }

    private static byte[] encode(Emit e) {
        List<byte[]> attachments = new ArrayList<>();
        String json = JsonValues.write(e.args(), attachments);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (String s : List.of(e.path(), e.namespace(), e.target(), e.except(), e.event())) out.writeUTF(s);
            byte[] text = json.getBytes(StandardCharsets.UTF_8);
            out.writeInt(text.length);
            out.write(text);
            out.writeInt(attachments.size());
            for (byte[] a : attachments) {
                out.writeInt(a.length);
                out.write(a);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static Emit decode(byte[] payload) throws IOException, DecodeException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            String path = in.readUTF();
            String namespace = in.readUTF();
            String target = in.readUTF();
            String except = in.readUTF();
            String event = in.readUTF();
            String json = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
            int n = in.readInt();
            List<byte[]> attachments = new ArrayList<>(n);
            for (int i = 0; i < n; i++) attachments.add(in.readNBytes(in.readInt()));
            Object args = JsonValues.withAttachments(JsonValues.parse(json), attachments);
            return new Emit(path, namespace, target, except, event, (List<Object>) args);
        }
    }
}
