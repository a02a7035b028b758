package io.switchboard.centrifugo.internal.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.switchboard.centrifugo.proto.ConnectRequest;
import io.switchboard.centrifugo.proto.HistoryRequest;
import io.switchboard.centrifugo.proto.PresenceRequest;
import io.switchboard.centrifugo.proto.PresenceStatsRequest;
import io.switchboard.centrifugo.proto.PublishRequest;
import io.switchboard.centrifugo.proto.RPCRequest;
import io.switchboard.centrifugo.proto.RefreshRequest;
import io.switchboard.centrifugo.proto.SendRequest;
import io.switchboard.centrifugo.proto.SubRefreshRequest;
import io.switchboard.centrifugo.proto.SubscribeRequest;
import io.switchboard.centrifugo.proto.UnsubscribeRequest;
import io.switchboard.centrifugo.proto.v1.Command;

import java.util.List;

/**
 * Decodes a frame of varint-delimited protocol v1 Protobuf {@code Command{id, method, params}}: {@code params} holds
 * the request message, the same message v2 embeds, so it is read with v2's classes and stripped of what v1 cannot
 * ask for. Proto3 cannot tell absent params from empty ones: they are the empty request, as in Go.
 */
public final class V1ProtobufCommandDecoder {
    private V1ProtobufCommandDecoder() {
    }

    public static List<io.switchboard.centrifugo.internal.codec.Command> decode(byte[] frame) throws DecodeException {
        return ProtobufCommandDecoder.delimited(frame, V1ProtobufCommandDecoder::command);
    }

    /** One bare Command, as a gRPC message carries it. */
    public static io.switchboard.centrifugo.internal.codec.Command decodeOne(byte[] message) throws DecodeException {
        return command(message, 0, message.length);
    }

    private static io.switchboard.centrifugo.internal.codec.Command command(byte[] bytes, int offset, int length)
            throws DecodeException {
        Command c;
        try {
            c = Command.parser().parseFrom(bytes, offset, length);
        } catch (InvalidProtocolBufferException e) {
            throw new DecodeException("malformed protobuf command: " + e.getMessage());
        }
        long id = Integer.toUnsignedLong(c.getId());
        Method m = V1Wire.method(c.getMethodValue());
        if (m == null) return new io.switchboard.centrifugo.internal.codec.Command(id, null, null);
        try {
            return new io.switchboard.centrifugo.internal.codec.Command(id, m, V1Wire.v1Only(m, request(m, c.getParams())));
        } catch (InvalidProtocolBufferException e) {
            throw new DecodeException("malformed " + m.key() + " params: " + e.getMessage());
        }
    }

    private static Object request(Method m, ByteString params) throws InvalidProtocolBufferException, DecodeException {
        return switch (m) {
            case CONNECT -> ProtobufCommandDecoder.connect(ConnectRequest.parseFrom(params));
            case SUBSCRIBE -> {
                SubscribeRequest s = SubscribeRequest.parseFrom(params);
                yield ProtobufCommandDecoder.subscribe(s.getChannel(), s);
            }
            case UNSUBSCRIBE -> new Requests.ChannelOnly(UnsubscribeRequest.parseFrom(params).getChannel());
            case PUBLISH -> {
                PublishRequest p = PublishRequest.parseFrom(params);
                yield new Requests.Publish(p.getChannel(), ProtobufCommandDecoder.bytes(p.getData()));
            }
            case PRESENCE -> new Requests.ChannelOnly(PresenceRequest.parseFrom(params).getChannel());
            case PRESENCE_STATS -> new Requests.ChannelOnly(PresenceStatsRequest.parseFrom(params).getChannel());
            case HISTORY -> ProtobufCommandDecoder.history(HistoryRequest.parseFrom(params));
            case PING -> Boolean.TRUE;
            case SEND -> new Requests.Send(ProtobufCommandDecoder.bytes(SendRequest.parseFrom(params).getData()));
            case RPC -> {
                RPCRequest r = RPCRequest.parseFrom(params);
                yield new Requests.Rpc(ProtobufCommandDecoder.bytes(r.getData()), r.getMethod());
            }
            case REFRESH -> new Requests.Refresh(RefreshRequest.parseFrom(params).getToken());
            case SUB_REFRESH -> {
                SubRefreshRequest r = SubRefreshRequest.parseFrom(params);
                yield new Requests.SubRefresh(r.getChannel(), r.getToken());
            }
        };
    }
}
