package io.switchboard.socketio; final class Placeholder {}
