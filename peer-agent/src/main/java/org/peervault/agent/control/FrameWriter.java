package org.peervault.agent.control;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Text for one of the caller's streams, sent as a frame of that kind at every flush. */
final class FrameWriter extends Writer {
  private final DataOutputStream socket;
  private final byte kind;
  private final StringBuilder pending = new StringBuilder();

  /** {@code socket} is shared by the writers of one answer; frames are written under its lock. */
  FrameWriter(DataOutputStream socket, byte kind) {
    super(socket);
    this.socket = socket;
    this.kind = kind;
  }

  @Override
  public void write(char[] chars, int off, int len) {
    synchronized (lock) {
      pending.append(chars, off, len);
    }
  }

  @Override
  public void flush() throws IOException {
    synchronized (lock) {
      if (pending.isEmpty()) {
        return;
      }
      byte[] bytes = pending.toString().getBytes(StandardCharsets.UTF_8);
      pending.setLength(0);
      for (int off = 0; off < bytes.length; off += ControlFrames.MAX_FRAME) {
        int length = Math.min(ControlFrames.MAX_FRAME, bytes.length - off);
        socket.writeByte(kind);
        socket.writeInt(length);
        socket.write(bytes, off, length);
      }
      socket.flush();
    }
  }

  @Override
  public void close() throws IOException {
    flush();
  }

  /** Ends the answer with the exit code, after the writers' pending text. */
  static void exit(DataOutputStream socket, int code) throws IOException {
    synchronized (socket) {
      socket.writeByte(ControlFrames.EXIT);
      socket.writeInt(code);
      socket.flush();
    }
  }
}
