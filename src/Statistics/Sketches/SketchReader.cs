using System.Buffers.Binary;

namespace TSMetrics.Statistics.Sketches;

/// <summary>Reads what <see cref="SketchWriter"/> wrote; any truncation or overflow is a <see cref="FormatException"/>.</summary>
internal ref struct SketchReader(ReadOnlySpan<byte> bytes, string what)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _position;

    public readonly int Remaining => _bytes.Length - _position;

    public byte Byte() => _position < _bytes.Length ? _bytes[_position++] : throw Fail("it ends early");

    public double Double()
    {
        if (Remaining < 8) throw Fail("it ends early");
        var value = BinaryPrimitives.ReadDoubleLittleEndian(_bytes[_position..]);
        _position += 8;
        return value;
    }

    public ulong Varint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }

        throw Fail("a varint is too long");
    }

    public long Signed()
    {
        var raw = Varint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    /// <summary>A varint that must lie in [0, max].</summary>
    public long Bounded(long max, string field)
    {
        var value = Varint();
        return value <= (ulong)max ? (long)value : throw Fail($"{field} is {value}, above {max}");
    }

    public readonly void End()
    {
        if (Remaining != 0) throw Fail($"{Remaining} bytes follow its end");
    }

    public readonly FormatException Fail(string reason) => new($"Not a valid {what}: {reason}.");
}
