package io.twinhub.telemetry.series;

import java.util.Arrays;

/**
 * The numbers of a chunk: one series block holding every number in time order, preceded by the
 * integral flags as run lengths. The runs alternate integral, non-integral, integral, … starting
 * with integral (a first run of 0 when the first number has a fraction). A series that is all
 * integers or all fractions costs one or two bytes of runs; keeping both in one block keeps their
 * relative order, ties included.
 */
final class NumberSection {
  final SeriesBlockDecoder block;
  private final byte[] blockBytes;
  private final int[] runs;

  private NumberSection(byte[] blockBytes, int[] runs) {
    this.blockBytes = blockBytes;
    this.block = new SeriesBlockDecoder(blockBytes);
    this.runs = runs;
  }

  /** Collects the integral flags of numbers as they are appended to the block. */
  static final class Runs {
    private final ByteWriter lengths = new ByteWriter(8);
    private int runCount;
    private boolean integral = true;
    private int current;

    void add(boolean integralNumber) {
      if (integralNumber != integral) {
        lengths.writeVarint(current);
        runCount++;
        integral = integralNumber;
        current = 0;
      }
      current++;
    }

    /** The run count then the run lengths. */
    ByteWriter finish() {
      ByteWriter out = new ByteWriter(lengths.size() + 10);
      out.writeVarint(runCount + 1);
      out.writeBytes(lengths.toByteArray());
      out.writeVarint(current);
      return out;
    }
  }

  static NumberSection read(byte[] chunk, int from, int to) {
    ByteReader in = new ByteReader(chunk, from, to, "telemetry chunk");
    int runCount = in.readCount(1);
    int[] runs = new int[runCount];
    long sum = 0;
    for (int i = 0; i < runCount; i++) {
      long run = in.readVarint();
      if (run < 0 || run > Integer.MAX_VALUE) {
        throw in.corrupt("integral run of " + run);
      }
      runs[i] = (int) run;
      sum += run;
    }
    NumberSection section =
        new NumberSection(Arrays.copyOfRange(chunk, in.position(), to), runs);
    if (sum != section.block.pointCount()) {
      throw in.corrupt("integral runs cover " + sum + " of " + section.block.pointCount());
    }
    return section;
  }

  void emit(ChunkCodec.PointSink sink) {
    int run = 0;
    int left = runs.length == 0 ? 0 : runs[0];
    while (block.next()) {
      while (left == 0) {
        left = runs[++run];
      }
      left--;
      double value = block.value();
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("telemetry chunk is corrupt: number " + value);
      }
      sink.number(block.timestamp(), value, (run & 1) == 0);
    }
    ChunkCodec.checkFullyRead(block, blockBytes);
  }
}
