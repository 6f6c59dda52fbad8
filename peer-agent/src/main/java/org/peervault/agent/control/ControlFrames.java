package org.peervault.agent.control;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The control socket's wire format. The caller sends {@code "PVC1"}, the number of strings, then
 * each string (its UTF-8 length as an int, its bytes): the working directory, then the arguments.
 * The agent answers with frames, each a kind byte and an int: {@link #OUT} and {@link #ERR} carry
 * that many bytes of UTF-8 text for the caller's standard output or error; {@link #EXIT} ends the
 * answer, the int being the exit code.
 */
final class ControlFrames {
  static final int MAGIC = 0x50564331; // "PVC1"
  static final byte OUT = 1;
  static final byte ERR = 2;
  static final byte EXIT = 3;
  /** Text frames carry at most this many bytes; longer text goes in several. */
  static final int MAX_FRAME = 1 << 20;

  private ControlFrames() {}

  static void writeRequest(DataOutputStream out, ControlRequest request) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(request.args().size() + 1);
    writeString(out, request.cwd().toString());
    for (String arg : request.args()) {
      writeString(out, arg);
    }
    out.flush();
  }

  /** Reads a request; a malformed one is an {@link IOException} naming what is wrong. */
  static ControlRequest readRequest(DataInputStream in) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not a PeerVault control request");
    }
    int count = in.readInt();
    if (count < 2 || count > ControlRequest.MAX_ARGS + 1) {
      throw new IOException("a request holds a directory and 1 to " + ControlRequest.MAX_ARGS + " arguments, not "
          + (count - 1));
    }
    Path cwd = Path.of(readString(in));
    List<String> args = new ArrayList<>(count - 1);
    for (int i = 1; i < count; i++) {
      args.add(readString(in));
    }
    try {
      return new ControlRequest(cwd, args);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > ControlRequest.MAX_ARG_BYTES) {
      throw new IOException("an argument of " + length + " bytes (at most " + ControlRequest.MAX_ARG_BYTES + ")");
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  /**
   * Streams over a blocking socket channel that read and write without the channel's blocking lock
   * ({@code Channels.newInputStream} holds it while a read waits, which would stop the other
   * direction).
   */
  static InputStream input(SocketChannel channel) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
      }
    };
  }

  static OutputStream output(SocketChannel channel) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
    };
  }

  static int readInt(DataInputStream in) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new EOFException("the answer ended inside a frame");
    }
  }
}
