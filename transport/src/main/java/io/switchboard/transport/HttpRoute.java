package io.switchboard.transport;

/** Answers plain HTTP requests on one path (the request body is already aggregated). */
@FunctionalInterface
public interface HttpRoute {
    void handle(HttpExchange exchange) throws Exception;
}
