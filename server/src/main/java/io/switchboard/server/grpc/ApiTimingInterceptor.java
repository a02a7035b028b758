package io.switchboard.server.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.switchboard.core.Meters;
import io.switchboard.server.api.ApiMeters;

/** Times each gRPC API call from its start to its close, as {@code centrifugo_api_command_duration_seconds}. */
final class ApiTimingInterceptor implements ServerInterceptor {
    private final ApiMeters.Timers timers;

    ApiTimingInterceptor(Meters meters) {
        this.timers = new ApiMeters.Timers(meters, "grpc");
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                        ServerCallHandler<Q, R> next) {
        long started = System.nanoTime();
        String method = ApiMeters.snakeCase(call.getMethodDescriptor().getBareMethodName());
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                timers.of(method).record(System.nanoTime() - started);
                super.close(status, trailers);
            }
        }, headers);
    }
}
