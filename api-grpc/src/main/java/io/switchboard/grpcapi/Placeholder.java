package io.switchboard.grpcapi; final class Placeholder {}
