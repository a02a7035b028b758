package io.switchboard.bench; final class Placeholder {}
