package io.switchboard.server.config;

/** Where the gRPC server API listens and how calls authenticate ({@code grpc_api.*}). */
public record GrpcApiConfig(String address, int port, String key, boolean insecure) {
}
