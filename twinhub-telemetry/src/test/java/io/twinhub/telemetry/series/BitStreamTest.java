package io.twinhub.telemetry.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BitStreamTest {

  @Test
  void fieldsOfEveryWidthReadBackAcrossWordBoundaries() {
    Random random = new Random(5);
    int fields = 10_000;
    int[] widths = new int[fields];
    long[] values = new long[fields];
    BitWriter writer = new BitWriter(2);
    long totalBits = 0;
    for (int i = 0; i < fields; i++) {
      widths[i] = random.nextInt(1, 65);
      values[i] = widths[i] == 64 ? random.nextLong() : random.nextLong() & ((1L << widths[i]) - 1);
      writer.writeBits(values[i] | (widths[i] == 64 ? 0 : -1L << widths[i]), widths[i]);
      totalBits += widths[i];
    }
    assertThat(writer.bitLength()).isEqualTo(totalBits);
    byte[] bytes = writer.toByteArray(new byte[] {42});
    assertThat(bytes).hasSize(1 + (int) ((totalBits + 7) / 8));
    BitReader reader = new BitReader(bytes, 1);
    for (int i = 0; i < fields; i++) {
      assertThat(reader.readBits(widths[i])).as("field %d", i).isEqualTo(values[i]);
    }
  }

  @Test
  void continuingAStreamKeepsItsBitsAndAppendsAfterThem() {
    BitWriter writer = new BitWriter(2);
    writer.writeBits(0b1011, 4);
    writer.writeBits(-1L, 64);
    writer.writeBits(0b01, 3);
    byte[] bytes = writer.toByteArray(new byte[0]);
    BitWriter continued = BitWriter.continuing(bytes, 0, writer.bitLength());
    continued.writeBits(0b111, 3);
    writer.writeBits(0b111, 3);
    assertThat(continued.toByteArray(new byte[0])).isEqualTo(writer.toByteArray(new byte[0]));
  }

  @Test
  void signedFieldsAreSignExtended() {
    BitWriter writer = new BitWriter(2);
    writer.writeBits(-5, 7);
    writer.writeBits(63, 7);
    writer.writeBits(Long.MIN_VALUE, 64);
    BitReader reader = new BitReader(writer.toByteArray(new byte[0]), 0);
    assertThat(reader.readSigned(7)).isEqualTo(-5);
    assertThat(reader.readSigned(7)).isEqualTo(63);
    assertThat(reader.readSigned(64)).isEqualTo(Long.MIN_VALUE);
  }
}
