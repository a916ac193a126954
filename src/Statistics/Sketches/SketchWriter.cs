using System.Buffers.Binary;

namespace TSMetrics.Statistics.Sketches;

/// <summary>Little-endian writer of the sketches' byte formats: LEB128 varints, zigzag for signed, raw doubles.</summary>
internal ref struct SketchWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;
    private int _position;

    public readonly byte[] ToArray() => _buffer[.._position].ToArray();

    public void Byte(byte value) => _buffer[_position++] = value;

    public void Double(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer[_position..], value);
        _position += 8;
    }

    public void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer[_position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_position++] = (byte)value;
    }

    public void Signed(long value) => Varint((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Bytes a varint can take at most.</summary>
    public const int MaxVarint = 10;
}
